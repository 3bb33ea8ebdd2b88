/**
 * .docx → text through mammoth (Node side; parse.ts imports this module lazily, and mammoth itself is
 * imported on first use: the server's bundle inlines this module, so a static import would load
 * mammoth, ~15 MB, at every start).
 *
 * Limitation: numbers produced by Word's automatic list numbering are not in the document text,
 * so a plan numbered that way loses its 一、/（一）/1. markers; plans typed by hand (the norm for
 * 公文) keep them.
 */

import { PlanInputError } from './errors.js';

export async function extractDocxText(buf: Uint8Array): Promise<string> {
  let value: string;
  try {
    const mammoth = (await import('mammoth')).default;
    const result = await mammoth.extractRawText({ buffer: Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength) });
    value = result.value;
  } catch {
    throw new PlanInputError('CORRUPT_DOCX', 'Word 文件已损坏或不是有效的 .docx 文件，无法读取。请在 Word 中重新保存后上传。');
  }
  return value;
}
