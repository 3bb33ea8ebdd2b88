/**
 * Character classes, Chinese numerals and small text helpers shared by the parser stages.
 * Kept free of any document wording: only script properties and numeral systems.
 */

/** CJK ideographs (BMP blocks a plan uses). For RegExp character classes. */
export const HAN = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
/** CJK punctuation, full-width forms, curly quotes, dashes, ellipsis, middle dot. */
export const HAN_PUNCT =
  '\\u3000-\\u303f\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff65\\u2018\\u2019\\u201c\\u201d\\u2014\\u2026\\u00b7';

const HAN_RE = new RegExp(`[${HAN}]`);
export function isHan(ch: string | undefined): boolean {
  return ch !== undefined && HAN_RE.test(ch);
}

const DIGITS: Record<string, number> = {
  〇: 0, 零: 0, '○': 0, Ｏ: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/**
 * Value of a Chinese numeral up to 9999 (一, 十六, 二十三, 一百零五) or of Arabic digits.
 * Returns NaN for anything else.
 */
export function chineseNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (s.length === 0) return NaN;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const ch of s) {
    if (ch in DIGITS) {
      current = DIGITS[ch];
      seen = true;
    } else if (ch === '十' || ch === '百' || ch === '千') {
      const unit = ch === '十' ? 10 : ch === '百' ? 100 : 1000;
      total += (seen ? current : 1) * unit;
      current = 0;
      seen = false;
    } else {
      return NaN;
    }
  }
  return total + current;
}

/** A year written digit by digit in Chinese (二〇二〇) or in Arabic (2020). */
export function chineseYear(s: string): number {
  if (/^\d{4}$/.test(s)) return Number(s);
  if (s.length !== 4) return NaN;
  let y = 0;
  for (const ch of s) {
    if (!(ch in DIGITS)) return NaN;
    y = y * 10 + DIGITS[ch];
  }
  return y;
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
export function circledNumber(ch: string): number {
  const i = CIRCLED.indexOf(ch);
  return i < 0 ? NaN : i + 1;
}

/** Split at any of `seps` outside brackets （）《》“”【】〔〕. Returns [text, offset] pairs. */
export function splitTopLevel(s: string, seps: string): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '（' || ch === '《' || ch === '“' || ch === '【' || ch === '〔') depth++;
    else if ((ch === '）' || ch === '》' || ch === '”' || ch === '】' || ch === '〕') && depth > 0) depth--;
    else if (depth === 0 && seps.includes(ch)) {
      out.push([s.slice(from, i), from]);
      from = i + 1;
    }
  }
  out.push([s.slice(from), from]);
  return out;
}

/** Trim a [start, end) range of `text` of whitespace on both sides. */
export function trimRange(text: string, start: number, end: number): [number, number] {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return [start, end];
}

/** Lines of `text` with their offsets (the normalised text has one paragraph per line). */
export interface Paragraph {
  text: string;
  start: number;
  end: number;
}

export function paragraphsOf(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      if (i > start) out.push({ text: text.slice(start, i), start, end: i });
      start = i + 1;
    }
  }
  return out;
}

/** Ranges of 《…》 titles, where dates and numbers are part of a name, not a requirement. */
export function bookTitleRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let open = -1;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '《') {
      if (depth === 0) open = i;
      depth++;
    } else if (ch === '》' && depth > 0) {
      depth--;
      if (depth === 0) out.push([open, i + 1]);
    } else if (ch === '\n') {
      depth = 0;
    }
  }
  return out;
}

/** Binary search: is `pos` inside one of the sorted, disjoint `ranges`? */
export function inRanges(ranges: Array<[number, number]>, pos: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [s, e] = ranges[mid];
    if (pos < s) hi = mid - 1;
    else if (pos >= e) lo = mid + 1;
    else return true;
  }
  return false;
}
