/**
 * Edit operations on a parsed plan tree (the clerk's corrections before import). Pure: takes the
 * stored tree, returns the corrected one, and says what to audit; the service locks, checks the
 * version and writes.
 *
 * Invariants kept after every operation (the import relies on them):
 * - `tasks` lists every node in tree pre-order (document order until nodes are moved);
 * - ids are ordinal paths: a parent whose children changed (split, merge, move, delete) has them
 *   renumbered 1…n (a restarted run keeps its letter, "b1", "b2"), and every descendant's id and
 *   `parentId` follow; untouched parts keep the parser's ids;
 * - `level` is the depth; `leadUnits`/`coUnits`/`unresolvedUnits` are derived from `units`;
 *   `spans` are the source ranges of the node's units, deadlines, targets and recurrences;
 * - warnings and phases that point at a renamed node follow it; at a deleted node they lose the link.
 * Offsets always refer to the unchanged source text. A value typed by hand has an empty range
 * (start = end): nothing in the text produced it, so nothing is highlighted.
 */
import { invalidField } from '../../platform/errors';
import type { PlanEditOp, DeadlineInput, TargetInput } from '../../../shared/contracts/plan';
import { NODE_KIND_LABELS } from '../../../shared/contracts/plan';
import { isGenericUnitName } from '../../../shared/plan/units';
import type { Deadline, PlanNode, PlanWarning, Span, Target, UnitMention, UnitResolver } from '../../../shared/plan/types';
import type { StoredPlan } from './plan.schema';

export interface EditInput {
  parsed: StoredPlan;
  warnings: PlanWarning[];
  sourceText: string;
}

export interface EditAudit {
  action: string;
  before: unknown;
  after: unknown;
}

export interface EditResult {
  parsed: StoredPlan;
  warnings: PlanWarning[];
  audits: EditAudit[];
}

/** Audit action per operation (ACTION_LABELS in the web has their Chinese names). */
export const OP_ACTIONS: Record<PlanEditOp['op'], string> = {
  setUnits: 'plan.set_units',
  setDeadlines: 'plan.set_deadlines',
  addDeadline: 'plan.add_deadline',
  updateDeadline: 'plan.update_deadline',
  removeDeadline: 'plan.remove_deadline',
  setTargets: 'plan.set_targets',
  addTarget: 'plan.add_target',
  updateTarget: 'plan.update_target',
  removeTarget: 'plan.remove_target',
  editNode: 'plan.edit_node',
  split: 'plan.split',
  merge: 'plan.merge',
  move: 'plan.move',
  delete: 'plan.delete_node',
  editPlan: 'plan.edit_document',
};

/** Apply the ops in order to a copy of the plan; the first invalid op throws a 400 naming its field. */
export function applyEdits(input: EditInput, ops: PlanEditOp[], opts: { resolver?: UnitResolver } = {}): EditResult {
  const parsed = structuredClone(input.parsed);
  const warnings = structuredClone(input.warnings);
  const tree = new Tree(parsed.tasks);
  const audits: EditAudit[] = [];
  ops.forEach((op, i) => {
    const ctx: OpContext = { path: `ops.${i}`, source: input.sourceText, tree, parsed, warnings, resolver: opts.resolver };
    const audit = applyOne(ctx, op);
    audits.push({ action: OP_ACTIONS[op.op], ...audit });
  });
  parsed.tasks = tree.toArray();
  return { parsed, warnings, audits };
}

interface OpContext {
  path: string;
  source: string;
  tree: Tree;
  parsed: StoredPlan;
  warnings: PlanWarning[];
  resolver?: UnitResolver;
}

function applyOne(c: OpContext, op: PlanEditOp): { before: unknown; after: unknown } {
  if (op.op === 'editPlan') return editPlan(c, op);
  const node = c.tree.get(op.nodeId, `${c.path}.nodeId`);
  const before = snapshot(node);
  switch (op.op) {
    case 'setUnits': {
      setUnits(c, node, op.leadUnits, op.coUnits);
      return { before, after: snapshot(node) };
    }
    case 'setDeadlines':
      node.deadlines = op.deadlines.map((d, j) => toDeadline(c, node, d, `${c.path}.deadlines.${j}`));
      return findingsChanged(node, before);
    case 'addDeadline':
      node.deadlines.push(toDeadline(c, node, op.deadline, `${c.path}.deadline`));
      return findingsChanged(node, before);
    case 'updateDeadline': {
      const old = at(node.deadlines, op.index, `${c.path}.index`, '完成时限');
      node.deadlines[op.index] = toDeadline(c, node, op.deadline, `${c.path}.deadline`, old);
      return findingsChanged(node, before);
    }
    case 'removeDeadline':
      at(node.deadlines, op.index, `${c.path}.index`, '完成时限');
      node.deadlines.splice(op.index, 1);
      return findingsChanged(node, before);
    case 'setTargets':
      node.targets = op.targets.map((t, j) => toTarget(c, node, t, `${c.path}.targets.${j}`));
      return findingsChanged(node, before);
    case 'addTarget':
      node.targets.push(toTarget(c, node, op.target, `${c.path}.target`));
      return findingsChanged(node, before);
    case 'updateTarget': {
      const old = at(node.targets, op.index, `${c.path}.index`, '目标指标');
      node.targets[op.index] = toTarget(c, node, op.target, `${c.path}.target`, old);
      return findingsChanged(node, before);
    }
    case 'removeTarget':
      at(node.targets, op.index, `${c.path}.index`, '目标指标');
      node.targets.splice(op.index, 1);
      return findingsChanged(node, before);
    case 'editNode': {
      if (op.title !== undefined) node.title = op.title;
      if (op.kind !== undefined) {
        node.kind = op.kind;
        c.tree.assertPlacement(node, `${c.path}.kind`);
      }
      return { before: { id: before.id, title: before.title, kind: before.kind }, after: { id: node.id, title: node.title, kind: node.kind } };
    }
    case 'split': {
      const second = split(c, node, op.at, op.title);
      return { before, after: { at: op.at, first: snapshot(node), second: snapshot(second) } };
    }
    case 'merge': {
      const next = merge(c, node);
      return { before: { first: before, second: next }, after: snapshot(node) };
    }
    case 'move': {
      const from = { parentId: node.parentId, id: node.id };
      move(c, node, op.parentId, op.position);
      return { before: from, after: { parentId: node.parentId, id: node.id, position: op.position } };
    }
    case 'delete': {
      const removed = c.tree.subtree(node).length;
      remove(c, node);
      return { before: { ...before, subtreeSize: removed }, after: null };
    }
  }
}

/** Document metadata and the campaign period; deadlines written as 三年内 move with the period's end. */
function editPlan(c: OpContext, op: Extract<PlanEditOp, { op: 'editPlan' }>) {
  const doc = c.parsed.document;
  const before = { document: { ...doc }, campaign: { ...c.parsed.campaign } };
  if (op.title !== undefined) doc.title = op.title;
  if (op.docNumber !== undefined) doc.docNumber = op.docNumber || null;
  if (op.issuer !== undefined) doc.issuer = op.issuer || null;
  if (op.issuedOn !== undefined) doc.issuedOn = op.issuedOn;
  if (op.campaignStart !== undefined) c.parsed.campaign.start = op.campaignStart;
  if (op.campaignEnd !== undefined) c.parsed.campaign.end = op.campaignEnd;
  const { start, end } = c.parsed.campaign;
  if (start && end && end < start) throw invalidField(`${c.path}.campaignEnd`, '行动结束日期不能早于开始日期');
  if (op.campaignEnd !== undefined) {
    for (const n of c.tree.toArray()) for (const d of n.deadlines) if (d.kind === 'campaign_end') d.date = end;
  }
  return { before, after: { document: { ...doc }, campaign: { ...c.parsed.campaign } } };
}

function findingsChanged(node: PlanNode, before: NodeSnapshot) {
  node.spans = rebuildSpans(node, node.spans);
  return { before: { id: before.id, deadlines: before.deadlines, targets: before.targets }, after: { id: node.id, deadlines: snapshot(node).deadlines, targets: snapshot(node).targets } };
}

function at<T>(list: T[], index: number, path: string, what: string): T {
  if (index >= list.length) throw invalidField(path, list.length ? `${what}序号超出范围（0–${list.length - 1}）` : `该节点没有${what}`);
  return list[index];
}

// ---------------------------------------------------------------------------------------------
// Snapshots for the audit log (small: no text, no spans)

type NodeSnapshot = ReturnType<typeof snapshot>;

function snapshot(n: PlanNode) {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    leadUnits: n.leadUnits,
    coUnits: n.coUnits,
    unresolvedUnits: n.unresolvedUnits,
    deadlines: n.deadlines.map((d) => ({ date: d.date, kind: d.kind, text: d.text })),
    targets: n.targets.map((t) => ({ text: t.text, value: t.value, valueMax: t.valueMax, unit: t.unit, comparator: t.comparator, subject: t.subject })),
  };
}

// ---------------------------------------------------------------------------------------------
// Units

function resolveName(name: string, resolver?: UnitResolver): { name: string; code: string | null; generic: boolean } {
  const r = resolver?.resolve(name);
  if (r) return { name: r.name, code: r.code, generic: false };
  return { name, code: null, generic: isGenericUnitName(name) };
}

function setUnits(c: OpContext, node: PlanNode, lead: string[], co: string[]): void {
  const wanted: Array<{ role: 'lead' | 'co'; written: string; name: string; code: string | null; generic: boolean; path: string }> = [];
  const seen = new Map<string, 'lead' | 'co'>();
  const add = (list: string[], role: 'lead' | 'co', field: string) =>
    list.forEach((raw, j) => {
      const written = raw.trim();
      const r = resolveName(written, c.resolver);
      const had = seen.get(r.name);
      if (had === role) return; // the same unit twice (e.g. an alias and its canonical name)
      if (had) throw invalidField(`${c.path}.${field}.${j}`, `“${written}”已列为牵头单位，不能同时是配合单位`);
      seen.set(r.name, role);
      wanted.push({ role, written, ...r, path: `${c.path}.${field}.${j}` });
    });
  add(lead, 'lead', 'leadUnits');
  add(co, 'co', 'coUnits');

  const oldUnresolved = new Set(node.unresolvedUnits);
  const units: UnitMention[] = [];
  const unresolved: string[] = [];
  const flag = (name: string) => {
    if (!unresolved.includes(name)) unresolved.push(name);
  };
  for (const w of wanted) {
    // keep the mentions the parser found for this unit (their spans stay highlighted), in the new role
    const existing = node.units.filter((u) => u.name === w.name);
    if (existing.length) {
      for (const u of existing) {
        units.push({ ...u, role: w.role });
        for (const n of [u.written, ...u.departments]) if (oldUnresolved.has(n)) flag(n);
      }
    } else {
      units.push({ name: w.name, written: w.written, role: w.role, code: w.code, generic: w.generic, departments: [], territorial: false, start: null, end: null });
      if (w.code === null && !w.generic) flag(w.written);
    }
  }
  node.units = units;
  node.unresolvedUnits = unresolved;
  node.territorialDuty = units.some((u) => u.territorial);
  deriveUnitLists(node);
  node.spans = rebuildSpans(node, node.spans);
}

/** leadUnits / coUnits from the mentions, as the parser derives them (a lead is never also co). */
function deriveUnitLists(node: PlanNode): void {
  const lead: string[] = [];
  const co: string[] = [];
  for (const u of node.units) {
    const list = u.role === 'lead' ? lead : co;
    if (!list.includes(u.name)) list.push(u.name);
  }
  node.leadUnits = lead;
  node.coUnits = co.filter((x) => !lead.includes(x));
}

/**
 * Spans from the node's findings. Department spans (区消防专委会（区消防救援大队）) are not in the
 * contract's mentions: they are kept from the old spans and follow the role of the mention right
 * before them; they go when that mention goes.
 */
function rebuildSpans(node: PlanNode, old: Span[]): Span[] {
  const spans: Span[] = [];
  const ranged = node.units.filter((u) => u.start !== null && u.end !== null && u.end > u.start);
  const mentionKey = new Set(ranged.map((u) => `${u.start}:${u.end}`));
  for (const u of ranged) spans.push({ kind: u.role, start: u.start!, end: u.end! });
  for (const s of old) {
    if ((s.kind !== 'lead' && s.kind !== 'co') || mentionKey.has(`${s.start}:${s.end}`)) continue;
    let owner: UnitMention | undefined;
    for (const u of ranged) if (u.end! <= s.start && s.start - u.end! <= 40 && (!owner || u.end! > owner.end!)) owner = u;
    if (owner) spans.push({ kind: owner.role, start: s.start, end: s.end });
  }
  for (const d of node.deadlines) if (d.end > d.start) spans.push({ kind: 'deadline', start: d.start, end: d.end });
  for (const t of node.targets) if (t.end > t.start) spans.push({ kind: 'target', start: t.start, end: t.end });
  for (const r of node.recurrences) if (r.end > r.start) spans.push({ kind: 'recurrence', start: r.start, end: r.end });
  return spans.sort((a, b) => a.start - b.start || a.end - b.end);
}

// ---------------------------------------------------------------------------------------------
// Deadlines and targets

function range(c: OpContext, node: PlanNode, input: { start?: number; end?: number }, path: string, old?: { start: number; end: number }) {
  if (input.start !== undefined && input.end !== undefined) {
    if (input.end > c.source.length) throw invalidField(`${path}.end`, `原文位置超出原文长度（${c.source.length}）`);
    return { start: input.start, end: input.end };
  }
  // an edited value keeps the source range it was read from; a new one typed by hand has none
  return old ? { start: old.start, end: old.end } : { start: node.start, end: node.start };
}

function toDeadline(c: OpContext, node: PlanNode, d: DeadlineInput, path: string, old?: Deadline): Deadline {
  const r = range(c, node, d, path, old);
  return { date: d.kind === 'ongoing' ? null : d.date, text: d.text || (old?.text ?? ''), kind: d.kind, start: r.start, end: r.end };
}

function toTarget(c: OpContext, node: PlanNode, t: TargetInput, path: string, old?: Target): Target {
  const r = range(c, node, t, path, old);
  return {
    text: t.text || (old?.text ?? ''),
    value: t.value,
    ...(t.valueMax !== undefined ? { valueMax: t.valueMax } : {}),
    unit: t.unit,
    comparator: t.comparator,
    subject: t.subject ?? null,
    start: r.start,
    end: r.end,
  };
}

// ---------------------------------------------------------------------------------------------
// Structure: split, merge, move, delete

const LEADING_MARKER_RE = /^(?:[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]{1,3}[，,、]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,3}[.．、](?!\d)|[①-⑳]|[一二三四五六七八九十]{1,3}、)\s*/;

/** The first line of a text up to its first full stop or colon, at most 50 characters (as the parser titles nodes). */
export function titleFromText(text: string): string {
  const firstLine = text.replace(/^[\s，,。.；;、：:）)]+/, '').split('\n')[0];
  let cut = firstLine.length;
  const stop = /[。；！？]/.exec(firstLine);
  if (stop) cut = stop.index;
  const colon = firstLine.indexOf('：');
  if (colon >= 2 && colon < cut) cut = colon;
  let title = firstLine.slice(0, cut).trim();
  if (title.length > 50) {
    const comma = title.indexOf('，');
    title = comma >= 4 ? title.slice(0, comma) : `${title.slice(0, 50)}…`;
  }
  return title || '（未命名）';
}

/** Where the node's own words start: after its marker and blanks. */
export function bodyStartOf(source: string, n: PlanNode): number {
  let b = n.marker && source.startsWith(n.marker, n.start) ? n.start + n.marker.length : n.start;
  while (b < n.end && /\s/.test(source[b])) b++;
  return b;
}

function split(c: OpContext, node: PlanNode, at: number, title: string | undefined): PlanNode {
  const src = c.source;
  const bodyStart = bodyStartOf(src, node);
  const path = `${c.path}.at`;
  if (at <= bodyStart || at >= node.end) throw invalidField(path, `拆分位置应在该节点正文之内（${bodyStart + 1}–${node.end - 1}）`);
  let firstEnd = at;
  while (firstEnd > bodyStart && /\s/.test(src[firstEnd - 1])) firstEnd--;
  let secondStart = at;
  while (secondStart < node.end && /\s/.test(src[secondStart])) secondStart++;
  if (src.slice(bodyStart, firstEnd).trim() === '' || src.slice(secondStart, node.end).trim() === '') {
    throw invalidField(path, '拆分后的两部分都应有文字');
  }
  const kids = c.tree.children(node);
  const straddling = kids.find((k) => k.start < at && at < k.end);
  if (straddling) throw invalidField(path, `拆分位置落在下级节点“${straddling.id} ${straddling.title}”之内，请在该节点上拆分或另选位置`);

  let marker = '';
  let secondBody = secondStart;
  // "……。四是……": the words after the cut start with their own marker, unless it is a child's
  const m = kids.some((k) => k.start >= at && k.start <= secondStart) ? null : LEADING_MARKER_RE.exec(src.slice(secondStart, Math.min(node.end, secondStart + 12)));
  if (m) {
    marker = m[0].trim();
    secondBody = secondStart + m[0].length;
  }
  const secondText = src.slice(secondBody, node.end).trim();
  const isSecond = (pos: number | null) => pos !== null && pos >= at;
  const second: PlanNode = {
    id: `\u0000split${Math.random()}`,
    parentId: node.parentId,
    ordinal: 0,
    marker,
    kind: node.kind,
    level: node.level,
    title: title ?? kids.find((k) => k.start >= at && k.start <= secondStart)?.title ?? titleFromText(secondText),
    text: secondText,
    start: secondStart,
    end: node.end,
    // a 属地 duty inherited from a global statement covers both halves; hand-typed values stay with the first
    units: node.units.filter((u) => isSecond(u.start) || (u.start === null && u.territorial)).map((u) => ({ ...u })),
    territorialDuty: node.territorialDuty,
    leadUnits: [],
    coUnits: [],
    deadlines: node.deadlines.filter((d) => d.end > d.start && isSecond(d.start)),
    targets: node.targets.filter((t) => t.end > t.start && isSecond(t.start)),
    recurrence: null,
    recurrences: node.recurrences.filter((r) => isSecond(r.start)),
    unresolvedUnits: [],
    spans: node.spans.filter((s) => isSecond(s.start)),
    ...(node.series ? { series: node.series } : {}),
  };
  node.units = node.units.filter((u) => !isSecond(u.start));
  node.deadlines = node.deadlines.filter((d) => !(d.end > d.start && isSecond(d.start)));
  node.targets = node.targets.filter((t) => !(t.end > t.start && isSecond(t.start)));
  node.recurrences = node.recurrences.filter((r) => !isSecond(r.start));
  node.spans = node.spans.filter((s) => !isSecond(s.start));
  node.end = firstEnd;
  node.text = src.slice(bodyStart, firstEnd).trim();

  const oldUnresolved = node.unresolvedUnits;
  for (const half of [node, second]) {
    const names = new Set(half.units.flatMap((u) => [u.written, ...u.departments]));
    half.unresolvedUnits = oldUnresolved.filter((n) => names.has(n));
    half.recurrence = half.recurrences[0] ?? null;
    half.territorialDuty = node.territorialDuty && (half === node || half.units.some((u) => u.territorial));
    deriveUnitLists(half);
  }

  const parent = c.tree.parent(node);
  c.tree.insertAfter(second, node);
  for (const k of [...kids]) if (k.start >= at) c.tree.reparent(k, second, c.tree.children(second).length);
  // warnings inside the second half point at it
  for (const w of c.warnings) if (w.nodeId === node.id && w.start !== undefined && w.start >= at) w.nodeId = second.id;
  c.tree.renumber(c, [parent, second]);
  return second;
}

function merge(c: OpContext, node: PlanNode): NodeSnapshot {
  const parent = c.tree.parent(node);
  const siblings = c.tree.children(parent);
  const next = siblings[siblings.indexOf(node) + 1];
  if (!next) throw invalidField(`${c.path}.nodeId`, `“${node.id} ${node.title}”没有可合并的下一个同级节点`);
  const nextSnapshot = snapshot(next);
  const src = c.source;
  const contiguous = node.end <= next.start && src.slice(node.end, next.start).trim() === '';
  if (contiguous) {
    node.end = next.end;
    node.text = src.slice(bodyStartOf(src, node), next.end).trim();
  } else {
    // not adjacent in the source (moved before): keep both texts, the range stays the first node's
    node.text = `${node.text}\n${next.marker}${next.text}`;
  }
  for (const u of next.units) {
    const dup = u.start === null && node.units.some((x) => x.start === null && x.name === u.name && x.role === u.role);
    if (!dup) node.units.push(u);
  }
  const byStart = <T extends { start: number }>(a: T, b: T) => a.start - b.start;
  node.deadlines = [...node.deadlines, ...next.deadlines];
  node.targets = [...node.targets, ...next.targets];
  node.recurrences = [...node.recurrences, ...next.recurrences].sort(byStart);
  node.recurrence = node.recurrences[0] ?? null;
  node.spans = [...node.spans, ...next.spans].sort((a, b) => a.start - b.start || a.end - b.end);
  node.unresolvedUnits = [...new Set([...node.unresolvedUnits, ...next.unresolvedUnits])];
  node.territorialDuty = node.territorialDuty || next.territorialDuty;
  deriveUnitLists(node);

  for (const k of [...c.tree.children(next)]) c.tree.reparent(k, node, c.tree.children(node).length);
  // a group's tasks cannot end up inside a task (or an item)
  c.tree.assertPlacement(node, `${c.path}.nodeId`);
  c.tree.detach(next);
  c.tree.rename(next, node);
  c.tree.renumber(c, [parent, node]);
  return nextSnapshot;
}

function move(c: OpContext, node: PlanNode, parentId: string | null, position: number): void {
  const target = parentId === null ? null : c.tree.get(parentId, `${c.path}.parentId`);
  if (target && c.tree.subtree(node).includes(target)) throw invalidField(`${c.path}.parentId`, '不能移动到自身或其下级节点之下');
  const oldParent = c.tree.parent(node);
  const room = c.tree.children(target).filter((k) => k !== node).length;
  if (position > room) throw invalidField(`${c.path}.position`, `位置超出范围（0–${room}）`);
  c.tree.reparent(node, target, position);
  if (oldParent !== target) {
    // a restarted run ("建筑垃圾消纳场安全整治：一是…") means nothing under another parent
    delete node.series;
    c.tree.forgetRun(node);
  }
  c.tree.assertPlacement(node, `${c.path}.parentId`);
  c.tree.renumber(c, [oldParent, target]);
}

function remove(c: OpContext, node: PlanNode): void {
  const parent = c.tree.parent(node);
  for (const n of c.tree.subtree(node)) c.tree.rename(n, null);
  c.tree.detach(node);
  c.tree.renumber(c, [parent]);
}

// ---------------------------------------------------------------------------------------------
// The tree behind the flat node list

const runPrefix = (token: string) => /^([a-z]+)\d/.exec(token)?.[1] ?? '';

class Tree {
  private readonly byId = new Map<string, PlanNode>();
  private readonly kids = new Map<PlanNode | null, PlanNode[]>();
  private readonly parents = new Map<PlanNode, PlanNode | null>();
  /** the id token (last path segment) of each node under its current parent, before renumbering */
  private readonly tokens = new Map<PlanNode, string>();
  private readonly noRun = new Set<PlanNode>();
  /** nodes merged into another (→ it) or deleted (→ null) since the last renumbering */
  private readonly renames = new Map<PlanNode, PlanNode | null>();

  constructor(nodes: PlanNode[]) {
    this.kids.set(null, []);
    for (const n of nodes) {
      this.byId.set(n.id, n);
      this.kids.set(n, []);
    }
    for (const n of nodes) {
      const p = n.parentId === null ? null : (this.byId.get(n.parentId) ?? null);
      this.parents.set(n, p);
      this.kids.get(p)!.push(n);
      this.tokens.set(n, p ? n.id.slice(p.id.length + 1) : n.id);
    }
  }

  get(id: string, path: string): PlanNode {
    const n = this.byId.get(id);
    if (!n) throw invalidField(path, `节点“${id}”不存在（可能已被拆分、合并或删除，请刷新）`);
    return n;
  }

  parent(n: PlanNode): PlanNode | null {
    return this.parents.get(n) ?? null;
  }

  children(n: PlanNode | null): PlanNode[] {
    return this.kids.get(n) ?? [];
  }

  subtree(n: PlanNode): PlanNode[] {
    const out: PlanNode[] = [];
    const walk = (x: PlanNode) => {
      out.push(x);
      for (const k of this.children(x)) walk(k);
    };
    walk(n);
    return out;
  }

  /** A new node (from a split) next to `like`, in the same numbering run. */
  insertAfter(n: PlanNode, like: PlanNode): void {
    const parent = this.parent(like);
    this.byId.set(n.id, n);
    this.kids.set(n, []);
    this.parents.set(n, parent);
    const list = this.children(parent);
    list.splice(list.indexOf(like) + 1, 0, n);
    this.tokens.set(n, this.tokens.get(like) ?? '');
  }

  detach(n: PlanNode): void {
    const list = this.children(this.parent(n));
    const i = list.indexOf(n);
    if (i >= 0) list.splice(i, 1);
  }

  reparent(n: PlanNode, parent: PlanNode | null, index: number): void {
    this.detach(n);
    this.parents.set(n, parent);
    this.children(parent).splice(index, 0, n);
  }

  forgetRun(n: PlanNode): void {
    this.noRun.add(n);
  }

  /** Merged or deleted: links to `from` go to `to` (or nowhere). */
  rename(from: PlanNode, to: PlanNode | null): void {
    this.renames.set(from, to);
  }

  /** A node under a task or an item can only be an item (a task cannot contain sections, groups or tasks). */
  assertPlacement(n: PlanNode, path: string): void {
    let p = this.parent(n);
    let boxed = false;
    while (p) {
      if (p.kind === 'task' || p.kind === 'item') boxed = true;
      p = this.parent(p);
    }
    const check = (x: PlanNode, underTaskOrItem: boolean) => {
      if (underTaskOrItem && x.kind !== 'item') {
        throw invalidField(path, `“${x.id} ${x.title}”（${NODE_KIND_LABELS[x.kind]}）会位于任务或条目之下，只有条目可以这样放置`);
      }
      for (const k of this.children(x)) check(k, underTaskOrItem || x.kind === 'task' || x.kind === 'item');
    };
    check(n, boxed);
  }

  /**
   * Renumber the children of the given parents 1…n (per restarted run) and recompute every id,
   * parentId and level below them; then point warnings and phases at the new ids.
   */
  renumber(c: OpContext, dirtyParents: Array<PlanNode | null>): void {
    const dirty = new Set(dirtyParents);
    const remap = new Map<string, string | null>();
    const walk = (parent: PlanNode | null, parentId: string | null, level: number) => {
      const counters = new Map<string, number>();
      for (const k of this.children(parent)) {
        let token = this.tokens.get(k) ?? '';
        if (dirty.has(parent)) {
          const prefix = this.noRun.has(k) ? '' : runPrefix(token);
          const n = (counters.get(prefix) ?? 0) + 1;
          counters.set(prefix, n);
          token = `${prefix}${n}`;
          k.ordinal = n;
        }
        const id = parentId === null ? token : `${parentId}.${token}`;
        if (id !== k.id) remap.set(k.id, id);
        k.id = id;
        k.parentId = parentId;
        k.level = level;
        this.tokens.set(k, token);
        walk(k, id, level + 1);
      }
    };
    walk(null, null, 1);
    for (const [from, to] of this.renames) remap.set(from.id, to ? to.id : null);
    this.renames.clear();
    this.noRun.clear();
    this.byId.clear();
    for (const n of this.toArray()) this.byId.set(n.id, n);
    if (remap.size === 0) return;
    for (const w of c.warnings) {
      if (w.nodeId !== undefined && remap.has(w.nodeId)) {
        const to = remap.get(w.nodeId);
        if (to) w.nodeId = to;
        else delete w.nodeId;
      }
    }
    for (const p of c.parsed.phases) if (p.nodeId !== null && remap.has(p.nodeId)) p.nodeId = remap.get(p.nodeId) ?? null;
  }

  toArray(): PlanNode[] {
    const out: PlanNode[] = [];
    for (const r of this.children(null)) out.push(...this.subtree(r));
    return out;
  }
}
