/**
 * 执法检查 rules shared by server and web: 分类分级 (A–D) and the inspection frequency of each class,
 * the enforcement case steps, the document kinds and their numbering pattern, and the penalty
 * 裁量基准 (安全生产法 2021) shipped as the default table.
 */

export const TARGET_CLASSES = ['A', 'B', 'C', 'D'] as const;
export type TargetClass = (typeof TARGET_CLASSES)[number];

export const CLASS_LABELS: Record<TargetClass, string> = { A: 'A类（重点监管）', B: 'B类（一般监管）', C: 'C类（抽查监管）', D: 'D类（随机抽查）' };

/**
 * Inspections per year each class needs (分类分级执法). A: twice a year; B: once; C: every second
 * year; D: only by 双随机 draws (≈ one in five a year). Departments may plan more, never fewer.
 */
export const CLASS_FREQUENCY: Record<TargetClass, number> = { A: 2, B: 1, C: 0.5, D: 0.2 };

/** Sectors whose enterprises are high risk by the nature of their work (危险化学品, 烟花爆竹, 民爆, 非煤矿山, 燃气, 成品油). */
export const HIGH_RISK_SECTORS = ['hazchem', 'fireworks', 'explosives', 'noncoalmine', 'citygas', 'commerceoil'] as const;

export interface ClassFactors {
  sector: string;
  /** from the risk module: 重大/较大/一般/低 (null: not assessed) */
  riskLevel: string | null;
  /** 规上 */
  aboveScale: boolean;
  /** penalties (行政处罚决定) in the last three years */
  violations: number;
  /** on the 严重失信主体名单 today */
  dishonest?: boolean;
  /** has a 重大危险源 in use (risk module's register) */
  majorHazard?: boolean;
}

/**
 * 分类分级: the computed class and why. A: 重大风险, or a high-risk sector 规上, or ≥2 penalties in
 * three years, or on the 失信 list, or a 重大危险源 in use. B: 较大风险, any high-risk sector, or one penalty. C: 一般风险 or 规上. D: the rest.
 */
export function computeClass(f: ClassFactors): { class: TargetClass; reasons: string[] } {
  const highRisk = (HIGH_RISK_SECTORS as readonly string[]).includes(f.sector);
  const a: string[] = [];
  if (f.riskLevel === '重大') a.push('企业风险等级为重大风险');
  if (highRisk && f.aboveScale) a.push('高危行业规上企业');
  if (f.violations >= 2) a.push(`近三年受行政处罚 ${f.violations} 次`);
  if (f.dishonest) a.push('列入严重失信主体名单');
  if (f.majorHazard) a.push('有在用的重大危险源');
  if (a.length) return { class: 'A', reasons: a };
  const b: string[] = [];
  if (f.riskLevel === '较大') b.push('企业风险等级为较大风险');
  if (highRisk) b.push('高危行业企业');
  if (f.violations === 1) b.push('近三年受行政处罚 1 次');
  if (b.length) return { class: 'B', reasons: b };
  const c: string[] = [];
  if (f.riskLevel === '一般') c.push('企业风险等级为一般风险');
  if (f.aboveScale) c.push('规上企业');
  if (c.length) return { class: 'C', reasons: c };
  return { class: 'D', reasons: ['低风险或未评估，纳入双随机抽查'] };
}

/** Inspections a year a class needs for n enterprises (rounded up: a plan counts whole inspections). */
export function requiredInspections(cls: TargetClass, n: number): number {
  return Math.ceil(CLASS_FREQUENCY[cls] * n);
}

// ---------- 双随机 ----------

/** Identifier of the published draw algorithm (see the module README for its definition). */
export const DRAW_ALGORITHM = 'anzhi-draw-v2';
/** The first algorithm (uniform Fisher–Yates); draws stored with it still verify. */
export const DRAW_ALGORITHM_V1 = 'anzhi-draw-v1';
/** Inspectors per target: at least two (执法人员不少于两人, 行政处罚法 第四十二条). */
export const MIN_INSPECTORS_PER_TARGET = 2;
/** 双随机 results are public for this many days after the draw (一公开: within 20 working days, then kept a year). */
export const PUBLIC_DAYS = 365;

// ---------- enforcement cases (执法全过程) ----------

export const CASE_STATUSES = ['filed', 'investigating', 'legal_review', 'decided', 'executing', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  filed: '已立案',
  investigating: '调查取证',
  legal_review: '法制审核',
  decided: '已决定',
  executing: '执行中',
  closed: '已结案',
};

export const CASE_SOURCES = ['inspection', 'report', 'referral', 'other'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];
export const CASE_SOURCE_LABELS: Record<CaseSource, string> = { inspection: '执法检查', report: '举报', referral: '移送', other: '其他' };

export const CIRCUMSTANCES = ['轻微', '一般', '较重', '严重'] as const;
export type Circumstance = (typeof CIRCUMSTANCES)[number];

/**
 * 重大执法决定 (须经法制审核): a fine of 50,000 元 or more, or any 责令停产停业/吊销. The threshold is
 * the common provincial one; adjust here when the district's list says otherwise.
 */
export const MAJOR_DECISION_FINE = 50_000;

// ---------- documents ----------

export const DOCUMENT_KINDS = ['check_record', 'rectify_order', 'review_opinion', 'filing_approval', 'penalty_notice', 'penalty_decision'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_LABELS: Record<DocumentKind, string> = {
  check_record: '现场检查记录',
  rectify_order: '责令限期整改指令书',
  review_opinion: '整改复查意见书',
  filing_approval: '立案审批表',
  penalty_notice: '行政处罚告知书',
  penalty_decision: '行政处罚决定书',
};
/** Number patterns: {year} and {n}; unique per kind and year (e.g. 东应急责改〔2026〕12号). */
export const DOCUMENT_NUMBER_PATTERNS: Record<DocumentKind, string> = {
  check_record: '东应急检记〔{year}〕{n}号',
  rectify_order: '东应急责改〔{year}〕{n}号',
  review_opinion: '东应急复查〔{year}〕{n}号',
  filing_approval: '东应急立〔{year}〕{n}号',
  penalty_notice: '东应急罚告〔{year}〕{n}号',
  penalty_decision: '东应急罚〔{year}〕{n}号',
};
export function formatDocumentNumber(pattern: string, year: number, n: number): string {
  return pattern.replace('{year}', String(year)).replace('{n}', String(n));
}
/** Documents of a case and the case status from which each may be issued. */
export const CASE_DOCUMENTS: Partial<Record<DocumentKind, CaseStatus[]>> = {
  filing_approval: ['filed', 'investigating', 'legal_review', 'decided', 'executing', 'closed'],
  rectify_order: ['filed', 'investigating', 'legal_review', 'decided', 'executing'],
  penalty_notice: ['legal_review', 'decided'],
  penalty_decision: ['decided', 'executing', 'closed'],
  review_opinion: ['executing', 'closed'],
};

// ---------- 裁量基准 (安全生产法 2021) ----------

export interface DiscretionRow {
  code: string;
  violation: string;
  /** 违反条款 */
  article: string;
  /** 处罚依据 */
  basis: string;
  /** 元, by circumstance */
  ranges: Record<Circumstance, [number, number]>;
}

const r = (a: [number, number], b: [number, number], c: [number, number], d: [number, number]): Record<Circumstance, [number, number]> => ({ 轻微: a, 一般: b, 较重: c, 严重: d });

/** The shipped table (editable per district; the service keeps the edited copy). */
export const DEFAULT_DISCRETION: DiscretionRow[] = [
  { code: 'AQ-01', violation: '未按规定设置安全生产管理机构或者配备安全生产管理人员', article: '第二十四条', basis: '第九十七条第一项', ranges: r([0, 20_000], [20_000, 50_000], [50_000, 80_000], [80_000, 100_000]) },
  { code: 'AQ-02', violation: '危险物品生产、经营、储存单位主要负责人和安全生产管理人员未按规定经考核合格', article: '第二十七条', basis: '第九十七条第二项', ranges: r([0, 20_000], [20_000, 50_000], [50_000, 80_000], [80_000, 100_000]) },
  { code: 'AQ-03', violation: '未按规定对从业人员进行安全生产教育和培训，或者未如实告知有关安全生产事项', article: '第二十八条', basis: '第九十七条第三项', ranges: r([0, 20_000], [20_000, 50_000], [50_000, 80_000], [80_000, 100_000]) },
  { code: 'AQ-04', violation: '未如实记录安全生产教育和培训情况', article: '第二十八条第四款', basis: '第九十七条第四项', ranges: r([0, 20_000], [20_000, 50_000], [50_000, 80_000], [80_000, 100_000]) },
  { code: 'AQ-05', violation: '未将事故隐患排查治理情况如实记录或者未向从业人员通报', article: '第四十一条第二款', basis: '第九十七条第五项', ranges: r([0, 20_000], [20_000, 50_000], [50_000, 80_000], [80_000, 100_000]) },
  { code: 'AQ-06', violation: '未按规定制定生产安全事故应急救援预案或者未定期组织演练', article: '第八十一条', basis: '第九十七条第六项', ranges: r([0, 20_000], [20_000, 50_000], [50_000, 80_000], [80_000, 100_000]) },
  { code: 'AQ-07', violation: '特种作业人员未按规定经专门安全作业培训并取得相应资格上岗作业', article: '第三十条', basis: '第九十七条第七项', ranges: r([0, 20_000], [20_000, 50_000], [50_000, 80_000], [80_000, 100_000]) },
  { code: 'AQ-08', violation: '未在有较大危险因素的生产经营场所和有关设施、设备上设置明显的安全警示标志', article: '第三十五条', basis: '第九十九条第一项', ranges: r([0, 20_000], [20_000, 50_000], [50_000, 100_000], [100_000, 200_000]) },
  { code: 'AQ-09', violation: '安全设备的安装、使用、检测、改造和报废不符合国家标准或者行业标准', article: '第三十六条第一款', basis: '第九十九条第二项', ranges: r([0, 20_000], [20_000, 50_000], [50_000, 100_000], [100_000, 200_000]) },
  { code: 'AQ-10', violation: '未对安全设备进行经常性维护、保养和定期检测', article: '第三十六条第二款', basis: '第九十九条第三项', ranges: r([0, 20_000], [20_000, 50_000], [50_000, 100_000], [100_000, 200_000]) },
  { code: 'AQ-11', violation: '关闭、破坏直接关系生产安全的监控、报警、防护、救生设备、设施，或者篡改、隐瞒、销毁其相关数据、信息', article: '第三十六条第三款', basis: '第九十九条第四项', ranges: r([20_000, 50_000], [50_000, 100_000], [100_000, 150_000], [150_000, 200_000]) },
  { code: 'AQ-12', violation: '未为从业人员提供符合国家标准或者行业标准的劳动防护用品', article: '第四十五条', basis: '第九十九条第五项', ranges: r([0, 20_000], [20_000, 50_000], [50_000, 100_000], [100_000, 200_000]) },
  { code: 'AQ-13', violation: '危险物品的容器、运输工具，以及涉及人身安全、危险性较大的特种设备，未经检测、检验取得安全使用证或者安全标志投入使用', article: '第三十七条', basis: '第九十九条第六项', ranges: r([0, 20_000], [20_000, 50_000], [50_000, 100_000], [100_000, 200_000]) },
  { code: 'AQ-14', violation: '使用应当淘汰的危及生产安全的工艺、设备', article: '第三十八条', basis: '第九十九条第七项', ranges: r([0, 20_000], [20_000, 50_000], [50_000, 100_000], [100_000, 200_000]) },
  { code: 'AQ-15', violation: '餐饮等行业的生产经营单位使用燃气未安装可燃气体报警装置', article: '第三十六条第四款', basis: '第九十九条第八项', ranges: r([0, 20_000], [20_000, 50_000], [50_000, 100_000], [100_000, 200_000]) },
  { code: 'AQ-16', violation: '生产、经营、储存、使用危险物品，未建立专门安全管理制度、未采取可靠的安全措施', article: '第三十九条', basis: '第一百零一条第一项', ranges: r([0, 20_000], [20_000, 50_000], [50_000, 80_000], [80_000, 100_000]) },
  { code: 'AQ-17', violation: '对重大危险源未登记建档，未进行定期检测、评估、监控，未制定应急预案，或者未告知应急措施', article: '第四十条', basis: '第一百零一条第二项', ranges: r([0, 20_000], [20_000, 50_000], [50_000, 80_000], [80_000, 100_000]) },
  { code: 'AQ-18', violation: '进行爆破、吊装、动火、临时用电以及危险作业，未安排专门人员进行现场安全管理', article: '第四十三条', basis: '第一百零一条第三项', ranges: r([0, 20_000], [20_000, 50_000], [50_000, 80_000], [80_000, 100_000]) },
  { code: 'AQ-19', violation: '未建立安全风险分级管控制度或者未按照安全风险分级采取相应管控措施', article: '第四十一条第一款', basis: '第一百零一条第四项', ranges: r([0, 20_000], [20_000, 50_000], [50_000, 80_000], [80_000, 100_000]) },
  { code: 'AQ-20', violation: '未建立事故隐患排查治理制度，或者重大事故隐患排查治理情况未按照规定报告', article: '第四十一条第二款', basis: '第一百零一条第五项', ranges: r([0, 20_000], [20_000, 50_000], [50_000, 80_000], [80_000, 100_000]) },
  { code: 'AQ-21', violation: '未采取措施消除事故隐患（责令立即消除或限期消除，拒不执行）', article: '第四十一条', basis: '第一百零二条', ranges: r([0, 50_000], [50_000, 80_000], [80_000, 100_000], [100_000, 500_000]) },
  { code: 'AQ-22', violation: '生产经营场所和员工宿舍未设有符合紧急疏散需要、标志明显、保持畅通的出口、疏散通道，或者占用、锁闭、封堵', article: '第四十二条', basis: '第一百零五条第二项', ranges: r([0, 20_000], [20_000, 50_000], [50_000, 80_000], [80_000, 100_000]) },
  { code: 'AQ-23', violation: '生产经营单位未按规定投保安全生产责任保险', article: '第五十一条第二款', basis: '第一百零九条', ranges: r([50_000, 60_000], [60_000, 80_000], [80_000, 90_000], [90_000, 100_000]) },
];

// ---------- 执法计划 (annual and monthly enforcement plans) ----------

/**
 * How a class's required inspections are carried out: A and B (重点监管, 一般监管) by scheduled
 * 重点检查 — every enterprise visited at its frequency; C and D by 双随机 draws (抽查比例 = frequency).
 */
export const CLASS_SHARE: Record<TargetClass, 'scheduled' | 'random'> = { A: 'scheduled', B: 'scheduled', C: 'random', D: 'random' };

export const PLAN_STATUSES = ['draft', 'submitted', 'accepted', 'returned'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_STATUS_LABELS: Record<PlanStatus | 'none', string> = { none: '未编制', draft: '编制中', submitted: '已报送', accepted: '已审定', returned: '已退回' };

export interface PlanClassLine {
  targetClass: TargetClass;
  enterprises: number;
  frequency: number;
  required: number;
  share: 'scheduled' | 'random';
}
export interface PlanMonth {
  month: number;
  scheduled: number;
  random: number;
  note: string;
}

/** Spread n over 12 months as evenly as possible (month i gets ⌊(i+1)n/12⌋ − ⌊in/12⌋). */
export function spreadOverMonths(n: number): number[] {
  return Array.from({ length: 12 }, (_, i) => Math.floor(((i + 1) * n) / 12) - Math.floor((i * n) / 12));
}

/**
 * The derived proposal of a department's annual plan from its targets' classes: each class's
 * required inspections (frequency × enterprises, rounded up), the 重点检查 (A, B) and 双随机 (C, D)
 * shares, and an even monthly breakdown of each share.
 */
export function derivePlan(classCounts: Partial<Record<TargetClass, number>>): { classes: PlanClassLine[]; scheduled: number; random: number; months: PlanMonth[] } {
  const classes = TARGET_CLASSES.map((c) => ({ targetClass: c, enterprises: classCounts[c] ?? 0, frequency: CLASS_FREQUENCY[c], required: requiredInspections(c, classCounts[c] ?? 0), share: CLASS_SHARE[c] }));
  const scheduled = classes.filter((c) => c.share === 'scheduled').reduce((s, c) => s + c.required, 0);
  const random = classes.filter((c) => c.share === 'random').reduce((s, c) => s + c.required, 0);
  const s = spreadOverMonths(scheduled);
  const r = spreadOverMonths(random);
  return { classes, scheduled, random, months: s.map((x, i) => ({ month: i + 1, scheduled: x, random: r[i], note: '' })) };
}

// ---------- 失信 (严重失信主体名单) ----------

/** A listed enterprise counts this many times in a 双随机 draw's pool (提高抽查比例和频次). */
export const DISHONEST_DRAW_WEIGHT = 3;
export const DISHONEST_STATUSES = ['listed', 'repair_pending', 'repaired', 'expired'] as const;
export type DishonestStatus = (typeof DISHONEST_STATUSES)[number];
export const DISHONEST_STATUS_LABELS: Record<DishonestStatus, string> = { listed: '在列', repair_pending: '信用修复审核中', repaired: '已信用修复移出', expired: '期满移出' };
/** Whether an entry is in force on a day: listed (or under repair review) and not past its end. */
export function dishonestInForce(e: { status: string; startsOn: string; endsOn: string }, today: string): boolean {
  return (e.status === 'listed' || e.status === 'repair_pending') && e.startsOn <= today && today <= e.endsOn;
}
/** The status shown: an entry past its end is 期满移出 without anyone acting (expiry ends it). */
export function dishonestStatus(e: { status: string; endsOn: string }, today: string): DishonestStatus {
  if ((e.status === 'listed' || e.status === 'repair_pending') && e.endsOn < today) return 'expired';
  return e.status as DishonestStatus;
}

// ---------- 执法公示 masking ----------

const ROLE_WORDS = '负责人|法定代表人|法人代表|实际控制人|总经理|经理|厂长|主任|班长|组长|安全员|联系人|当事人|员工|工人|职工|操作工|电工|焊工|驾驶员|司机|监护人|施工员|股东|业主|户主|老板|证人';
/**
 * 执法公示 must not publish personal data (政府信息公开条例 第十五条; 个人信息保护法): mobile and
 * landline numbers, 身份证号, and personal names — the names the caller knows (legal representative,
 * safety manager, case handlers) and any 2–3 character name after a role word (负责人王大明 → 负责人王**).
 */
export function maskPersonal(text: string, knownNames: readonly string[] = []): string {
  let out = text
    .replace(/\d{17}[\dXx]|\d{15}/g, (m) => `${m.slice(0, 4)}${'*'.repeat(m.length - 8)}${m.slice(-4)}`)
    .replace(/1[3-9]\d{9}/g, (m) => `${m.slice(0, 3)}****${m.slice(-4)}`)
    .replace(/0\d{2,3}-?\d{7,8}/g, (m) => `${m.slice(0, 4)}****`);
  for (const n of [...knownNames].filter((x) => x && x.length >= 2).sort((a, b) => b.length - a.length)) out = out.split(n).join(maskName(n));
  out = out.replace(new RegExp(`(${ROLE_WORDS})([：:\\s]?)([\\u4e00-\\u9fa5]{2,3})(?=[，。、；;,.（(\\s电身]|$)`, 'g'), (_m, role: string, sep: string, name: string) => `${role}${sep}${maskName(name)}`);
  return out;
}
export function maskName(name: string): string {
  return name.length <= 1 ? name : `${name[0]}${'*'.repeat(name.length - 1)}`;
}
