import { describe, expect, it } from 'vitest';
import { buildUscc, computeUsccCheck, USCC_ALPHABET, validateUscc } from './uscc';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts real codes of known enterprises', () => {
    for (const code of ['9144030071526726XG', '91330100799655058B', '91110108551385082Q', '91310000MA1FL1MMXL']) {
      expect(validateUscc(code)).toMatchObject({ ok: true, code });
    }
  });

  it('accepts lower case and surrounding spaces, normalising them', () => {
    expect(validateUscc(' 9144030071526726xg ')).toMatchObject({ ok: true, code: '9144030071526726XG' });
  });

  it('computes the check character with weights 3^i mod 31', () => {
    // Σ v_i·w_i for the first 17 characters, check = alphabet[(31 − Σ mod 31) mod 31]
    const first17 = '9144030071526726X';
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const sum = [...first17].reduce((s, c, i) => s + USCC_ALPHABET.indexOf(c) * weights[i], 0);
    expect(computeUsccCheck(first17)).toBe(USCC_ALPHABET[(31 - (sum % 31)) % 31]);
    expect(computeUsccCheck(first17)).toBe('G');
  });

  it('refuses an empty code', () => {
    expect(validateUscc('')).toMatchObject({ ok: false, problem: 'EMPTY', message: '统一社会信用代码不能为空' });
  });

  it('refuses a wrong length and says how long it is', () => {
    const r = validateUscc('9144030071526726X');
    expect(r).toMatchObject({ ok: false, problem: 'LENGTH' });
    expect(r.message).toContain('18 位');
    expect(r.message).toContain('17 位');
  });

  it('refuses the letters I O Z S V and names the position', () => {
    const r = validateUscc('91440300715267O6XG');
    expect(r).toMatchObject({ ok: false, problem: 'CHARSET', position: 15 });
    expect(r.message).toContain('第 15 位');
    expect(r.message).toContain('I、O、Z、S、V');
  });

  it('refuses other characters', () => {
    expect(validateUscc('9144030071526726-G')).toMatchObject({ ok: false, problem: 'CHARSET', position: 17 });
  });

  it('refuses an unknown registrar (position 1)', () => {
    const r = validateUscc('0144030071526726XG');
    expect(r).toMatchObject({ ok: false, problem: 'REGISTRAR', position: 1 });
    expect(r.message).toContain('登记管理部门');
  });

  it('refuses an organisation type the registrar does not issue (position 2)', () => {
    const r = validateUscc('9744030071526726XG');
    expect(r).toMatchObject({ ok: false, problem: 'ORG_TYPE', position: 2 });
    expect(r.message).toContain('机构类别');
  });

  it('refuses a region code that is not a division code (positions 3–8)', () => {
    const r = validateUscc('91AB030071526726XG');
    expect(r).toMatchObject({ ok: false, problem: 'REGION', position: 3 });
    expect(r.message).toContain('行政区划码');
  });

  it('refuses a wrong check character and says what it should be', () => {
    const r = validateUscc('9144030071526726XA');
    expect(r).toMatchObject({ ok: false, problem: 'CHECK_DIGIT', position: 18, expectedCheck: 'G' });
    expect(r.message).toBe('第 18 位校验码错误：应为“G”，实际为“A”');
  });

  it('detects every single-character substitution', () => {
    const code = '91420112MA4KXXX10W';
    expect(validateUscc(code).ok).toBe(true);
    for (let i = 0; i < 18; i++) {
      for (const c of USCC_ALPHABET) {
        if (c === code[i]) continue;
        const bad = code.slice(0, i) + c + code.slice(i + 1);
        expect(validateUscc(bad).ok, bad).toBe(false);
      }
    }
  });

  it('builds valid codes (demo data)', () => {
    const c = buildUscc('9', '1', '420112', 'MA4KXXX1');
    expect(validateUscc(c)).toMatchObject({ ok: true });
    expect(validateUscc(c).warning).toBeUndefined();
  });

  it('warns, without refusing, when the organisation code part fails its GB 11714 check', () => {
    const first17 = '91420112MA4KXXX12';
    const code = first17 + computeUsccCheck(first17);
    const r = validateUscc(code);
    expect(r.ok).toBe(true);
    expect(r.warning).toContain('GB 11714');
  });
});
