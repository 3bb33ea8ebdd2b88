/**
 * The edit engine without a database: structural edits on the reference plan keep the tree
 * consistent (ids, parentIds, levels, pre-order, links of warnings and phases), also under long
 * random sequences of operations.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors';
import { referenceUnitDirectory } from '../../../shared/org/reference';
import { parsePlanText } from '../../../shared/plan/parse';
import type { PlanEditOp } from '../../../shared/contracts/plan';
import type { PlanNode } from '../../../shared/plan/types';
import { applyEdits, bodyStartOf, type EditInput } from './plan.edit';

const root = new URL('../../../../', import.meta.url);
const directory = referenceUnitDirectory();
const reference = parsePlanText(readFileSync(new URL('fixtures/plans/dongxihu-2020-7.txt', root), 'utf8'), { units: directory });

function input(): EditInput {
  const { sourceText, warnings, ...parsed } = reference;
  return { parsed, warnings, sourceText };
}

function consistent(r: { parsed: EditInput['parsed']; warnings: EditInput['warnings'] }, text: string): string[] {
  const problems: string[] = [];
  const byId = new Map<string, PlanNode>();
  const stack: PlanNode[] = [];
  for (const n of r.parsed.tasks) {
    if (byId.has(n.id)) problems.push(`duplicate ${n.id}`);
    byId.set(n.id, n);
    while (stack.length && stack[stack.length - 1].id !== n.parentId) stack.pop();
    if (n.parentId === null) {
      if (stack.length || n.level !== 1 || n.id.includes('.')) problems.push(`bad root ${n.id}`);
    } else {
      const p = byId.get(n.parentId);
      if (!p || !stack.length) problems.push(`${n.id}: parent ${n.parentId} missing or not before it`);
      else if (!n.id.startsWith(`${p.id}.`) || n.id.slice(p.id.length + 1).includes('.') || n.level !== p.level + 1) problems.push(`${n.id} under ${p.id}`);
    }
    if (stack.some((a) => a.kind === 'task' || a.kind === 'item') && n.kind !== 'item') problems.push(`${n.id} (${n.kind}) inside a task or item`);
    stack.push(n);
    for (const s of n.spans) if (s.start < 0 || s.end > text.length || s.end <= s.start) problems.push(`${n.id} span ${s.start}-${s.end}`);
    const lead = [...new Set(n.units.filter((u) => u.role === 'lead').map((u) => u.name))];
    const co = [...new Set(n.units.filter((u) => u.role === 'co').map((u) => u.name))].filter((x) => !lead.includes(x));
    if (JSON.stringify(lead) !== JSON.stringify(n.leadUnits) || JSON.stringify(co) !== JSON.stringify(n.coUnits)) problems.push(`${n.id} unit lists out of step`);
    if (n.recurrence !== (n.recurrences[0] ?? null) && JSON.stringify(n.recurrence) !== JSON.stringify(n.recurrences[0] ?? null)) problems.push(`${n.id} recurrence`);
  }
  for (const n of r.parsed.tasks) {
    const kids = r.parsed.tasks.filter((k) => k.parentId === n.id);
    for (let k = 1; k < kids.length; k++) if (kids[k].start === kids[k - 1].start && kids[k].end === kids[k - 1].end) problems.push(`${n.id}: twin children`);
  }
  for (const w of r.warnings) if (w.nodeId !== undefined && !byId.has(w.nodeId)) problems.push(`warning points at missing ${w.nodeId}`);
  for (const p of r.parsed.phases) if (p.nodeId !== null && !byId.has(p.nodeId)) problems.push(`phase points at missing ${p.nodeId}`);
  return problems;
}

const node = (r: { parsed: EditInput['parsed'] }, id: string) => r.parsed.tasks.find((n) => n.id === id)!;

describe('structural edits', () => {
  it('leaves an unedited tree exactly as parsed when an op changes nothing structural', () => {
    const r = applyEdits(input(), [{ op: 'editNode', nodeId: '2.2.7', title: '城市建设安全整治' }]);
    expect(r.parsed.tasks).toEqual(reference.tasks);
  });

  it('splitting keeps a restarted run letter and renumbers only that run', () => {
    const i = input();
    const b1 = i.parsed.tasks.find((n) => n.id === '2.2.24.b1')!;
    expect(b1.series).toBeTruthy();
    const text = i.sourceText;
    const at = text.indexOf('。', bodyStartOf(text, b1)) + 1;
    expect(at).toBeGreaterThan(b1.start);
    expect(at).toBeLessThan(b1.end);
    const before = i.parsed.tasks.filter((n) => n.parentId === '2.2.24').map((n) => n.id);
    const r = applyEdits(i, [{ op: 'split', nodeId: '2.2.24.b1', at }]);
    const after = r.parsed.tasks.filter((n) => n.parentId === '2.2.24').map((n) => n.id);
    expect(after.filter((x) => !x.includes('.b') && !/\.b\d/.test(x))).toEqual(before.filter((x) => !/\.b\d/.test(x)));
    const run = after.filter((x) => /\.b\d+$/.test(x));
    expect(run).toEqual(run.map((_, k) => `2.2.24.b${k + 1}`));
    expect(run.length).toBe(before.filter((x) => /\.b\d/.test(x)).length + 1);
    expect(node(r, '2.2.24.b2').series).toBe(b1.series);
    expect(consistent(r, text)).toEqual([]);
  });

  it('splitting a task hands the items after the cut to the new task', () => {
    const i = input();
    const task = node({ parsed: i.parsed }, '2.1.2');
    const items = i.parsed.tasks.filter((n) => n.parentId === '2.1.2');
    const at = items[3].start;
    const r = applyEdits(i, [{ op: 'split', nodeId: '2.1.2', at }]);
    expect(r.parsed.tasks.filter((n) => n.parentId === '2.1.2')).toHaveLength(3);
    const second = node(r, '2.1.3');
    expect(second.kind).toBe('task');
    expect(second.marker).toBe('');
    expect(second.start).toBe(items[3].start);
    expect(r.parsed.tasks.filter((n) => n.parentId === '2.1.3').map((n) => n.start)).toEqual(items.slice(3).map((n) => n.start));
    // the closing clause (after the last item) went with the second half
    expect(second.leadUnits).toEqual(task.leadUnits);
    expect(node(r, '2.1.2').leadUnits).toEqual([]);
    // the former 2.1.3 and 2.1.4 moved up one
    expect(node(r, '2.1.4').title).toBe(node({ parsed: i.parsed }, '2.1.3').title);
    expect(node(r, '2.1.5').title).toBe(node({ parsed: i.parsed }, '2.1.4').title);
    expect(consistent(r, i.sourceText)).toEqual([]);
  });

  it('refuses a cut inside a child, and a cut that leaves one side empty', () => {
    const i = input();
    const items = i.parsed.tasks.filter((n) => n.parentId === '2.1.2');
    expect(() => applyEdits(i, [{ op: 'split', nodeId: '2.1.2', at: items[1].start + 5 }])).toThrow(AppError);
    expect(() => applyEdits(i, [{ op: 'split', nodeId: '2.1.2.1', at: items[0].end }])).toThrow(/正文之内/);
  });

  it('merging after a move keeps both texts (they are not adjacent in the source)', () => {
    const i = input();
    const a = node({ parsed: i.parsed }, '2.1.1.1');
    const z = node({ parsed: i.parsed }, '2.1.2.6');
    const r = applyEdits(i, [
      { op: 'move', nodeId: '2.1.2.6', parentId: '2.1.1', position: 1 },
      { op: 'merge', nodeId: '2.1.1.1' },
    ]);
    const m = node(r, '2.1.1.1');
    expect(m.text).toContain(a.text);
    expect(m.text).toContain(z.text);
    expect(m.start).toBe(a.start);
    expect(consistent(r, i.sourceText)).toEqual([]);
  });

  it('points warnings at renamed nodes and drops the link of deleted ones', () => {
    const i = input();
    const w = i.warnings.find((x) => x.nodeId === '2.2.9');
    expect(w).toBeTruthy();
    const r = applyEdits(i, [{ op: 'delete', nodeId: '2.2.8' }]);
    expect(r.warnings.find((x) => x.message === w!.message)!.nodeId).toBe('2.2.8');
    const r2 = applyEdits(i, [{ op: 'delete', nodeId: '2.2.9' }]);
    expect(r2.warnings.find((x) => x.message === w!.message)!.nodeId).toBeUndefined();
    const phase = i.parsed.phases.find((p) => p.nodeId !== null)!;
    const r3 = applyEdits(i, [{ op: 'move', nodeId: phase.nodeId!, parentId: null, position: 0 }]);
    expect(r3.parsed.phases.find((p) => p.name === phase.name)!.nodeId).toBe('1');
    expect(consistent(r3, i.sourceText)).toEqual([]);
  });

  it('moving the campaign end moves the 三年内 deadlines', () => {
    const i = input();
    const withCampaignEnd = i.parsed.tasks.filter((n) => n.deadlines.some((d) => d.kind === 'campaign_end'));
    const r = applyEdits(i, [{ op: 'editPlan', campaignEnd: '2023-06-30' }]);
    expect(r.parsed.campaign.end).toBe('2023-06-30');
    for (const n of withCampaignEnd) for (const d of node(r, n.id).deadlines.filter((x) => x.kind === 'campaign_end')) expect(d.date).toBe('2023-06-30');
  });

  it('stays consistent under long random sequences of edits', () => {
    let seed = 20200923;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T,>(a: T[]) => a[Math.floor(rnd() * a.length)];
    for (let run = 0; run < 8; run++) {
      let state = input();
      let applied = 0;
      for (let step = 0; step < 60; step++) {
        const nodes = state.parsed.tasks;
        if (nodes.length < 3) break;
        const n = pick(nodes);
        const kinds = ['split', 'merge', 'move', 'delete', 'setUnits', 'editNode'] as const;
        const kind = pick([...kinds]);
        let op: PlanEditOp;
        if (kind === 'split') op = { op: 'split', nodeId: n.id, at: n.start + Math.floor(rnd() * Math.max(1, n.end - n.start)) };
        else if (kind === 'merge') op = { op: 'merge', nodeId: n.id };
        else if (kind === 'move') {
          const p = rnd() < 0.1 ? null : pick(nodes);
          op = { op: 'move', nodeId: n.id, parentId: p?.id ?? null, position: Math.floor(rnd() * 5) };
        } else if (kind === 'delete') op = rnd() < 0.3 ? { op: 'delete', nodeId: n.id } : { op: 'merge', nodeId: n.id };
        else if (kind === 'setUnits') op = { op: 'setUnits', nodeId: n.id, leadUnits: [pick(['区应急局', '区住建局', '某某指挥部'])], coUnits: n.coUnits.slice(1) };
        else op = { op: 'editNode', nodeId: n.id, kind: pick(['section', 'group', 'task', 'item'] as const) };
        try {
          const r = applyEdits(state, [op], { resolver: directory });
          state = { parsed: r.parsed, warnings: r.warnings, sourceText: state.sourceText };
          applied++;
        } catch (e) {
          expect(e, JSON.stringify(op)).toBeInstanceOf(AppError);
          expect((e as AppError).status).toBe(400);
          continue;
        }
        const problems = consistent(state, state.sourceText);
        expect(problems, `${JSON.stringify(op)} (run ${run}, step ${step})`).toEqual([]);
      }
      expect(applied).toBeGreaterThan(20);
    }
  });
});
