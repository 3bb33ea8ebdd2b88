/**
 * China time (Asia/Shanghai, UTC+8, no daylight saving since 1991) for server and web: calendar
 * dates as 'YYYY-MM-DD', instants formatted zero-padded. These functions take the instant they
 * work on; nothing here reads the clock (the server's clock is deps.clock, the web's the browser).
 */

const CST_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar date of an instant in China, 'YYYY-MM-DD'. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar year of an instant in China. */
export function chinaYear(at: Date): number {
  return Number(chinaDate(at).slice(0, 4));
}

/** 'YYYY-MM' of an instant in China. */
export function chinaMonth(at: Date): string {
  return chinaDate(at).slice(0, 7);
}

/** The instant China's day `date` begins (00:00 Beijing). */
export function chinaDayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - CST_OFFSET_MS);
}

/** `date` + `days` (calendar arithmetic on 'YYYY-MM-DD'). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `a` to `b` ('YYYY-MM-DD'), b − a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** `date` moved by whole months, the day clamped to the month's end (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const idx = y * 12 + (m - 1) + months;
  const year = Math.floor(idx / 12);
  const month = (idx % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(Math.min(d, last))}`;
}

function parts(value: string | Date): { date: string; time: string } | null {
  const ms = typeof value === 'string' ? Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00+08:00` : value) : value.getTime();
  if (!Number.isFinite(ms)) return null;
  const iso = new Date(ms + CST_OFFSET_MS).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 19) };
}

/** '2026-12-04 09:05' (China time, zero-padded); '—' for nothing or an invalid value. */
export function formatDateTime(value: string | Date | null | undefined, opts: { seconds?: boolean } = {}): string {
  if (value === null || value === undefined || value === '') return '—';
  const p = parts(value);
  if (!p) return '—';
  return `${p.date} ${opts.seconds ? p.time : p.time.slice(0, 5)}`;
}

/** '2026-12-04' (China time); a plain date is shown as it is. */
export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return parts(value)?.date ?? '—';
}

/** '2026年12月4日' for documents and headings. */
export function formatDateChinese(value: string | Date | null | undefined): string {
  const d = formatDate(value);
  if (d === '—') return d;
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}

/** 'YYYYMMDD' of an instant in China (file names). */
export function dateStamp(at: Date): string {
  return chinaDate(at).replace(/-/g, '');
}
