import { AppError } from './errors';
import type { FileKind } from './files';

/**
 * Remove position and other personal metadata from photos before they are stored (a reporter's
 * phone writes where it stood into its photos; that would unmask an anonymous reporter; a drill
 * participant's phone writes where it was, and drill records are passed round widely).
 * `storeFile(…, { stripMetadata: true })` applies it to any image it stores; public reports call
 * stripMetadata directly. Evidence photos keep theirs on purpose: hazard photos (整改前/整改后, also
 * those taken in an inspection or a self-inspection, which become hazard photos) are taken by the
 * officials and enterprises responsible, stay inside the government's scope, and where and when they
 * were taken is part of the evidence (执法证据, 整改验收).
 *
 * JPEG: walk the marker segments up to SOS and drop APP1 (Exif — GPS IFD included — and XMP),
 * APP13 (Photoshop/IPTC), APP12 and COM; keep APP0 (JFIF), APP2 (ICC colour profile) and APP14
 * (Adobe colour transform) which decoding needs. The compressed image data is copied unchanged.
 * PNG: drop eXIf, tEXt, iTXt, zTXt and tIME chunks. WebP: drop EXIF and XMP chunks and clear their
 * flags in VP8X. GIF: drop comment extensions and application extensions (XMP) other than the
 * animation loop (NETSCAPE2.0 / ANIMEXTS1.0).
 */

const JPEG_DROP = new Set([0xe1, 0xec, 0xed, 0xfe]);

export function stripJpegMetadata(src: Buffer): Buffer {
  if (src.length < 4 || src[0] !== 0xff || src[1] !== 0xd8) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '照片不是有效的 JPEG 文件');
  const out: Buffer[] = [src.subarray(0, 2)];
  let i = 2;
  while (i < src.length) {
    if (src[i] !== 0xff) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '照片 JPEG 结构损坏');
    // fill bytes (0xFF padding) before a marker
    let m = i + 1;
    while (m < src.length && src[m] === 0xff) m++;
    if (m >= src.length) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '照片 JPEG 结构损坏');
    const marker = src[m];
    // standalone markers without a length
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      out.push(src.subarray(i, m + 1));
      i = m + 1;
      continue;
    }
    if (marker === 0xd9) {
      out.push(src.subarray(i, m + 1));
      return Buffer.concat(out);
    }
    if (m + 2 >= src.length) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '照片 JPEG 结构损坏');
    const len = src.readUInt16BE(m + 1);
    const end = m + 1 + len;
    if (len < 2 || end > src.length) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '照片 JPEG 结构损坏（段长度越界）');
    if (marker === 0xda) {
      // Start of scan: the entropy-coded data and everything after it is image data.
      out.push(src.subarray(i));
      return Buffer.concat(out);
    }
    if (!JPEG_DROP.has(marker)) out.push(src.subarray(i, end));
    i = end;
  }
  throw new AppError('UNSUPPORTED_MEDIA_TYPE', '照片 JPEG 缺少图像数据');
}

const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_DROP = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME']);

export function stripPngMetadata(src: Buffer): Buffer {
  if (src.length < 8 || !src.subarray(0, 8).equals(PNG_SIG)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '照片不是有效的 PNG 文件');
  const out: Buffer[] = [PNG_SIG];
  let i = 8;
  while (i + 8 <= src.length) {
    const len = src.readUInt32BE(i);
    const type = src.subarray(i + 4, i + 8).toString('latin1');
    const end = i + 12 + len;
    if (end > src.length) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '照片 PNG 结构损坏（块长度越界）');
    if (!PNG_DROP.has(type)) out.push(src.subarray(i, end));
    i = end;
    if (type === 'IEND') return Buffer.concat(out);
  }
  throw new AppError('UNSUPPORTED_MEDIA_TYPE', '照片 PNG 缺少结束块');
}

export function stripWebpMetadata(src: Buffer): Buffer {
  if (src.length < 12 || src.subarray(0, 4).toString('latin1') !== 'RIFF' || src.subarray(8, 12).toString('latin1') !== 'WEBP') {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '照片不是有效的 WebP 文件');
  }
  const chunks: Buffer[] = [];
  let i = 12;
  while (i + 8 <= src.length) {
    const type = src.subarray(i, i + 4).toString('latin1');
    const len = src.readUInt32LE(i + 4);
    const end = i + 8 + len + (len % 2);
    if (i + 8 + len > src.length) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '照片 WebP 结构损坏');
    if (type === 'VP8X') {
      const c = Buffer.from(src.subarray(i, Math.min(end, src.length)));
      c[8] &= ~(0x08 | 0x04); // EXIF and XMP flags
      chunks.push(c);
    } else if (type !== 'EXIF' && type !== 'XMP ') chunks.push(src.subarray(i, Math.min(end, src.length)));
    i = end;
  }
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
}

const GIF_KEEP_APPS = new Set(['NETSCAPE2.0', 'ANIMEXTS1.0']);

export function stripGifMetadata(src: Buffer): Buffer {
  const bad = () => new AppError('UNSUPPORTED_MEDIA_TYPE', '照片 GIF 结构损坏');
  const head = src.subarray(0, 6).toString('latin1');
  if (src.length < 13 || (head !== 'GIF87a' && head !== 'GIF89a')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '照片不是有效的 GIF 文件');
  const colourTable = (flags: number) => (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  /** End of the data sub-blocks starting at i (after the terminating zero-length block). */
  const subBlocksEnd = (i: number) => {
    while (i < src.length && src[i] !== 0) i += src[i] + 1;
    if (i >= src.length) throw bad();
    return i + 1;
  };
  let i = 13 + colourTable(src[10]);
  const out: Buffer[] = [src.subarray(0, i)];
  while (i < src.length) {
    const b = src[i];
    if (b === 0x3b) {
      out.push(src.subarray(i, i + 1));
      return Buffer.concat(out);
    }
    if (b === 0x2c) {
      // Image descriptor (10 bytes), local colour table, LZW minimum code size, image data.
      if (i + 10 > src.length) throw bad();
      const end = subBlocksEnd(i + 10 + colourTable(src[i + 9]) + 1);
      out.push(src.subarray(i, end));
      i = end;
    } else if (b === 0x21 && i + 1 < src.length) {
      const label = src[i + 1];
      const end = subBlocksEnd(i + 2);
      const app = label === 0xff && src[i + 2] === 11 ? src.subarray(i + 3, i + 14).toString('latin1') : '';
      const drop = label === 0xfe || (label === 0xff && !GIF_KEEP_APPS.has(app));
      if (!drop) out.push(src.subarray(i, end));
      i = end;
    } else throw bad();
  }
  throw new AppError('UNSUPPORTED_MEDIA_TYPE', '照片 GIF 缺少结束标记');
}

export function stripMetadata(kind: 'jpg' | 'png' | 'webp' | 'gif', data: Buffer): Buffer {
  return kind === 'jpg' ? stripJpegMetadata(data) : kind === 'png' ? stripPngMetadata(data) : kind === 'webp' ? stripWebpMetadata(data) : stripGifMetadata(data);
}

/** The photo without its metadata; other kinds of file unchanged. */
export function stripImageMetadata(kind: FileKind, data: Buffer): Buffer {
  return kind === 'jpg' || kind === 'png' || kind === 'webp' || kind === 'gif' ? stripMetadata(kind, data) : data;
}
