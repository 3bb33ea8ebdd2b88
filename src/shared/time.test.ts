import { describe, expect, it } from 'vitest';
import { addDays, addMonths, chinaDate, daysBetween, formatDate, formatDateChinese, formatDateTime } from './time';
import { ellipsis, withUnit } from './text';

describe('China time', () => {
  it('formats instants in China time, zero-padded, whatever the time zone of the machine', () => {
    // 13:00 UTC on 4 Dec is 21:00 in Beijing: "2026-12-04 21:00", not "2026/12/4 21:00:".
    expect(formatDateTime('2026-12-04T13:00:00Z')).toBe('2026-12-04 21:00');
    expect(formatDateTime('2026-12-04T16:05:09Z', { seconds: true })).toBe('2026-12-05 00:05:09');
    expect(formatDateTime(new Date('2026-01-02T01:02:03+08:00'))).toBe('2026-01-02 01:02');
    expect(formatDate('2026-12-04T16:30:00Z')).toBe('2026-12-05');
    expect(formatDate('2026-03-09')).toBe('2026-03-09');
    expect(formatDateChinese('2026-03-09')).toBe('2026年3月9日');
  });
  it('shows — for nothing and for invalid values, never "Invalid Date" or NaN', () => {
    for (const v of [null, undefined, '', 'nonsense', '2026-02-30T25:00:00Z']) {
      expect(formatDateTime(v)).toBe('—');
      expect(formatDate(v)).toBe('—');
    }
  });
  it('does calendar arithmetic on dates', () => {
    expect(chinaDate(new Date('2026-03-31T16:00:00Z'))).toBe('2026-04-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 14)).toBe('2028-01-15');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
  });
});

describe('text', () => {
  it('cuts long text with an ellipsis, by characters', () => {
    expect(ellipsis('东西湖区安全生产专项整治三年行动', 6)).toBe('东西湖区安…');
    expect(ellipsis('短', 6)).toBe('短');
  });
  it('names a person with the unit once', () => {
    expect(withUnit('区安委办', '区安委办 王建华')).toBe('区安委办 王建华');
    expect(withUnit('区住建局', '李文斌')).toBe('区住建局 李文斌');
    expect(withUnit(null, '李文斌')).toBe('李文斌');
  });
});
