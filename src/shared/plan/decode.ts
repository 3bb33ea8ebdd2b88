/**
 * Bytes → text for uploaded plans. Offices save plans as UTF-8 (new systems), UTF-16 (Word's
 * "Unicode text"), or GBK/GB18030 (Windows' Chinese default, still the most common .txt).
 * Uses only TextDecoder, which browsers and Node 20 (full ICU) both provide.
 */

import { PlanInputError } from './errors.js';
import { HAN } from './text.js';

export const MAX_PLAN_BYTES = 10 * 1024 * 1024;

const HAN_RE = new RegExp(`[${HAN}]`, 'g');

function decodeStrict(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function startsWith(buf: Uint8Array, sig: number[]): boolean {
  return sig.every((b, i) => buf[i] === b);
}

/** Recognise formats that are not text so the user gets a specific message. */
function rejectKnownBinary(buf: Uint8Array): void {
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46])) {
    throw new PlanInputError('UNSUPPORTED_FORMAT', 'PDF 文件无法直接解析，请先另存为 Word（.docx）或纯文本（.txt）后再上传。');
  }
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new PlanInputError('UNSUPPORTED_FORMAT', '暂不支持旧版 Word（.doc）或 WPS 格式，请在 Word 中另存为 .docx 后再上传。');
  }
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) {
    throw new PlanInputError('UNSUPPORTED_FORMAT', '这是一个压缩包或 Word 文档，请以 .docx 文件上传，或另存为纯文本（.txt）。');
  }
}

/** UTF-16 without a BOM: zero bytes on one side of every ASCII character, and plausible text. */
function guessUtf16(buf: Uint8Array): string | null {
  if (buf.length < 4 || buf.length % 2 !== 0) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < buf.length; i += 2) {
    if (buf[i] === 0) evenZero++;
    if (buf[i + 1] === 0) oddZero++;
  }
  const pairs = buf.length / 2;
  // ASCII puts its zero byte on one side; a CJK code unit has a zero low byte only now and then (U+4E00)
  const label =
    oddZero > pairs * 0.1 && evenZero <= pairs * 0.05 ? 'utf-16le' : evenZero > pairs * 0.1 && oddZero <= pairs * 0.05 ? 'utf-16be' : null;
  if (!label) return null;
  const text = decodeStrict(label, buf);
  return text !== null && plausibleText(text) ? text : null;
}

/** Mostly letters, CJK, digits, punctuation and whitespace — not control characters. */
function plausibleText(text: string): boolean {
  if (text.length === 0) return false;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) || c === 0xfffd || (c >= 0xe000 && c <= 0xf8ff)) bad++;
  }
  return bad / text.length < 0.01;
}

/**
 * Share of double-byte sequences in the GB2312 area (lead A1–F7, trail A1–FE). Chinese text in
 * GBK lives almost entirely there; Big5 or Shift-JIS bytes read as GBK do not.
 */
function gb2312Share(buf: Uint8Array): number {
  let pairs = 0;
  let inGb2312 = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b < 0x80) continue;
    const t = buf[i + 1];
    if (t === undefined) break;
    pairs++;
    if (b >= 0xa1 && b <= 0xf7 && t >= 0xa1 && t <= 0xfe) inGb2312++;
    i++;
  }
  return pairs === 0 ? 1 : inGb2312 / pairs;
}

/**
 * Decode an uploaded plan. Throws PlanInputError for empty input, binary data, an encoding it
 * cannot read, and text without any plan structure.
 */
export function decodePlanBytes(buf: Uint8Array): string {
  if (buf.length === 0) throw new PlanInputError('EMPTY', '文件为空，请上传包含方案正文的文本或 Word 文件。');
  if (buf.length > MAX_PLAN_BYTES) {
    throw new PlanInputError('TOO_LARGE', `文件超过 ${MAX_PLAN_BYTES / 1024 / 1024} MB 上限，请拆分后上传。`);
  }

  let text: string | null = null;
  if (startsWith(buf, [0xef, 0xbb, 0xbf])) text = decodeStrict('utf-8', buf.subarray(3));
  else if (startsWith(buf, [0xff, 0xfe])) text = decodeStrict('utf-16le', buf.subarray(2));
  else if (startsWith(buf, [0xfe, 0xff])) text = decodeStrict('utf-16be', buf.subarray(2));
  if (text === null) {
    rejectKnownBinary(buf);
    text = guessUtf16(buf);
  }
  if (text === null) {
    if (buf.includes(0)) throw new PlanInputError('BINARY', '文件包含二进制数据，不是文本文件。请上传 .txt 或 .docx 格式的方案。');
    let control = 0;
    for (const b of buf) if ((b < 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0x0c) || b === 0x7f) control++;
    if (control / buf.length > 0.01) {
      throw new PlanInputError('BINARY', '文件包含大量控制字符，不是文本文件。请上传 .txt 或 .docx 格式的方案。');
    }
    text = decodeStrict('utf-8', buf);
    if (text === null) {
      const gb = gb2312Share(buf) >= 0.7 ? decodeStrict('gb18030', buf) : null;
      if (gb === null) {
        throw new PlanInputError(
          'UNKNOWN_ENCODING',
          '无法识别文件编码（支持 UTF-8、UTF-16 和 GBK/GB18030）。请在记事本或 WPS 中以 UTF-8 编码另存后再上传。',
        );
      }
      text = gb;
    }
  }
  if (!plausibleText(text)) throw new PlanInputError('BINARY', '文件内容不是可读的文本，请确认上传的是方案文件。');
  assertPlanLikeText(text);
  return text.replace(/^\uFEFF/, '');
}

/**
 * A plan has Chinese text and at least one hierarchy marker or responsibility clause. Catches a
 * wrong file (a spreadsheet export, an English note, a file of random bytes) before parsing.
 */
export function assertPlanLikeText(text: string): void {
  if (text.trim() === '') throw new PlanInputError('EMPTY', '文件没有文字内容，请上传包含方案正文的文件。');
  const han = (text.match(HAN_RE) ?? []).length;
  const structured =
    /(^|\n)\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,3}[.．、]|第[一二三四五六七八九十]+(?:部分|章))/.test(text) ||
    /[一二三四五六七八九十]是/.test(text) ||
    /牵头|责任单位|配合单位/.test(text);
  if (han < 20 || !structured) {
    throw new PlanInputError(
      'NOT_A_PLAN',
      '未在文件中识别到方案结构（如“一、”“（一）”“1.”等编号或“牵头单位”），请确认上传的是工作方案正文。',
    );
  }
}
