import { z } from 'zod';
import { Text, Uuid } from './common';
import { BoolParam, IsoDate, Page, PageSize, RegionCode } from './common';
import { DishonestFlag } from './org';
import { HAZARD_STATUSES, HAZARD_STEPS, SUPERVISION_LEVELS, STOP_PRODUCTION_KINDS, type HazardStatus, type HazardStep } from '../hazard/workflow';

/**
 * Hazard (事故隐患) contracts shared by the hazard module, the checklist/self-inspection module
 * and the web. 16号令 (安监总局令第16号): 一般 / 重大 事故隐患.
 */
export const HAZARD_SOURCES = ['self_check', 'inspection', 'public_report', 'iot_alarm'] as const;
export type HazardSource = (typeof HAZARD_SOURCES)[number];
export const HAZARD_SOURCE_LABELS: Record<HazardSource, string> = {
  self_check: '企业自查',
  inspection: '政府检查',
  public_report: '群众举报',
  iot_alarm: '物联预警',
};

export const HAZARD_GRADES = ['一般', '重大'] as const;
export type HazardGrade = (typeof HAZARD_GRADES)[number];

/** What another module passes to the hazard module to register a hazard (e.g. a failed checklist item). */
export const HazardCreateInput = z
  .object({
    enterpriseId: Uuid,
    source: z.enum(HAZARD_SOURCES, { message: '隐患来源无效' }),
    /** 部位/场所 */
    place: Text(200, 1),
    /** 隐患类别 (e.g. 消防安全, 电气安全, 危化品管理, 特种设备 …) */
    category: Text(50, 1),
    grade: z.enum(HAZARD_GRADES, { message: '隐患等级应为“一般”或“重大”' }).default('一般'),
    description: Text(2000, 2),
    /** when found (ISO date-time); defaults to now */
    foundAt: z.iso.datetime({ offset: true, message: '发现时间格式不正确' }).optional(),
    /** 判定标准 clause for 重大 (standard id + item no.) */
    standardRef: z.object({ standard: Text(100, 1), item: Text(20, 1) }).strict().optional(),
    /** where it came from: checklist item, inspection record, report, alarm id */
    origin: z.object({ kind: Text(30, 1), id: Text(64, 1), label: Text(300).optional() }).strict().optional(),
    /** photo file ids already stored with storeFile (purpose 'hazard.photo') */
    photoFileIds: z.array(Uuid).max(20).optional(),
    /** 一般隐患 fixed on the spot (立查立改), with a photo of the result */
    fixedOnSpot: z.boolean().optional(),
  })
  .strict();
export type HazardCreateInput = z.infer<typeof HazardCreateInput>;

// ---------------------------------------------------------------------------------------------
// Additions by the hazard module (additive: the create input above is unchanged in meaning).
// ---------------------------------------------------------------------------------------------

export { HAZARD_STATUSES, type HazardStatus };

/** Extra create fields: after-photos and what was done, for 立查立改 (fixedOnSpot). */
export const HazardCreateExtra = z
  .object({
    /** photo file ids of the result (立查立改); with fixedOnSpot and none given, photoFileIds count as the result */
    afterPhotoFileIds: z.array(Uuid).max(20).optional(),
    /** 立查立改: what was done on the spot */
    fixNote: Text(1000).optional(),
  })
  .strict();

export type HazardCreateExtra = z.infer<typeof HazardCreateExtra>;

/** The create body of POST /api/hazards: the shared input plus the extras. */
export const HazardCreateBody = HazardCreateInput.extend(HazardCreateExtra.shape).strict();
export type HazardCreateBody = z.infer<typeof HazardCreateBody>;

const Money = z.coerce.number({ message: '应为数字' }).min(0, '不能为负').max(1e10, '金额过大');

/** 五落实: 措施、责任、资金、时限、预案 — all required to start rectifying. */
export const RectificationInput = z
  .object({
    measures: Text(2000, 2),
    responsiblePerson: Text(50, 1),
    /** 整改资金（元） */
    funds: Money,
    deadline: IsoDate,
    /** 应急预案/防范措施 during the rectification */
    emergencyPlan: Text(2000, 2),
    /** 整改措施 items (sub-tasks); none = one item made of the measures */
    actions: z.array(z.object({ title: Text(300, 1), responsible: Text(50).optional(), dueDate: IsoDate.optional() }).strict()).max(50).optional(),
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type RectificationInput = z.infer<typeof RectificationInput>;

export const StandardRef = z.object({ standard: Text(100, 1), item: Text(20, 1) }).strict();

export const ConfirmInput = z
  .object({
    grade: z.enum(HAZARD_GRADES, { message: '隐患等级应为“一般”或“重大”' }),
    standardRef: StandardRef.optional(),
    category: Text(50, 1).optional(),
    /** 责令限期整改: the deadline set by the confirming unit (五落实 may refine it) */
    deadline: IsoDate.optional(),
    opinion: Text(1000).optional(),
  })
  .strict();

export const RegradeInput = z.object({ grade: z.enum(HAZARD_GRADES, { message: '隐患等级应为“一般”或“重大”' }), standardRef: StandardRef.optional(), opinion: Text(1000, 2) }).strict();
export const OpinionInput = z.object({ opinion: Text(1000, 2) }).strict();
export const OptionalOpinionInput = z.object({ opinion: Text(1000).optional() }).strict();

export const FixOnSpotInput = z.object({ fixNote: Text(1000, 2), afterPhotoFileIds: z.array(Uuid).max(20).optional() }).strict();

export const AcceptanceRequestInput = z
  .object({
    /** 整改情况 */
    rectificationNote: Text(2000, 2),
    afterPhotoFileIds: z.array(Uuid).max(20).optional(),
  })
  .strict();

export const AcceptInput = z.object({ opinion: Text(1000, 2), acceptors: Text(200).optional() }).strict();

export const ExtensionRequestInput = z.object({ newDeadline: IsoDate, reason: Text(1000, 2) }).strict();
export const ExtensionDecisionInput = z.object({ approve: z.boolean({ message: '请选择同意或不同意' }), opinion: Text(1000).optional() }).strict();

export const ActionCreateInput = z.object({ title: Text(300, 1), responsible: Text(50).optional(), dueDate: IsoDate.optional() }).strict();
export const ActionUpdateInput = z.object({ done: z.boolean(), note: Text(1000).optional() }).strict();

/** 重大事故隐患治理方案: the six parts of 16号令 Art.15. */
export const GovernancePlanInput = z
  .object({
    objectives: Text(4000, 2),
    methods: Text(4000, 2),
    fundsMaterials: Text(4000, 2),
    organization: Text(4000, 2),
    schedule: Text(4000, 2),
    safetyMeasures: Text(4000, 2),
  })
  .strict();
export type GovernancePlanInput = z.infer<typeof GovernancePlanInput>;
export const GOVERNANCE_PLAN_LABELS: Record<keyof GovernancePlanInput, string> = {
  objectives: '治理的目标和任务',
  methods: '采取的方法和措施',
  fundsMaterials: '经费和物资的落实',
  organization: '负责治理的机构和人员',
  schedule: '治理的时限和要求',
  safetyMeasures: '安全措施和应急预案',
};

/** 挂牌督办 */
export const SupervisionInput = z
  .object({
    level: z.enum(SUPERVISION_LEVELS, { message: `督办级别应为：${SUPERVISION_LEVELS.join('、')}` }),
    supervisingUnit: Text(100, 2),
    /** 督办文号, e.g. 东安督〔2026〕3号 */
    docNo: Text(60, 2),
    deadline: IsoDate,
    /** 签发人 */
    signedBy: Text(50, 1),
    signedOn: IsoDate,
    requirements: Text(2000).optional(),
  })
  .strict();

export const StopOrderInput = z.object({ kind: z.enum(STOP_PRODUCTION_KINDS, { message: '应为“全部停产”或“局部停产”' }), scope: Text(500).optional(), docNo: Text(60).optional() }).strict();
/** 复产书面申请 (16号令 Art.18: 治理方案内容、项目和评估报告) */
export const ResumeApplyInput = z.object({ application: Text(4000, 10), assessment: Text(2000).optional(), documentFileIds: z.array(Uuid).max(10).optional() }).strict();
export const ResumeDecisionInput = z.object({ approve: z.boolean({ message: '请选择同意或不同意' }), opinion: Text(1000, 2) }).strict();

export const HAZARD_SORTS = ['-foundAt', 'foundAt', 'deadline', '-deadline', '-updatedAt', 'code'] as const;

/** Ledger filters (GET /api/hazards and its export). */
export const HazardQuery = z.object({
  q: Text(100).optional(),
  /** one status, several (comma-separated) or "open" */
  status: z
    .string()
    .max(200)
    .regex(/^(open|reported|confirmed|rectifying|pending_acceptance|closed|dismissed)(,(reported|confirmed|rectifying|pending_acceptance|closed|dismissed))*$/, `状态应为：open 或 ${HAZARD_STATUSES.join('、')}（可用逗号分隔多个）`)
    .optional(),
  grade: z.enum(HAZARD_GRADES, { message: '隐患等级应为“一般”或“重大”' }).optional(),
  source: z.enum(HAZARD_SOURCES, { message: '隐患来源无效' }).optional(),
  regionCode: RegionCode.optional(),
  sector: z.string().regex(/^[a-z_]{2,40}$/, '行业领域代码无效').optional(),
  enterpriseId: Uuid.optional(),
  // The route validates first (string → boolean); the service parses the result again.
  overdue: z.preprocess((v) => (typeof v === 'boolean' ? String(v) : v), BoolParam).optional(),
  supervision: z.enum(['listed', 'delisted'], { message: '应为 listed（挂牌）或 delisted（摘牌）' }).optional(),
  foundFrom: IsoDate.optional(),
  foundTo: IsoDate.optional(),
  deadlineFrom: IsoDate.optional(),
  deadlineTo: IsoDate.optional(),
  closedFrom: IsoDate.optional(),
  closedTo: IsoDate.optional(),
  sort: z.enum(HAZARD_SORTS, { message: `排序应为：${HAZARD_SORTS.join('、')}` }).default('-foundAt'),
  page: Page,
  pageSize: PageSize,
});
export type HazardQuery = z.infer<typeof HazardQuery>;

const HazardStatusSchema = z.enum(HAZARD_STATUSES);
const SupervisionStatus = z.enum(['listed', 'delisted']);
const DecisionStatus = z.enum(['pending', 'approved', 'rejected']);

/** One row of the ledger. */
export const HazardListItem = z.object({
  id: z.string(),
  code: z.string().meta({ description: '隐患编号' }),
  status: HazardStatusSchema,
  grade: z.enum(HAZARD_GRADES),
  source: z.enum(HAZARD_SOURCES),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  enterpriseDishonest: DishonestFlag.nullable().meta({ description: '企业在严重失信主体名单（失信）中且在有效期内时为名单信息；否则为 null' }),
  regionCode: z.string(),
  regionName: z.string(),
  sector: z.string(),
  sectorName: z.string(),
  place: z.string().meta({ description: '部位/场所' }),
  category: z.string(),
  description: z.string().meta({ description: '列表中为前 60 字，详情为全文' }),
  foundAt: z.string(),
  deadline: z.string().nullable().meta({ description: '整改期限' }),
  overdue: z.boolean(),
  overdueDays: z.number().int(),
  supervision: SupervisionStatus.nullable().meta({ description: '挂牌督办：listed 挂牌中，delisted 已摘牌' }),
  fixedOnSpot: z.boolean(),
  closedAt: z.string().nullable(),
  extensionPending: z.boolean(),
  stopProduction: z.string().nullable(),
});
export type HazardListItem = z.infer<typeof HazardListItem>;

export const HazardPage = z.object({
  items: z.array(HazardListItem),
  total: z.number().int(),
  totalExact: z.boolean().meta({ description: 'false：自由检索的总数有上限（实际多于 total）' }),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type HazardPage = z.infer<typeof HazardPage>;

export const HazardPhoto = z.object({
  fileId: z.string(),
  kind: z.enum(['before', 'after', 'document']),
  name: z.string(),
  createdAt: z.string(),
});
export type HazardPhoto = z.infer<typeof HazardPhoto>;

const GovernancePlanView = GovernancePlanInput.extend({ updatedAt: z.string(), updatedByName: z.string() });

/** A hazard with its whole loop (the detail page). */
export const HazardView = HazardListItem.extend({
  standardRef: z.object({ standard: z.string(), standardName: z.string(), item: z.string(), itemLabel: z.string(), text: z.string() }).nullable(),
  origin: z.object({ kind: z.string(), id: z.string(), label: z.string().optional() }).nullable(),
  foundByName: z.string(),
  foundByUnit: z.string().nullable(),
  reportedAt: z.string(),
  confirmedAt: z.string().nullable(),
  confirmedByName: z.string().nullable(),
  rectification: z.object({
    measures: z.string().nullable(),
    responsiblePerson: z.string().nullable(),
    funds: z.number().nullable(),
    deadline: z.string().nullable(),
    emergencyPlan: z.string().nullable(),
    startedAt: z.string().nullable(),
  }),
  rectificationNote: z.string().nullable(),
  acceptanceRequestedAt: z.string().nullable(),
  closedByName: z.string().nullable(),
  acceptanceOpinion: z.string().nullable(),
  fixNote: z.string().nullable(),
  productionState: z.string().nullable(),
  version: z.number().int(),
  photos: z.array(HazardPhoto),
  actions: z.array(z.object({ id: z.string(), title: z.string(), responsible: z.string().nullable(), dueDate: z.string().nullable(), done: z.boolean(), doneAt: z.string().nullable(), note: z.string().nullable() })),
  extensions: z.array(
    z.object({
      id: z.string(),
      oldDeadline: z.string().nullable(),
      newDeadline: z.string(),
      reason: z.string(),
      status: DecisionStatus,
      requestedAt: z.string(),
      requestedByName: z.string(),
      decidedAt: z.string().nullable(),
      decidedByName: z.string().nullable(),
      opinion: z.string().nullable(),
    }),
  ),
  plan: GovernancePlanView.nullable(),
  supervisionRecord: z
    .object({
      level: z.string(),
      supervisingUnit: z.string(),
      docNo: z.string(),
      deadline: z.string(),
      signedBy: z.string(),
      signedOn: z.string(),
      requirements: z.string().nullable(),
      status: SupervisionStatus,
      listedAt: z.string(),
      delistedAt: z.string().nullable(),
    })
    .nullable(),
  resumptions: z.array(
    z.object({
      id: z.string(),
      application: z.string(),
      assessment: z.string().nullable(),
      status: DecisionStatus,
      appliedAt: z.string(),
      appliedByName: z.string(),
      decidedAt: z.string().nullable(),
      decidedByName: z.string().nullable(),
      opinion: z.string().nullable(),
    }),
  ),
  steps: z.array(z.object({ at: z.string(), step: z.string(), label: z.string(), fromStatus: z.string().nullable(), toStatus: z.string().nullable(), actorName: z.string(), comment: z.string().nullable() })),
  allowedSteps: z.array(z.enum(Object.keys(HAZARD_STEPS) as [HazardStep, ...HazardStep[]])).meta({ description: '当前用户此刻可执行的步骤（按钮）' }),
});
export type HazardView = z.infer<typeof HazardView>;

/** The public 挂牌督办 page (/public/supervision): no personal data. */
export const PublicSupervisionItem = z.object({
  code: z.string(),
  enterpriseName: z.string(),
  regionName: z.string(),
  sectorName: z.string(),
  category: z.string(),
  summary: z.string(),
  level: z.string(),
  supervisingUnit: z.string(),
  docNo: z.string(),
  listedOn: z.string(),
  deadline: z.string(),
  status: SupervisionStatus,
  delistedOn: z.string().nullable(),
  overdueDays: z.number().int().meta({ description: '挂牌中且已过整改期限的天数（未超期为 0）' }),
});
export type PublicSupervisionItem = z.infer<typeof PublicSupervisionItem>;
export const PublicSupervisionList = z.object({ asOf: z.string(), listed: z.array(PublicSupervisionItem), delisted: z.array(PublicSupervisionItem) });

const Tally = {
  total: z.number().int(),
  open: z.number().int(),
  closed: z.number().int(),
  dismissed: z.number().int(),
  overdue: z.number().int(),
  major: z.number().int(),
  majorOpen: z.number().int(),
  rectificationRate: z.number().nullable().meta({ description: '整改率 %（无隐患时为 null）' }),
  overdueRate: z.number().nullable().meta({ description: '超期率 %（无隐患时为 null）' }),
};

/** 隐患统计: counters by status, grade, street and sector. */
export const HazardStatistics = z.object({
  asOf: z.string(),
  ...Tally,
  listed: z.number().int().meta({ description: '挂牌督办中' }),
  byStatus: z.array(z.object({ status: HazardStatusSchema, label: z.string(), count: z.number().int() })),
  byGrade: z.array(z.object({ grade: z.string(), count: z.number().int() })),
  byRegion: z.array(z.object({ code: z.string(), name: z.string(), ...Tally })),
  bySector: z.array(z.object({ code: z.string(), name: z.string(), ...Tally })),
});
export type HazardStatistics = z.infer<typeof HazardStatistics>;

/** One row of the 16号令 统计分析表. */
export const ReportFigures = z.object({
  key: z.string(),
  name: z.string(),
  generalFound: z.number().int(),
  generalFixed: z.number().int(),
  generalRate: z.number().nullable(),
  majorFound: z.number().int(),
  majorFixed: z.number().int(),
  majorRate: z.number().nullable(),
  majorPlanned: z.number().int(),
  supProvince: z.number().int(),
  supCity: z.number().int(),
  supDistrict: z.number().int(),
  fundsWan: z.number().meta({ description: '累计落实隐患治理资金（万元）' }),
  fixedOnSpot: z.number().int(),
  overdue: z.number().int(),
});
export type ReportFigures = z.infer<typeof ReportFigures>;

export const ReportPeriodView = z.object({
  kind: z.enum(['quarter', 'year']),
  year: z.number().int(),
  quarter: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
  from: z.string(),
  to: z.string(),
  due: z.string().meta({ description: '报送期限（16号令第十四条）' }),
  label: z.string(),
});

export const ReportData = z.object({
  period: ReportPeriodView,
  kind: z.enum(['enterprise', 'government']),
  unitName: z.string(),
  rows: z.array(ReportFigures),
  total: ReportFigures,
  by: z.enum(['enterprise', 'region', 'sector']),
  submission: z.object({ principalName: z.string(), submittedAt: z.string(), late: z.boolean() }).nullable(),
});
export type ReportData = z.infer<typeof ReportData>;

export const ReportSubmission = z.object({ period: z.string(), due: z.string(), late: z.boolean(), principalName: z.string(), figures: ReportFigures });

export const ReportSubmissions = z.object({
  period: z.string(),
  due: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      enterpriseId: z.string(),
      enterpriseName: z.string(),
      regionName: z.string(),
      sectorName: z.string(),
      principalName: z.string(),
      submittedAt: z.string(),
      late: z.boolean(),
      figures: ReportFigures,
    }),
  ),
});
export type ReportSubmissions = z.infer<typeof ReportSubmissions>;

/** 重大事故隐患判定标准, item by item. */
export const HazardStandardView = z.object({
  id: z.string(),
  name: z.string(),
  number: z.string(),
  issuer: z.string(),
  effective: z.string(),
  sectors: z.array(z.string()),
  items: z.array(z.object({ item: z.string(), label: z.string(), section: z.string().optional(), text: z.string() })),
});

export const StatsQuery = z.object({
  regionCode: RegionCode.optional(),
  sector: z.string().regex(/^[a-z_]{2,40}$/, '行业领域代码无效').optional(),
});

export const ReportQuery = z.object({
  year: z.coerce.number().int('年份应为整数').min(2000, '年份过早').max(2100, '年份过晚'),
  quarter: z.coerce.number().int('季度应为整数').min(1, '季度应为 1–4').max(4, '季度应为 1–4').optional(),
  format: z.enum(['xlsx', 'docx'], { message: '格式应为 xlsx 或 docx' }).default('xlsx'),
  enterpriseId: Uuid.optional(),
  /** government aggregate rows: by street (region) or by sector */
  by: z.enum(['region', 'sector'], { message: '应为 region 或 sector' }).default('region'),
});

export const ReportSubmitInput = z
  .object({
    year: z.number().int().min(2000).max(2100),
    quarter: z.number().int().min(1).max(4).optional(),
    /** 主要负责人 who signs the report */
    principalName: Text(50, 1),
    note: Text(1000).optional(),
  })
  .strict();
