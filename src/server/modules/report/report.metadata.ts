import { AppError } from '../../platform/errors';

/**
 * Remove position and other personal metadata from photos before they are stored (a reporter's
 * phone writes where it stood into its photos; that would unmask an anonymous reporter).
 *
 * JPEG: walk the marker segments up to SOS and drop APP1 (Exif — GPS IFD included — and XMP),
 * APP13 (Photoshop/IPTC), APP12 and COM; keep APP0 (JFIF), APP2 (ICC colour profile) and APP14
 * (Adobe colour transform) which decoding needs. The compressed image data is copied unchanged.
 * PNG: drop eXIf, tEXt, iTXt, zTXt and tIME chunks. WebP: drop EXIF and XMP chunks and clear their
 * flags in VP8X.
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

export function stripMetadata(kind: 'jpg' | 'png' | 'webp', data: Buffer): Buffer {
  return kind === 'jpg' ? stripJpegMetadata(data) : kind === 'png' ? stripPngMetadata(data) : stripWebpMetadata(data);
}
