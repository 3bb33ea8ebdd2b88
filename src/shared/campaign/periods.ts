import { chinaDate } from '../time';

/**
 * Period maths of the campaign ledger (pure; server and web).
 *
 * Units report monthly (逐月, DOMAIN.md) for periods `YYYY-MM` inside the campaign's range, and
 * summarise quarterly, half-yearly and yearly. Dates are calendar dates in China Standard Time
 * (UTC+8, no daylight saving): a report filed at 23:30 on the 25th in Wuhan is on time even though
 * it is the 25th 15:30 UTC.
 */

export const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const DEFAULT_DUE_DAY = 25;

/** 'YYYY-MM' of a date string or instant (China time). */
export function periodOf(date: string | Date): string {
  const d = typeof date === 'string' ? date : chinaDate(date);
  return d.slice(0, 7);
}

export function isPeriod(s: string): boolean {
  return PERIOD_RE.test(s);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parts(period: string): [number, number] {
  const m = PERIOD_RE.exec(period);
  if (!m) throw new Error(`bad period ${period}`);
  return [Number(m[1]), Number(m[2])];
}

/** The period n months after (or before, n < 0) the given one ('YYYY-MM'; for dates see shared/time addMonths). */
export function shiftPeriod(period: string, n: number): string {
  const [y, m] = parts(period);
  const idx = y * 12 + (m - 1) + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

/** Every period from `from` to `to` inclusive (empty when from > to). */
export function periodsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let p = from; p <= to && out.length < 1200; p = shiftPeriod(p, 1)) out.push(p);
  return out;
}

/** Periods of a campaign: the months of its start and end date and every month between. */
export function campaignPeriods(startDate: string, endDate: string): string[] {
  return periodsBetween(periodOf(startDate), periodOf(endDate));
}

export function firstDay(period: string): string {
  return `${period}-01`;
}

export function lastDay(period: string): string {
  const [y, m] = parts(period);
  return `${period}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
}

/**
 * Due date of a monthly report: the campaign's due day of the period's own month (default the
 * 25th), clamped to the month's last day (a due day of 31 means the month end).
 */
export function dueDateOf(period: string, dueDay = DEFAULT_DUE_DAY): string {
  const [y, m] = parts(period);
  const day = Math.min(Math.max(1, Math.floor(dueDay)), daysInMonth(y, m));
  return `${period}-${String(day).padStart(2, '0')}`;
}

/** Late = filed (China date) after the due date; the due day itself is on time. */
export function isLate(submittedAt: Date, dueDate: string): boolean {
  return chinaDate(submittedAt) > dueDate;
}

export type PeriodState = 'open' | 'closed' | 'future' | 'outside' | 'archived';

/**
 * Whether a unit may file a report for a period. A period is open from its first day until the
 * office closes it (封账) or archives the campaign (归档) — a historical campaign's periods stay open
 * until then, so late reports for 2021 can still be filed in 2026 (and are flagged late).
 */
export function periodState(input: { period: string; startDate: string; endDate: string; today: string; closed: boolean; archived: boolean }): PeriodState {
  const { period } = input;
  if (!isPeriod(period)) return 'outside';
  if (period < periodOf(input.startDate) || period > periodOf(input.endDate)) return 'outside';
  if (input.archived) return 'archived';
  if (period > periodOf(input.today)) return 'future';
  if (input.closed) return 'closed';
  return 'open';
}

export const PERIOD_STATE_MESSAGES: Record<Exclude<PeriodState, 'open'>, (period: string) => string> = {
  outside: (p) => `报送月份 ${p} 不在专项行动期限内`,
  archived: () => '专项行动已归档，不能再报送或修改',
  future: (p) => `报送月份 ${p} 尚未开始，不能提前报送`,
  closed: (p) => `${periodLabel(p)}已封账，不能再报送或修改；如需补报请联系区安委办解除封账`,
};

/** 2021-03 → 2021年3月 */
export function periodLabel(period: string): string {
  const [y, m] = parts(period);
  return `${y}年${m}月`;
}

// ---------- summary periods (quarter, half-year, year) ----------

export type SummaryKind = 'quarter' | 'half' | 'year' | 'final';
export const SUMMARY_KIND_LABELS: Record<SummaryKind, string> = { quarter: '季度总结', half: '半年总结', year: '年度总结', final: '全面总结评估报告' };

/** `2021-Q1`, `2021-H2`, `2021`, or `final`. */
export const SUMMARY_KEY_RE = /^(\d{4})(?:-(Q[1-4]|H[12]))?$|^final$/;

export function summaryKindOf(key: string): SummaryKind | undefined {
  if (key === 'final') return 'final';
  const m = SUMMARY_KEY_RE.exec(key);
  if (!m) return undefined;
  if (!m[2]) return 'year';
  return m[2].startsWith('Q') ? 'quarter' : 'half';
}

/** The months a summary covers, cut to the campaign's range. */
export function summaryPeriods(key: string, startDate: string, endDate: string): string[] {
  const all = campaignPeriods(startDate, endDate);
  if (key === 'final') return all;
  const m = SUMMARY_KEY_RE.exec(key);
  if (!m) return [];
  const y = Number(m[1]);
  let from = `${y}-01`;
  let to = `${y}-12`;
  if (m[2]?.startsWith('Q')) {
    const q = Number(m[2][1]);
    from = `${y}-${String(q * 3 - 2).padStart(2, '0')}`;
    to = `${y}-${String(q * 3).padStart(2, '0')}`;
  } else if (m[2] === 'H1') to = `${y}-06`;
  else if (m[2] === 'H2') from = `${y}-07`;
  return all.filter((p) => p >= from && p <= to);
}

/** 2021-Q1 → 2021年第一季度; 2021-H1 → 2021年上半年; 2021 → 2021年; final → 三年行动 */
export function summaryKeyLabel(key: string): string {
  if (key === 'final') return '专项行动全期';
  const m = SUMMARY_KEY_RE.exec(key);
  if (!m) return key;
  if (!m[2]) return `${m[1]}年`;
  if (m[2].startsWith('Q')) return `${m[1]}年第${['一', '二', '三', '四'][Number(m[2][1]) - 1]}季度`;
  return `${m[1]}年${m[2] === 'H1' ? '上' : '下'}半年`;
}

/** The summary keys that can be compiled for a campaign (whole quarters/halves/years touching its range). */
export function summaryKeys(startDate: string, endDate: string): string[] {
  const years: number[] = [];
  for (let y = Number(startDate.slice(0, 4)); y <= Number(endDate.slice(0, 4)); y++) years.push(y);
  const keys: string[] = [];
  for (const y of years) {
    for (const q of ['Q1', 'Q2', 'Q3', 'Q4']) keys.push(`${y}-${q}`);
    keys.push(`${y}-H1`, `${y}-H2`, String(y));
  }
  return keys.filter((k) => summaryPeriods(k, startDate, endDate).length > 0).concat('final');
}
