/**
 * Completion rates of self-inspection (已查 / 应查). A rate with nothing due is not 100 %: it is
 * unknown, shown as "—" in neutral colour (issue #11: 0/0 must not read as a green 100 %).
 */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${Math.round(rate * 1000) / 10}%`;
}

/** Colour of a rate: green ≥ 95 %, amber ≥ 80 %, red below; no colour without a denominator. */
export function rateColour(rate: number | null | undefined): string | undefined {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return undefined;
  return rate >= 0.95 ? '#16a34a' : rate >= 0.8 ? '#ca8a04' : '#dc2626';
}

/** done / due rounded to 0.1 %; null when nothing was due. */
export function completionRate(done: number, due: number): number | null {
  return due > 0 ? Math.round((done / due) * 1000) / 1000 : null;
}

/**
 * How an item of a run is numbered to the user: its place in the run out of the run's items
 * ("第 2/8 项"), the same while checking and in the result — not its number in the whole checklist
 * (a plan may check only some categories, so that number would jump: "第 12 项").
 */
export function runItemLabel(index: number, total: number): string {
  return `第 ${index + 1}/${total} 项`;
}
