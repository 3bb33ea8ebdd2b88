import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, chinaToday, countPeriodEnds, isoWeek, periodLabel, periodOf, periodsEndingBetween, previousPeriod, CYCLES } from './cycle';
import { formatMajorCell, parseMajorCell } from './major';

describe('self-inspection periods', () => {
  it('uses Beijing dates', () => {
    expect(chinaToday(new Date('2026-11-27T16:30:00Z'))).toBe('2026-11-28');
    expect(chinaToday(new Date('2026-11-27T15:59:59Z'))).toBe('2026-11-27');
  });

  it('daily, weekly (ISO, Monday–Sunday) and monthly periods', () => {
    expect(periodOf('daily', '2026-11-28')).toEqual({ cycle: 'daily', key: '2026-11-28', start: '2026-11-28', end: '2026-11-28' });
    expect(periodOf('weekly', '2026-11-28')).toEqual({ cycle: 'weekly', key: '2026-W48', start: '2026-11-23', end: '2026-11-29' });
    expect(periodOf('weekly', '2027-01-01').key).toBe('2026-W53');
    expect(isoWeek('2021-01-03')).toEqual({ year: 2020, week: 53 });
    expect(periodOf('monthly', '2024-02-10')).toEqual({ cycle: 'monthly', key: '2024-02', start: '2024-02-01', end: '2024-02-29' });
    expect(previousPeriod('monthly', '2026-01-15').key).toBe('2025-12');
    expect(periodLabel(periodOf('weekly', '2026-11-28'))).toBe('2026年第48周（11-23至11-29）');
    expect(periodLabel(periodOf('monthly', '2026-11-28'))).toBe('2026年11月');
  });

  it('counts period ends like enumerating them (the SQL uses the same arithmetic)', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2020-01-01', n));
    fc.assert(
      fc.property(fc.constantFrom(...CYCLES), day, fc.integer({ min: -5, max: 400 }), (cycle, from, len) => {
        const to = addDays(from, len);
        expect(countPeriodEnds(cycle, from, to)).toBe(periodsEndingBetween(cycle, from, to, 10_000).length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('是否重大隐患判定项 cell', () => {
  it('round-trips a clause through its office text', () => {
    for (const ref of [
      { standard: 'hazchem-2017', item: '12' },
      { standard: 'citygas-2023', item: '5.4' },
      { standard: 'citygas-2023', item: '8' },
      { standard: 'construction-2024', item: '16' },
      { standard: 'gongmao-2023', item: '13.2' },
    ]) {
      const text = formatMajorCell(ref);
      expect(text.startsWith('是：《')).toBe(true);
      expect(parseMajorCell(text)).toEqual({ ok: true, ref });
    }
    expect(formatMajorCell(null)).toBe('否');
    expect(formatMajorCell({ standard: 'citygas-2023', item: '5.4' })).toBe('是：《城镇燃气经营安全重大隐患判定标准》（建城规〔2023〕4号）第五条第4项');
  });

  it('accepts short forms and refuses unknown clauses with a reason', () => {
    expect(parseMajorCell('否')).toEqual({ ok: true, ref: null });
    expect(parseMajorCell('')).toEqual({ ok: true, ref: null });
    expect(parseMajorCell('是：citygas-2023 5.4')).toEqual({ ok: true, ref: { standard: 'citygas-2023', item: '5.4' } });
    expect(parseMajorCell('是（建质规〔2024〕5号 第八条第4项）')).toEqual({ ok: true, ref: { standard: 'construction-2024', item: '8.4' } });
    const bare = parseMajorCell('是');
    expect(bare.ok).toBe(false);
    const unknownItem = parseMajorCell('是：《城镇燃气经营安全重大隐患判定标准》第五条第9项');
    expect(unknownItem.ok).toBe(false);
    expect(parseMajorCell('也许').ok).toBe(false);
  });
});
