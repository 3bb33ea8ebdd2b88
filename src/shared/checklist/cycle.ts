/**
 * Self-inspection cycles (自查周期) and their periods, as pure date arithmetic on calendar dates
 * (YYYY-MM-DD) in China Standard Time (UTC+8, no DST). Server and web share these rules.
 *
 *   daily   — one period per day, due that day
 *   weekly  — ISO weeks Monday…Sunday, due on Sunday (key 2026-W48)
 *   monthly — calendar months, due on the last day (key 2026-11)
 *
 * A period is "due" (应查) once its last day has passed, or earlier if it was already submitted.
 */
export const CYCLES = ['daily', 'weekly', 'monthly'] as const;
export type Cycle = (typeof CYCLES)[number];
export const CYCLE_LABELS: Record<Cycle, string> = { daily: '每日', weekly: '每周', monthly: '每月' };

const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3600_000;

/** Today's date in Beijing. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

function toUtc(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}
function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

/** ISO weekday 1 (Monday) … 7 (Sunday). */
export function isoWeekday(date: string): number {
  const d = new Date(toUtc(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** ISO 8601 week number and week-year of a date. */
export function isoWeek(date: string): { year: number; week: number } {
  // The Thursday of the same week decides the year.
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const jan1 = `${year}-01-01`;
  const week = Math.floor(daysBetween(jan1, thursday) / 7) + 1;
  return { year, week };
}

export function lastDayOfMonth(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return fromUtc(Date.UTC(y, m, 0));
}

export interface Period {
  cycle: Cycle;
  /** 2026-11-28 | 2026-W48 | 2026-11 */
  key: string;
  /** first day, inclusive */
  start: string;
  /** last day, inclusive: the run is due by the end of this day */
  end: string;
}

/** The period of a cycle that contains `date`. */
export function periodOf(cycle: Cycle, date: string): Period {
  switch (cycle) {
    case 'daily':
      return { cycle, key: date, start: date, end: date };
    case 'weekly': {
      const start = addDays(date, 1 - isoWeekday(date));
      const { year, week } = isoWeek(date);
      return { cycle, key: `${year}-W${String(week).padStart(2, '0')}`, start, end: addDays(start, 6) };
    }
    case 'monthly':
      return { cycle, key: date.slice(0, 7), start: `${date.slice(0, 7)}-01`, end: lastDayOfMonth(date) };
  }
}

/** The period just before the one containing `date`. */
export function previousPeriod(cycle: Cycle, date: string): Period {
  return periodOf(cycle, addDays(periodOf(cycle, date).start, -1));
}

/**
 * How many periods of a cycle END within [from, to] (inclusive). The same arithmetic runs in SQL
 * (checklist.repo.ts `dueCountSql`); tests cross-check the two.
 */
export function countPeriodEnds(cycle: Cycle, from: string, to: string): number {
  if (to < from) return 0;
  switch (cycle) {
    case 'daily':
      return daysBetween(from, to) + 1;
    case 'weekly': {
      const firstSunday = addDays(from, (7 - isoWeekday(from)) % 7);
      return firstSunday > to ? 0 : Math.floor(daysBetween(firstSunday, to) / 7) + 1;
    }
    case 'monthly': {
      const months = (Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7))) - (Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7)));
      return months + (lastDayOfMonth(to) === to ? 1 : 0);
    }
  }
}

/** Every period ending within [from, to], oldest first (bounded: callers pass short ranges). */
export function periodsEndingBetween(cycle: Cycle, from: string, to: string, limit = 400): Period[] {
  const out: Period[] = [];
  if (to < from) return out;
  let p = periodOf(cycle, from);
  if (p.end < from) p = periodOf(cycle, addDays(p.end, 1));
  while (p.end <= to && out.length < limit) {
    out.push(p);
    p = periodOf(cycle, addDays(p.end, 1));
  }
  return out;
}

/** Human label of a period: 2026-11-28 / 2026年第48周（11-23至11-29）/ 2026年11月. */
export function periodLabel(p: Pick<Period, 'cycle' | 'key' | 'start' | 'end'>): string {
  switch (p.cycle) {
    case 'daily':
      return p.key;
    case 'weekly': {
      const [y, w] = p.key.split('-W');
      return `${y}年第${Number(w)}周（${p.start.slice(5)}至${p.end.slice(5)}）`;
    }
    case 'monthly':
      return `${p.key.slice(0, 4)}年${Number(p.key.slice(5, 7))}月`;
  }
}
