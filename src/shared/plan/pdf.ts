/**
 * .pdf → text through pdfjs-dist (Node side; parse.ts imports this module lazily, like docx.ts).
 *
 * A PDF has no paragraphs, only positioned runs of text. The text layer is read page by page, runs
 * are put together into lines by their baseline, and lines into paragraphs: a line that runs to the
 * right margin continues on the next line (also across a page break); a shorter line ends its
 * paragraph. Lines that repeat at the top or bottom of most pages (running headers, footers) and
 * page numbers (“- 3 -”, “第 3 页”) are removed. Stray control characters of the text layer are
 * removed with a warning. A PDF without a text layer (a scan) is refused with a clear message.
 */

import { PlanInputError } from './errors.js';
import type { PlanWarning } from './types.js';

interface Run {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

interface Line {
  text: string;
  left: number;
  right: number;
  y: number;
  size: number;
}

export interface PdfText {
  text: string;
  pages: number;
  warnings: PlanWarning[];
}

const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g;
const PAGE_NUMBER = /^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页|\/\s*\d{1,4}|页\s*共\s*\d{1,4}\s*页)?[-—–\s]*$/;

export async function extractPdfText(buf: Uint8Array): Promise<PdfText> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const data = new Uint8Array(buf); // pdfjs takes ownership of (and detaches) the buffer it is given
  let doc: Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>;
  try {
    doc = await pdfjs.getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') throw new PlanInputError('CORRUPT_PDF', 'PDF 文件设有打开密码，无法读取。请取消密码后再上传。');
    throw new PlanInputError('CORRUPT_PDF', 'PDF 文件已损坏或不是有效的 PDF 文件，无法读取。请重新导出后上传。');
  }
  try {
    const pages: Line[][] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const runs: Run[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const [a, b, , , x, y] = item.transform as number[];
        runs.push({ str: item.str, x, y, width: item.width, size: Math.hypot(a, b) || item.height || 10 });
      }
      pages.push(linesOf(runs));
      page.cleanup();
    }
    const chars = pages.flat().reduce((n, l) => n + l.text.replace(/\s/g, '').length, 0);
    if (chars < Math.max(20, pages.length * 5)) {
      throw new PlanInputError('NO_TEXT_LAYER', '这是扫描版 PDF（没有文字层），无法识别其中的文字。请上传 Word（.docx）或纯文本（.txt），或先用 OCR 软件识别为文字后再上传。');
    }
    const warnings: PlanWarning[] = [];
    const body = withoutRunningLines(pages);
    let text = paragraphs(body);
    const controls = text.match(CONTROL)?.length ?? 0;
    if (controls) {
      text = text.replace(CONTROL, '');
      warnings.push({ code: 'CONTROL_CHARS_REMOVED', message: `PDF 文字层中有 ${controls} 个控制字符（如 NUL），已删除。请核对相关文字是否完整。` });
    }
    return { text, pages: pages.length, warnings };
  } finally {
    await doc.destroy();
  }
}

/** Runs of one page → lines (same baseline within a third of the font size), top to bottom. */
function linesOf(runs: Run[]): Line[] {
  const sorted = [...runs].sort((r, s) => s.y - r.y || r.x - s.x);
  const lines: { runs: Run[]; y: number; size: number }[] = [];
  for (const r of sorted) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.y - r.y) <= Math.max(last.size, r.size) / 3) last.runs.push(r);
    else lines.push({ runs: [r], y: r.y, size: r.size });
  }
  return lines.map((l) => {
    const rs = l.runs.sort((r, s) => r.x - s.x);
    let text = '';
    let end = rs[0].x;
    for (const r of rs) {
      // a visible gap between runs is a space (Latin words); CJK runs touch each other
      if (text && r.x - end > r.size * 0.5 && !/\s$/.test(text) && !/^\s/.test(r.str)) text += ' ';
      text += r.str;
      end = Math.max(end, r.x + r.width);
    }
    return { text: text.replace(/\s+$/, ''), left: rs[0].x, right: end, y: l.y, size: l.size };
  }).filter((l) => l.text.trim() !== '');
}

const shape = (s: string) => s.replace(/\d+/g, '#').replace(/\s+/g, '');

/** Drop page numbers and lines that repeat at the top or bottom of most pages (headers, footers). */
function withoutRunningLines(pages: Line[][]): Line[][] {
  const edgeCount = new Map<string, number>();
  for (const lines of pages) {
    const edges = new Set([...lines.slice(0, 2), ...lines.slice(-2)].map((l) => shape(l.text)));
    for (const e of edges) edgeCount.set(e, (edgeCount.get(e) ?? 0) + 1);
  }
  const running = (l: Line) => pages.length >= 3 && (edgeCount.get(shape(l.text)) ?? 0) >= Math.ceil(pages.length * 0.6);
  return pages.map((lines) =>
    lines.filter((l, i) => {
      const atEdge = i < 2 || i >= lines.length - 2;
      if (!atEdge) return true;
      return !PAGE_NUMBER.test(l.text.trim()) && !running(l);
    }),
  );
}

/**
 * Lines → paragraphs. The right margin is where most full lines end; a line ending within about
 * two characters of it continues on the next line, unless the next line starts a numbered heading.
 */
function paragraphs(pages: Line[][]): string {
  const all = pages.flat();
  if (all.length === 0) return '';
  const rights = all.map((l) => l.right).sort((a, b) => a - b);
  const margin = rights[Math.floor(rights.length * 0.9)];
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < all.length; i++) {
    const l = all[i];
    current += current && /[A-Za-z0-9]$/.test(current) && /^[A-Za-z0-9]/.test(l.text.trimStart()) ? ' ' + l.text.trimStart() : current ? l.text.trimStart() : l.text;
    const next = all[i + 1];
    const full = margin - l.right <= l.size * 2.2;
    const nextStartsHeading = !!next && /^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,3}[.．、]|第[一二三四五六七八九十]+(?:部分|章))/.test(next.text);
    if (!next || !full || nextStartsHeading) {
      out.push(current);
      current = '';
    }
  }
  return out.join('\n');
}
