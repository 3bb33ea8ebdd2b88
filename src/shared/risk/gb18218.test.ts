import { describe, expect, it } from 'vitest';
import { HAZARD_CLASSES, TABLE1, TABLE1_BY_ID, TOXIC_GAS_BETA, alphaFor, evaluateSource, gradeFor, isValidCas, type SubstanceLineInput } from './gb18218';

const find = (name: string) => TABLE1.find((s) => s.name === name)!.id;
const run = (people: unknown, substances: SubstanceLineInput[]) => {
  const r = evaluateSource({ peopleExposed: people, substances });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};
const refuse = (people: unknown, substances: unknown) => {
  const r = evaluateSource({ peopleExposed: people, substances });
  if (r.ok) throw new Error('expected a refusal');
  return r.issues;
};

describe('GB 18218-2018 tables', () => {
  it('Table 1 rows carry valid CAS numbers, positive Q and a citation number', () => {
    for (const s of TABLE1) {
      expect(s.Q).toBeGreaterThan(0);
      expect(s.no).toBeGreaterThanOrEqual(1);
      expect(s.no).toBeLessThanOrEqual(85);
      for (const cas of (s.cas ?? '').match(/\d{2,7}-\d{2}-\d/g) ?? []) expect(isValidCas(cas), `${s.name} ${cas}`).toBe(true);
    }
    expect(new Set(TABLE1.map((s) => s.no)).size).toBe(TABLE1.length);
    expect(TABLE1_BY_ID[find('液化石油气（含丙烷、丁烷及其混合物）')].Q).toBe(50);
    expect(TABLE1_BY_ID[find('氯')].Q).toBe(5);
    expect(TABLE1_BY_ID[find('碳酰氯')].Q).toBe(0.3);
    expect(TABLE1_BY_ID[find('异氰酸甲酯')].Q).toBe(0.75);
    expect(TABLE1_BY_ID[find('汽油（乙醇汽油、甲醇汽油）')].Q).toBe(200);
  });

  it('Table 3 has the 14 toxic gases with their β, and each of them in Table 1 uses it', () => {
    expect(TOXIC_GAS_BETA.map((g) => `${g.name}${g.beta}`)).toEqual([
      '一氧化碳2', '二氧化硫2', '氨2', '环氧乙烷2', '氯化氢3', '溴甲烷3', '氯4', '硫化氢5', '氟化氢5', '二氧化氮10', '氰化氢10', '碳酰氯20', '磷化氢20', '异氰酸甲酯20',
    ]);
    for (const g of TOXIC_GAS_BETA.filter((x) => x.name !== '一氧化碳')) {
      const row = TABLE1.find((s) => s.cas === g.cas)!;
      expect(row, g.name).toBeTruthy();
      expect(row.toxicGasBeta).toBe(g.beta);
    }
  });

  it('Tables 2 and 4: Q and β by hazard class', () => {
    const by = Object.fromEntries(HAZARD_CLASSES.map((c) => [c.symbol, c]));
    expect(by.W2).toMatchObject({ Q: 10, beta: 1.5 });
    expect(by.J1).toMatchObject({ Q: 5, beta: 4 });
    expect(by['W5.3']).toMatchObject({ Q: 1000, beta: 1 });
    expect(by['W5.4']).toMatchObject({ Q: 5000, beta: 1 });
    expect(by['W1.1']).toMatchObject({ Q: 1, beta: 2 });
    expect(HAZARD_CLASSES).toHaveLength(24);
  });

  it('α by people within 500 m (Table 5), at every edge', () => {
    expect([0, 1, 29, 30, 49, 50, 99, 100, 5000].map(alphaFor)).toEqual([0.5, 1.0, 1.0, 1.2, 1.2, 1.5, 1.5, 2.0, 2.0]);
  });

  it('grade by R (Table 6), at every edge from both sides', () => {
    expect(gradeFor(100)).toBe('一级');
    expect(gradeFor(99.999)).toBe('二级');
    expect(gradeFor(50)).toBe('二级');
    expect(gradeFor(49.999)).toBe('三级');
    expect(gradeFor(10)).toBe('三级');
    expect(gradeFor(9.999)).toBe('四级');
    expect(gradeFor(0.01)).toBe('四级');
  });
});

describe('identification and grading (worked examples)', () => {
  it('LPG storage: 120 t of LPG, 120 people → S = 2.4, R = 2.0 × 1.5 × 2.4 = 7.2 → 四级', () => {
    const v = run(120, [{ catalogId: find('液化石油气（含丙烷、丁烷及其混合物）'), quantity: 120 }]);
    expect(v).toMatchObject({ S: 2.4, alpha: 2, R: 7.2, isMajor: true, grade: '四级' });
    expect(v.lines[0]).toMatchObject({ criticalQuantity: 50, beta: 1.5, qSource: 'GB 18218-2018 表1 序号52', betaSource: 'GB 18218-2018 表4（W2）' });
  });

  it('chlorine 20 t + ammonia 15 t, 60 people → S = 5.5, R = 1.5 × (4×4 + 2×1.5) = 28.5 → 三级', () => {
    const v = run(60, [
      { catalogId: find('氯'), quantity: 20 },
      { catalogId: find('氨'), quantity: 15 },
    ]);
    expect(v).toMatchObject({ S: 5.5, alpha: 1.5, R: 28.5, grade: '三级' });
    expect(v.lines.map((l) => l.betaSource)).toEqual(['GB 18218-2018 表3', 'GB 18218-2018 表3']);
  });

  it('chlorine 50 t with 100 people → R = 2 × 4 × 10 = 80 → 二级; phosgene 2 t, 10 people → R ≈ 133.3 → 一级', () => {
    expect(run(100, [{ catalogId: find('氯'), quantity: 50 }])).toMatchObject({ S: 10, R: 80, grade: '二级' });
    const p = run(10, [{ catalogId: find('碳酰氯'), quantity: 2 }]);
    expect(p.grade).toBe('一级');
    expect(p.R).toBeCloseTo(133.333333, 5);
  });

  it('below the threshold: methanol 200 t + toluene 100 t → S = 0.6, not a 重大危险源, no grade', () => {
    const v = run(500, [
      { catalogId: find('甲醇'), quantity: 200 },
      { catalogId: find('甲苯'), quantity: 100 },
    ]);
    expect(v).toMatchObject({ S: 0.6, isMajor: false, grade: null });
  });

  it('S = 1 exactly is a 重大危险源, also when the float sum is 0.9999999999999999', () => {
    expect(run(0, [{ catalogId: find('氨'), quantity: 10 }])).toMatchObject({ S: 1, isMajor: true });
    expect(run(0, [{ catalogId: find('氨'), quantity: 9.99 }])).toMatchObject({ isMajor: false });
    // 0.1 + 0.2 + 0.7 in binary floating point is 0.9999999999999999.
    const v = run(0, [
      { catalogId: find('液化石油气（含丙烷、丁烷及其混合物）'), quantity: 5 },
      { catalogId: find('氢'), quantity: 1 },
      { catalogId: find('乙烯'), quantity: 35 },
    ]);
    expect(v.S).toBe(1);
    expect(v.isMajor).toBe(true);
  });

  it('grade edges from real quantities: chlorine with α = 1 (R = 0.8 q)', () => {
    const cl = (q: number) => run(10, [{ catalogId: find('氯'), quantity: q }]);
    expect(cl(125)).toMatchObject({ R: 100, grade: '一级' });
    expect(cl(124.99).grade).toBe('二级');
    expect(cl(62.5)).toMatchObject({ R: 50, grade: '二级' });
    expect(cl(62.49).grade).toBe('三级');
    expect(cl(12.5)).toMatchObject({ R: 10, grade: '三级' });
    expect(cl(12.49).grade).toBe('四级');
  });

  it('unlisted substances take Q from Table 2 by class; a Table 3 gas keeps its β', () => {
    const v = run(40, [
      { name: '丙烯', cas: '115-07-1', symbol: 'W2', quantity: 30 },
      { name: '一氧化碳', cas: '630-08-0', symbol: 'J3', quantity: 25 },
    ]);
    expect(v.lines[0]).toMatchObject({ criticalQuantity: 10, beta: 1.5, qSource: 'GB 18218-2018 表2（W2）' });
    expect(v.lines[1]).toMatchObject({ criticalQuantity: 50, beta: 2, betaSource: 'GB 18218-2018 表3（一氧化碳）' });
    // S = 3 + 0.5; R = 1.2 × (1.5 × 3 + 2 × 0.5) = 6.6
    expect(v).toMatchObject({ S: 3.5, alpha: 1.2, R: 6.6, grade: '四级' });
  });

  it('the class chosen for a Table 1 substance changes β (Table 4), not Q', () => {
    const benzene = find('苯');
    expect(run(0, [{ catalogId: benzene, quantity: 100 }]).lines[0]).toMatchObject({ criticalQuantity: 50, beta: 1, symbol: 'W5.3' });
    expect(run(0, [{ catalogId: benzene, symbol: 'W5.1', quantity: 100 }]).lines[0]).toMatchObject({ criticalQuantity: 50, beta: 1.5 });
  });
});

describe('bad input is refused with a message naming the field', () => {
  const lpg = () => find('液化石油气（含丙烷、丁烷及其混合物）');
  it('quantities: negative, zero, NaN, infinite, absurd, missing, text', () => {
    const q = (quantity: unknown) => refuse(10, [{ catalogId: lpg(), quantity }])[0];
    expect(q(-5)).toEqual({ path: 'substances.0.quantity', message: '第 1 种危险化学品的实际存在量 q：不能为负数' });
    expect(q(0)).toEqual({ path: 'substances.0.quantity', message: '第 1 种危险化学品的实际存在量 q：必须大于 0 吨' });
    expect(q(NaN).message).toBe('第 1 种危险化学品的实际存在量 q：不是有效的数字（NaN）');
    expect(q(Infinity).message).toBe('第 1 种危险化学品的实际存在量 q：不能为无穷大');
    expect(q(2e7).message).toMatch(/^第 1 种危险化学品的实际存在量 q：数值过大（不能超过 10000000 吨）/);
    expect(q(undefined).message).toBe('第 1 种危险化学品的实际存在量 q：必填');
    expect(q('120').message).toMatch(/应为数字/);
  });

  it('people: negative, non-integer, absurd, missing', () => {
    const p = (people: unknown) => refuse(people, [{ catalogId: lpg(), quantity: 10 }])[0];
    expect(p(-1)).toEqual({ path: 'peopleExposed', message: '厂区边界外 500 米范围内常住人口数：不能为负数' });
    expect(p(12.5).message).toBe('厂区边界外 500 米范围内常住人口数：应为整数');
    expect(p(5e6).message).toMatch(/数值过大/);
    expect(p(undefined).message).toBe('厂区边界外 500 米范围内常住人口数：必填');
    expect(p(NaN).message).toMatch(/NaN/);
  });

  it('substances: none, unknown catalogue row, unlisted without class, bad CAS, listed entered by hand, duplicates', () => {
    expect(refuse(0, [])[0].path).toBe('substances');
    expect(refuse(0, undefined)[0].message).toBe('危险化学品：至少填写一种');
    expect(refuse(0, [{ catalogId: 't1-999', quantity: 1 }])[0]).toMatchObject({ path: 'substances.0.catalogId' });
    expect(refuse(0, [{ name: '某溶剂', quantity: 1 }])[0]).toMatchObject({ path: 'substances.0.symbol', message: expect.stringContaining('表2') });
    expect(refuse(0, [{ name: '某溶剂', symbol: 'X9', quantity: 1 }])[0]).toMatchObject({ path: 'substances.0.symbol' });
    expect(refuse(0, [{ name: '某溶剂', cas: '7664-41-8', symbol: 'W5.3', quantity: 1 }])[0]).toMatchObject({ path: 'substances.0.cas', message: expect.stringContaining('校验位') });
    expect(refuse(0, [{ name: '', symbol: 'W5.3', quantity: 1 }])[0]).toMatchObject({ path: 'substances.0.name' });
    expect(refuse(0, [{ name: '甲醇', symbol: 'W5.3', quantity: 1 }])[0].message).toContain('表1（序号65）');
    expect(refuse(0, [{ catalogId: lpg(), quantity: 1 }, { catalogId: lpg(), quantity: 2 }])[0]).toMatchObject({ path: 'substances.1.catalogId', message: expect.stringContaining('重复') });
    // A toxic substance whose class decides β must have it chosen.
    expect(refuse(0, [{ catalogId: find('砷化氢'), quantity: 1 }])[0]).toMatchObject({ path: 'substances.0.symbol', message: expect.stringContaining('β') });
  });

  it('CAS check digits', () => {
    expect(isValidCas('7664-41-7')).toBe(true);
    expect(isValidCas('7732-18-5')).toBe(true);
    expect(isValidCas('7664-41-8')).toBe(false);
    expect(isValidCas('abc')).toBe(false);
  });
});
