import { describe, expect, it } from 'vitest';
import { addDays, daysLeft, isOverdue, overdueDays, previousQuarter, reportPeriod } from './dates';
import { chinaDate } from '../time';
import { chineseNumber, findStandard, HAZARD_STANDARDS, normalizeItem, resolveClause, standardsForSector } from './standards';
import { allowedSteps, checkStep, HAZARD_STATUSES, HAZARD_STEPS, nextActorHint, nextTransitions, partyOf, type HazardFacts } from './workflow';

const f = (status: HazardFacts['status'], extra: Partial<HazardFacts> = {}): HazardFacts => ({ status, grade: '一般', ...extra });

describe('workflow (16号令 closed loop)', () => {
  it('parties from roles; admin takes no step', () => {
    expect(partyOf(['office'])).toBe('government');
    expect(partyOf(['street'])).toBe('government');
    expect(partyOf(['department', 'inspector'])).toBe('government');
    expect(partyOf(['inspector'])).toBe('inspector');
    expect(partyOf(['enterprise'])).toBe('enterprise');
    expect(partyOf(['admin'])).toBeNull();
  });

  it('the main path: each state offers the next transition to the right party only', () => {
    expect(allowedSteps(f('reported'), 'government')).toEqual(expect.arrayContaining(['confirm', 'dismiss', 'fix_on_spot']));
    expect(allowedSteps(f('reported'), 'enterprise')).not.toContain('confirm');
    expect(allowedSteps(f('confirmed'), 'enterprise')).toContain('start_rectification');
    expect(allowedSteps(f('rectifying'), 'enterprise')).toContain('request_acceptance');
    expect(allowedSteps(f('pending_acceptance'), 'government')).toEqual(expect.arrayContaining(['accept', 'reject']));
    expect(allowedSteps(f('pending_acceptance'), 'enterprise')).not.toContain('accept');
    expect(allowedSteps(f('closed'), 'government')).toEqual([]);
    expect(allowedSteps(f('dismissed'), 'government')).toEqual([]);
    expect(allowedSteps(f('rectifying'), null)).toEqual([]);
  });

  it('every transition leads to a known state, and closed/dismissed are terminal', () => {
    for (const d of Object.values(HAZARD_STEPS)) {
      if (d.to) expect(HAZARD_STATUSES).toContain(d.to);
      for (const s of d.from) expect(HAZARD_STATUSES).toContain(s);
    }
    expect(nextTransitions(f('closed'))).toEqual([]);
    expect(nextTransitions(f('dismissed'))).toEqual([]);
  });

  it('conditions: 立查立改 only 一般; 重大 steps only 重大; one pending extension; resumption only after a stop and the work', () => {
    expect(allowedSteps(f('reported', { grade: '重大' }), 'enterprise')).not.toContain('fix_on_spot');
    expect(allowedSteps(f('confirmed'), 'government')).not.toContain('supervise');
    expect(allowedSteps(f('confirmed', { grade: '重大' }), 'government')).toEqual(expect.arrayContaining(['supervise', 'set_plan', 'order_stop']));
    expect(allowedSteps(f('confirmed', { grade: '重大', supervision: 'listed' }), 'government')).not.toContain('supervise');
    expect(allowedSteps(f('rectifying', { extensionPending: true }), 'enterprise')).not.toContain('request_extension');
    expect(allowedSteps(f('rectifying', { extensionPending: true }), 'government')).toContain('decide_extension');
    const stopped = { grade: '重大' as const, stopProduction: '局部停产', productionState: '停产治理' };
    expect(allowedSteps(f('rectifying', stopped), 'enterprise')).not.toContain('apply_resume');
    expect(allowedSteps(f('pending_acceptance', stopped), 'enterprise')).toContain('apply_resume');
    expect(allowedSteps(f('pending_acceptance', { ...stopped, productionState: '申请复产' }), 'government')).toContain('decide_resume');
  });

  it('refusals name the state and the possible steps (409) or the party (403)', () => {
    const r = checkStep('accept', f('rectifying'), 'government');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe('state');
      expect(r.message).toContain('“整改中”');
      expect(r.message).toContain('申请验收');
    }
    const p = checkStep('accept', f('pending_acceptance'), 'enterprise');
    expect(p).toMatchObject({ ok: false, reason: 'party' });
    const g = checkStep('fix_on_spot', f('reported', { grade: '重大' }), 'enterprise');
    expect(g.ok).toBe(false);
    if (!g.ok) expect(g.message).toContain('仅适用于一般隐患');
    expect(checkStep('accept', f('closed'), 'government')).toMatchObject({ ok: false, message: expect.stringContaining('已办结') });
    expect(checkStep('confirm', f('reported'), 'government')).toEqual({ ok: true });
  });
});

describe('dates', () => {
  it('Beijing calendar day', () => {
    expect(chinaDate(new Date('2026-03-31T15:59:59Z'))).toBe('2026-03-31');
    expect(chinaDate(new Date('2026-03-31T16:00:00Z'))).toBe('2026-04-01');
  });

  it('overdue from the day after the deadline, only while rectification is due', () => {
    expect(isOverdue('rectifying', '2026-03-31', '2026-03-31')).toBe(false);
    expect(isOverdue('rectifying', '2026-03-31', '2026-04-01')).toBe(true);
    expect(isOverdue('confirmed', '2026-03-31', '2026-04-05')).toBe(true);
    expect(isOverdue('pending_acceptance', '2026-03-31', '2026-04-05')).toBe(false);
    expect(isOverdue('closed', '2026-03-31', '2026-04-05')).toBe(false);
    expect(isOverdue('rectifying', null, '2026-04-05')).toBe(false);
    expect(overdueDays('rectifying', '2026-02-27', '2026-03-02')).toBe(3);
    expect(daysLeft('2026-03-02', '2026-02-27')).toBe(3);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('16号令 Art.14 periods: quarterly by the 15th of the next quarter, yearly by 31 January', () => {
    expect(reportPeriod(2026, 1)).toMatchObject({ from: '2026-01-01', to: '2026-03-31', due: '2026-04-15' });
    expect(reportPeriod(2024, 1)).toMatchObject({ to: '2024-03-31' });
    expect(reportPeriod(2026, 2)).toMatchObject({ from: '2026-04-01', to: '2026-06-30', due: '2026-07-15' });
    expect(reportPeriod(2026, 4)).toMatchObject({ from: '2026-10-01', to: '2026-12-31', due: '2027-01-15', label: '2026年第四季度' });
    expect(reportPeriod(2026)).toMatchObject({ from: '2026-01-01', to: '2026-12-31', due: '2027-01-31', label: '2026年度' });
    expect(previousQuarter('2026-02-10')).toEqual({ year: 2025, quarter: 4 });
    expect(previousQuarter('2026-11-28')).toEqual({ year: 2026, quarter: 3 });
  });
});

describe('重大事故隐患判定标准', () => {
  it('ships the five official standards item by item', () => {
    const count = (id: string) => HAZARD_STANDARDS.find((s) => s.id === id)!.items.length;
    expect(count('hazchem-2017')).toBe(20);
    expect(count('fireworks-2017')).toBe(20);
    expect(count('citygas-2023')).toBe(22);
    expect(count('construction-2024')).toBe(53);
    expect(count('gongmao-2023')).toBe(65);
    for (const s of HAZARD_STANDARDS) expect(new Set(s.items.map((i) => i.item)).size).toBe(s.items.length);
  });

  it('finds standards by id, number or name; ambiguous numbers are refused', () => {
    expect(findStandard('建城规〔2023〕4号')?.id).toBe('citygas-2023');
    expect(findStandard('工贸企业重大事故隐患判定标准')?.id).toBe('gongmao-2023');
    expect(findStandard('安监总管三〔2017〕121号')).toBeUndefined();
    expect(findStandard('')).toBeUndefined();
  });

  it('normalises item citations', () => {
    expect(normalizeItem('5')).toBe('5');
    expect(normalizeItem('11.3')).toBe('11.3');
    expect(normalizeItem('11-3')).toBe('11.3');
    expect(normalizeItem('第十一条第（三）项')).toBe('11.3');
    expect(normalizeItem('第11条第3项')).toBe('11.3');
    expect(normalizeItem('第八条')).toBe('8');
    expect(normalizeItem('（五）')).toBe('5');
    expect(normalizeItem('第二十项')).toBe('20');
    expect(normalizeItem('abc')).toBeUndefined();
    expect(chineseNumber(14)).toBe('十四');
    expect(chineseNumber(20)).toBe('二十');
  });

  it('validates clauses and names the wrong part', () => {
    expect(resolveClause({ standard: 'hazchem-2017', item: '5' })).toMatchObject({ ok: true, item: { item: '5' } });
    expect(resolveClause({ standard: 'gongmao-2023', item: '第十四条' })).toMatchObject({ ok: true, item: { item: '14', label: '第十四条' } });
    expect(resolveClause({ standard: 'gongmao-2023', item: '14.1' })).toMatchObject({ ok: false, field: 'item' });
    expect(resolveClause({ standard: 'nope', item: '1' })).toMatchObject({ ok: false, field: 'standard' });
    expect(resolveClause({ standard: 'fireworks-2017', item: '21' })).toMatchObject({ ok: false, field: 'item' });
  });

  it('offers the sector’s own standard first', () => {
    expect(standardsForSector('citygas')[0].id).toBe('citygas-2023');
    expect(standardsForSector('construction')[0].id).toBe('construction-2024');
    expect(standardsForSector('campus')).toHaveLength(HAZARD_STANDARDS.length);
  });
});

describe('who acts next', () => {
  it('tells the reporter and the viewer who takes the next step', () => {
    const names = { street: '将军路街道', department: '危险化学品行业主管部门' };
    expect(nextActorHint({ status: 'reported', grade: '一般' }, names)).toBe('下一步：由将军路街道或危险化学品行业主管部门确认定级（或不予确认）');
    expect(nextActorHint({ status: 'confirmed', grade: '重大' }, names)).toContain('治理方案');
    expect(nextActorHint({ status: 'pending_acceptance', grade: '一般' }, names)).toContain('验收');
    expect(nextActorHint({ status: 'closed', grade: '一般' }, names)).toBeNull();
  });
});
