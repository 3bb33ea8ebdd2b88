/**
 * The reference plan (东安〔2020〕7号) against the hand-built gold file. Every difference is
 * collected and reported at once, so a regression shows exactly which task/item moved.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { referenceUnitDirectory } from '../org/reference.js';
import { parsePlanText } from './parse.js';
import type { ParsedPlan, PlanNode } from './types.js';

const root = new URL('../../../', import.meta.url);
const source = readFileSync(new URL('fixtures/plans/dongxihu-2020-7.txt', root), 'utf8');
const gold = JSON.parse(readFileSync(new URL('fixtures/plans/dongxihu-2020-7.gold.json', root), 'utf8'));

interface GoldDeadline {
  date: string | null;
  kind: string;
  text: string;
}
interface GoldTarget {
  value: number;
  valueMax?: number;
  unit: string;
  comparator: string;
  subject: string;
}
interface GoldFindings {
  lead?: string[];
  co?: string[];
  deadlines?: GoldDeadline[];
  targets?: GoldTarget[];
  recurrences?: Array<{ every: string; times: number | null }>;
}
interface GoldTask extends GoldFindings {
  id: string;
  title: string;
  lead: string[];
  co: string[];
  leadDepartments?: Record<string, string[]>;
  items: string[];
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x)) && new Set(a).size === new Set(b).size;
}

function compareFindings(where: string, node: PlanNode, g: GoldFindings, diffs: string[], withUnits: boolean): void {
  if (withUnits) {
    if (!sameSet(node.leadUnits, g.lead ?? [])) diffs.push(`${where}: lead ${JSON.stringify(node.leadUnits)} ≠ gold ${JSON.stringify(g.lead ?? [])}`);
    if (!sameSet(node.coUnits, g.co ?? [])) {
      const extra = node.coUnits.filter((x) => !(g.co ?? []).includes(x));
      const missing = (g.co ?? []).filter((x) => !node.coUnits.includes(x));
      diffs.push(`${where}: co extra ${JSON.stringify(extra)} missing ${JSON.stringify(missing)}`);
    }
  }
  const dl = node.deadlines.map((d) => `${d.date}|${d.kind}|${d.text}`);
  const gdl = (g.deadlines ?? []).map((d) => `${d.date}|${d.kind}|${d.text}`);
  if (JSON.stringify(dl) !== JSON.stringify(gdl)) diffs.push(`${where}: deadlines ${JSON.stringify(dl)} ≠ gold ${JSON.stringify(gdl)}`);

  const gt = g.targets ?? [];
  if (node.targets.length !== gt.length) {
    diffs.push(`${where}: targets ${JSON.stringify(node.targets.map((t) => t.text))} ≠ gold ${JSON.stringify(gt)}`);
  } else {
    node.targets.forEach((t, i) => {
      const e = gt[i];
      const ok =
        t.value === e.value &&
        (t.valueMax ?? null) === (e.valueMax ?? null) &&
        t.unit === e.unit &&
        t.comparator === e.comparator &&
        // subjects are best effort: the parser's phrase must contain the gold core noun phrase
        !!t.subject &&
        t.subject.includes(e.subject);
      if (!ok) diffs.push(`${where}: target ${JSON.stringify(t)} ≠ gold ${JSON.stringify(e)}`);
    });
  }
  const rc = node.recurrences.map((r) => `${r.every}|${r.times}`);
  const grc = (g.recurrences ?? []).map((r) => `${r.every}|${r.times}`);
  if (JSON.stringify(rc) !== JSON.stringify(grc)) diffs.push(`${where}: recurrences ${JSON.stringify(rc)} ≠ gold ${JSON.stringify(grc)}`);
}

function goldDiff(plan: ParsedPlan): string[] {
  const diffs: string[] = [];
  const byId = new Map(plan.tasks.map((n) => [n.id, n]));
  const children = (id: string) => plan.tasks.filter((n) => n.parentId === id);

  for (const [k, v] of Object.entries(gold.document)) {
    const got = (plan.document as unknown as Record<string, unknown>)[k];
    if (got !== v) diffs.push(`document.${k}: ${JSON.stringify(got)} ≠ gold ${JSON.stringify(v)}`);
  }
  const phases = plan.phases.map((p) => `${p.name}|${p.start}|${p.end}`);
  const gphases = gold.phases.map((p: { name: string; start: string; end: string }) => `${p.name}|${p.start}|${p.end}`);
  if (JSON.stringify(phases) !== JSON.stringify(gphases)) diffs.push(`phases ${JSON.stringify(phases)} ≠ gold ${JSON.stringify(gphases)}`);

  for (const s of gold.sections) {
    const n = byId.get(s.id);
    if (!n || n.kind !== 'section' || n.title !== s.title) diffs.push(`section ${s.id}: ${n ? `${n.kind} ${n.title}` : 'missing'}`);
  }
  for (const g of gold.groups) {
    const n = byId.get(g.id);
    if (!n || n.kind !== 'group' || n.title !== g.title) {
      diffs.push(`group ${g.id}: ${n ? `${n.kind} ${n.title}` : 'missing'}`);
      continue;
    }
    const tasks = children(g.id).filter((c) => c.kind === 'task').length;
    if (tasks !== g.tasks) diffs.push(`group ${g.id}: ${tasks} tasks ≠ gold ${g.tasks}`);
  }

  const goldTaskIds = new Set<string>();
  for (const g of gold.tasks as GoldTask[]) {
    goldTaskIds.add(g.id);
    const n = byId.get(g.id);
    if (!n || n.kind !== 'task') {
      diffs.push(`task ${g.id}: ${n ? n.kind : 'missing'}`);
      continue;
    }
    if (n.title !== g.title) diffs.push(`task ${g.id}: title ${n.title} ≠ gold ${g.title}`);
    if (!n.territorialDuty) diffs.push(`task ${g.id}: territorialDuty missing`);
    compareFindings(`task ${g.id}`, n, g, diffs, true);
    for (const [unit, depts] of Object.entries(g.leadDepartments ?? {})) {
      const m = n.units.find((u) => u.role === 'lead' && u.name === unit);
      if (!m || !sameSet(m.departments, depts)) diffs.push(`task ${g.id}: departments of ${unit} ${JSON.stringify(m?.departments)} ≠ gold ${JSON.stringify(depts)}`);
    }
    const items = children(g.id);
    const incipits = items.map((c) => c.text.slice(0, 4));
    if (JSON.stringify(incipits) !== JSON.stringify(g.items)) diffs.push(`task ${g.id}: items ${JSON.stringify(incipits)} ≠ gold ${JSON.stringify(g.items)}`);
    if (items.some((c) => c.kind !== 'item')) diffs.push(`task ${g.id}: a child is not an item`);
  }

  // Every other node: its findings are exactly those the gold lists for it (none when absent).
  for (const n of plan.tasks) {
    if (n.kind === 'task') {
      if (!goldTaskIds.has(n.id)) diffs.push(`task ${n.id} (${n.title}) not in gold`);
      continue;
    }
    compareFindings(`${n.kind} ${n.id}`, n, gold.nodeFindings[n.id] ?? {}, diffs, true);
    if (n.unresolvedUnits.length) diffs.push(`${n.id}: unresolved ${n.unresolvedUnits.join('、')}`);
  }
  for (const n of plan.tasks) if (n.unresolvedUnits.length && n.kind === 'task') diffs.push(`${n.id}: unresolved ${n.unresolvedUnits.join('、')}`);
  return diffs;
}

describe('reference plan 东安〔2020〕7号 against the hand-built gold file', () => {
  const plan = parsePlanText(source, { units: referenceUnitDirectory() });

  it('has 38 tasks in 4 groups, 196 numbered items and 202 rows of the 任务分解表', () => {
    const tasks = plan.tasks.filter((n) => n.kind === 'task');
    const items = plan.tasks.filter((n) => n.kind === 'item');
    const groupsWithTasks = plan.tasks.filter((n) => n.kind === 'group' && tasks.some((t) => t.parentId === n.id));
    const itemless = tasks.filter((t) => !items.some((i) => i.parentId === t.id));
    expect(tasks).toHaveLength(gold.counts.tasks);
    expect(groupsWithTasks).toHaveLength(gold.counts.groupsWithTasks);
    expect(items).toHaveLength(gold.counts.items);
    expect(itemless).toHaveLength(gold.counts.tasksWithoutItems);
    expect(items.length + itemless.length).toBe(gold.counts.rows);
    expect(plan.tasks.filter((n) => n.kind === 'section')).toHaveLength(gold.counts.sections);
  });

  it('matches the gold file node by node (units, deadlines, targets, recurrences)', () => {
    expect(goldDiff(plan)).toEqual([]);
  });

  it('reports campaign period and review warnings', () => {
    expect(plan.campaign).toEqual({ start: '2020-09-01', end: '2022-12-31' });
    const codes = plan.warnings.map((w) => w.code);
    expect(codes).toContain('MULTIPLE_CLAUSES'); // task 2.2.9 has two clauses
    expect(codes).toContain('NUMBERING_RESTART'); // task 2.2.24's second series
    expect(codes).not.toContain('INTERNAL');
    expect(codes).not.toContain('UNRESOLVED_UNITS');
  });

  it('gives spans that point at the words which produced each finding', () => {
    for (const n of plan.tasks) {
      for (const u of n.units) {
        if (u.start === null || u.end === null) continue;
        expect(plan.sourceText.slice(u.start, u.end)).toBe(u.written);
      }
      for (const d of n.deadlines) expect(plan.sourceText.slice(d.start, d.end)).toBe(d.text);
      for (const t of n.targets) expect(plan.sourceText.slice(t.start, t.end)).toBe(t.text);
      for (const r of n.recurrences) expect(plan.sourceText.slice(r.start, r.end)).toBe(r.text);
      for (const s of n.spans) {
        expect(s.start).toBeGreaterThanOrEqual(n.start);
        expect(s.end).toBeLessThanOrEqual(n.end);
      }
    }
  });

  it('records the committee and its department, and the 属地 qualifier', () => {
    const fire = plan.tasks.find((n) => n.id === '2.2.4')!;
    const lead = fire.units.find((u) => u.role === 'lead')!;
    expect(lead).toMatchObject({ name: '区消防专委会', code: 'sc.fire', departments: ['区消防救援大队'], generic: false });
    const streets = plan.tasks.find((n) => n.id === '2.1.1')!.units.find((u) => u.territorial)!;
    expect(streets).toMatchObject({ name: '各街道办事处', generic: true, departments: ['常青花园社管办'] });
    // inherited on a later task without a span
    const later = plan.tasks.find((n) => n.id === '2.4.4')!.units.find((u) => u.territorial)!;
    expect(later.start).toBeNull();
  });
});

/** The plan as pdftotext gives it: lines of `width` characters, a page number every 40 lines. */
function pdfExtracted(text: string, width: number): string {
  const out: string[] = [];
  let lines = 0;
  let page = 1;
  const pageMark = ['- %d -', '—%d—', '第 %d 页'][width % 3];
  for (const paragraph of text.split('\n')) {
    const p = paragraph.trim();
    for (let i = 0; i < p.length; i += width) {
      out.push(p.slice(i, i + width));
      if (++lines % 40 === 0) out.push('', pageMark.replace('%d', String(page++)), '');
    }
  }
  return out.join(width % 2 ? '\n' : '\r\n');
}

describe('reference plan hard-wrapped as a PDF extraction', () => {
  for (const width of [16, 20, 24, 28, 33, 38, 45, 52, 60, 72, 80]) {
    it(`matches the gold file at ${width} characters per line`, () => {
      const plan = parsePlanText(pdfExtracted(source, width), { units: referenceUnitDirectory() });
      expect(goldDiff(plan)).toEqual([]);
    });
  }
});

describe('reference plan without a unit directory (a plan from another region)', () => {
  const plan = parsePlanText(source);
  const node = (id: string) => plan.tasks.find((n) => n.id === id)!;

  it('keeps every unit as written and lists the non-generic ones as unresolved', () => {
    const t = node('2.1.3');
    expect(t.coUnits).toContain('区卫健局');
    expect(t.coUnits).toContain('区交警大队');
    expect(t.unresolvedUnits).toContain('区卫健局');
    expect(t.unresolvedUnits).not.toContain('有关单位');
    expect(t.unresolvedUnits).not.toContain('各街道办事处');
    expect(node('2.2.1').leadUnits).toEqual(['区石化工业专委会']);
    expect(node('2.2.5').leadUnits).toEqual(['区综合交通（物流）安全生产专业委员会']);
    expect(node('2.4.2').coUnits).toContain('区公安局分局');
    expect(node('2.4.1.2').leadUnits).toEqual(['公安交管部门']);
  });

  it('has the same tree and the same number of unit mentions as with the directory', () => {
    const withDir = parsePlanText(source, { units: referenceUnitDirectory() });
    expect(plan.tasks.map((n) => `${n.id}:${n.kind}`)).toEqual(withDir.tasks.map((n) => `${n.id}:${n.kind}`));
    const mentions = (p: ParsedPlan) => p.tasks.reduce((s, n) => s + n.units.length, 0);
    expect(mentions(plan)).toBe(mentions(withDir));
    expect(plan.warnings.map((w) => w.code)).not.toContain('UNRESOLVED_UNITS'); // no directory, nothing to report
  });
});
