/**
 * Hierarchy markers of Chinese official documents (GB/T 9704-2012 §7.3.3 orders the levels
 * 一、 → （一） → 1. → （1）) plus the inline enumerations plans use inside a paragraph
 * (一是… 二是…, 第一，…, ①…).
 */

import { chineseNumber, circledNumber, type Paragraph } from './text.js';

export type MarkerFamily =
  | 'part' // 第一部分 / 第一章
  | 'cn-dun' // 一、
  | 'cn-paren' // （一）
  | 'ar-dot' // 1.
  | 'ar-dun' // 1、
  | 'ar-paren' // （1）
  | 'circled' // ①
  | 'cn-shi' // 一是
  | 'cn-di'; // 第一，

/** Conventional rank (smaller = higher level) of the heading families. */
export const FAMILY_RANK: Record<MarkerFamily, number> = {
  part: 0,
  'cn-dun': 1,
  'cn-paren': 2,
  'ar-dot': 3,
  'ar-dun': 3,
  'ar-paren': 4,
  circled: 5,
  'cn-shi': 6,
  'cn-di': 6,
};

/** Families that title a block (as opposed to enumerating points inside a paragraph). */
export function isHeadingFamily(f: MarkerFamily): boolean {
  return f === 'part' || f === 'cn-dun' || f === 'cn-paren' || f === 'ar-dot' || f === 'ar-dun';
}

export function isArabicHeading(f: MarkerFamily): boolean {
  return f === 'ar-dot' || f === 'ar-dun';
}

/** Families that writers mix up for the same level; numbering continuity decides. */
export function compatibleFamilies(a: MarkerFamily, b: MarkerFamily): boolean {
  if (a === b) return true;
  const groups: MarkerFamily[][] = [
    ['ar-dot', 'ar-dun'],
    ['ar-paren', 'circled'],
    ['cn-shi', 'cn-di'],
    ['part', 'cn-dun'],
  ];
  return groups.some((g) => g.includes(a) && g.includes(b));
}

const CN = '[一二三四五六七八九十百零〇]{1,4}';
const CN_SMALL = '[一二三四五六七八九十]{1,3}';

interface LinePattern {
  family: MarkerFamily;
  re: RegExp;
}

/** Markers recognised at the start of a paragraph. Group 1 = the numeral. */
const LINE_PATTERNS: LinePattern[] = [
  { family: 'part', re: new RegExp(`^第(${CN})(?:部分|章)[ ：:]?`) },
  // "三、四级危化品…" continues a sentence: a numeral after the 、 is an enumeration, not a heading.
  { family: 'cn-dun', re: new RegExp(`^(${CN})[、.](?![一二三四五六七八九十]+[级类等是])`) },
  { family: 'cn-paren', re: new RegExp(`^（(${CN})）`) },
  { family: 'ar-paren', re: /^（(\d{1,3})）/ },
  // "1.5米" is a decimal, but "1.2021年底前…" is item 1 starting with a year
  { family: 'ar-dot', re: /^(\d{1,3})\.(?:(?!\d)|(?=(?:19|20)\d{2}\s*年))/ },
  { family: 'ar-dun', re: /^(\d{1,3})、/ },
  { family: 'circled', re: /^([①-⑳])/ },
  { family: 'cn-shi', re: new RegExp(`^(${CN_SMALL})是(?!否)`) },
  { family: 'cn-di', re: new RegExp(`^第(${CN_SMALL})[，、]`) },
];

/** Does a line start with a numbered heading or item? (used when joining broken lines) */
export const LINE_MARKER_RE = new RegExp(
  LINE_PATTERNS.map((p) => p.re.source.replace(/^\^/, '')).map((s) => `(?:${s})`).join('|').replace(/^/, '^(?:') + ')',
);

/** Responsibility labels that start a line: 牵头单位：… / 【责任单位】… */
export const LABEL_START_RE =
  /^【?\s*(?:牵头|主责|主办|责任|配合|协办|参与|协助|协同)(?:单位|部门)\s*[】：:]|^【?\s*(?:完成时限|完成时间|时间节点|时限要求)\s*[】：:]/;

/** Inline markers: after sentence punctuation (or a comma for 一是) inside a paragraph. */
const INLINE_PATTERNS: LinePattern[] = [
  { family: 'cn-shi', re: new RegExp(`(?<=[。；！？：，）][”’」』）]?\\s*)(${CN_SMALL})是(?!否)`, 'g') },
  { family: 'cn-di', re: new RegExp(`(?<=[。；！？：]\\s*)第(${CN_SMALL})[，、]`, 'g') },
  { family: 'ar-paren', re: /(?<=[。；！？：）]\s*)（(\d{1,2})）/g },
  { family: 'circled', re: /(?<=[。；！？：，]\s*)([①-⑳])/g },
];

export interface MarkerHit {
  family: MarkerFamily;
  ordinal: number;
  /** offset of the marker in the text */
  start: number;
  /** offset just after the marker */
  bodyStart: number;
  marker: string;
  inline: boolean;
  paragraphStart: number;
}

function numeralOf(family: MarkerFamily, s: string): number {
  return family === 'circled' ? circledNumber(s) : chineseNumber(s);
}

/** All markers of the given paragraphs, in text order. */
export function scanMarkers(paragraphs: Paragraph[]): MarkerHit[] {
  const hits: MarkerHit[] = [];
  for (const p of paragraphs) {
    let lineHitEnd = 0;
    for (const pat of LINE_PATTERNS) {
      const m = pat.re.exec(p.text);
      if (!m) continue;
      const ordinal = numeralOf(pat.family, m[1]);
      if (!(ordinal >= 1 && ordinal <= 200)) break;
      hits.push({
        family: pat.family,
        ordinal,
        start: p.start,
        bodyStart: p.start + m[0].length,
        marker: m[0],
        inline: false,
        paragraphStart: p.start,
      });
      lineHitEnd = m[0].length;
      break;
    }
    const inline: MarkerHit[] = [];
    for (const pat of INLINE_PATTERNS) {
      pat.re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = pat.re.exec(p.text)) !== null) {
        if (m.index < lineHitEnd) continue;
        const ordinal = numeralOf(pat.family, m[1]);
        if (!(ordinal >= 1 && ordinal <= 200)) continue;
        inline.push({
          family: pat.family,
          ordinal,
          start: p.start + m.index,
          bodyStart: p.start + m.index + m[0].length,
          marker: m[0],
          inline: true,
          paragraphStart: p.start,
        });
      }
    }
    inline.sort((a, b) => a.start - b.start);
    hits.push(...inline);
  }
  return hits;
}
