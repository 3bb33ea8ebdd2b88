import { addDays } from '../time';

/**
 * Working days for SLAs: Monday–Friday, except the holiday table (法定节假日), which also lists the
 * weekend days that are working days (调休上班). Dates are China dates (YYYY-MM-DD).
 */
export interface DayOverride {
  date: string;
  /** true: a weekend day worked (调休); false: a holiday */
  workday: boolean;
}

export type Overrides = ReadonlyMap<string, boolean>;

export function overridesOf(list: readonly DayOverride[]): Overrides {
  return new Map(list.map((d) => [d.date, d.workday]));
}

/** Day of week of a China date, 0 = Sunday. */
export function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function isWorkingDay(date: string, overrides: Overrides): boolean {
  const o = overrides.get(date);
  if (o !== undefined) return o;
  const w = weekday(date);
  return w !== 0 && w !== 6;
}

/** The n-th working day after `date` (n ≥ 1); the day itself does not count. */
export function addWorkingDays(date: string, n: number, overrides: Overrides): string {
  let d = date;
  let left = n;
  // A bounded loop: a holiday table cannot make a year without working days.
  for (let guard = 0; left > 0 && guard < 3660; guard++) {
    d = addDays(d, 1);
    if (isWorkingDay(d, overrides)) left--;
  }
  return d;
}

/** SLA of a report (configurable defaults): acknowledge within 1 working day, verify and reply within 15. */
export const REPORT_SLA = { acknowledgeWorkingDays: 1, replyWorkingDays: 15 } as const;

/** The district's time limits (举报设置; the defaults above until the office changes them). */
export interface ReportSla {
  acknowledgeWorkingDays: number;
  replyWorkingDays: number;
}

/** "1 个工作日内受理，15 个工作日内答复" */
export const slaText = (s: ReportSla) => `${s.acknowledgeWorkingDays} 个工作日内受理，${s.replyWorkingDays} 个工作日内核查答复`;
