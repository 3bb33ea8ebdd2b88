import { z } from 'zod';
import { Text, Uuid } from './common';
import { BoolParam, IsoDate, Page, PageSize, RegionCode } from './common';
import { HAZARD_STATUSES, SUPERVISION_LEVELS, STOP_PRODUCTION_KINDS, type HazardStatus, type HazardStep } from '../hazard/workflow';

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

export interface HazardListItem {
  id: string;
  code: string;
  status: HazardStatus;
  grade: HazardGrade;
  source: HazardSource;
  enterpriseId: string;
  enterpriseName: string;
  regionCode: string;
  regionName: string;
  sector: string;
  sectorName: string;
  place: string;
  category: string;
  /** first 60 characters (the full text is on the detail) */
  description: string;
  foundAt: string;
  deadline: string | null;
  overdue: boolean;
  overdueDays: number;
  supervision: 'listed' | 'delisted' | null;
  fixedOnSpot: boolean;
  closedAt: string | null;
  extensionPending: boolean;
  stopProduction: string | null;
}

export interface HazardPage {
  items: HazardListItem[];
  total: number;
  /** false when the total of an ad-hoc filter was capped (more than `total`) */
  totalExact: boolean;
  page: number;
  pageSize: number;
}

export interface HazardPhoto {
  fileId: string;
  kind: 'before' | 'after' | 'document';
  name: string;
  createdAt: string;
}

export interface HazardView extends HazardListItem {
  description: string;
  standardRef: { standard: string; standardName: string; item: string; itemLabel: string; text: string } | null;
  origin: { kind: string; id: string; label?: string } | null;
  foundByName: string;
  foundByUnit: string | null;
  reportedAt: string;
  confirmedAt: string | null;
  confirmedByName: string | null;
  rectification: { measures: string | null; responsiblePerson: string | null; funds: number | null; deadline: string | null; emergencyPlan: string | null; startedAt: string | null };
  rectificationNote: string | null;
  acceptanceRequestedAt: string | null;
  closedByName: string | null;
  acceptanceOpinion: string | null;
  fixNote: string | null;
  productionState: string | null;
  version: number;
  photos: HazardPhoto[];
  actions: { id: string; title: string; responsible: string | null; dueDate: string | null; done: boolean; doneAt: string | null; note: string | null }[];
  extensions: { id: string; oldDeadline: string | null; newDeadline: string; reason: string; status: 'pending' | 'approved' | 'rejected'; requestedAt: string; requestedByName: string; decidedAt: string | null; decidedByName: string | null; opinion: string | null }[];
  plan: (GovernancePlanInput & { updatedAt: string; updatedByName: string }) | null;
  supervisionRecord: {
    level: string;
    supervisingUnit: string;
    docNo: string;
    deadline: string;
    signedBy: string;
    signedOn: string;
    requirements: string | null;
    status: 'listed' | 'delisted';
    listedAt: string;
    delistedAt: string | null;
  } | null;
  resumptions: { id: string; application: string; assessment: string | null; status: 'pending' | 'approved' | 'rejected'; appliedAt: string; appliedByName: string; decidedAt: string | null; decidedByName: string | null; opinion: string | null }[];
  steps: { at: string; step: string; label: string; fromStatus: string | null; toStatus: string | null; actorName: string; comment: string | null }[];
  /** steps the viewer may take now (buttons) */
  allowedSteps: HazardStep[];
}

/** The public 挂牌督办 page (/public/supervision): no personal data. */
export interface PublicSupervisionItem {
  code: string;
  enterpriseName: string;
  regionName: string;
  sectorName: string;
  category: string;
  summary: string;
  level: string;
  supervisingUnit: string;
  docNo: string;
  listedOn: string;
  deadline: string;
  status: 'listed' | 'delisted';
  delistedOn: string | null;
}

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
