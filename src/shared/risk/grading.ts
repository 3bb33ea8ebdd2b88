import { z } from 'zod';
import { numberProblem, roundForGrading, type FieldIssue } from './numbers';

/**
 * 风险分级 (risk grading) — pure rules used by the server and by the web calculator.
 *
 * Four levels and colours (国务院安委办〔2016〕11号 "红、橙、黄、蓝"): 重大/较大/一般/低.
 * Two assessment methods:
 *   LEC (作业条件危险性评价法, Graham & Kinney 1976, as used in Chinese safety evaluation):
 *       D = L × E × C with L ∈ {10,6,3,1,0.5,0.2,0.1}, E ∈ {10,6,3,2,1,0.5}, C ∈ {100,40,15,7,3,1};
 *       bands ">320 极其危险, 160～320 高度危险, 70～160 显著危险, 20～70 一般危险, <20 稍有危险".
 *   LS (风险矩阵法): R = L × S, both 1…5.
 * Band edges and the band → colour mapping differ between provinces, so every table here is a
 * default of a settings record (`risk.rules`) that 安委办 can edit; see DEFAULT_RISK_RULES.
 */

export const RISK_LEVELS = ['重大', '较大', '一般', '低'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** 0 = most severe. */
export const LEVEL_RANK: Record<RiskLevel, number> = { 重大: 0, 较大: 1, 一般: 2, 低: 3 };

export const LEVEL_COLOURS: Record<RiskLevel, { name: string; hex: string; text: string; tag: string }> = {
  重大: { name: '红', hex: '#e02424', text: '#ffffff', tag: 'red' },
  较大: { name: '橙', hex: '#f97316', text: '#ffffff', tag: 'orange' },
  一般: { name: '黄', hex: '#facc15', text: '#1f2937', tag: 'gold' },
  低: { name: '蓝', hex: '#2563eb', text: '#ffffff', tag: 'blue' },
};

export const ASSESSMENT_METHODS = ['LEC', 'LS'] as const;
export type AssessmentMethod = (typeof ASSESSMENT_METHODS)[number];

export interface FactorOption {
  value: number;
  label: string;
}

/**
 * A band: values v with v > min (or v ≥ min when minInclusive) that are not in a higher band.
 * Bands are listed from the most to the least severe; the last one starts at 0 inclusive so
 * every non-negative value falls in exactly one band.
 */
export interface Band {
  label: string;
  min: number;
  minInclusive: boolean;
  level: RiskLevel;
}

export interface EnterpriseLevelRule {
  /** 'highest': the enterprise takes the most severe level of its active risk points; 'ignore': points do not count */
  fromRiskPoints: 'highest' | 'ignore';
  /** level implied by each 重大危险源 grade (null = the grade does not raise the enterprise level) */
  majorHazardGrades: Record<MajorHazardGrade, RiskLevel | null>;
}

export const MAJOR_HAZARD_GRADES = ['一级', '二级', '三级', '四级'] as const;
export type MajorHazardGrade = (typeof MAJOR_HAZARD_GRADES)[number];

export interface RiskRules {
  lec: { L: FactorOption[]; E: FactorOption[]; C: FactorOption[]; bands: Band[] };
  ls: { L: FactorOption[]; S: FactorOption[]; bands: Band[] };
  enterprise: EnterpriseLevelRule;
}

/**
 * Default rules. Band edge inclusivity (LEC): the published table writes ">320" and "<20", so 320
 * is 高度危险 and 20 is 一般危险; the shared edges 160 and 70 are read the same way as 320 — an edge
 * value belongs to the band whose range it closes from above (160 → 显著危险, 70 → 一般危险).
 * In short: 极其 D>320; 高度 160<D≤320; 显著 70<D≤160; 一般 20≤D≤70; 稍有 D<20.
 * Colours (the most common provincial mapping): 极其 → 重大(红), 高度 → 较大(橙), 显著 → 一般(黄),
 * 一般危险 and 稍有危险 → 低(蓝).
 * LS (5×5 matrix, the usual split of the 14 reachable products): R ≥ 20 (20, 25) 重大; 15 ≤ R < 20
 * (15, 16) 较大; 9 ≤ R < 15 (9, 10, 12) 一般; R < 9 (1…8) 低.
 * Enterprise level: the most severe of (a) its active risk points and (b) its 重大危险源 grades with
 * 一级/二级 → 重大 and 三级/四级 → 较大 (企业安全风险分级 practice: an enterprise with a 一级 or 二级
 * 重大危险源 is a 重大风险 enterprise).
 */
export const DEFAULT_RISK_RULES: RiskRules = {
  lec: {
    L: [
      { value: 10, label: '完全可以预料' },
      { value: 6, label: '相当可能' },
      { value: 3, label: '可能，但不经常' },
      { value: 1, label: '可能性小，完全意外' },
      { value: 0.5, label: '很不可能，可以设想' },
      { value: 0.2, label: '极不可能' },
      { value: 0.1, label: '实际不可能' },
    ],
    E: [
      { value: 10, label: '连续暴露' },
      { value: 6, label: '每天工作时间内暴露' },
      { value: 3, label: '每周一次或偶然暴露' },
      { value: 2, label: '每月一次暴露' },
      { value: 1, label: '每年几次暴露' },
      { value: 0.5, label: '非常罕见地暴露' },
    ],
    C: [
      { value: 100, label: '大灾难，许多人死亡' },
      { value: 40, label: '灾难，数人死亡' },
      { value: 15, label: '非常严重，一人死亡' },
      { value: 7, label: '严重，重伤' },
      { value: 3, label: '重大，致残' },
      { value: 1, label: '引人注目，需要救护' },
    ],
    bands: [
      { label: '极其危险', min: 320, minInclusive: false, level: '重大' },
      { label: '高度危险', min: 160, minInclusive: false, level: '较大' },
      { label: '显著危险', min: 70, minInclusive: false, level: '一般' },
      { label: '一般危险', min: 20, minInclusive: true, level: '低' },
      { label: '稍有危险', min: 0, minInclusive: true, level: '低' },
    ],
  },
  ls: {
    L: [
      { value: 5, label: '很可能（经常发生）' },
      { value: 4, label: '可能（曾多次发生）' },
      { value: 3, label: '偶尔（曾发生过）' },
      { value: 2, label: '不大可能（极少发生）' },
      { value: 1, label: '极不可能（未发生过）' },
    ],
    S: [
      { value: 5, label: '灾难性（多人死亡）' },
      { value: 4, label: '严重（一人死亡或多人重伤）' },
      { value: 3, label: '较重（重伤）' },
      { value: 2, label: '一般（轻伤）' },
      { value: 1, label: '轻微（无伤亡）' },
    ],
    bands: [
      { label: '重大风险', min: 20, minInclusive: true, level: '重大' },
      { label: '较大风险', min: 15, minInclusive: true, level: '较大' },
      { label: '一般风险', min: 9, minInclusive: true, level: '一般' },
      { label: '低风险', min: 0, minInclusive: true, level: '低' },
    ],
  },
  enterprise: {
    fromRiskPoints: 'highest',
    majorHazardGrades: { 一级: '重大', 二级: '重大', 三级: '较大', 四级: '较大' },
  },
};

export const FACTOR_NAMES: Record<AssessmentMethod, Record<string, string>> = {
  LEC: { L: 'L（事故发生的可能性）', E: 'E（暴露于危险环境的频繁程度）', C: 'C（发生事故可能造成的后果）' },
  LS: { L: 'L（事故发生的可能性）', S: 'S（事故后果的严重程度）' },
};

// ---------- classification ----------

/** The band of a value (bands from most to least severe). Values must be ≥ 0 and finite. */
export function classify(value: number, bands: readonly Band[]): Band {
  const v = roundForGrading(value);
  for (const b of bands) {
    if (b.minInclusive ? v >= b.min : v > b.min) return b;
  }
  return bands[bands.length - 1];
}

/** Human text of a band's range, e.g. "160＜D≤320". */
export function bandRangeText(bands: readonly Band[], index: number, symbol: string): string {
  const b = bands[index];
  const lower = `${b.min}${b.minInclusive ? '≤' : '＜'}${symbol}`;
  if (index === 0) return `${symbol}${b.minInclusive ? '≥' : '＞'}${b.min}`;
  const upper = bands[index - 1];
  const upperText = upper.minInclusive ? `＜${upper.min}` : `≤${upper.min}`;
  if (b.min === 0 && b.minInclusive) return `${symbol}${upperText}`;
  return `${lower}${upperText}`;
}

export interface AssessmentResult {
  method: AssessmentMethod;
  factors: Record<string, number>;
  /** D (LEC) or R (LS) */
  score: number;
  band: string;
  level: RiskLevel;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/**
 * Validate the factors against the configured tables and grade them. Every missing, non-numeric,
 * NaN, infinite, negative or out-of-table factor is reported with a message naming the factor.
 */
export function assess(method: unknown, factors: unknown, rules: RiskRules = DEFAULT_RISK_RULES, pathPrefix = 'factors'): Checked<AssessmentResult> {
  if (method !== 'LEC' && method !== 'LS') return { ok: false, issues: [{ path: 'method', message: '评价方法：应为 LEC（作业条件危险性评价法）或 LS（风险矩阵法）' }] };
  const f = (factors ?? {}) as Record<string, unknown>;
  if (typeof factors !== 'object' || factors === null || Array.isArray(factors)) {
    return { ok: false, issues: [{ path: pathPrefix, message: '评价因子：应为对象，如 {"L":6,"E":6,"C":7}' }] };
  }
  const table = method === 'LEC' ? rules.lec : rules.ls;
  const keys = method === 'LEC' ? (['L', 'E', 'C'] as const) : (['L', 'S'] as const);
  const issues: FieldIssue[] = [];
  const values: Record<string, number> = {};
  for (const k of keys) {
    const options = (table as unknown as Record<string, FactorOption[]>)[k];
    const problem = numberProblem(f[k], FACTOR_NAMES[method][k], { allowed: options.map((o) => o.value) });
    if (problem) issues.push({ path: `${pathPrefix}.${k}`, message: problem });
    else values[k] = f[k] as number;
  }
  for (const k of Object.keys(f)) {
    if (!(keys as readonly string[]).includes(k)) issues.push({ path: `${pathPrefix}.${k}`, message: `${method} 法没有因子“${k}”（应为 ${keys.join('、')}）` });
  }
  if (issues.length) return { ok: false, issues };
  const score = roundForGrading(keys.reduce((p, k) => p * values[k], 1));
  const band = classify(score, table.bands);
  return { ok: true, value: { method, factors: values, score, band: band.label, level: band.level } };
}

/** The most severe of some levels (null when none). */
export function mostSevere(levels: readonly (string | null | undefined)[]): RiskLevel | null {
  let best: RiskLevel | null = null;
  for (const l of levels) {
    if (!l || !(RISK_LEVELS as readonly string[]).includes(l)) continue;
    if (best === null || LEVEL_RANK[l as RiskLevel] < LEVEL_RANK[best]) best = l as RiskLevel;
  }
  return best;
}

/**
 * The enterprise's derived risk level: the most severe of its active risk points' levels (unless
 * the rule ignores them) and the levels its 重大危险源 grades imply; null when nothing is assessed.
 */
export function deriveEnterpriseLevel(pointLevels: readonly string[], majorHazardGrades: readonly string[], rule: EnterpriseLevelRule): RiskLevel | null {
  const fromPoints = rule.fromRiskPoints === 'highest' ? pointLevels : [];
  const fromSources = majorHazardGrades.map((g) => rule.majorHazardGrades[g as MajorHazardGrade] ?? null);
  return mostSevere([...fromPoints, ...fromSources]);
}

// ---------- the settings record ----------

const Level = z.enum(RISK_LEVELS, { message: '风险等级应为 重大、较大、一般 或 低' });

const finiteNumber = (label: string, max: number) =>
  z
    .number({ message: `${label}应为数字` })
    .refine((v) => Number.isFinite(v), `${label}不能为无穷大或 NaN`)
    .refine((v) => v >= 0, `${label}不能为负数`)
    .refine((v) => v <= max, `${label}不能超过 ${max}`);

const FactorOptionSchema = z
  .object({
    value: finiteNumber('取值', 10_000).refine((v) => v > 0, '取值必须大于 0'),
    label: z.string().trim().min(1, '说明不能为空').max(60, '说明不能超过 60 个字符'),
  })
  .strict();

const factorList = (name: string) =>
  z
    .array(FactorOptionSchema)
    .min(2, `${name}至少 2 个取值`)
    .max(10, `${name}最多 10 个取值`)
    .refine((a) => new Set(a.map((o) => o.value)).size === a.length, `${name}的取值不能重复`);

const BandSchema = z
  .object({
    label: z.string().trim().min(1, '分级名称不能为空').max(20, '分级名称不能超过 20 个字符'),
    min: finiteNumber('下限', 1_000_000),
    minInclusive: z.boolean({ message: '是否含下限应为 true/false' }),
    level: Level,
  })
  .strict();

const bandList = (name: string) =>
  z
    .array(BandSchema)
    .min(2, `${name}至少 2 档`)
    .max(8, `${name}最多 8 档`)
    .superRefine((bands, ctx) => {
      for (let i = 1; i < bands.length; i++) {
        if (!(bands[i].min < bands[i - 1].min)) ctx.addIssue({ code: 'custom', path: [i, 'min'], message: `第 ${i + 1} 档的下限应小于上一档（${bands[i - 1].min}）` });
        if (LEVEL_RANK[bands[i].level] < LEVEL_RANK[bands[i - 1].level]) {
          ctx.addIssue({ code: 'custom', path: [i, 'level'], message: `第 ${i + 1} 档（${bands[i].label}）的风险等级不能高于上一档（${bands[i - 1].label}）` });
        }
      }
      const last = bands[bands.length - 1];
      if (last && (last.min !== 0 || !last.minInclusive)) ctx.addIssue({ code: 'custom', path: [bands.length - 1, 'min'], message: '最后一档应从 0（含）开始，使每个分值都有归属' });
      if (new Set(bands.map((b) => b.label)).size !== bands.length) ctx.addIssue({ code: 'custom', path: [], message: `${name}的分级名称不能重复` });
    });

export const RiskRulesSchema = z
  .object({
    lec: z.object({ L: factorList('L'), E: factorList('E'), C: factorList('C'), bands: bandList('LEC 分级') }).strict(),
    ls: z.object({ L: factorList('L'), S: factorList('S'), bands: bandList('LS 分级') }).strict(),
    enterprise: z
      .object({
        fromRiskPoints: z.enum(['highest', 'ignore'], { message: '风险点取值规则应为 highest 或 ignore' }),
        majorHazardGrades: z
          .object({ 一级: Level.nullable(), 二级: Level.nullable(), 三级: Level.nullable(), 四级: Level.nullable() })
          .strict(),
      })
      .strict(),
  })
  .strict();
