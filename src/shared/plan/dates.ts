/**
 * Dates in plans: deadlines (2021年底前 …), recurrences (每季度至少1次 …) and phase ranges
 * (从即日起至2020年9月 …). A deadline's `date` is the last day the work may take:
 *
 * | written                     | kind         | date                                   |
 * |-----------------------------|--------------|----------------------------------------|
 * | 2021年底前, 到2021年底, 2021年底 | by        | 2021-12-31                             |
 * | 2020年10月底前               | by           | 2020-10-31                             |
 * | 2021年6月30日前              | by           | 2021-06-30                             |
 * | 2020年10月前                 | before       | 2020-09-30 (before October starts)     |
 * | 2025年前                     | before       | 2024-12-31 (before the year starts)    |
 * | 2021年, 2021年度, 2021年内    | during       | 2021-12-31                             |
 * | 2021年度前                   | by           | 2021-12-31 (年度 names the year as a period) |
 * | 2024年第二季度 / 上半年       | during       | 2024-06-30                             |
 * | 2022年11月                   | during       | 2022-11-30                             |
 * | 2021年6月30日                | on           | 2021-06-30                             |
 * | 三年内, 3年内, 三年行动期间    | campaign_end | campaign end                           |
 * | 长期坚持, 持续推进            | ongoing      | null                                   |
 */

import { chineseNumber, chineseYear, inRanges } from './text.js';
import type { Deadline, DeadlineKind, Recurrence, RecurrencePeriod } from './types.js';

export function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function isoDate(y: number, m: number, d: number): string {
  return `${y}-${pad(m)}-${pad(d)}`;
}

export function isValidIso(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  return m >= 1 && m <= 12 && d >= 1 && d <= lastDay(y, m);
}

export function addDays(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

function monthEnd(y: number, m: number): string {
  return isoDate(y, m, lastDay(y, m));
}

function plausibleYear(y: number): boolean {
  return y >= 1990 && y <= 2100;
}

const Y = '(\\d{4}|[〇○零一二三四五六七八九]{4})';
const M = '(\\d{1,2}|十[一二]?|[一二三四五六七八九])';
const D = '(\\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])';

/** A full date line: 2020年9月23日 / 二〇二〇年九月二十三日. */
export function parseFullDate(s: string): string | null {
  const m = new RegExp(`^${Y}年${M}月${D}日$`).exec(s.trim());
  if (!m) return null;
  const y = chineseYear(m[1]);
  const mo = chineseNumber(m[2]);
  const d = chineseNumber(m[3]);
  if (!plausibleYear(y) || !(mo >= 1 && mo <= 12) || !(d >= 1 && d <= lastDay(y, mo))) return null;
  return isoDate(y, mo, d);
}

export const FULL_DATE_SOURCE = `${Y}年${M}月${D}日`;

// Groups: 1 prefix, 2 year, 3 quarter, 4 quarter-end, 5 half, 6 half-end, 7 年度, 8 year-end,
// 9 month, 10 day, 11 旬, 12 month-end, 13 前.
const DATED_RE = new RegExp(
  `(?<![\\d〇○零一二三四五六七八九])(到|至|截至|截止到|截止|于|在)?${Y}\\s*年(?:第?([一二三四1-4])季度(末|底)?|([上下])半年(末|底)?|(度)|年?(底|末)|${M}\\s*月(?:${D}[日号]|([上中下])旬|(底|末))?)?(之前|以前|前)?`,
  'g',
);
const YEARLESS_RE = new RegExp(`(?<![年\\d每逐个第])(到|至|截至|于|在)?${M}月(?:${D}[日号]|(底|末))?(之前|以前|前)?`, 'g');
const NOT_A_DEADLINE_AFTER_RE = /^(?:版|以来|起|开始|至今|以后|后|发布|印发|颁布|修订|修正|出台|第\d+号|第[一二三四五六七八九十]+号|的《)/;
// 较2023年 / 比2020年 / 与2019年相比: a baseline year, not a deadline
const NOT_A_DEADLINE_BEFORE_RE = /(?:自|从|始于|截至目前|较|比|与|同比|\d)$/;
const RANGE_TAIL_RE = /^(?:至|到|—|–|-|~|～)(?:(\d{4})年)?(\d{1,2})月(底|末)?(?:(\d{1,2})日)?/;
const RELATIVE_RE =
  /(?<![近过去前后每])(?:在|于)?([三3两2二四4五5一1])\s*年(?:之内|内|期间)|(?<![近过去前后每])([三3两2二四4五5])\s*年(?:行动|专项整治|专项行动|攻坚行动|治本攻坚|整治)期间/g;
const ONGOING_RE = /长期坚持|持续推进|长期推进|长期开展|长期实施|长期执行|常态长效|(?<=(?:时限|时间)\s*[：:】]\s*)长期/g;

export interface CampaignPeriod {
  start: string | null;
  end: string | null;
  /** the plan's own length in years ("三年行动" → 3), when it names one */
  years?: number | null;
}

export interface FoundDeadline extends Deadline {
  /** a month/day written without its year, completed from the paragraph (or left null) */
  yearless?: boolean;
}

/**
 * Every deadline expression in text[from, to), skipping `exclude` ranges (book titles, phase
 * headings). Pure function of the text and the campaign period.
 */
export function findDeadlines(
  text: string,
  from: number,
  to: number,
  campaign: CampaignPeriod,
  exclude: Array<[number, number]>,
): FoundDeadline[] {
  const region = text.slice(from, to);
  const out: FoundDeadline[] = [];
  const years: Array<{ pos: number; year: number }> = [];

  DATED_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DATED_RE.exec(region)) !== null) {
    const absStart = from + m.index;
    const y = chineseYear(m[2]);
    if (!plausibleYear(y) || inRanges(exclude, absStart)) continue;
    const after = region.slice(m.index + m[0].length, m.index + m[0].length + 6);
    const before = region.slice(Math.max(0, m.index - 3), m.index);
    years.push({ pos: absStart, year: y });
    const hasDetail = m.slice(3, 14).some((g) => g !== undefined);
    if (!hasDetail && (NOT_A_DEADLINE_AFTER_RE.test(after) || NOT_A_DEADLINE_BEFORE_RE.test(before))) continue;
    if (NOT_A_DEADLINE_BEFORE_RE.test(before) && !m[1]) continue;
    if (/^(?:以来|起|开始|至今)/.test(after)) continue;

    const found = datedDeadline(m, y);
    if (!found) continue;
    let end = m.index + m[0].length;
    // a range "2021年3月至6月" / "2020年9月至2020年12月31日" ends at its second date
    const range = RANGE_TAIL_RE.exec(region.slice(end, end + 16));
    if (range) {
      const y2 = range[1] ? Number(range[1]) : y;
      const m2 = Number(range[2]);
      if (m2 >= 1 && m2 <= 12 && plausibleYear(y2)) {
        const d2 = range[4] ? Number(range[4]) : lastDay(y2, m2);
        if (d2 >= 1 && d2 <= lastDay(y2, m2)) {
          found.date = isoDate(y2, m2, d2);
          found.kind = range[3] || range[4] ? 'by' : 'during';
          end += range[0].length;
        }
      }
    }
    const skipPrefix = m[1] === '于' || m[1] === '在' ? m[1].length : 0;
    const s = from + m.index + skipPrefix;
    const e = from + end;
    out.push({ ...found, text: text.slice(s, e), start: s, end: e });
    DATED_RE.lastIndex = end;
  }

  const covered = out.map((d): [number, number] => [d.start, d.end]).sort((a, b) => a[0] - b[0]);
  YEARLESS_RE.lastIndex = 0;
  while ((m = YEARLESS_RE.exec(region)) !== null) {
    const absStart = from + m.index;
    if (m[0].length === 0) {
      YEARLESS_RE.lastIndex++;
      continue;
    }
    if (!m[4] && !m[5]) continue; // needs 底 or 前 to be a deadline
    if (inRanges(exclude, absStart) || inRanges(covered, absStart) || inRanges(covered, absStart + m[0].length - 1)) continue;
    const mo = chineseNumber(m[2]);
    if (!(mo >= 1 && mo <= 12)) continue;
    // the year of the nearest dated expression before it in the same paragraph
    const lookFrom = Math.max(0, absStart - 400);
    const paraStart = lookFrom + text.slice(lookFrom, absStart).lastIndexOf('\n') + 1;
    let year: number | null = null;
    for (let i = years.length - 1; i >= 0; i--) {
      if (years[i].pos < absStart && years[i].pos >= paraStart) {
        year = years[i].year;
        break;
      }
      if (years[i].pos < paraStart) break;
    }
    const day = m[3] ? chineseNumber(m[3]) : NaN;
    let date: string | null = null;
    let kind: DeadlineKind = 'by';
    if (year !== null) {
      if (m[3]) {
        if (!(day >= 1 && day <= lastDay(year, mo))) continue;
        date = isoDate(year, mo, day);
        kind = m[5] ? 'by' : 'on';
      } else if (m[4]) {
        date = monthEnd(year, mo);
      } else {
        date = mo === 1 ? isoDate(year - 1, 12, 31) : monthEnd(year, mo - 1);
        kind = 'before';
      }
    } else {
      kind = m[3] || m[4] ? 'by' : 'before';
    }
    const skipPrefix = m[1] === '于' || m[1] === '在' ? m[1].length : 0;
    const s = absStart + skipPrefix;
    out.push({ date, kind, text: text.slice(s, absStart + m[0].length), start: s, end: absStart + m[0].length, yearless: true });
  }

  RELATIVE_RE.lastIndex = 0;
  while ((m = RELATIVE_RE.exec(region)) !== null) {
    const absStart = from + m.index;
    if (inRanges(exclude, absStart)) continue;
    const n = chineseNumber(m[1] ?? m[2]);
    const skip = /^[在于]/.test(m[0]) ? 1 : 0;
    const s = absStart + skip;
    const e = absStart + m[0].length;
    out.push({ ...relativeDeadline(n, campaign), text: text.slice(s, e), start: s, end: e });
  }

  ONGOING_RE.lastIndex = 0;
  while ((m = ONGOING_RE.exec(region)) !== null) {
    const s = from + m.index;
    if (inRanges(exclude, s)) continue;
    out.push({ date: null, kind: 'ongoing', text: m[0], start: s, end: s + m[0].length });
  }

  out.sort((a, b) => a.start - b.start);
  return out;
}

function datedDeadline(m: RegExpExecArray, y: number): { date: string | null; kind: DeadlineKind } | null {
  const before = m[13] !== undefined;
  const byPrefix = m[1] === '到' || m[1] === '至' || (m[1] ?? '').startsWith('截');
  if (m[3] !== undefined) {
    const q = chineseNumber(m[3]);
    if (!(q >= 1 && q <= 4)) return null;
    if (before && !m[4]) return { date: q === 1 ? isoDate(y - 1, 12, 31) : monthEnd(y, (q - 1) * 3), kind: 'before' };
    return { date: monthEnd(y, q * 3), kind: m[4] || before || byPrefix ? 'by' : 'during' };
  }
  if (m[5] !== undefined) {
    const firstHalf = m[5] === '上';
    if (before && !m[6]) return { date: firstHalf ? isoDate(y - 1, 12, 31) : isoDate(y, 6, 30), kind: 'before' };
    return { date: firstHalf ? isoDate(y, 6, 30) : isoDate(y, 12, 31), kind: m[6] || before || byPrefix ? 'by' : 'during' };
  }
  if (m[7] !== undefined) return { date: isoDate(y, 12, 31), kind: before || byPrefix ? 'by' : 'during' };
  if (m[8] !== undefined) return { date: isoDate(y, 12, 31), kind: 'by' };
  if (m[9] !== undefined) {
    const mo = chineseNumber(m[9]);
    if (!(mo >= 1 && mo <= 12)) return null;
    if (m[10] !== undefined) {
      const d = chineseNumber(m[10]);
      if (!(d >= 1 && d <= lastDay(y, mo))) return null;
      return { date: isoDate(y, mo, d), kind: before || byPrefix ? 'by' : 'on' };
    }
    if (m[11] !== undefined) {
      const d = m[11] === '上' ? 10 : m[11] === '中' ? 20 : lastDay(y, mo);
      return { date: isoDate(y, mo, d), kind: 'by' };
    }
    if (m[12] !== undefined) return { date: monthEnd(y, mo), kind: 'by' };
    if (before) return { date: mo === 1 ? isoDate(y - 1, 12, 31) : monthEnd(y, mo - 1), kind: 'before' };
    return { date: monthEnd(y, mo), kind: byPrefix ? 'by' : 'during' };
  }
  if (before) return { date: isoDate(y - 1, 12, 31), kind: 'before' };
  return { date: isoDate(y, 12, 31), kind: byPrefix ? 'by' : 'during' };
}

/** Number of calendar years a campaign spans (2020-09-23 … 2022-12-31 → 3). */
export function campaignYears(c: CampaignPeriod): number | null {
  if (!c.start || !c.end) return null;
  return Number(c.end.slice(0, 4)) - Number(c.start.slice(0, 4)) + 1;
}

function relativeDeadline(n: number, c: CampaignPeriod): { date: string | null; kind: DeadlineKind } {
  const years = c.years ?? campaignYears(c);
  if (years === null || years === n) return { date: c.end, kind: 'campaign_end' };
  if (c.start && n >= 1) {
    const y = Number(c.start.slice(0, 4)) + n;
    return { date: addDays(`${y}${c.start.slice(4)}`, -1), kind: 'by' };
  }
  return { date: null, kind: 'by' };
}

// ---------------------------------------------------------------------------------------------
// Recurrence

const RECUR_RE = /(至少|不少于)?(?:每(?:个)?(日|天|周|星期|旬|月|季度|季|半年|年度|年)|逐(日|月|季度|季|周)|按(月|季度|季|周))/g;
const TIMES_RE = /^[^，。；\n]{0,14}?(至少|不少于|不低于)?(\d+|[一两二三四五六七八九十])次/;

function period(word: string): RecurrencePeriod {
  switch (word) {
    case '日':
    case '天':
      return 'day';
    case '周':
    case '星期':
      return 'week';
    case '旬':
      return 'tenday';
    case '月':
      return 'month';
    case '季':
    case '季度':
      return 'quarter';
    case '半年':
      return 'halfyear';
    default:
      return 'year';
  }
}

export function findRecurrences(text: string, from: number, to: number, exclude: Array<[number, number]>): Recurrence[] {
  const region = text.slice(from, to);
  const out: Recurrence[] = [];
  RECUR_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = RECUR_RE.exec(region)) !== null) {
    const s = from + m.index;
    if (inRanges(exclude, s)) continue;
    const word = m[2] ?? m[3] ?? m[4];
    let e = s + m[0].length;
    let times: number | null = null;
    let atLeast = !!m[1];
    const t = TIMES_RE.exec(region.slice(m.index + m[0].length, m.index + m[0].length + 24));
    if (t) {
      const n = chineseNumber(t[2] === '两' ? '二' : t[2]);
      if (n >= 1) {
        times = n;
        atLeast = atLeast || /至少|不少于|不低于/.test(t[0]);
        e += t[0].length;
      }
    }
    out.push({ every: period(word), times, atLeast, text: text.slice(s, e), start: s, end: e });
    RECUR_RE.lastIndex = e - from;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Periods of phases: "从即日起至2020年9月", "2020年9月至2020年12月31日", "2021年", "2024年1-2月"

interface Point {
  start: string;
  end: string;
  /** written with 底/前: only an end */
  endOnly: boolean;
  year: number;
}

function parsePoint(s: string, defaultYear: number | null, monthWithoutWord = false): Point | null {
  const t = s.replace(/[\s。，；：]/g, '').replace(/(止|为止|结束|完成)$/, '');
  const re = new RegExp(
    `^(?:${Y}年)?(?:第?([一二三四1-4])季度|([上下])半年|${M}${monthWithoutWord ? '月?' : '月'}(?:${D}[日号])?|(度))?(底|末)?(之前|以前|前)?$`,
  );
  const m = re.exec(t);
  if (!m || t === '') return null;
  const y = m[1] ? chineseYear(m[1]) : defaultYear;
  if (y === null || !plausibleYear(y)) return null;
  const endOnly = !!(m[7] || m[8]);
  if (m[2]) {
    const q = chineseNumber(m[2]);
    if (!(q >= 1 && q <= 4)) return null;
    return { start: isoDate(y, q * 3 - 2, 1), end: monthEnd(y, q * 3), endOnly, year: y };
  }
  if (m[3]) return m[3] === '上' ? { start: isoDate(y, 1, 1), end: isoDate(y, 6, 30), endOnly, year: y } : { start: isoDate(y, 7, 1), end: isoDate(y, 12, 31), endOnly, year: y };
  if (m[4]) {
    const mo = chineseNumber(m[4]);
    if (!(mo >= 1 && mo <= 12)) return null;
    if (m[5]) {
      const d = chineseNumber(m[5]);
      if (!(d >= 1 && d <= lastDay(y, mo))) return null;
      return { start: isoDate(y, mo, d), end: isoDate(y, mo, d), endOnly, year: y };
    }
    if (m[8] && !m[7]) {
      // "3月前": before March starts
      const prev = mo === 1 ? isoDate(y - 1, 12, 31) : monthEnd(y, mo - 1);
      return { start: prev, end: prev, endOnly: true, year: y };
    }
    return { start: isoDate(y, mo, 1), end: monthEnd(y, mo), endOnly, year: y };
  }
  if (!m[1]) return null;
  return { start: isoDate(y, 1, 1), end: isoDate(y, 12, 31), endOnly, year: y };
}

const IMMEDIATE_RE = /^(?:从|自)?(?:即日|印发之日|发文之日|本方案印发之日)起?/;
const CONNECTOR_RE = /至|到|—|–|~|～|-/;

/**
 * The period a phase heading gives, or null. `issuedOn` fills 即日; `previousEnd` fills the start
 * of a period written only with its end ("2024年3月底前").
 */
export function parsePeriod(
  s: string,
  issuedOn: string | null,
  previousEnd: string | null,
): { start: string | null; end: string | null } | null {
  const t = s.replace(/\s/g, '');
  const imm = IMMEDIATE_RE.exec(t);
  if (imm && imm[0].length > 0 && /即日|之日/.test(imm[0])) {
    const rest = t.slice(imm[0].length).replace(/^(至|到|—|–|~|～|-)/, '');
    const end = parsePoint(rest, null);
    return { start: issuedOn, end: end ? end.end : null };
  }
  const c = CONNECTOR_RE.exec(t);
  if (c && c.index > 0) {
    const leftText = t.slice(0, c.index);
    const rightText = t.slice(c.index + c[0].length);
    const right0 = parsePoint(rightText, null, false);
    let left = parsePoint(leftText, null);
    // "2024年1-2月": the month word is written once, after the second number
    if (!left && /月/.test(rightText)) left = parsePoint(leftText, null, true);
    if (!left) return null;
    const right = right0 ?? parsePoint(rightText, left.year, false) ?? parsePoint(rightText, left.year, true);
    if (!right) return null;
    return { start: left.start, end: right.end };
  }
  const p = parsePoint(t, null);
  if (!p) return null;
  if (p.endOnly) return { start: previousEnd ? addDays(previousEnd, 1) : null, end: p.end };
  return { start: p.start, end: p.end };
}
