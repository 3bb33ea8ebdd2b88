import { describe, expect, it } from 'vitest';
import { jpegWithGps } from '../../../test/helpers';
import { stripGifMetadata, stripImageMetadata } from './image-metadata';

/** A 1×1 GIF89a: global colour table, the animation loop, an XMP application extension, a comment, one image. */
function gif(): { data: Buffer; xmp: Buffer; comment: Buffer; loop: Buffer; image: Buffer } {
  const head = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([1, 0, 1, 0, 0x80, 0, 0]), Buffer.from([0, 0, 0, 0xff, 0xff, 0xff])]);
  const loop = Buffer.concat([Buffer.from([0x21, 0xff, 11]), Buffer.from('NETSCAPE2.0', 'latin1'), Buffer.from([3, 1, 0, 0, 0])]);
  const packet = Buffer.from('<x:xmpmeta><rdf:Description exif:GPSLatitude="30,37.2N"/></x:xmpmeta>', 'latin1');
  const xmp = Buffer.concat([Buffer.from([0x21, 0xff, 11]), Buffer.from('XMP DataXMP', 'latin1'), Buffer.from([packet.length]), packet, Buffer.from([0])]);
  const text = Buffer.from('taken at 42 Home Street', 'latin1');
  const comment = Buffer.concat([Buffer.from([0x21, 0xfe, text.length]), text, Buffer.from([0])]);
  const gce = Buffer.from([0x21, 0xf9, 4, 0, 0, 0, 0, 0]);
  const image = Buffer.concat([Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0]), Buffer.from([2, 2, 0x44, 0x01, 0])]);
  return { data: Buffer.concat([head, loop, xmp, comment, gce, image, Buffer.from([0x3b])]), xmp: packet, comment: text, loop, image: Buffer.concat([gce, image, Buffer.from([0x3b])]) };
}

describe('photo metadata (platform)', () => {
  it('a JPEG loses Exif (GPS IFD), XMP and comments, keeps JFIF, frame and scan', () => {
    const j = jpegWithGps();
    for (const m of j.marks) expect(j.data.includes(m)).toBe(true);
    const out = stripImageMetadata('jpg', j.data);
    for (const m of j.marks) expect(out.includes(m)).toBe(false);
    expect(out.includes(Buffer.from('JFIF'))).toBe(true);
    expect(out.subarray(out.length - j.image.length).equals(j.image)).toBe(true);
  });

  it('a GIF loses comments and XMP, keeps the animation loop and the image', () => {
    const g = gif();
    const out = stripGifMetadata(g.data);
    expect(out.includes(g.xmp)).toBe(false);
    expect(out.includes(g.comment)).toBe(false);
    expect(out.includes(g.loop)).toBe(true);
    expect(out.subarray(out.length - g.image.length).equals(g.image)).toBe(true);
    expect(() => stripGifMetadata(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00\x21\xfe\x05ab', 'latin1'))).toThrow(/GIF/);
  });

  it('other files are stored as they are', () => {
    const pdf = Buffer.from('%PDF-1.4\n%Exif\0\0\n');
    expect(stripImageMetadata('pdf', pdf)).toBe(pdf);
  });
});
