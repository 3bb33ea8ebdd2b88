/**
 * Reference lists of the emergency module (应急管理): the five databases (五库), the 七有 items,
 * and their Chinese labels. Pure data, shared by server and web.
 */

/** The five databases (五库) and the kinds the cross-database search returns. */
export const RESOURCE_KINDS = ['teams', 'materials', 'experts', 'regulations', 'cases'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const RESOURCE_LABELS: Record<ResourceKind, string> = {
  teams: '救援队伍',
  materials: '设备物资',
  experts: '专家',
  regulations: '法规标准',
  cases: '典型案例',
};

export const TEAM_KINDS = ['专业救援队', '专职消防队', '企业专职队', '兼职救援队', '志愿者队伍'] as const;
export const TEAM_READINESS = ['待命', '执勤', '休整'] as const;

/**
 * Categories of 《应急保障重点物资分类目录（2015年）》 (国家发展改革委办公厅): 13 classes.
 * The two last-but-three (工程设备, 器材工具) count as 设备机具 in the 七有 self-assessment.
 */
export const MATERIAL_CATEGORIES = [
  '防护用品',
  '生命救助',
  '生命支持',
  '救援运载',
  '临时食宿',
  '污染清理',
  '动力燃料',
  '工程设备',
  '器材工具',
  '照明设备',
  '通讯广播',
  '交通运输',
  '工程材料',
] as const;
export const EQUIPMENT_CATEGORIES: readonly string[] = ['工程设备', '器材工具', '救援运载', '照明设备', '通讯广播'];

/** Stock movements: 入库, 出库, 调拨 (to another store of the same material), 报废. */
export const MOVEMENT_KINDS = ['in', 'out', 'transfer', 'write_off'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];
export const MOVEMENT_LABELS: Record<MovementKind, string> = { in: '入库', out: '出库', transfer: '调拨', write_off: '报废' };

/** An item within this many days of its expiry date is flagged 临期. */
export const EXPIRY_WARNING_DAYS = 90;

export const EXPERT_KINDS = ['技术', '行政'] as const;
export const EXPERT_AVAILABILITY = ['可调用', '暂不可调用'] as const;

export const REGULATION_KINDS = ['法律', '行政法规', '部门规章', '地方性法规', '地方政府规章', '国家标准', '行业标准', '规范性文件'] as const;
export const REGULATION_LEVELS = ['国家', '省', '市', '区'] as const;
export const REGULATION_STATUSES = ['现行', '废止'] as const;

export const ACCIDENT_TYPES = ['火灾', '爆炸', '中毒和窒息', '泄漏', '触电', '高处坠落', '物体打击', '机械伤害', '起重伤害', '坍塌', '车辆伤害', '淹溺', '灼烫', '其他'] as const;
/** Typical cases are collected since 2000 (DOMAIN.md, 五库). */
export const CASES_SINCE = '2000-01-01';

/** 一网: a liaison not confirmed for this many days is flagged and reminded. */
export const LIAISON_CONFIRM_DAYS = 90;
export const LIAISON_UNIT_KINDS = ['street', 'department', 'park', 'enterprise', 'office'] as const;

/**
 * 七有 (DOMAIN.md, from the plan): 有队伍, 有组织机构, 有应急预案, 有物资储备, 有设备机具, 有实战演练, 有专家支撑.
 * Each item weighs the same; the score is out of 100.
 */
export const SEVEN_HAS = [
  { key: 'team', label: '有队伍' },
  { key: 'organisation', label: '有组织机构' },
  { key: 'plan', label: '有应急预案' },
  { key: 'materials', label: '有物资储备' },
  { key: 'equipment', label: '有设备机具' },
  { key: 'drill', label: '有实战演练' },
  { key: 'experts', label: '有专家支撑' },
] as const;
export type SevenHasKey = (typeof SEVEN_HAS)[number]['key'];
export const SEVEN_HAS_KEYS = SEVEN_HAS.map((i) => i.key) as [SevenHasKey, ...SevenHasKey[]];

/** 七有 score: each item present counts 100/7, rounded to one decimal. */
export function sevenHasScore(items: { key: string; has: boolean }[]): number {
  const have = SEVEN_HAS.filter((i) => items.some((x) => x.key === i.key && x.has)).length;
  return Math.round((have * 1000) / SEVEN_HAS.length) / 10;
}

// ---------- 预案与演练 ----------
/** What the unified search covers: the five databases and the filed plans. */
export const SEARCH_KINDS = [...RESOURCE_KINDS, 'plans'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];
export const SEARCH_LABELS: Record<SearchKind, string> = { ...RESOURCE_LABELS, plans: '应急预案' };
