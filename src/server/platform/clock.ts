import { chinaDate } from '../../shared/time';

/**
 * The one clock of the domain: what "now" and "today" are for deadlines, periods, overdue marks,
 * reminders, demo data and documents. Services read `deps.clock`; tests set it explicitly (a fixed
 * day, or a year ahead to prove nothing depends on the day the suite runs). Infrastructure timing
 * (session idle time, rate limits, cache lifetimes, durations) uses the real time.
 */
export interface Clock {
  now(): Date;
  /** today's date in China, 'YYYY-MM-DD' */
  today(): string;
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => chinaDate(new Date()),
};

/** A clock that reads `anchor` when created and then runs at real speed (tests and demos on a chosen day). */
export function clockAt(anchor: Date | string): Clock {
  const start = typeof anchor === 'string' ? new Date(anchor) : anchor;
  if (Number.isNaN(start.getTime())) throw new Error(`invalid clock anchor ${String(anchor)}`);
  const offset = start.getTime() - Date.now();
  const now = () => new Date(Date.now() + offset);
  return { now, today: () => chinaDate(now()) };
}
