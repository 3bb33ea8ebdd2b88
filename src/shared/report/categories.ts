/**
 * 12350 举报 categories. They are also the Open311 GeoReport v2 services (service_code = code).
 * Each category belongs to one 行业领域 (sector), which decides the supervising department
 * (一企一执法主体, org's sector table). `sector: null` goes to the 安委办 for triage.
 */
export interface ReportCategory {
  code: string;
  name: string;
  description: string;
  /** 行业领域 code (org sectors); null → 区安委办 triages */
  sector: string | null;
  /** Open311 group */
  group: string;
  keywords: string[];
}

export const REPORT_CATEGORIES: readonly ReportCategory[] = [
  { code: 'fire', name: '消防安全隐患', description: '堵塞疏散通道、安全出口，消防设施损坏，违规动火、私拉电线、电动车违规充电等', sector: 'fire', group: '消防', keywords: ['消防', '通道', '电动车', '灭火器'] },
  { code: 'hazchem', name: '危险化学品违规', description: '危险化学品违规储存、经营、运输，无证经营，混存混放等', sector: 'hazchem', group: '危险化学品', keywords: ['危化品', '储罐', '仓库'] },
  { code: 'citygas', name: '燃气安全隐患', description: '瓶装液化气违规存放使用、私接燃气管线、燃气泄漏未处置等', sector: 'citygas', group: '城镇燃气', keywords: ['燃气', '液化气', '气瓶'] },
  { code: 'construction', name: '建筑施工安全', description: '深基坑、高支模、起重机械、脚手架、临边洞口防护缺失等', sector: 'construction', group: '城市建设', keywords: ['工地', '塔吊', '脚手架'] },
  { code: 'specialequipment', name: '特种设备安全', description: '电梯、锅炉、压力容器、起重机械、场（厂）内机动车辆未检验或带病运行', sector: 'specialequipment', group: '特种设备', keywords: ['电梯', '锅炉', '叉车'] },
  { code: 'industry', name: '工贸企业违规作业', description: '粉尘涉爆、有限空间、涉氨制冷、冶金等工贸企业违规作业', sector: 'metallurgy', group: '工贸', keywords: ['粉尘', '有限空间', '涉氨'] },
  { code: 'fireworks', name: '非法烟花爆竹', description: '非法生产、储存、销售烟花爆竹', sector: 'fireworks', group: '烟花爆竹', keywords: ['烟花', '鞭炮'] },
  { code: 'transport', name: '道路运输安全', description: '危险货物运输违规、客货运车辆超载超限、非法营运等', sector: 'transport', group: '综合交通', keywords: ['货车', '危货', '超载'] },
  { code: 'hazwaste', name: '危险废物违规', description: '危险废物非法倾倒、储存、处置', sector: 'hazwaste', group: '危险废物', keywords: ['废物', '倾倒'] },
  { code: 'housing', name: '房屋使用安全', description: '擅自改变房屋结构、危房使用、违规加层等', sector: 'housing', group: '房屋安全', keywords: ['房屋', '加层', '危房'] },
  { code: 'elderlycare', name: '养老机构安全', description: '养老机构消防、用电、食品等安全隐患', sector: 'elderlycare', group: '养老机构', keywords: ['养老院'] },
  { code: 'other', name: '其他安全生产违法行为', description: '无证生产经营、瞒报事故、强令冒险作业等其他违法行为（由区安委办分办）', sector: null, group: '其他', keywords: ['违法', '无证'] },
];

export const REPORT_CATEGORY_CODES = REPORT_CATEGORIES.map((c) => c.code) as [string, ...string[]];

export function categoryOf(code: string): ReportCategory | undefined {
  return REPORT_CATEGORIES.find((c) => c.code === code);
}

/** The report's life: 待受理 → 已受理 → 已核实 → 已办结. */
export const REPORT_STATUSES = ['submitted', 'accepted', 'verified', 'closed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = { submitted: '待受理', accepted: '已受理（核查中）', verified: '已核实', closed: '已办结' };

/** 核查结论 */
export const VERIFY_RESULTS = ['属实', '不属实', '重复', '不属于受理范围'] as const;
export type VerifyResult = (typeof VERIFY_RESULTS)[number];

/** What a 属实 report turned out to be (decides reward eligibility, 奖励办法 第五条、第六条). */
export const FINDINGS = ['重大事故隐患', '一般事故隐患', '安全生产违法行为'] as const;
export type Finding = (typeof FINDINGS)[number];

export const REPORT_CHANNELS = ['web', 'open311'] as const;
export const REPORT_CHANNEL_LABELS: Record<(typeof REPORT_CHANNELS)[number], string> = { web: '网上举报', open311: '合作应用（Open311）' };

export const REWARD_STATUSES = ['proposed', 'approved', 'rejected', 'paid'] as const;
export type RewardStatus = (typeof REWARD_STATUSES)[number];
export const REWARD_STATUS_LABELS: Record<RewardStatus, string> = { proposed: '待审批', approved: '已批准（待发放）', rejected: '未批准', paid: '已发放' };

/** Photo limits of the public form. */
export const REPORT_PHOTO_MAX = 3;
export const REPORT_PHOTO_MAX_BYTES = 5 * 1024 * 1024;
