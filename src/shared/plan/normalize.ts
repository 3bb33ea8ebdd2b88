/**
 * Normalisation: repair what Word exports, PDF extraction, OCR and chat tools do to a plan, and
 * return one paragraph per line. Every offset the parser reports refers to this normalised text,
 * so the review UI highlights exactly the characters that produced a unit or a deadline.
 *
 * Repairs, each seen in real plans:
 * - line endings, BOM, zero-width and control characters;
 * - full-width digits and letters (２０２１年 → 2021年), half-width Chinese punctuation next to
 *   Chinese text (`,` `;` `:` `(` `)` → `，` `；` `：` `（` `）`);
 * - stray markdown (`**四是**`, `## 一、`, `> `, bullets) and markdown escapes;
 * - spaced-out glyphs (`安 全 生 产`, `2024 年`), "and" left by machine translation between two
 *   Chinese words;
 * - page numbers on their own line (`—1—`, `- 3 -`, `第 3 页`, `3/10`);
 * - sentences split across lines and pages: a line that does not end a sentence joins the next one,
 *   unless the next line starts a numbered heading or a responsibility label, or the line is a short
 *   heading (a title, a signature).
 */

import { HAN, HAN_PUNCT } from './text.js';
import { FULL_DATE_SOURCE } from './dates.js';
import { LINE_MARKER_RE, LABEL_START_RE } from './markers.js';

const FULLWIDTH_KEEP = new Set(['（', '）', '：', '；', '，', '！', '？']);

const PAGE_NUMBER_RE =
  /^[-—–~_·•=\s]*(?:第\s*)?\d{1,4}\s*页?\s*(?:[/／]\s*\d{1,4}|[，,]?\s*共\s*\d{1,4}\s*页)?[-—–~_·•=\s]*$/;

const SPACE_BETWEEN_HAN_RE = new RegExp(`(?<=[${HAN}${HAN_PUNCT}\\d%])[ \\t]+(?=[${HAN}${HAN_PUNCT}])`, 'g');
const SPACE_BEFORE_DIGIT_RE = new RegExp(`(?<=[${HAN}${HAN_PUNCT}])[ \\t]+(?=[\\d])`, 'g');
const AND_NOISE_RE = new RegExp(`(?<=[${HAN}])[ \\t]*and[ \\t]*(?=[${HAN}])`, 'g');
const STAR_NEAR_HAN_RE = new RegExp(`\\*+(?=[${HAN}${HAN_PUNCT}])|(?<=[${HAN}${HAN_PUNCT}])\\*+`, 'g');

function halfPunctRe(ch: string): RegExp {
  const esc = ch.replace(/[?()]/g, '\\$&');
  return new RegExp(`(?<=[${HAN}${HAN_PUNCT}])[ \\t]*${esc}[ \\t]*|[ \\t]*${esc}[ \\t]*(?=[${HAN}${HAN_PUNCT}])`, 'g');
}
const HALF_PUNCT: Array<[RegExp, string]> = [
  [halfPunctRe(','), '，'],
  [halfPunctRe(';'), '；'],
  [halfPunctRe(':'), '：'],
  [halfPunctRe('?'), '？'],
  [halfPunctRe('!'), '！'],
];

const HEADING_START_RE = /^(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|\d{1,3}[.、]|第[一二三四五六七八九十]{1,3}(?:部分|章))/;

/** An opening “ or （ or 《 after the last sentence end of `tail` that is not closed yet. */
function hasOpenBracket(tail: string): boolean {
  let quotes = 0;
  let parens = 0;
  let books = 0;
  for (let i = tail.length - 1; i >= 0; i--) {
    const ch = tail[i];
    if (ch === '。' || ch === '；' || ch === '！' || ch === '？') break;
    if (ch === '”') quotes--;
    else if (ch === '“') quotes++;
    else if (ch === '）') parens--;
    else if (ch === '（') parens++;
    else if (ch === '》') books--;
    else if (ch === '《') books++;
    if (quotes > 0 || parens > 0 || books > 0) return true;
  }
  return false;
}

const ITEM_START_RE = /^(?:[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]{1,3}[，、]|（\d{1,3}）|[①-⑳])/;

/** Sentence-final punctuation: a line ending with one is a complete paragraph. */
const TERMINAL = '。！？；：…';
const CLOSERS = '”’」』）】》';

function endsParagraph(line: string): boolean {
  const last = line[line.length - 1];
  if (TERMINAL.includes(last)) return true;
  if (CLOSERS.includes(last)) {
    const prev = line[line.length - 2];
    if (prev !== undefined && TERMINAL.includes(prev)) return true;
    // A line closing a responsibility clause "（X牵头，Y配合）" ends its task.
    if (last === '）') {
      const open = matchingOpen(line, line.length - 1);
      if (open >= 0 && /(牵头|负责|配合|参与|协助)[。；]?$/.test(line.slice(open + 1, line.length - 1))) return true;
    }
  }
  return false;
}

function matchingOpen(s: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0 && close - i < 600; i--) {
    if (s[i] === '）') depth++;
    else if (s[i] === '（') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function cleanLine(raw: string): string {
  let s = raw.trim();
  // markdown headings, quotes, bullets (a page number "- 3 -" was removed before)
  s = s.replace(/^#{1,6}[ \t]*/, '').replace(/^>[ \t]?/, '');
  s = s.replace(/^(?:[*+•●▪◆■□◇○]|-(?=[ \t]))[ \t]*/, '');
  s = s.replace(SPACE_BETWEEN_HAN_RE, '').replace(SPACE_BEFORE_DIGIT_RE, '');
  s = s.replace(AND_NOISE_RE, '和');
  // marker followed by blanks: "1. 深入" → "1.深入"
  s = s.replace(/^(\d{1,3}\.|（[^）]{1,4}）|[一二三四五六七八九十]{1,3}、)[ \t]+/, '$1');
  return s.replace(/[ \t]{2,}/g, ' ').trim();
}

/** Per-character repairs that do not depend on line structure. */
function repairCharacters(line: string): string {
  // collapse blank runs first: later patterns then never scan long runs of spaces
  let s = line.replace(/[ \t\u3000\u00a0\u2002-\u200a\u202f]+/g, ' ');
  // Full-width ASCII → ASCII except the Chinese punctuation the patterns are written in.
  s = s.replace(/[\uff01-\uff5e]/g, (ch) => (FULLWIDTH_KEEP.has(ch) ? ch : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));
  s = s.replace(/[\u3000\u00a0\u2002-\u200a\u202f]/g, ' ').replace(/\uff61/g, '。');
  s = s.replace(/\(/g, '（').replace(/\)/g, '）');
  // Markdown emphasis and escapes.
  s = s.replace(/\*\*|__/g, '').replace(/\\([.*_#()[\]\-（）])/g, '$1');
  s = s.replace(STAR_NEAR_HAN_RE, '');
  for (const [re, rep] of HALF_PUNCT) s = s.replace(re, rep);
  return s;
}

/** A markdown heading (# …) or a line that is bold as a whole (**…**) is a heading. */
const MARKDOWN_HEADING_RE = /^\s*(?:#{1,6}\s|\*\*[^*]+\*\*\s*$)/;
/** A title line: no sentence punctuation, ends with the kind of document it names. */
/** Lines that are complete by themselves: a date, a document number, a 文件 header. */
const COMPLETE_LINE_RE = new RegExp(
  `^(?:${FULL_DATE_SOURCE}|[\\u4e00-\\u9fa5]{1,8}[〔\\[［（【]\\s*\\d{4}\\s*[〕\\]］）】]\\s*\\d{1,4}\\s*号|.{2,40}文件)$`,
);
const TITLE_LINE_RE = /^[^，。；：！？、]{4,60}(?:方案|计划|规划|意见|办法|细则|要点|通知|决定)(?:（[^（）]{0,20}）)?$/;

export function normalizePlanText(raw: string): string {
  const text = String(raw)
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029\u000b\u000c\u0085]/g, '\n')
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '');

  const lines: Array<{ text: string; indented: boolean; heading: boolean; title: boolean }> = [];
  let indentedCount = 0;
  for (const rawLine of text.split('\n')) {
    const trimmed = rawLine.trim();
    // (page numbers are short: the length check keeps the pattern's blank runs from backtracking)
    if (trimmed === '' || (trimmed.length <= 24 && PAGE_NUMBER_RE.test(trimmed))) continue;
    const indented = /^(?: {2,}| ?\u3000)/.test(rawLine);
    if (indented) indentedCount++;
    const heading = MARKDOWN_HEADING_RE.test(rawLine);
    const t = cleanLine(repairCharacters(rawLine));
    if (t !== '') lines.push({ text: t, indented, heading, title: TITLE_LINE_RE.test(t) || COMPLETE_LINE_RE.test(t) });
  }
  if (lines.length === 0) return '';

  // Indentation marks paragraph starts only where the source uses it consistently (pdftotext -layout).
  const useIndent = indentedCount >= 3 && indentedCount < lines.length * 0.9;

  const lengths = lines.map((l) => l.text.length).filter((n) => n >= 2).sort((a, b) => a - b);
  const p80 = lengths.length ? lengths[Math.min(lengths.length - 1, Math.floor(lengths.length * 0.8))] : 40;
  const shortLimit = Math.min(40, Math.max(12, Math.round(0.7 * p80)));

  const out: string[] = [];
  let current = lines[0].text;
  // the last ≤ 600 characters of `current`: checks run on it, never on the growing string
  let tail = current.slice(-600);
  let last = lines[0];
  let linesInCurrent = 1;
  for (let i = 1; i < lines.length; i++) {
    const next = lines[i];
    // A short line is a heading only when it stands alone; the short last line of a wrapped
    // paragraph that stops mid-sentence (a page break in the source) continues on the next line.
    const standalone = linesInCurrent === 1;
    // a whole title or date may itself be wrapped: test the paragraph so far, not its last line
    const complete = tail.length === current.length && tail.length <= 90 && (TITLE_LINE_RE.test(tail) || COMPLETE_LINE_RE.test(tail));
    if (
      !last.heading &&
      !complete &&
      !next.heading &&
      !COMPLETE_LINE_RE.test(next.text) &&
      shouldJoin(tail, last.text, next.text, useIndent && next.indented, standalone ? shortLimit : 0)
    ) {
      // (test the last physical line, not `current`: a regex on a growing string flattens it each time)
      const glue = /[A-Za-z]$/.test(last.text) && /^[A-Za-z]/.test(next.text) ? ' ' : '';
      current += glue + next.text;
      tail = (tail + glue + next.text).slice(-600);
      linesInCurrent++;
    } else {
      out.push(current);
      current = next.text;
      tail = current.slice(-600);
      linesInCurrent = 1;
    }
    last = next;
  }
  out.push(current);
  return out.join('\n');
}

/**
 * Does the paragraph ending in `tail` (its last physical line `line`) continue on `next`?
 * `shortLimit` 0 disables the short-heading rule (the line is not the paragraph's first).
 */
function shouldJoin(tail: string, line: string, next: string, nextIndented: boolean, shortLimit: number): boolean {
  if (endsParagraph(tail)) return false;
  if (/^[，。；：、）》”’！？%]/.test(next)) return true; // the next line continues the sentence
  if (/[一二三四五六七八九十]$/.test(line) && /^[一二三四五六七八九十]*是/.test(next)) return true; // "十\n六是…"
  // "安全第\n一、预防为主": after 第, an enumeration comma or an opening bracket the sentence goes on,
  // even when the next line happens to start like a heading
  if (/[第、，“‘（《]$/.test(line)) return true;
  // inside an open quotation or bracket the sentence goes on ("按照“安全\n第一、预防为主”")
  if (hasOpenBracket(tail)) return true;
  // an indented line starts a paragraph, unless the current one is a sentence still running
  if (nextIndented && !/[。；！？]/.test(tail) && !(/，/.test(tail) && !HEADING_START_RE.test(tail))) return false;
  if (LINE_MARKER_RE.test(next) || LABEL_START_RE.test(next)) return false;
  // A short line without sentence punctuation is a heading, a title or a signature — but a line
  // opening an enumerated point (一是… （1）… ①…) is prose, never a heading.
  if (line.length >= 3 && line.length < shortLimit && !/[。；！？]/.test(line) && !ITEM_START_RE.test(line)) return false;
  return true;
}
