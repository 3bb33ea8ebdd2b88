import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodePlanBytes, MAX_PLAN_BYTES } from './decode.js';
import { PlanInputError } from './errors.js';
import { parsePlanDocument } from './parse.js';

const PLAN = '一、总体要求\n深入开展安全生产专项整治三年行动，全面提升本质安全水平。\n二、主要任务\n1.危险化学品安全整治。2021年底前完成。（区应急管理局牵头）\n';
const HAN = /[\u4e00-\u9fff]/;

function utf16(text: string, littleEndian: boolean, bom: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2 + (bom ? 2 : 0));
  let o = 0;
  if (bom) {
    out.set(littleEndian ? [0xff, 0xfe] : [0xfe, 0xff]);
    o = 2;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[o++] = littleEndian ? c & 0xff : c >> 8;
    out[o++] = littleEndian ? c >> 8 : c & 0xff;
  }
  return out;
}
const hex = (h: string) => new Uint8Array(h.match(/../g)!.map((b) => parseInt(b, 16)));

function errorOf(f: () => unknown): PlanInputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PlanInputError);
    return e as PlanInputError;
  }
  throw new Error('expected a PlanInputError');
}

describe('decodePlanBytes', () => {
  it('reads UTF-8 with and without a BOM', () => {
    const bytes = new TextEncoder().encode(PLAN);
    expect(decodePlanBytes(bytes)).toBe(PLAN);
    expect(decodePlanBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]))).toBe(PLAN);
  });

  it('reads UTF-16 LE and BE with a BOM, and LE without one', () => {
    expect(decodePlanBytes(utf16(PLAN, true, true))).toBe(PLAN);
    expect(decodePlanBytes(utf16(PLAN, false, true))).toBe(PLAN);
    expect(decodePlanBytes(utf16(PLAN, true, false))).toBe(PLAN);
  });

  it('reads GBK (the Windows default for Chinese text files)', () => {
    const bytes = new Uint8Array(readFileSync(new URL('../../../fixtures/plans/xinzhuang-town-2022-gbk.txt', import.meta.url)));
    expect(decodePlanBytes(bytes)).toContain('（镇安办（牵头）、镇市场监管所、镇派出所）');
  });

  const errors: Array<[string, () => Uint8Array, string]> = [
    ['an empty file', () => new Uint8Array(0), 'EMPTY'],
    ['a file of blanks', () => new TextEncoder().encode(' \n\r\n  '), 'EMPTY'],
    ['binary data with NUL bytes', () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]), 'BINARY'],
    ['control characters', () => new Uint8Array(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41))), 'BINARY'],
    ['a PDF', () => new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'UNSUPPORTED_FORMAT'],
    ['an old .doc', () => new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'UNSUPPORTED_FORMAT'],
    ['Big5 (a wrong encoding)', () => hex('a440a142c160c5e9ad6ea8440aacb0b260a44ab365b9fdb8a8b9eaa677a5fea5cdb2a3b14db6b5bee3aa76a454a67ea6e6b0caa141a8eea977a5bba4e8aed7a143a15db0cfc0b3abe6badeb27aa7bdb26fc059a15e0a'), 'UNKNOWN_ENCODING'],
    ['Latin-1 (a wrong encoding)', () => new Uint8Array([...new TextEncoder().encode('Plan de s'), 0xe9, ...new TextEncoder().encode('curit'), 0xe9, 0x0a]), 'UNKNOWN_ENCODING'],
    ['text without plan structure', () => new TextEncoder().encode('Meeting notes: bring the report on Monday.\nThanks!'), 'NOT_A_PLAN'],
    ['Chinese prose without any structure', () => new TextEncoder().encode('今天天气很好，我们去公园散步，看到了很多花草树木，心情非常愉快，晚上回家吃饭。'), 'NOT_A_PLAN'],
    ['more than 10 MB', () => new Uint8Array(MAX_PLAN_BYTES + 1).fill(0x41), 'TOO_LARGE'],
  ];
  for (const [what, bytes, code] of errors) {
    it(`rejects ${what} with ${code} and a Chinese message`, () => {
      const e = errorOf(() => decodePlanBytes(bytes()));
      expect(e.code).toBe(code);
      expect(e.message).toMatch(HAN);
      expect(e.status).toBeGreaterThanOrEqual(400);
      expect(e.status).toBeLessThan(500);
    });
  }
});

describe('parsePlanDocument', () => {
  it('rejects more than 10 MB before reading (TOO_LARGE, 413)', async () => {
    const big = new Uint8Array(MAX_PLAN_BYTES + 1);
    await expect(parsePlanDocument(big, 'big.txt')).rejects.toMatchObject({ code: 'TOO_LARGE', status: 413 });
    await expect(parsePlanDocument(big, 'big.docx')).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });

  it('rejects a corrupt .docx', async () => {
    const zipLike = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const e = await parsePlanDocument(zipLike, 'plan.docx').catch((x) => x);
    expect(e).toBeInstanceOf(PlanInputError);
    expect(e.code).toBe('CORRUPT_DOCX');
    expect(e.message).toMatch(HAN);
    await expect(parsePlanDocument(new TextEncoder().encode(PLAN), 'plan.docx')).rejects.toMatchObject({ code: 'CORRUPT_DOCX' });
  });

  it('rejects an empty upload and parses a text upload', async () => {
    await expect(parsePlanDocument(new Uint8Array(0), 'a.txt')).rejects.toMatchObject({ code: 'EMPTY' });
    const plan = await parsePlanDocument(new TextEncoder().encode(PLAN), 'a.txt');
    expect(plan.tasks.find((n) => n.kind === 'task')).toMatchObject({ leadUnits: ['区应急管理局'] });
  });
});
