import { describe, expect, it } from 'vitest';
import { FieldCipher, maskPhone } from './crypto';

describe('SM4 field cipher', () => {
  const cipher = new FieldCipher('0123456789abcdef0123456789abcdef');

  it('round-trips, with a fresh IV each time, and keeps empty fields empty', () => {
    const a = cipher.encrypt('13800001111')!;
    const b = cipher.encrypt('13800001111')!;
    expect(a).toMatch(/^sm4:/);
    expect(a).not.toBe(b);
    expect(cipher.decrypt(a)).toBe('13800001111');
    expect(cipher.decrypt(b)).toBe('13800001111');
    // the second read of a field answers from the recent fields, the same text
    expect(cipher.decrypt(a)).toBe('13800001111');
    expect(maskPhone(cipher.decrypt(a))).toBe('138****1111');
    expect(cipher.encrypt('')).toBeNull();
    expect(cipher.decrypt(null)).toBeNull();
  });

  it('refuses what is not its ciphertext, and another key cannot read it', () => {
    expect(() => cipher.decrypt('13800001111')).toThrow('not an SM4 field');
    const other = new FieldCipher('fedcba9876543210fedcba9876543210');
    const enc = cipher.encrypt('13900002222')!;
    let read: string | null = null;
    try {
      read = other.decrypt(enc);
    } catch {
      read = null;
    }
    expect(read).not.toBe('13900002222');
  });

  it('keeps a bounded number of decrypted fields and still decrypts the dropped ones', () => {
    const first = cipher.encrypt('13700000000')!;
    expect(cipher.decrypt(first)).toBe('13700000000');
    for (let i = 0; i < 20_050; i++) cipher.decrypt(cipher.encrypt(`1360000${String(i).padStart(4, '0')}`));
    const kept = (cipher as unknown as { recent: Map<string, string> }).recent;
    expect(kept.size).toBeLessThanOrEqual(20_000);
    expect(kept.has(first)).toBe(false);
    expect(cipher.decrypt(first)).toBe('13700000000');
  });
});
