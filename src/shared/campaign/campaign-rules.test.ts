import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { campaignPeriods, dueDateOf, isLate, periodState, shiftPeriod, summaryKeyLabel, summaryKeys, summaryKindOf, summaryPeriods } from './periods';
import { chinaDate } from '../time';
import { completionRate, rankUnits, reviewRate, scoreUnit, timelinessRate, type UnitFacts } from './scoring';
import { effectiveDueDates, expandDuties, workItems, type TreeNode } from './duties';
import { isGenericUnitName, mapPlanToCampaign } from './plan';
import { formatTarget, itemLabel, nodeLabel } from './nodes';
import { parsePlanText } from '../plan/index';
import { referenceUnitDirectory, UNITS } from '../org/reference';

describe('periods', () => {
  it('lists the months of a campaign and their due dates (default the 25th, clamped to the month end)', () => {
    const p = campaignPeriods('2020-09-23', '2022-12-31');
    expect(p).toHaveLength(28);
    expect(p[0]).toBe('2020-09');
    expect(p.at(-1)).toBe('2022-12');
    expect(dueDateOf('2021-02')).toBe('2021-02-25');
    expect(dueDateOf('2021-02', 31)).toBe('2021-02-28');
    expect(dueDateOf('2024-02', 30)).toBe('2024-02-29');
    expect(shiftPeriod('2020-12', 1)).toBe('2021-01');
    expect(shiftPeriod('2021-01', -1)).toBe('2020-12');
  });

  it('judges lateness on the China date: 23:30 on the due day in Wuhan is on time', () => {
    expect(isLate(new Date('2021-03-25T15:30:00Z'), '2021-03-25')).toBe(false); // 23:30 CST
    expect(isLate(new Date('2021-03-25T16:30:00Z'), '2021-03-25')).toBe(true); // 00:30 on the 26th CST
    expect(chinaDate(new Date('2021-12-31T17:00:00Z'))).toBe('2022-01-01');
  });

  it('keeps a historical campaign open until closed, refuses future, outside, closed and archived periods', () => {
    const base = { startDate: '2020-09-23', endDate: '2022-12-31', today: '2026-11-28', closed: false, archived: false };
    expect(periodState({ ...base, period: '2021-05' })).toBe('open');
    expect(periodState({ ...base, period: '2020-08' })).toBe('outside');
    expect(periodState({ ...base, period: '2023-01' })).toBe('outside');
    expect(periodState({ ...base, period: '2021-05', closed: true })).toBe('closed');
    expect(periodState({ ...base, period: '2021-05', archived: true })).toBe('archived');
    expect(periodState({ ...base, endDate: '2027-12-31', period: '2026-12' })).toBe('future');
    expect(periodState({ ...base, endDate: '2027-12-31', period: '2026-11' })).toBe('open');
    expect(periodState({ ...base, period: '2021-13' })).toBe('outside');
  });

  it('covers quarters, halves, years and the final evaluation within the campaign range', () => {
    expect(summaryPeriods('2020-Q3', '2020-09-23', '2022-12-31')).toEqual(['2020-09']);
    expect(summaryPeriods('2021-H2', '2020-09-23', '2022-12-31')).toEqual(['2021-07', '2021-08', '2021-09', '2021-10', '2021-11', '2021-12']);
    expect(summaryPeriods('2021', '2020-09-23', '2022-12-31')).toHaveLength(12);
    expect(summaryPeriods('final', '2020-09-23', '2022-12-31')).toHaveLength(28);
    expect(summaryPeriods('2019-Q1', '2020-09-23', '2022-12-31')).toEqual([]);
    expect(summaryKindOf('2021-Q1')).toBe('quarter');
    expect(summaryKindOf('2021-H1')).toBe('half');
    expect(summaryKindOf('2021')).toBe('year');
    expect(summaryKindOf('final')).toBe('final');
    expect(summaryKindOf('2021-Q5')).toBeUndefined();
    expect(summaryKeyLabel('2021-Q2')).toBe('2021年第二季度');
    expect(summaryKeyLabel('2022-H1')).toBe('2022年上半年');
    expect(summaryKeys('2020-09-23', '2022-12-31')).toContain('2020-Q3');
    expect(summaryKeys('2020-09-23', '2022-12-31')).not.toContain('2020-Q1');
  });
});

describe('scoring', () => {
  const f = (over: Partial<UnitFacts>): UnitFacts => ({
    unitId: 'u',
    reportsDue: 10,
    onTime: 10,
    late: 0,
    items: 10,
    completed: 10,
    inProgress: 0,
    itemsDue: 10,
    itemsDueCompleted: 10,
    reviewed: 10,
    firstPass: 10,
    veto: null,
    ...over,
  });

  it('scores timeliness (late half credit), completion and review with the default weights 30/50/20', () => {
    expect(timelinessRate(f({ onTime: 6, late: 2 }), 0.5)).toBeCloseTo(0.7);
    expect(completionRate(f({ itemsDue: 4, itemsDueCompleted: 3 }))).toBeCloseTo(0.75);
    expect(completionRate(f({ itemsDue: 0, items: 4, completed: 1, inProgress: 2 }))).toBeCloseTo(0.5);
    expect(reviewRate(f({ reviewed: 4, firstPass: 3 }))).toBeCloseTo(0.75);
    expect(reviewRate(f({ reviewed: 0, reportsDue: 3 }))).toBe(0);
    expect(scoreUnit(f({})).score).toBe(100);
    const s = scoreUnit(f({ onTime: 5, late: 0 }));
    expect(s.score).toBe(85); // 30×0.5 + 50 + 20
    expect(s.grade).toBe('良好');
  });

  it('ranks by score, ties share a rank, a veto ranks last and grades 不合格', () => {
    const ranked = rankUnits([f({ unitId: 'a', onTime: 5 }), f({ unitId: 'b' }), f({ unitId: 'c', veto: { reason: '发生较大事故' } }), f({ unitId: 'd', onTime: 5 })]);
    expect(ranked.map((r) => [r.unitId, r.rank])).toEqual([
      ['b', 1],
      ['a', 2],
      ['d', 2],
      ['c', 4],
    ]);
    expect(ranked.at(-1)!.grade).toBe('不合格');
  });

  it('uses configured weights', () => {
    const s = scoreUnit(f({ onTime: 0, reviewed: 10, firstPass: 10 }), { weights: { timeliness: 0, completion: 1, review: 1 }, latePenalty: 0.5, gradeBands: [{ min: 0, grade: '合格' }] });
    expect(s.score).toBe(100);
  });
});

describe('duties', () => {
  const nodes: TreeNode[] = [
    { id: 's', parentId: null, kind: 'section' },
    { id: 't1', parentId: 's', kind: 'task' },
    { id: 'i1', parentId: 't1', kind: 'item' },
    { id: 'i2', parentId: 't1', kind: 'item' },
    { id: 't2', parentId: 's', kind: 'task' },
  ];

  it('work items are items and tasks without items', () => {
    expect(workItems(nodes).map((n) => n.id)).toEqual(['i1', 'i2', 't2']);
  });

  it('items fall back to the nearest ancestor naming units; 属地 applies to every item; strongest role wins', () => {
    const d = expandDuties(nodes, [
      { nodeId: 't1', role: 'lead', reportingUnitId: 'A' },
      { nodeId: 't1', role: 'co', reportingUnitId: 'B' },
      { nodeId: 't1', role: 'territorial', reportingUnitId: 'S1' },
      { nodeId: 't1', role: 'territorial', reportingUnitId: 'A' },
      { nodeId: 'i2', role: 'lead', reportingUnitId: 'C' },
      { nodeId: 't2', role: 'lead', reportingUnitId: null },
    ]);
    const of = (item: string) => d.filter((x) => x.itemId === item).map((x) => `${x.unitId}:${x.role}`).sort();
    expect(of('i1')).toEqual(['A:lead', 'B:co', 'S1:territorial']);
    expect(of('i2')).toEqual(['A:territorial', 'C:lead', 'S1:territorial']);
    expect(of('t2')).toEqual([]);
    expect(d.find((x) => x.itemId === 'i1')!.taskId).toBe('t1');
  });

  it('due dates: own milestone, else the nearest ancestor, else the campaign end; ongoing has none', () => {
    const due = effectiveDueDates(
      nodes,
      [
        { nodeId: 't1', dueDate: '2021-12-31', kind: 'by' },
        { nodeId: 'i2', dueDate: null, kind: 'ongoing' },
      ],
      '2022-12-31',
    );
    expect(due.get('i1')).toBe('2021-12-31');
    expect(due.get('i2')).toBeNull();
    expect(due.get('t2')).toBe('2022-12-31');
  });
});

describe('plan → campaign mapping (reference plan 东安〔2020〕7号)', () => {
  const text = readFileSync(new URL('../../../fixtures/plans/dongxihu-2020-7.txt', import.meta.url), 'utf8');
  const plan = parsePlanText(text, { units: referenceUnitDirectory() });
  const dir = referenceUnitDirectory();
  const byCode = new Map(UNITS.map((u) => [u.code, u]));
  const resolve = (name: string) => {
    const e = dir.resolve(name);
    if (!e) return undefined;
    const u = byCode.get(e.code)!;
    return { unitId: u.code, name: u.shortName, kind: u.kind, leadUnitId: u.leadUnitCode ?? null };
  };
  const streets = UNITS.filter((u) => u.kind === 'street' || u.kind === 'park').map((u) => ({ unitId: u.code, name: u.shortName }));
  const m = mapPlanToCampaign({ plan, resolve, territorialUnits: streets });

  it('keeps every node with its id, the campaign range, phases, milestones and indicators', () => {
    expect(m.startDate).toBe('2020-09-01');
    expect(m.endDate).toBe('2022-12-31');
    expect(m.nodes.filter((n) => n.kind === 'task')).toHaveLength(38);
    expect(m.nodes.find((n) => n.nodeId === '2.2.7')!.title).toBe('城市建设安全整治');
    expect(m.phases.map((p) => p.name)).toEqual(['动员部署', '排查整治', '集中攻坚', '巩固提升']);
    expect(m.indicators.length).toBeGreaterThanOrEqual(8);
    const i75 = m.indicators.find((i) => i.targetValue === 75)!;
    expect(i75).toMatchObject({ unit: '%', comparator: '>=', aggregate: 'avg' });
    expect(m.milestones.some((x) => x.kind === 'recurring')).toBe(true);
    expect(m.unresolvedUnits).toEqual([]);
  });

  it('2.2.7 城市建设: 区城建专委会 leads and 区住建局 reports; every street and park has 属地 duty', () => {
    const a = m.assignments.filter((x) => x.nodeId === '2.2.7');
    const lead = a.filter((x) => x.role === 'lead');
    expect(lead).toHaveLength(1);
    expect(lead[0]).toMatchObject({ name: '区城建专委会', unitId: 'sc.construction', reportingUnitId: 'dept.housing' });
    expect(a.filter((x) => x.role === 'territorial')).toHaveLength(19);
    expect(a.some((x) => x.role === 'co' && x.name === '有关单位' && x.generic && x.unitId === null)).toBe(true);
  });

  it('reports unresolved names and keeps them as text', () => {
    const edited = structuredClone(plan);
    const t = edited.tasks.find((n) => n.id === '2.2.7')!;
    t.coUnits = [...t.coUnits, '区火星局'];
    const r = mapPlanToCampaign({ plan: edited, resolve, territorialUnits: streets });
    expect(r.unresolvedUnits).toEqual(['区火星局']);
    expect(r.assignments.find((x) => x.name === '区火星局')).toMatchObject({ unitId: null, reportingUnitId: null, generic: false });
  });

  it('recognises collective names', () => {
    expect(isGenericUnitName('各街道办事处')).toBe(true);
    expect(isGenericUnitName('相关部门')).toBe(true);
    expect(isGenericUnitName('园区')).toBe(true);
    expect(isGenericUnitName('区住建局')).toBe(false);
  });
});

describe('node numbering for people', () => {
  it('shows restarted numbering runs as the plan prints them, never the internal letter', () => {
    expect(nodeLabel('2.2.24.b4')).toBe('2.2.24（4）');
    expect(nodeLabel('2.1.3')).toBe('2.1.3');
    expect(itemLabel('2.2.24.b4', '完善硬件设施配备')).toBe('2.2.24（4）“完善硬件设施配备”');
    expect(itemLabel('1.1', '一二三四五六七八九十', 5)).toBe('1.1“一二三四…”');
  });
});

describe('indicator targets for people', () => {
  it('a range reads as the plan wrote it ("1–2次"), never "介于1次"', () => {
    expect(formatTarget({ comparator: 'between', targetValue: 1, targetValueMax: 2, unit: '次' })).toBe('1–2次');
    expect(formatTarget({ comparator: '>=', targetValue: 95, targetValueMax: null, unit: '%' })).toBe('不低于95%');
    expect(formatTarget({ comparator: '>=', targetValue: null, targetValueMax: null, unit: '%' })).toBe('—');
  });
});
