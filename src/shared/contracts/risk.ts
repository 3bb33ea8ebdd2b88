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
  RiskRulesSchema,
} from '../risk';
import { pageOf } from './endpoint';

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
export type CardQuery = z.infer<typeof CardQuery>;

export const RiskRulesUpdate = z.object({ version: z.number().int().min(0).meta({ description: '编辑前的规则版本（并发检查）' }), rules: RiskRulesSchema }).strict();
export type RiskRulesUpdate = z.infer<typeof RiskRulesUpdate>;

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
export type FilingFields = z.infer<typeof FilingFields>;

// ---------- views (response schemas; types inferred) ----------

const LevelName = z.string().meta({ description: '风险等级：重大、较大、一般、低' });

export const AssessmentView = z.object({
  id: z.string(),
  method: z.enum(ASSESSMENT_METHODS).meta({ description: '评价方法 LEC / LS' }),
  factors: z.record(z.string(), z.number()).meta({ description: '评价因子取值，如 {"L":6,"E":6,"C":7}' }),
  score: z.number(),
  band: z.string().meta({ description: '危险程度（分级名称）' }),
  level: LevelName,
  assessedOn: z.string().meta({ description: '评价日期 YYYY-MM-DD' }),
  assessor: z.string(),
  note: z.string().nullable(),
  active: z.boolean().meta({ description: '是否为现行评价（其余为历史）' }),
  rulesVersion: z.number().int().meta({ description: '评价时的分级规则版本（0 = 内置默认规则）' }),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  supersededAt: z.string().nullable(),
});
export type AssessmentView = z.infer<typeof AssessmentView>;

export const MeasureView = z.object({ id: z.string(), kind: z.string(), content: z.string(), responsibleLevel: z.string(), responsiblePerson: z.string() });
export type MeasureView = z.infer<typeof MeasureView>;

export const RiskPointView = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  sector: z.string(),
  sectorName: z.string(),
  code: z.string().meta({ description: '风险点编号（企业内唯一）' }),
  name: z.string(),
  kind: z.string(),
  location: z.string(),
  department: z.string(),
  controlLevel: z.string().meta({ description: '管控层级' }),
  responsiblePerson: z.string(),
  hazardFactors: z.array(z.string()),
  accidentTypes: z.array(z.string()),
  emergency: z.object({ steps: z.array(z.string()), cautions: z.array(z.string()), dutyPhone: z.string().nullable().optional() }),
  reviewCycleDays: z.number().int(),
  nextReviewOn: z.string().nullable().meta({ description: '下次复评日期' }),
  reviewDue: z.boolean().meta({ description: '已到复评日期' }),
  status: z.string(),
  assessment: AssessmentView.nullable().meta({ description: '现行评价（未评估为 null）' }),
  measureCount: z.number().int(),
  measures: z.array(MeasureView).optional().meta({ description: '管控措施（详情中给出）' }),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RiskPointView = z.infer<typeof RiskPointView>;
export const RiskPointPage = pageOf(RiskPointView);

export const RiskCardView = z.object({
  type: z.enum(CARD_TYPES).meta({ description: 'notice 风险告知卡 | emergency 岗位应急处置卡' }),
  title: z.string(),
  enterpriseName: z.string(),
  point: z.object({ code: z.string(), name: z.string(), kind: z.string(), location: z.string(), department: z.string(), controlLevel: z.string(), responsiblePerson: z.string() }),
  level: z.string().nullable(),
  band: z.string().nullable(),
  method: z.string().nullable(),
  score: z.number().nullable(),
  assessedOn: z.string().nullable(),
  hazardFactors: z.array(z.string()),
  accidentTypes: z.array(z.string()),
  measures: z.array(z.object({ kind: z.string(), content: z.string(), responsibleLevel: z.string() })),
  emergency: z.object({ steps: z.array(z.string()), cautions: z.array(z.string()), dutyPhone: z.string().nullable() }),
  publicUrl: z.string().meta({ description: '扫码打开的公开页面地址' }),
  qr: z.string().optional().meta({ description: '二维码（SVG data: URL；仅登录用户）' }),
  generatedAt: z.string(),
});
export type RiskCardView = z.infer<typeof RiskCardView>;

export const SubstanceLineView = z.object({
  id: z.string(),
  catalogId: z.string().nullable(),
  name: z.string(),
  cas: z.string().nullable(),
  symbol: z.string().nullable(),
  hazardClass: z.string(),
  quantity: z.number(),
  criticalQuantity: z.number(),
  qSource: z.string(),
  beta: z.number(),
  betaSource: z.string(),
  ratio: z.number(),
});
export type SubstanceLineView = z.infer<typeof SubstanceLineView>;

export const InstallationView = z.object({ id: z.string(), tag: z.string(), name: z.string(), kind: z.string(), medium: z.string(), capacity: z.string(), status: z.string() });
export type InstallationView = z.infer<typeof InstallationView>;

export const FilingView = z.object({
  id: z.string(),
  filingNo: z.string(),
  filedOn: z.string(),
  authority: z.string(),
  note: z.string().nullable(),
  file: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
});
export type FilingView = z.infer<typeof FilingView>;

export const EvaluationView = z.object({
  id: z.string(),
  evaluatedOn: z.string(),
  reason: z.string(),
  peopleExposed: z.number(),
  alpha: z.number(),
  S: z.number(),
  R: z.number(),
  grade: z.string().nullable(),
  isMajor: z.boolean(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type EvaluationView = z.infer<typeof EvaluationView>;

export const HazardSourceView = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  sector: z.string(),
  code: z.string(),
  name: z.string(),
  unitKind: z.string(),
  location: z.string(),
  peopleExposed: z.number(),
  alpha: z.number(),
  S: z.number().meta({ description: '辨识指标 S = Σ q/Q' }),
  R: z.number().meta({ description: '分级指标 R' }),
  isMajor: z.boolean(),
  grade: z.string().nullable().meta({ description: '一级…四级（非重大危险源为 null）' }),
  status: z.string(),
  mainName: z.string(),
  mainPhone: z.string().nullable(),
  techName: z.string(),
  techPhone: z.string().nullable(),
  opName: z.string(),
  opPhone: z.string().nullable(),
  phonesMasked: z.boolean(),
  evaluatedOn: z.string(),
  substanceCount: z.number().int(),
  substances: z.array(SubstanceLineView).optional(),
  installations: z.array(InstallationView).optional(),
  filings: z.array(FilingView).optional(),
  evaluations: z.array(EvaluationView).optional(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type HazardSourceView = z.infer<typeof HazardSourceView>;
export const HazardSourcePage = pageOf(HazardSourceView);

export const RiskRulesView = z.object({
  version: z.number().int().meta({ description: '规则版本（0 = 内置默认规则，尚未修改）' }),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  rules: RiskRulesSchema,
  defaults: RiskRulesSchema,
});
export type RiskRulesView = z.infer<typeof RiskRulesView>;

const levelCountFields = { 重大: z.number().int(), 较大: z.number().int(), 一般: z.number().int(), 低: z.number().int() };
export const LevelCounts = z.object(levelCountFields);
export type LevelCounts = z.infer<typeof LevelCounts>;
const GroupRow = z.object({ ...levelCountFields, code: z.string(), name: z.string(), enterprises: LevelCounts });

export const RiskStatsView = z.object({
  points: z.object({ ...levelCountFields, 未评估: z.number().int(), total: z.number().int(), reviewDue: z.number().int() }),
  enterprises: z.object({ ...levelCountFields, 未评定: z.number().int(), total: z.number().int() }),
  byRegion: z.array(GroupRow),
  bySector: z.array(GroupRow),
  sources: z.object({ total: z.number().int(), major: z.number().int(), byGrade: z.record(z.string(), z.number().int()) }),
});
export type RiskStatsView = z.infer<typeof RiskStatsView>;

export const RiskMapView = z.object({
  enterprises: z.array(
    z.object({ id: z.string(), name: z.string(), lng: z.number(), lat: z.number(), regionCode: z.string(), sector: z.string(), riskLevel: z.string().nullable(), points: z.number().int(), sources: z.number().int() }),
  ),
  regions: z.array(z.object({ code: z.string(), name: z.string(), lng: z.number(), lat: z.number() })),
  missingCoordinates: z.number().int(),
});
export type RiskMapView = z.infer<typeof RiskMapView>;
