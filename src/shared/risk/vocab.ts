/** Vocabulary of 风险分级管控: what a risk point is, how it is controlled, what it may cause. */

/** 风险点 kinds (安全风险辨识 by 场所、设备设施、作业活动、岗位). */
export const RISK_POINT_KINDS = ['场所', '设备设施', '作业活动', '岗位'] as const;
export type RiskPointKind = (typeof RISK_POINT_KINDS)[number];

/** 管控层级: who controls the risk (and each measure). */
export const CONTROL_LEVELS = ['公司', '车间', '班组', '岗位'] as const;
export type ControlLevel = (typeof CONTROL_LEVELS)[number];

/** 管控措施 kinds. */
export const MEASURE_KINDS = ['工程技术', '管理', '个体防护', '应急处置'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

/** GB 6441-1986《企业职工伤亡事故分类》: the 20 accident categories. */
export const ACCIDENT_TYPES = [
  '物体打击',
  '车辆伤害',
  '机械伤害',
  '起重伤害',
  '触电',
  '淹溺',
  '灼烫',
  '火灾',
  '高处坠落',
  '坍塌',
  '冒顶片帮',
  '透水',
  '放炮',
  '火药爆炸',
  '瓦斯爆炸',
  '锅炉爆炸',
  '容器爆炸',
  '其他爆炸',
  '中毒和窒息',
  '其他伤害',
] as const;
export type AccidentType = (typeof ACCIDENT_TYPES)[number];

export const RISK_POINT_STATUSES = ['在用', '停用'] as const;
export const SOURCE_STATUSES = ['在用', '已核销'] as const;

/** GB 18218-2018 4.1.1: a unit is a 生产单元 or a 储存单元. */
export const UNIT_KINDS = ['生产单元', '储存单元'] as const;

/** Installations of a 重大危险源 that sensors (IoT early warning) will reference by id. */
export const INSTALLATION_KINDS = ['储罐', '生产装置', '仓库', '气柜', '管道', '装卸设施', '其他'] as const;

/** Cards printed from a risk point. */
export const CARD_TYPES = ['notice', 'emergency'] as const;
export type CardType = (typeof CARD_TYPES)[number];
export const CARD_TITLES: Record<CardType, string> = { notice: '安全风险告知卡', emergency: '岗位应急处置卡' };
