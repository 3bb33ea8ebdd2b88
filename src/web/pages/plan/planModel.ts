/** Pure helpers of the plan review page: highlight marks, paragraphs, tree index, split points. */
import { COMPARATOR_LABELS, DEADLINE_KIND_LABELS, NODE_KIND_LABELS } from '../../../shared/contracts/plan';
import type { NodeKind, PlanNode, SpanKind } from '../../../shared/plan/types';

export const SPAN_LABELS: Record<SpanKind, string> = { lead: '牵头单位', co: '配合单位', deadline: '完成时限', target: '目标指标', recurrence: '频次要求' };

export const KIND_COLORS: Record<NodeKind, string> = { section: 'purple', group: 'blue', task: 'green', item: 'default' };

export { NODE_KIND_LABELS };

/** One highlighted range of the source text and what it produced. */
export interface Mark {
  start: number;
  end: number;
  kind: SpanKind;
  nodeId: string;
  tip: string;
}

export interface Paragraph {
  start: number;
  end: number;
  /** indexes into the marks array of the marks inside this paragraph */
  marks: number[];
}

const RECURRENCE_LABELS: Record<string, string> = { day: '每日', week: '每周', tenday: '每旬', month: '每月', quarter: '每季度', halfyear: '每半年', year: '每年' };

export function describeTarget(t: PlanNode['targets'][number]): string {
  const value = t.comparator === 'between' ? `${t.value}–${t.valueMax ?? ''}` : String(t.value);
  return `${t.subject ? `${t.subject} ` : ''}${COMPARATOR_LABELS[t.comparator]} ${value}${t.unit}`;
}

export function describeDeadline(d: PlanNode['deadlines'][number]): string {
  return d.kind === 'ongoing' ? '长期坚持' : `${d.date ?? '日期待定'}（${DEADLINE_KIND_LABELS[d.kind]}）`;
}

/** What a span of a node produced, for the hover tip. */
function tipFor(n: PlanNode, s: { kind: SpanKind; start: number; end: number }, text: string): string {
  const where = `${NODE_KIND_LABELS[n.kind]} ${n.id} ${n.title}`;
  if (s.kind === 'lead' || s.kind === 'co') {
    const m = n.units.find((u) => u.start === s.start && u.end === s.end);
    const written = text.slice(s.start, s.end);
    if (!m) return `${SPAN_LABELS[s.kind]}（所属部门）：${written}\n${where}`;
    const state = m.code ? (m.name !== written ? `已识别为“${m.name}”` : '已识别') : m.generic ? '泛指单位，不对应具体单位' : '未能在组织机构库中找到';
    return `${SPAN_LABELS[m.role]}：${written}（${state}）\n${where}`;
  }
  if (s.kind === 'deadline') {
    const d = n.deadlines.find((x) => x.start === s.start && x.end === s.end);
    return `完成时限：${d ? describeDeadline(d) : text.slice(s.start, s.end)}\n${where}`;
  }
  if (s.kind === 'target') {
    const t = n.targets.find((x) => x.start === s.start && x.end === s.end);
    return `目标指标：${t ? describeTarget(t) : text.slice(s.start, s.end)}\n${where}`;
  }
  const r = n.recurrences.find((x) => x.start === s.start && x.end === s.end);
  return `频次要求：${r ? `${RECURRENCE_LABELS[r.every] ?? r.every}${r.times ? `${r.atLeast ? '至少' : ''}${r.times}次` : ''}` : text.slice(s.start, s.end)}\n${where}`;
}

/** Every span of every node as a mark, sorted, overlaps clipped (the first one wins). */
export function buildMarks(nodes: PlanNode[], text: string): Mark[] {
  const all: Mark[] = [];
  for (const n of nodes) for (const s of n.spans) if (s.end > s.start && s.end <= text.length) all.push({ start: s.start, end: s.end, kind: s.kind, nodeId: n.id, tip: tipFor(n, s, text) });
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Mark[] = [];
  let last = 0;
  for (const m of all) {
    const start = Math.max(m.start, last);
    if (start >= m.end) continue;
    out.push({ ...m, start });
    last = m.end;
  }
  return out;
}

/** The text's lines with the marks that fall in each. */
export function buildParagraphs(text: string, marks: Mark[]): Paragraph[] {
  const out: Paragraph[] = [];
  let m = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const p: Paragraph = { start, end, marks: [] };
    while (m < marks.length && marks[m].end <= start) m++;
    for (let k = m; k < marks.length && marks[k].start < end; k++) p.marks.push(k);
    out.push(p);
    start = end + 1;
  }
  return out;
}

/** Index of the paragraph holding an offset (binary search). */
export function paragraphAt(paragraphs: Paragraph[], offset: number): number {
  let lo = 0;
  let hi = paragraphs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (paragraphs[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface TreeIndex {
  byId: Map<string, PlanNode>;
  children: Map<string | null, PlanNode[]>;
}

export function indexTree(nodes: PlanNode[]): TreeIndex {
  const byId = new Map<string, PlanNode>();
  const children = new Map<string | null, PlanNode[]>();
  for (const n of nodes) {
    byId.set(n.id, n);
    const list = children.get(n.parentId) ?? [];
    list.push(n);
    children.set(n.parentId, list);
  }
  return { byId, children };
}

export function ancestorsOf(index: TreeIndex, id: string): string[] {
  const out: string[] = [];
  let p = index.byId.get(id)?.parentId ?? null;
  while (p !== null) {
    out.push(p);
    p = index.byId.get(p)?.parentId ?? null;
  }
  return out;
}

export function descendantsOf(index: TreeIndex, id: string): string[] {
  const out: string[] = [];
  const walk = (x: string) => {
    for (const k of index.children.get(x) ?? []) {
      out.push(k.id);
      walk(k.id);
    }
  };
  walk(id);
  return out;
}

/** Count of items below a node (all levels). */
export function itemCount(index: TreeIndex, id: string): number {
  return descendantsOf(index, id).filter((x) => index.byId.get(x)?.kind === 'item').length;
}

/**
 * Where a node can be split at a sentence end: after 。；！？ in its own words (not inside a child),
 * with words on both sides. Each with a short preview of the sentence that ends there.
 */
export function sentenceSplitPoints(index: TreeIndex, node: PlanNode, text: string): Array<{ at: number; label: string }> {
  const kids = index.children.get(node.id) ?? [];
  const inChild = (pos: number) => kids.some((k) => k.start < pos && pos < k.end);
  const out: Array<{ at: number; label: string }> = [];
  let sentenceStart = node.start;
  for (let i = node.start; i < node.end - 1; i++) {
    const ch = text[i];
    const boundary = '。；！？'.includes(ch) || (ch === '\n' && i > node.start);
    if (!boundary) continue;
    const at = i + 1;
    if (!inChild(at) && text.slice(at, node.end).trim() && text.slice(node.start, at).trim()) {
      const sentence = text.slice(sentenceStart, at).replace(/\s+/g, '');
      if (sentence.length > 1) out.push({ at, label: sentence.length > 24 ? `…${sentence.slice(-24)}` : sentence });
    }
    sentenceStart = at;
  }
  return out;
}

/** After an edit the ids may change: find the node that was selected (same source position, else same id). */
export function reselect(nodes: PlanNode[], previous: PlanNode | undefined): string | null {
  if (!previous) return null;
  const same = nodes.find((n) => n.start === previous.start && n.kind === previous.kind) ?? nodes.find((n) => n.start === previous.start);
  return same?.id ?? nodes.find((n) => n.id === previous.id)?.id ?? null;
}
