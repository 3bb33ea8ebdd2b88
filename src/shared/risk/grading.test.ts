import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RISK_RULES,
  RiskRulesSchema,
  assess,
  bandRangeText,
  classify,
  deriveEnterpriseLevel,
  mostSevere,
  type RiskRules,
} from './grading';
import { numberProblem } from './numbers';

const lecBand = (d: number) => classify(d, DEFAULT_RISK_RULES.lec.bands);
const lsBand = (r: number) => classify(r, DEFAULT_RISK_RULES.ls.bands);
const ok = (method: 'LEC' | 'LS', factors: Record<string, unknown>) => {
  const r = assess(method, factors);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};
const issues = (method: unknown, factors: unknown) => {
  const r = assess(method, factors);
  if (r.ok) throw new Error('expected a refusal');
  return r.issues;
};

describe('LEC: D = L × E × C', () => {
  it('grades worked examples', () => {
    // 储罐区动火作业: 相当可能 × 每天暴露 × 重伤 = 252 → 高度危险 → 较大(橙)
    expect(ok('LEC', { L: 6, E: 6, C: 7 })).toMatchObject({ score: 252, band: '高度危险', level: '较大' });
    expect(ok('LEC', { L: 10, E: 6, C: 15 })).toMatchObject({ score: 900, band: '极其危险', level: '重大' });
    expect(ok('LEC', { L: 3, E: 6, C: 7 })).toMatchObject({ score: 126, band: '显著危险', level: '一般' });
    expect(ok('LEC', { L: 1, E: 6, C: 7 })).toMatchObject({ score: 42, band: '一般危险', level: '低' });
    expect(ok('LEC', { L: 0.5, E: 6, C: 3 })).toMatchObject({ score: 9, band: '稍有危险', level: '低' });
    // 0.1 × 0.5 × 1 = 0.05 in floating point is 0.05000000000000001: rounded before grading.
    expect(ok('LEC', { L: 0.1, E: 0.5, C: 1 })).toMatchObject({ score: 0.05, band: '稍有危险' });
    expect(ok('LEC', { L: 0.2, E: 3, C: 40 })).toMatchObject({ score: 24, band: '一般危险' });
  });

  it('puts every band edge on the documented side, and the value just beyond it on the other', () => {
    // D > 320 极其; 160 < D ≤ 320 高度; 70 < D ≤ 160 显著; 20 ≤ D ≤ 70 一般; D < 20 稍有
    expect(lecBand(320).label).toBe('高度危险');
    expect(lecBand(320.001).label).toBe('极其危险');
    expect(lecBand(160).label).toBe('显著危险');
    expect(lecBand(160.001).label).toBe('高度危险');
    expect(lecBand(70).label).toBe('一般危险');
    expect(lecBand(70.001).label).toBe('显著危险');
    expect(lecBand(20).label).toBe('一般危险');
    expect(lecBand(19.999).label).toBe('稍有危险');
    expect(lecBand(0).label).toBe('稍有危险');
    expect(lecBand(100_000).label).toBe('极其危险');
  });

  it('grades the edges reachable with the standard factors (70 and 20) from real factor products', () => {
    expect(ok('LEC', { L: 10, E: 1, C: 7 })).toMatchObject({ score: 70, band: '一般危险', level: '低' });
    expect(ok('LEC', { L: 6, E: 2, C: 7 })).toMatchObject({ score: 84, band: '显著危险', level: '一般' });
    expect(ok('LEC', { L: 10, E: 2, C: 1 })).toMatchObject({ score: 20, band: '一般危险', level: '低' });
    expect(ok('LEC', { L: 3, E: 6, C: 1 })).toMatchObject({ score: 18, band: '稍有危险', level: '低' });
    expect(ok('LEC', { L: 10, E: 3, C: 15 })).toMatchObject({ score: 450, band: '极其危险', level: '重大' });
    expect(ok('LEC', { L: 10, E: 2, C: 15 })).toMatchObject({ score: 300, band: '高度危险', level: '较大' });
  });

  it('agrees with the published band table for all 252 factor combinations', () => {
    const { L, E, C } = DEFAULT_RISK_RULES.lec;
    let n = 0;
    for (const l of L) for (const e of E) for (const c of C) {
      const d = Math.round(l.value * e.value * c.value * 1e6) / 1e6;
      const expected = d > 320 ? '极其危险' : d > 160 ? '高度危险' : d > 70 ? '显著危险' : d >= 20 ? '一般危险' : '稍有危险';
      expect(ok('LEC', { L: l.value, E: e.value, C: c.value }).band, `${l.value}×${e.value}×${c.value}`).toBe(expected);
      n++;
    }
    expect(n).toBe(252);
  });

  it('shows each band range in words', () => {
    const b = DEFAULT_RISK_RULES.lec.bands;
    expect(b.map((_, i) => bandRangeText(b, i, 'D'))).toEqual(['D＞320', '160＜D≤320', '70＜D≤160', '20≤D≤70', 'D＜20']);
    const s = DEFAULT_RISK_RULES.ls.bands;
    expect(s.map((_, i) => bandRangeText(s, i, 'R'))).toEqual(['R≥20', '15≤R＜20', '9≤R＜15', 'R＜9']);
  });
});

describe('LS: R = L × S', () => {
  it('grades worked examples and all 25 cells', () => {
    expect(ok('LS', { L: 4, S: 5 })).toMatchObject({ score: 20, band: '重大风险', level: '重大' });
    expect(ok('LS', { L: 4, S: 4 })).toMatchObject({ score: 16, level: '较大' });
    expect(ok('LS', { L: 3, S: 5 })).toMatchObject({ score: 15, level: '较大' });
    expect(ok('LS', { L: 3, S: 4 })).toMatchObject({ score: 12, level: '一般' });
    expect(ok('LS', { L: 3, S: 3 })).toMatchObject({ score: 9, level: '一般' });
    expect(ok('LS', { L: 2, S: 4 })).toMatchObject({ score: 8, level: '低' });
    for (let l = 1; l <= 5; l++) for (let s = 1; s <= 5; s++) {
      const r = l * s;
      const expected = r >= 20 ? '重大' : r >= 15 ? '较大' : r >= 9 ? '一般' : '低';
      expect(ok('LS', { L: l, S: s }).level).toBe(expected);
    }
  });

  it('puts every band edge on the documented side (both sides)', () => {
    expect(lsBand(20).level).toBe('重大');
    expect(lsBand(19.999).level).toBe('较大');
    expect(lsBand(15).level).toBe('较大');
    expect(lsBand(14.999).level).toBe('一般');
    expect(lsBand(9).level).toBe('一般');
    expect(lsBand(8.999).level).toBe('低');
    expect(lsBand(1).level).toBe('低');
  });
});

describe('bad numbers are refused with a message naming the factor', () => {
  it('missing, non-numeric, NaN, infinite, negative and out-of-table factors', () => {
    expect(issues('LEC', { E: 6, C: 7 })).toEqual([{ path: 'factors.L', message: 'L（事故发生的可能性）：必填' }]);
    expect(issues('LEC', { L: '6', E: 6, C: 7 })[0].message).toMatch(/^L（事故发生的可能性）：应为数字/);
    expect(issues('LEC', { L: 6, E: NaN, C: 7 })).toEqual([{ path: 'factors.E', message: 'E（暴露于危险环境的频繁程度）：不是有效的数字（NaN）' }]);
    expect(issues('LEC', { L: 6, E: 6, C: Infinity })).toEqual([{ path: 'factors.C', message: 'C（发生事故可能造成的后果）：不能为无穷大' }]);
    expect(issues('LEC', { L: -6, E: 6, C: 7 })).toEqual([{ path: 'factors.L', message: 'L（事故发生的可能性）：不能为负数' }]);
    expect(issues('LEC', { L: 5, E: 6, C: 7 })).toEqual([{ path: 'factors.L', message: 'L（事故发生的可能性）：应为以下取值之一：10、6、3、1、0.5、0.2、0.1' }]);
    expect(issues('LEC', { L: 6, E: 6, C: 1e9 })[0].message).toMatch(/^C（发生事故可能造成的后果）：应为以下取值之一/);
    expect(issues('LS', { L: 6, S: 2 })).toEqual([{ path: 'factors.L', message: 'L（事故发生的可能性）：应为以下取值之一：5、4、3、2、1' }]);
    expect(issues('LS', { L: 2, S: 0 })[0]).toEqual({ path: 'factors.S', message: 'S（事故后果的严重程度）：应为以下取值之一：5、4、3、2、1' });
    expect(issues('LS', { L: 2 })).toEqual([{ path: 'factors.S', message: 'S（事故后果的严重程度）：必填' }]);
    expect(issues('LS', { L: null, S: 2 })[0].message).toBe('L（事故发生的可能性）：必填');
  });

  it('several problems are all reported; unknown factors and methods are refused', () => {
    expect(issues('LEC', {}).map((i) => i.path)).toEqual(['factors.L', 'factors.E', 'factors.C']);
    expect(issues('LEC', { L: 6, E: 6, C: 7, S: 3 })).toEqual([{ path: 'factors.S', message: 'LEC 法没有因子“S”（应为 L、E、C）' }]);
    expect(issues('ABC', { L: 1 })[0].path).toBe('method');
    expect(issues('LEC', null)[0].path).toBe('factors');
    expect(issues('LEC', [6, 6, 7])[0].path).toBe('factors');
  });

  it('numberProblem covers the generic cases', () => {
    expect(numberProblem(undefined, 'q')).toBe('q：必填');
    expect(numberProblem(-1, 'q')).toBe('q：不能为负数');
    expect(numberProblem(0, 'q', { min: 0, minExclusive: true, unit: ' 吨' })).toBe('q：必须大于 0 吨');
    expect(numberProblem(2e7, 'q', { max: 1e7, unit: ' 吨' })).toBe('q：数值过大（不能超过 10000000 吨），请检查单位和数量级');
    expect(numberProblem(1.5, '人数', { integer: true })).toBe('人数：应为整数');
    expect(numberProblem(3, 'x')).toBeNull();
  });
});

describe('the rules are configurable', () => {
  it('other band edges and colour mappings change the grade', () => {
    const rules: RiskRules = structuredClone(DEFAULT_RISK_RULES);
    // A province that calls 160–320 重大 and makes edges inclusive from below.
    rules.lec.bands = [
      { label: '极其危险', min: 320, minInclusive: true, level: '重大' },
      { label: '高度危险', min: 160, minInclusive: true, level: '重大' },
      { label: '显著危险', min: 70, minInclusive: true, level: '较大' },
      { label: '一般危险', min: 20, minInclusive: true, level: '一般' },
      { label: '稍有危险', min: 0, minInclusive: true, level: '低' },
    ];
    expect(RiskRulesSchema.safeParse(rules).success).toBe(true);
    const a = assess('LEC', { L: 6, E: 6, C: 7 }, rules);
    expect(a.ok && a.value.level).toBe('重大');
    expect(classify(70, rules.lec.bands).level).toBe('较大');
    expect(classify(20, rules.lec.bands).level).toBe('一般');
    // Factor tables are configurable too: a value outside the configured table is refused.
    rules.lec.L = rules.lec.L.filter((o) => o.value !== 6);
    const b = assess('LEC', { L: 6, E: 6, C: 7 }, rules);
    expect(b.ok).toBe(false);
  });

  it('the default passes its own schema; broken tables are refused with a field path', () => {
    expect(RiskRulesSchema.safeParse(DEFAULT_RISK_RULES).success).toBe(true);
    const bad = structuredClone(DEFAULT_RISK_RULES) as RiskRules;
    bad.lec.bands[1].min = 400; // not below the band above it
    bad.ls.bands[3].min = 1; // the last band must start at 0
    bad.ls.bands[2].level = '重大'; // more severe than the band above it
    const r = RiskRulesSchema.safeParse(bad);
    expect(r.success).toBe(false);
    const paths = r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['lec.bands.1.min', 'ls.bands.3.min', 'ls.bands.2.level']));
    const nan = structuredClone(DEFAULT_RISK_RULES) as RiskRules;
    nan.lec.L[0].value = -1;
    expect(RiskRulesSchema.safeParse(nan).success).toBe(false);
    nan.lec.L[0].value = Infinity;
    expect(RiskRulesSchema.safeParse(nan).success).toBe(false);
    const dup = structuredClone(DEFAULT_RISK_RULES) as RiskRules;
    dup.lec.E[1].value = 10;
    expect(RiskRulesSchema.safeParse(dup).success).toBe(false);
  });
});

describe('enterprise level', () => {
  const rule = DEFAULT_RISK_RULES.enterprise;
  it('takes the most severe active risk point, raised by 重大危险源 grades', () => {
    expect(deriveEnterpriseLevel([], [], rule)).toBeNull();
    expect(deriveEnterpriseLevel(['低', '一般', '低'], [], rule)).toBe('一般');
    expect(deriveEnterpriseLevel(['低', '较大'], [], rule)).toBe('较大');
    expect(deriveEnterpriseLevel(['低'], ['四级'], rule)).toBe('较大');
    expect(deriveEnterpriseLevel(['一般'], ['二级'], rule)).toBe('重大');
    expect(deriveEnterpriseLevel([], ['一级'], rule)).toBe('重大');
    expect(deriveEnterpriseLevel(['重大'], ['四级'], rule)).toBe('重大');
  });
  it('follows a changed rule', () => {
    expect(deriveEnterpriseLevel(['较大'], ['三级'], { fromRiskPoints: 'ignore', majorHazardGrades: { 一级: '重大', 二级: '较大', 三级: null, 四级: null } })).toBeNull();
    expect(mostSevere(['低', null, 'x', '一般'])).toBe('一般');
  });
});
