/**
 * How a task-tree node is numbered for people. Node ids are paths of ordinals ("2.1.3"); a numbering
 * run that restarts under the same parent gets a letter ("2.2.24.b4", see shared/plan/types.ts),
 * which is an internal key: people read the sub-point's ordinal in brackets, as the plan prints it
 * ("2.2.24（4）").
 */
export function nodeLabel(nodeId: string): string {
  return nodeId.replace(/\.[a-z](\d+)/g, '（$1）');
}

/** "2.2.24（4）“完善硬件设施配备”": an item named in a message, in the user's words (编号 + 标题). */
export function itemLabel(nodeId: string, title: string, max = 24): string {
  const t = title.length > max ? `${title.slice(0, max - 1)}…` : title;
  return `${nodeLabel(nodeId)}“${t}”`;
}

const COMPARATOR_WORDS: Record<string, string> = { '>=': '不低于', '>': '高于', '<=': '不超过', '<': '低于', '=': '达到' };

/**
 * An indicator's target as the plan states it: "不低于95%", "1–2次" (a range), "—" without a target.
 * One formatter for every page, so a range never reads "介于1次".
 */
export function formatTarget(i: { comparator: string; targetValue: number | null; targetValueMax?: number | null; unit: string }): string {
  if (i.targetValue === null) return '—';
  if (i.comparator === 'between') return i.targetValueMax != null && i.targetValueMax !== i.targetValue ? `${i.targetValue}–${i.targetValueMax}${i.unit}` : `${i.targetValue}${i.unit}`;
  return `${COMPARATOR_WORDS[i.comparator] ?? ''}${i.targetValue}${i.unit}`;
}
