import { numberProblem, roundForGrading, type FieldIssue } from './numbers';
import type { MajorHazardGrade } from './grading';

/**
 * 危险化学品重大危险源辨识 GB 18218-2018 (mandatory national standard, in force 2019-03-01).
 *
 *   4.1.2  critical quantity Q: Table 1 for the named substances; otherwise Table 2 by hazard
 *          class, and for a substance with several hazard classes the smallest of their Q.
 *   4.2    identification: S = q1/Q1 + q2/Q2 + … + qn/Qn ≥ 1 → a 重大危险源 (for one unit:
 *          生产单元 or 储存单元).
 *   4.3    grading: R = α (β1 q1/Q1 + β2 q2/Q2 + … + βn qn/Qn);
 *          β: Table 3 for the listed toxic gases, Table 4 by hazard class for the others;
 *          α: Table 5 by the number of people within 500 m outside the unit's boundary;
 *          Table 6: 一级 R ≥ 100, 二级 100 > R ≥ 50, 三级 50 > R ≥ 10, 四级 R < 10.
 * q and Q are in tonnes. The server computes everything from the substance identities and
 * quantities; Q, β, α, S, R and the grade are never taken from the client.
 */

/** Hazard class symbols of Tables 2 and 4. */
export const HAZARD_SYMBOLS = [
  'J1', 'J2', 'J3', 'J4', 'J5',
  'W1.1', 'W1.2', 'W1.3', 'W2', 'W3', 'W4', 'W5.1', 'W5.2', 'W5.3', 'W5.4',
  'W6.1', 'W6.2', 'W7.1', 'W7.2', 'W8', 'W9.1', 'W9.2', 'W10', 'W11',
] as const;
export type HazardSymbol = (typeof HAZARD_SYMBOLS)[number];

export interface HazardClassRow {
  symbol: HazardSymbol;
  category: string;
  description: string;
  /** Table 2 critical quantity, tonnes */
  Q: number;
  /** Table 4 correction factor */
  beta: number;
}

/** GB 18218-2018 Table 2 (critical quantities by class) joined with Table 4 (β by class). */
export const HAZARD_CLASSES: readonly HazardClassRow[] = [
  { symbol: 'J1', category: '急性毒性', description: '类别1，所有暴露途径，气体', Q: 5, beta: 4 },
  { symbol: 'J2', category: '急性毒性', description: '类别1，所有暴露途径，固体、液体', Q: 50, beta: 1 },
  { symbol: 'J3', category: '急性毒性', description: '类别2、类别3，所有暴露途径，气体', Q: 50, beta: 2 },
  { symbol: 'J4', category: '急性毒性', description: '类别2、类别3，吸入途径，液体（沸点≤35℃）', Q: 50, beta: 2 },
  { symbol: 'J5', category: '急性毒性', description: '类别2，所有暴露途径，液体（除J4外）、固体', Q: 500, beta: 1 },
  { symbol: 'W1.1', category: '爆炸物', description: '不稳定爆炸物；1.1项爆炸物', Q: 1, beta: 2 },
  { symbol: 'W1.2', category: '爆炸物', description: '1.2、1.3、1.5、1.6项爆炸物', Q: 10, beta: 2 },
  { symbol: 'W1.3', category: '爆炸物', description: '1.4项爆炸物', Q: 50, beta: 2 },
  { symbol: 'W2', category: '易燃气体', description: '类别1和类别2', Q: 10, beta: 1.5 },
  { symbol: 'W3', category: '气溶胶', description: '类别1和类别2（净重）', Q: 150, beta: 1 },
  { symbol: 'W4', category: '氧化性气体', description: '类别1', Q: 50, beta: 1 },
  { symbol: 'W5.1', category: '易燃液体', description: '类别1；类别2和3，工作温度高于沸点', Q: 10, beta: 1.5 },
  { symbol: 'W5.2', category: '易燃液体', description: '类别2和3，具有引发重大事故的特殊工艺条件（危险化工工艺、爆炸极限范围或附近操作、操作压力大于1.6MPa等）', Q: 50, beta: 1 },
  { symbol: 'W5.3', category: '易燃液体', description: '不属于W5.1或W5.2的其他类别2', Q: 1000, beta: 1 },
  { symbol: 'W5.4', category: '易燃液体', description: '不属于W5.1或W5.2的其他类别3', Q: 5000, beta: 1 },
  { symbol: 'W6.1', category: '自反应物质和混合物', description: 'A型和B型', Q: 10, beta: 1.5 },
  { symbol: 'W6.2', category: '自反应物质和混合物', description: 'C型、D型、E型', Q: 50, beta: 1 },
  { symbol: 'W7.1', category: '有机过氧化物', description: 'A型和B型', Q: 10, beta: 1.5 },
  { symbol: 'W7.2', category: '有机过氧化物', description: 'C型、D型、E型、F型', Q: 50, beta: 1 },
  { symbol: 'W8', category: '自燃液体和自燃固体', description: '类别1自燃液体；类别1自燃固体', Q: 50, beta: 1 },
  { symbol: 'W9.1', category: '氧化性固体和液体', description: '类别1', Q: 50, beta: 1 },
  { symbol: 'W9.2', category: '氧化性固体和液体', description: '类别2、类别3', Q: 200, beta: 1 },
  { symbol: 'W10', category: '易燃固体', description: '类别1易燃固体', Q: 200, beta: 1 },
  { symbol: 'W11', category: '遇水放出易燃气体的物质和混合物', description: '类别1和类别2', Q: 200, beta: 1 },
];

export const HAZARD_CLASS_BY_SYMBOL: Record<HazardSymbol, HazardClassRow> = Object.fromEntries(HAZARD_CLASSES.map((c) => [c.symbol, c])) as never;

/** GB 18218-2018 Table 3: β of the listed toxic gases (by name and CAS). */
export const TOXIC_GAS_BETA: readonly { name: string; cas: string; beta: number }[] = [
  { name: '一氧化碳', cas: '630-08-0', beta: 2 },
  { name: '二氧化硫', cas: '7446-09-5', beta: 2 },
  { name: '氨', cas: '7664-41-7', beta: 2 },
  { name: '环氧乙烷', cas: '75-21-8', beta: 2 },
  { name: '氯化氢', cas: '7647-01-0', beta: 3 },
  { name: '溴甲烷', cas: '74-83-9', beta: 3 },
  { name: '氯', cas: '7782-50-5', beta: 4 },
  { name: '硫化氢', cas: '7783-06-4', beta: 5 },
  { name: '氟化氢', cas: '7664-39-3', beta: 5 },
  { name: '二氧化氮', cas: '10102-44-0', beta: 10 },
  { name: '氰化氢', cas: '74-90-8', beta: 10 },
  { name: '碳酰氯', cas: '75-44-5', beta: 20 },
  { name: '磷化氢', cas: '7803-51-2', beta: 20 },
  { name: '异氰酸甲酯', cas: '624-83-9', beta: 20 },
];

export interface CatalogSubstance {
  /** stable key, "t1-<序号>" */
  id: string;
  /** 序号 in GB 18218-2018 Table 1 */
  no: number;
  name: string;
  aliases: string;
  /** CAS number as printed (some rows list several, some none) */
  cas: string | null;
  /** critical quantity, tonnes (Table 1) */
  Q: number;
  /** β of Table 3 when the substance is one of its toxic gases */
  toxicGasBeta?: number;
  /**
   * hazard class used for β (Table 4) when not a Table 3 gas: a default to confirm with the SDS;
   * null where the class (and so β) must be chosen by the user (toxic substances whose GHS
   * category decides between J1…J5)
   */
  symbol: HazardSymbol | null;
}

const t1 = (no: number, name: string, aliases: string, cas: string | null, Q: number, symbol: HazardSymbol | null, toxicGasBeta?: number): CatalogSubstance => ({
  id: `t1-${no}`,
  no,
  name,
  aliases,
  cas,
  Q,
  symbol,
  ...(toxicGasBeta !== undefined ? { toxicGasBeta } : {}),
});

/**
 * GB 18218-2018 Table 1 (危险化学品名称及其临界量), the rows shipped here: name, CAS and Q as in
 * the table (序号 = the row number). Rows with long specifications that are easy to misapply
 * (硝化纤维素 variants, 硝酸铵 variants, 过乙酸, 过氧化甲基乙基酮, 烷基铝, 煤气) are left out: enter
 * them by class (Table 2) with the Q of the standard in hand. `symbol` is the class used for β
 * (Table 4) when the substance is not a Table 3 gas — a default the user may change.
 */
export const TABLE1: readonly CatalogSubstance[] = [
  t1(1, '氨', '液氨；氨气', '7664-41-7', 10, null, 2),
  t1(2, '二氟化氧', '一氧化二氟', '7783-41-7', 1, null),
  t1(3, '二氧化氮', '', '10102-44-0', 1, null, 10),
  t1(4, '二氧化硫', '亚硫酸酐', '7446-09-5', 20, null, 2),
  t1(5, '氟', '', '7782-41-4', 1, null),
  t1(6, '碳酰氯', '光气', '75-44-5', 0.3, null, 20),
  t1(7, '环氧乙烷', '氧化乙烯', '75-21-8', 10, null, 2),
  t1(8, '甲醛（含量＞90%）', '蚁醛', '50-00-0', 5, null),
  t1(9, '磷化氢', '磷化三氢；膦', '7803-51-2', 1, null, 20),
  t1(10, '硫化氢', '', '7783-06-4', 5, null, 5),
  t1(11, '氯化氢（无水）', '', '7647-01-0', 20, null, 3),
  t1(12, '氯', '液氯；氯气', '7782-50-5', 5, null, 4),
  t1(14, '砷化氢', '砷化三氢；胂', '7784-42-1', 1, null),
  t1(15, '锑化氢', '三氢化锑；锑化三氢', '7803-52-3', 1, null),
  t1(16, '硒化氢', '', '7783-07-5', 1, null),
  t1(17, '溴甲烷', '甲基溴', '74-83-9', 10, null, 3),
  t1(18, '丙酮氰醇', '丙酮合氰化氢；2-羟基异丁腈；氰丙醇', '75-86-5', 20, null),
  t1(19, '丙烯醛', '烯丙醛；败脂醛', '107-02-8', 20, null),
  t1(20, '氟化氢', '', '7664-39-3', 1, null, 5),
  t1(21, '1-氯-2,3-环氧丙烷', '环氧氯丙烷', '106-89-8', 20, null),
  t1(22, '3-溴-1,2-环氧丙烷', '环氧溴丙烷；表溴醇', '3132-64-7', 20, null),
  t1(23, '甲苯二异氰酸酯', '二异氰酸甲苯酯；TDI', '26471-62-5', 100, null),
  t1(24, '一氯化硫', '氯化硫', '10025-67-9', 1, null),
  t1(25, '氰化氢', '无水氢氰酸', '74-90-8', 1, null, 10),
  t1(26, '三氧化硫', '硫酸酐', '7446-11-9', 75, null),
  t1(27, '3-氨基丙烯', '烯丙胺', '107-11-9', 20, null),
  t1(28, '溴', '溴素', '7726-95-6', 20, null),
  t1(29, '乙撑亚胺', '吖丙啶；氮丙啶', '151-56-4', 20, null),
  t1(30, '异氰酸甲酯', '甲基异氰酸酯', '624-83-9', 0.75, null, 20),
  t1(31, '叠氮化钡', '叠氮钡', '18810-58-7', 0.5, 'W1.1'),
  t1(32, '叠氮化铅', '', '13424-46-9', 0.5, 'W1.1'),
  t1(33, '雷汞', '雷酸汞', '628-86-4', 0.5, 'W1.1'),
  t1(34, '三硝基苯甲醚', '三硝基茴香醚', '28653-16-9', 5, 'W1.1'),
  t1(35, '2,4,6-三硝基甲苯', '梯恩梯；TNT', '118-96-7', 5, 'W1.1'),
  t1(36, '硝化甘油', '硝化丙三醇；甘油三硝酸酯', '55-63-0', 1, 'W1.1'),
  t1(46, '硝酸钾', '', '7757-79-1', 1000, 'W9.2'),
  t1(47, '1,3-丁二烯', '联乙烯', '106-99-0', 5, 'W2'),
  t1(48, '二甲醚', '甲醚', '115-10-6', 50, 'W2'),
  t1(49, '甲烷，天然气', '', '74-82-8（甲烷）；8006-14-2（天然气）', 50, 'W2'),
  t1(50, '氯乙烯', '乙烯基氯', '75-01-4', 50, 'W2'),
  t1(51, '氢', '氢气', '1333-74-0', 5, 'W2'),
  t1(52, '液化石油气（含丙烷、丁烷及其混合物）', '石油气（液化的）', '68476-85-7；74-98-6（丙烷）；106-97-8（丁烷）', 50, 'W2'),
  t1(53, '一甲胺', '氨基甲烷；甲胺', '74-89-5', 5, 'W2'),
  t1(54, '乙炔', '电石气', '74-86-2', 1, 'W2'),
  t1(55, '乙烯', '', '74-85-1', 50, 'W2'),
  t1(56, '氧（压缩的或液化的）', '液氧；氧气', '7782-44-7', 200, 'W4'),
  t1(57, '苯', '纯苯', '71-43-2', 50, 'W5.3'),
  t1(58, '苯乙烯', '乙烯苯', '100-42-5', 500, 'W5.4'),
  t1(59, '丙酮', '二甲基酮', '67-64-1', 500, 'W5.3'),
  t1(60, '2-丙烯腈', '丙烯腈；乙烯基氰', '107-13-1', 50, 'W5.3'),
  t1(61, '二硫化碳', '', '75-15-0', 50, 'W5.3'),
  t1(62, '环己烷', '六氢化苯', '110-82-7', 500, 'W5.3'),
  t1(63, '1,2-环氧丙烷', '氧化丙烯；甲基环氧乙烷', '75-56-9', 10, 'W5.1'),
  t1(64, '甲苯', '甲基苯；苯基甲烷', '108-88-3', 500, 'W5.3'),
  t1(65, '甲醇', '木醇；木精', '67-56-1', 500, 'W5.3'),
  // Gasoline may have an initial boiling point ≤ 35 ℃ (类别1): the conservative default is W5.1.
  t1(66, '汽油（乙醇汽油、甲醇汽油）', '', '86290-81-5（汽油）', 200, 'W5.1'),
  t1(67, '乙醇', '酒精', '64-17-5', 500, 'W5.3'),
  t1(68, '乙醚', '二乙基醚', '60-29-7', 10, 'W5.1'),
  t1(69, '乙酸乙酯', '醋酸乙酯', '141-78-6', 500, 'W5.3'),
  t1(70, '正己烷', '己烷', '110-54-3', 500, 'W5.3'),
  t1(73, '黄磷', '白磷', '12185-10-3', 50, 'W8'),
  t1(75, '戊硼烷', '五硼烷', '19624-22-7', 1, 'W8'),
  t1(76, '过氧化钾', '', '17014-71-0', 20, 'W9.1'),
  t1(77, '过氧化钠', '双氧化钠；二氧化钠', '1313-60-6', 20, 'W9.1'),
  t1(78, '氯酸钾', '', '3811-04-9', 100, 'W9.1'),
  t1(79, '氯酸钠', '', '7775-09-9', 100, 'W9.1'),
  t1(80, '发烟硝酸', '', '52583-42-3', 20, 'W9.1'),
  t1(81, '硝酸（发红烟的除外，含硝酸＞70%）', '', '7697-37-2', 100, 'W9.2'),
  t1(82, '硝酸胍', '硝酸亚氨脲', '506-93-4', 50, 'W9.2'),
  t1(83, '碳化钙', '电石', '75-20-7', 100, 'W11'),
  t1(84, '钾', '金属钾', '7440-09-7', 1, 'W11'),
  t1(85, '钠', '金属钠', '7440-23-5', 10, 'W11'),
];

export const TABLE1_BY_ID: Record<string, CatalogSubstance> = Object.fromEntries(TABLE1.map((s) => [s.id, s]));

/** The source cited for a catalogue row. */
export function citeTable1(s: CatalogSubstance): string {
  return `GB 18218-2018 表1 序号${s.no}`;
}

// ---------- α (Table 5) and grades (Table 6) ----------

export const PEOPLE_MAX = 1_000_000;

/** α by the number of people within 500 m outside the unit's boundary (GB 18218-2018 Table 5). */
export function alphaFor(people: number): number {
  if (people >= 100) return 2.0;
  if (people >= 50) return 1.5;
  if (people >= 30) return 1.2;
  if (people >= 1) return 1.0;
  return 0.5;
}

/** Grade by R (GB 18218-2018 Table 6). */
export function gradeFor(R: number): MajorHazardGrade {
  const r = roundForGrading(R);
  if (r >= 100) return '一级';
  if (r >= 50) return '二级';
  if (r >= 10) return '三级';
  return '四级';
}

export const GRADE_RANGES: Record<MajorHazardGrade, string> = { 一级: 'R≥100', 二级: '50≤R＜100', 三级: '10≤R＜50', 四级: 'R＜10' };

// ---------- CAS check digit ----------

/** CAS registry number: 2–7 digits, 2 digits, check digit = Σ(position × digit) mod 10. */
export function isValidCas(cas: string): boolean {
  const m = /^(\d{2,7})-(\d{2})-(\d)$/.exec(cas.trim());
  if (!m) return false;
  const digits = (m[1] + m[2]).split('').reverse();
  const sum = digits.reduce((s, d, i) => s + (i + 1) * Number(d), 0);
  return sum % 10 === Number(m[3]);
}

// ---------- evaluation ----------

/** Largest quantity accepted for one substance in one unit; more is a unit error (kg for t). */
export const QUANTITY_MAX_TONNES = 10_000_000;

export interface SubstanceLineInput {
  /** a Table 1 row ("t1-52"); otherwise name + symbol (Table 2) */
  catalogId?: string | null;
  name?: string | null;
  cas?: string | null;
  /** hazard class: Q for unlisted substances (Table 2), β for non-Table-3 substances (Table 4) */
  symbol?: string | null;
  /** actual quantity q, tonnes (design maximum for tanks, containers and stores) */
  quantity: unknown;
}

export interface SubstanceLine {
  catalogId: string | null;
  name: string;
  cas: string | null;
  symbol: HazardSymbol | null;
  hazardClass: string;
  quantity: number;
  criticalQuantity: number;
  /** where Q comes from */
  qSource: string;
  beta: number;
  betaSource: string;
  /** q / Q */
  ratio: number;
}

export interface SourceEvaluation {
  lines: SubstanceLine[];
  peopleExposed: number;
  alpha: number;
  /** Σ q/Q */
  S: number;
  /** α Σ β q/Q */
  R: number;
  isMajor: boolean;
  /** null when S < 1 (not a 重大危险源) */
  grade: MajorHazardGrade | null;
}

export type Evaluated = { ok: true; value: SourceEvaluation } | { ok: false; issues: FieldIssue[] };

function toxicGasOf(name: string, cas: string | null): { name: string; beta: number } | undefined {
  const n = name.replace(/[（(].*$/, '').replace(/气$/, '').trim();
  return TOXIC_GAS_BETA.find((g) => (cas && g.cas === cas.trim()) || g.name === n);
}

/**
 * Identify and grade one unit (GB 18218-2018 4.2, 4.3). Every bad number is reported with a
 * message naming the field and the substance line.
 */
export function evaluateSource(input: { peopleExposed: unknown; substances: readonly SubstanceLineInput[] | unknown }): Evaluated {
  const issues: FieldIssue[] = [];
  const peopleProblem = numberProblem(input.peopleExposed, '厂区边界外 500 米范围内常住人口数', { min: 0, integer: true, max: PEOPLE_MAX, unit: ' 人' });
  if (peopleProblem) issues.push({ path: 'peopleExposed', message: peopleProblem });
  const list = input.substances;
  if (!Array.isArray(list) || list.length === 0) {
    issues.push({ path: 'substances', message: '危险化学品：至少填写一种' });
    return { ok: false, issues };
  }
  if (list.length > 100) {
    issues.push({ path: 'substances', message: '危险化学品：一个单元最多 100 种' });
    return { ok: false, issues };
  }
  const lines: SubstanceLine[] = [];
  const seen = new Map<string, number>();
  list.forEach((raw: SubstanceLineInput, i: number) => {
    const at = `第 ${i + 1} 种危险化学品`;
    const p = (f: string) => `substances.${i}.${f}`;
    const qProblem = numberProblem(raw?.quantity, `${at}的实际存在量 q`, { min: 0, minExclusive: true, max: QUANTITY_MAX_TONNES, unit: ' 吨' });
    if (qProblem) issues.push({ path: p('quantity'), message: qProblem });
    let symbol: HazardSymbol | null = null;
    if (raw?.symbol !== undefined && raw?.symbol !== null && raw?.symbol !== '') {
      if (!(HAZARD_SYMBOLS as readonly string[]).includes(String(raw.symbol))) {
        issues.push({ path: p('symbol'), message: `${at}的危险性类别“${String(raw.symbol)}”不在 GB 18218-2018 表2/表4 中` });
      } else symbol = raw.symbol as HazardSymbol;
    }
    let line: Omit<SubstanceLine, 'quantity' | 'ratio'> | undefined;
    if (raw?.catalogId) {
      const c = TABLE1_BY_ID[String(raw.catalogId)];
      if (!c) {
        issues.push({ path: p('catalogId'), message: `${at}：“${String(raw.catalogId)}”不在 GB 18218-2018 表1 物质目录中` });
        return;
      }
      const key = `c:${c.id}`;
      if (seen.has(key)) issues.push({ path: p('catalogId'), message: `${at}（${c.name}）与第 ${seen.get(key)! + 1} 种重复，请合并数量` });
      seen.set(key, i);
      if (c.toxicGasBeta !== undefined) {
        // A Table 3 gas: β is fixed by the standard whatever class is given.
        line = {
          catalogId: c.id,
          name: c.name,
          cas: c.cas,
          symbol: null,
          hazardClass: '毒性气体（表3）',
          criticalQuantity: c.Q,
          qSource: citeTable1(c),
          beta: c.toxicGasBeta,
          betaSource: 'GB 18218-2018 表3',
        };
      } else {
        const cls = symbol ?? c.symbol;
        if (!cls) {
          issues.push({ path: p('symbol'), message: `${at}（${c.name}）：请选择危险性类别（表4），以确定校正系数 β` });
          return;
        }
        line = {
          catalogId: c.id,
          name: c.name,
          cas: c.cas,
          symbol: cls,
          hazardClass: `${HAZARD_CLASS_BY_SYMBOL[cls].category}（${cls}）`,
          criticalQuantity: c.Q,
          qSource: citeTable1(c),
          beta: HAZARD_CLASS_BY_SYMBOL[cls].beta,
          betaSource: `GB 18218-2018 表4（${cls}）`,
        };
      }
    } else {
      const name = typeof raw?.name === 'string' ? raw.name.trim() : '';
      if (!name) issues.push({ path: p('name'), message: `${at}：未选用表1物质时须填写名称` });
      else if (name.length > 100) issues.push({ path: p('name'), message: `${at}的名称不能超过 100 个字符` });
      const cas = typeof raw?.cas === 'string' && raw.cas.trim() ? raw.cas.trim() : null;
      if (cas && !isValidCas(cas)) issues.push({ path: p('cas'), message: `${at}的 CAS 号“${cas}”格式或校验位不正确（如 7664-41-7）` });
      // 4.1.2 a): a substance named in Table 1 takes its Table 1 critical quantity.
      const listed = name ? TABLE1.find((c) => c.name === name || (cas !== null && c.cas === cas)) : undefined;
      if (listed) {
        issues.push({ path: p('name'), message: `${at}“${name}”列于 GB 18218-2018 表1（序号${listed.no}），请从表1中选用，临界量按表1确定` });
        return;
      }
      if (!symbol) {
        if (raw?.symbol === undefined || raw?.symbol === null || raw?.symbol === '') issues.push({ path: p('symbol'), message: `${at}：未在表1中列出的物质须选择危险性类别（表2），以确定临界量 Q` });
        return;
      }
      if (!name) return;
      const key = cas ? `cas:${cas}` : `n:${name}`;
      if (seen.has(key)) issues.push({ path: p('name'), message: `${at}（${name}）与第 ${seen.get(key)! + 1} 种重复，请合并数量` });
      seen.set(key, i);
      const cls = HAZARD_CLASS_BY_SYMBOL[symbol];
      const gas = toxicGasOf(name, cas);
      line = {
        catalogId: null,
        name,
        cas,
        symbol,
        hazardClass: `${cls.category}（${symbol}）`,
        criticalQuantity: cls.Q,
        qSource: `GB 18218-2018 表2（${symbol}）`,
        beta: gas ? gas.beta : cls.beta,
        betaSource: gas ? `GB 18218-2018 表3（${gas.name}）` : `GB 18218-2018 表4（${symbol}）`,
      };
    }
    if (line && !qProblem) {
      const q = raw.quantity as number;
      lines.push({ ...line, quantity: q, ratio: q / line.criticalQuantity });
    }
  });
  if (issues.length) return { ok: false, issues };
  const people = input.peopleExposed as number;
  const alpha = alphaFor(people);
  const S = roundForGrading(lines.reduce((s, l) => s + l.ratio, 0));
  const R = roundForGrading(alpha * lines.reduce((s, l) => s + l.beta * l.ratio, 0));
  const isMajor = S >= 1;
  return { ok: true, value: { lines, peopleExposed: people, alpha, S, R, isMajor, grade: isMajor ? gradeFor(R) : null } };
}
