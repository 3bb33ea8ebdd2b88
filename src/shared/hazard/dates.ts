import { DEADLINE_STATUSES, type HazardStatus } from './workflow';

/**
 * Dates of the hazard loop. Deadlines are calendar dates in China Standard Time (UTC+8, no DST):
 * a hazard whose 整改时限 is 2026-03-31 is overdue from 2026-04-01 00:00 Beijing time.
 */
export { addDays, daysBetween } from '../time';
import { daysBetween } from '../time';

/** Overdue: the deadline has passed and the unit has not yet applied for acceptance. */
export function isOverdue(status: HazardStatus, deadline: string | null | undefined, today: string): boolean {
  return !!deadline && DEADLINE_STATUSES.includes(status) && deadline < today;
}

/** Days past the deadline (0 when not overdue). */
export function overdueDays(status: HazardStatus, deadline: string | null | undefined, today: string): number {
  return isOverdue(status, deadline, today) ? daysBetween(deadline!, today) : 0;
}

/** Days left until the deadline (negative when overdue); null without a deadline. */
export function daysLeft(deadline: string | null | undefined, today: string): number | null {
  return deadline ? daysBetween(today, deadline) : null;
}

export interface ReportPeriod {
  kind: 'quarter' | 'year';
  year: number;
  quarter?: 1 | 2 | 3 | 4;
  /** first day (YYYY-MM-DD) */
  from: string;
  /** last day (YYYY-MM-DD), inclusive */
  to: string;
  /** 16号令 Art.14: quarterly by the 15th of the first month of the next quarter, yearly by 31 January */
  due: string;
  label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The statistics period of 16号令 Art.14 (季度 or 年度). */
export function reportPeriod(year: number, quarter?: number): ReportPeriod {
  if (quarter === undefined) {
    return { kind: 'year', year, from: `${year}-01-01`, to: `${year}-12-31`, due: `${year + 1}-01-31`, label: `${year}年度` };
  }
  const q = quarter as 1 | 2 | 3 | 4;
  const m0 = (q - 1) * 3 + 1;
  const lastMonth = m0 + 2;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  const due = q === 4 ? `${year + 1}-01-15` : `${year}-${pad(lastMonth + 1)}-15`;
  return { kind: 'quarter', year, quarter: q, from: `${year}-${pad(m0)}-01`, to: `${year}-${pad(lastMonth)}-${pad(lastDay)}`, due, label: `${year}年第${'一二三四'[q - 1]}季度` };
}

/** The last complete period before `today` (what a unit has to report now). */
export function previousQuarter(today: string): { year: number; quarter: number } {
  const y = Number(today.slice(0, 4));
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  return q === 1 ? { year: y - 1, quarter: 4 } : { year: y, quarter: q - 1 };
}
