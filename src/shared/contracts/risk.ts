import { z } from 'zod';
import { IsoDate, Page, PageSize, Phone, Text, Uuid } from './common';
import {
  ACCIDENT_TYPES,
  ASSESSMENT_METHODS,
  CARD_TYPES,
  CONTROL_LEVELS,
  INSTALLATION_KINDS,
  MAJOR_HAZARD_GRADES,
  MEASURE_KINDS,
  RISK_LEVELS,
  RISK_POINT_KINDS,
  RISK_POINT_STATUSES,
  SOURCE_STATUSES,
  UNIT_KINDS,
  type RiskRules,
} from '../risk';

/**
 * Risk grading (风险分级管控) and 重大危险源 contracts shared by the risk module and the web.
 * Numbers that feed a formula (factors, quantities, people) are checked by the pure rules in
 * src/shared/risk so the server and the calculator give the same Chinese messages.
 */

const enumOf = <T extends readonly [string, ...string[]]>(values: T, label: string) => z.enum(values, { message: `${label}应为：${values.join('、')}` });

export const MeasureInput = z
  .object({
    kind: enumOf(MEASURE_KINDS, '措施类别'),
    content: Text(500, 2),
    responsibleLevel: enumOf(CONTROL_LEVELS, '责任层级'),
    responsiblePerson: Text(50).optional().default(''),
  })
  .strict();
export type MeasureInput = z.infer<typeof MeasureInput>;

export const EmergencyInput = z
  .object({
    /** 应急处置程序, in order */
    steps: z.array(Text(300, 1)).max(30, '处置步骤最多 30 条').default([]),
    /** 注意事项 */
    cautions: z.array(Text(300, 1)).max(30, '注意事项最多 30 条').default([]),
    /** 值班/应急电话 posted on the card (an organisational number, not a person's mobile) */
    dutyPhone: Phone.nullable().optional(),
  })
  .strict();

/** An assessment: the factors are checked against the configured tables by src/shared/risk. */
export const AssessmentInput = z
  .object({
    method: enumOf(ASSESSMENT_METHODS, '评价方法'),
    factors: z.record(z.string(), z.unknown(), { message: '评价因子应为对象，如 {"L":6,"E":6,"C":7}' }),
    assessedOn: IsoDate.optional(),
    assessor: Text(50, 1),
    note: Text(500).optional(),
  })
  .strict();
export type AssessmentInput = z.infer<typeof AssessmentInput>;

const pointFields = {
  code: Text(30, 1).regex(/^[A-Za-z0-9\-_.]+$/, '编号只能包含字母、数字和 - _ .').optional(),
  name: Text(100, 2),
  kind: enumOf(RISK_POINT_KINDS, '风险点类型'),
  location: Text(200).optional(),
  department: Text(100).optional(),
  controlLevel: enumOf(CONTROL_LEVELS, '管控层级'),
  responsiblePerson: Text(50).optional(),
  hazardFactors: z.array(Text(200, 1)).max(50, '危险有害因素最多 50 条'),
  accidentTypes: z.array(enumOf(ACCIDENT_TYPES, '事故类型（GB 6441）')).min(1, '至少选择一种可能导致的事故类型').max(20),
  measures: z.array(MeasureInput).max(100, '管控措施最多 100 条'),
  emergency: EmergencyInput.optional(),
  reviewCycleDays: z.number({ message: '复评周期应为天数' }).int('复评周期应为整数天').min(1, '复评周期至少 1 天').max(1095, '复评周期不能超过 3 年（1095 天）'),
};

export const RiskPointCreate = z
  .object({
    /** the enterprise; an enterprise user may leave it out (itself) */
    enterpriseId: Uuid.optional(),
    ...pointFields,
    reviewCycleDays: pointFields.reviewCycleDays.default(365),
    /** an initial assessment, saved in the same transaction */
    assessment: AssessmentInput.optional(),
  })
  .strict();
export type RiskPointCreate = z.infer<typeof RiskPointCreate>;

export const RiskPointUpdate = z
  .object({
    code: pointFields.code,
    name: pointFields.name.optional(),
    kind: pointFields.kind.optional(),
    location: pointFields.location,
    department: pointFields.department,
    controlLevel: pointFields.controlLevel.optional(),
    responsiblePerson: pointFields.responsiblePerson,
    hazardFactors: pointFields.hazardFactors.optional(),
    accidentTypes: pointFields.accidentTypes.optional(),
    measures: pointFields.measures.optional(),
    emergency: pointFields.emergency,
    reviewCycleDays: pointFields.reviewCycleDays.optional(),
    status: enumOf(RISK_POINT_STATUSES, '状态').optional(),
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type RiskPointUpdate = z.infer<typeof RiskPointUpdate>;

export const RiskPointQuery = z.object({
  q: Text(100).optional(),
  enterpriseId: Uuid.optional(),
  regionCode: z.string().regex(/^\d{6,9}$/, '行政区划代码应为数字').optional(),
  sector: Text(40).optional(),
  kind: enumOf(RISK_POINT_KINDS, '风险点类型').optional(),
  level: z.enum([...RISK_LEVELS, '未评估'], { message: '风险等级应为 重大、较大、一般、低 或 未评估' }).optional(),
  status: enumOf(RISK_POINT_STATUSES, '状态').optional(),
  /** only points whose review is due (next review date today or earlier) */
  reviewDue: z.enum(['true', 'false']).optional(),
  page: Page,
  pageSize: PageSize,
});
export type RiskPointQuery = z.infer<typeof RiskPointQuery>;

export const CardQuery = z.object({ type: enumOf(CARD_TYPES, '告知卡类型').default('notice') });

export const RiskRulesUpdate = z.object({ version: z.number().int().min(0), rules: z.unknown() }).strict();

// ---------- 重大危险源 ----------

export const SubstanceInput = z
  .object({
    catalogId: Text(20).nullable().optional(),
    name: Text(100).nullable().optional(),
    cas: Text(40).nullable().optional(),
    symbol: Text(10).nullable().optional(),
    /** q, tonnes; checked by evaluateSource (NaN, infinite, ≤ 0, absurd refused) */
    quantity: z.unknown(),
  })
  .strict();

export const InstallationInput = z
  .object({
    /** present for an existing installation (its id is stable: sensors reference it) */
    id: Uuid.optional(),
    tag: Text(40, 1),
    name: Text(100, 1),
    kind: enumOf(INSTALLATION_KINDS, '设施类型'),
    medium: Text(100).optional().default(''),
    capacity: Text(100).optional().default(''),
    status: enumOf(RISK_POINT_STATUSES, '设施状态').optional().default('在用'),
  })
  .strict();

const sourceFields = {
  code: Text(30, 1).regex(/^[A-Za-z0-9\-_.]+$/, '编号只能包含字母、数字和 - _ .').optional(),
  name: Text(100, 2),
  unitKind: enumOf(UNIT_KINDS, '单元类型'),
  location: Text(200).optional(),
  /** checked by evaluateSource: integer, ≥ 0 */
  peopleExposed: z.unknown(),
  substances: z.array(SubstanceInput).max(100, '一个单元最多 100 种危险化学品'),
  installations: z.array(InstallationInput).max(200, '设施最多 200 个').optional(),
  mainName: Text(50, 1),
  mainPhone: Phone.nullable().optional(),
  techName: Text(50, 1),
  techPhone: Phone.nullable().optional(),
  opName: Text(50, 1),
  opPhone: Phone.nullable().optional(),
};

export const HazardSourceCreate = z.object({ enterpriseId: Uuid.optional(), ...sourceFields }).strict();
export type HazardSourceCreate = z.infer<typeof HazardSourceCreate>;

export const HazardSourceUpdate = z
  .object({
    code: sourceFields.code,
    name: sourceFields.name.optional(),
    unitKind: sourceFields.unitKind.optional(),
    location: sourceFields.location,
    peopleExposed: sourceFields.peopleExposed.optional(),
    substances: sourceFields.substances.optional(),
    installations: sourceFields.installations,
    mainName: sourceFields.mainName.optional(),
    mainPhone: sourceFields.mainPhone,
    techName: sourceFields.techName.optional(),
    techPhone: sourceFields.techPhone,
    opName: sourceFields.opName.optional(),
    opPhone: sourceFields.opPhone,
    status: enumOf(SOURCE_STATUSES, '状态').optional(),
    /** 复核: record an evaluation even when nothing changed */
    review: z.boolean().optional(),
    reviewNote: Text(300).optional(),
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type HazardSourceUpdate = z.infer<typeof HazardSourceUpdate>;

export const HazardSourceQuery = z.object({
  q: Text(100).optional(),
  enterpriseId: Uuid.optional(),
  regionCode: z.string().regex(/^\d{6,9}$/, '行政区划代码应为数字').optional(),
  grade: enumOf(MAJOR_HAZARD_GRADES, '等级').optional(),
  status: enumOf(SOURCE_STATUSES, '状态').optional(),
  page: Page,
  pageSize: PageSize,
});
export type HazardSourceQuery = z.infer<typeof HazardSourceQuery>;

export const FilingFields = z
  .object({
    filingNo: Text(60, 1),
    filedOn: IsoDate,
    authority: Text(100, 2),
    note: Text(300).optional(),
  })
  .strict();

// ---------- views ----------

export interface AssessmentView {
  id: string;
  method: 'LEC' | 'LS';
  factors: Record<string, number>;
  score: number;
  band: string;
  level: string;
  assessedOn: string;
  assessor: string;
  note: string | null;
  active: boolean;
  rulesVersion: number;
  createdBy: string | null;
  createdAt: string;
  supersededAt: string | null;
}

export interface MeasureView {
  id: string;
  kind: string;
  content: string;
  responsibleLevel: string;
  responsiblePerson: string;
}

export interface RiskPointView {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  regionCode: string;
  regionName: string;
  sector: string;
  sectorName: string;
  code: string;
  name: string;
  kind: string;
  location: string;
  department: string;
  controlLevel: string;
  responsiblePerson: string;
  hazardFactors: string[];
  accidentTypes: string[];
  emergency: { steps: string[]; cautions: string[]; dutyPhone?: string | null };
  reviewCycleDays: number;
  nextReviewOn: string | null;
  reviewDue: boolean;
  status: string;
  assessment: AssessmentView | null;
  measureCount: number;
  measures?: MeasureView[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface RiskCardView {
  type: 'notice' | 'emergency';
  title: string;
  enterpriseName: string;
  point: { code: string; name: string; kind: string; location: string; department: string; controlLevel: string; responsiblePerson: string };
  level: string | null;
  band: string | null;
  method: string | null;
  score: number | null;
  assessedOn: string | null;
  hazardFactors: string[];
  accidentTypes: string[];
  measures: { kind: string; content: string; responsibleLevel: string }[];
  emergency: { steps: string[]; cautions: string[]; dutyPhone: string | null };
  publicUrl: string;
  /** data: URL of the QR code (SVG); only for signed-in viewers */
  qr?: string;
  generatedAt: string;
}

export interface SubstanceLineView {
  id: string;
  catalogId: string | null;
  name: string;
  cas: string | null;
  symbol: string | null;
  hazardClass: string;
  quantity: number;
  criticalQuantity: number;
  qSource: string;
  beta: number;
  betaSource: string;
  ratio: number;
}

export interface InstallationView {
  id: string;
  tag: string;
  name: string;
  kind: string;
  medium: string;
  capacity: string;
  status: string;
}

export interface FilingView {
  id: string;
  filingNo: string;
  filedOn: string;
  authority: string;
  note: string | null;
  file: { id: string; name: string } | null;
  createdAt: string;
}

export interface EvaluationView {
  id: string;
  evaluatedOn: string;
  reason: string;
  peopleExposed: number;
  alpha: number;
  S: number;
  R: number;
  grade: string | null;
  isMajor: boolean;
  note: string | null;
  createdAt: string;
}

export interface HazardSourceView {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  regionCode: string;
  regionName: string;
  sector: string;
  code: string;
  name: string;
  unitKind: string;
  location: string;
  peopleExposed: number;
  alpha: number;
  S: number;
  R: number;
  isMajor: boolean;
  grade: string | null;
  status: string;
  mainName: string;
  mainPhone: string | null;
  techName: string;
  techPhone: string | null;
  opName: string;
  opPhone: string | null;
  phonesMasked: boolean;
  evaluatedOn: string;
  substanceCount: number;
  substances?: SubstanceLineView[];
  installations?: InstallationView[];
  filings?: FilingView[];
  evaluations?: EvaluationView[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface RiskRulesView {
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
  rules: RiskRules;
  defaults: RiskRules;
}

export interface LevelCounts {
  重大: number;
  较大: number;
  一般: number;
  低: number;
}

export interface RiskStatsView {
  points: LevelCounts & { 未评估: number; total: number; reviewDue: number };
  enterprises: LevelCounts & { 未评定: number; total: number };
  byRegion: (LevelCounts & { code: string; name: string; enterprises: LevelCounts })[];
  bySector: (LevelCounts & { code: string; name: string; enterprises: LevelCounts })[];
  sources: { total: number; major: number; byGrade: Record<string, number> };
}

export interface RiskMapView {
  enterprises: { id: string; name: string; lng: number; lat: number; regionCode: string; sector: string; riskLevel: string | null; points: number; sources: number }[];
  regions: { code: string; name: string; lng: number; lat: number }[];
  missingCoordinates: number;
}
