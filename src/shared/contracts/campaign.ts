import { z } from 'zod';
import { IsoDate, Page, PageSize, Text, Uuid } from './common';
import { DEFAULT_ASSESSMENT } from '../campaign/scoring';
import { DEFAULT_DUE_DAY, PERIOD_RE, SUMMARY_KEY_RE } from '../campaign/periods';

/** Campaign ledger (专项整治台账): request shapes shared by the server and the web, and the views it returns. */

export const ITEM_STATUSES = ['未开始', '推进中', '已完成', '滞后'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const ITEM_STATUS_COLORS: Record<ItemStatus, string> = { 未开始: 'default', 推进中: 'processing', 已完成: 'success', 滞后: 'error' };

export const REPORT_STATUSES = ['draft', 'submitted', 'returned', 'accepted'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_STATUS_LABELS: Record<ReportStatus | 'missing' | 'notdue', string> = {
  draft: '草稿',
  submitted: '待审核',
  returned: '已退回',
  accepted: '已采纳',
  missing: '未报送',
  notdue: '未到期',
};
export const REPORT_STATUS_COLORS: Record<ReportStatus | 'missing' | 'notdue', string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  accepted: 'success',
  missing: 'error',
  notdue: 'default',
};

export const LIST_KINDS = ['hazard', 'selfcheck', 'measure'] as const;
export type ListKind = (typeof LIST_KINDS)[number];
export const LIST_KIND_LABELS: Record<ListKind, string> = { hazard: '问题隐患清单', selfcheck: '自查自纠清单', measure: '制度措施清单' };
export const LIST_STATUSES = ['未开始', '推进中', '已完成'] as const;

export const Period = z.string().regex(PERIOD_RE, '月份格式不正确（应为 YYYY-MM）');
export const SummaryKey = z.string().regex(SUMMARY_KEY_RE, '总结期间格式不正确（如 2021-Q1、2021-H1、2021 或 final）');

const Weight = z.number({ message: '应为数字' }).min(0, '不能为负').max(100, '不能大于 100');
const Weights = z
  .object({ timeliness: Weight, completion: Weight, review: Weight })
  .strict()
  .refine((w) => w.timeliness + w.completion + w.review > 0, '权重之和应大于 0');
const settingFields = {
  /** the day of the period's month by which the report is due (default the 25th) */
  dueDay: z.number({ message: '应为数字' }).int('应为整数').min(1, '应在 1–31 之间').max(31, '应在 1–31 之间'),
  /** remind N days before the due date */
  remindDaysBefore: z.number({ message: '应为数字' }).int('应为整数').min(0, '不能为负').max(20, '最多提前 20 天'),
  /** largest attachment of a report, MiB (also capped by UPLOAD_MAX_MB) */
  attachmentMaxMb: z.number({ message: '应为数字' }).int('应为整数').min(1, '至少 1 MB').max(200, '最多 200 MB'),
  /** assessment weights (考核权重) */
  weights: Weights,
  /** share of the credit a late report loses */
  latePenalty: z.number({ message: '应为数字' }).min(0, '应在 0–1 之间').max(1, '应在 0–1 之间'),
  /** fonts of generated documents: GB/T 9704 names (方正小标宋简体/仿宋_GB2312…), or the common Windows fonts (宋体/仿宋…) */
  fontProfile: z.enum(['standard', 'common'], { message: '应为 standard 或 common' }),
};

export const CampaignSettings = z
  .object({
    dueDay: settingFields.dueDay.default(DEFAULT_DUE_DAY),
    remindDaysBefore: settingFields.remindDaysBefore.default(3),
    attachmentMaxMb: settingFields.attachmentMaxMb.default(10),
    weights: Weights.default(DEFAULT_ASSESSMENT.weights),
    latePenalty: settingFields.latePenalty.default(DEFAULT_ASSESSMENT.latePenalty),
    fontProfile: settingFields.fontProfile.default('standard'),
  })
  .strict();
export type CampaignSettings = z.infer<typeof CampaignSettings>;
export const DEFAULT_CAMPAIGN_SETTINGS: CampaignSettings = CampaignSettings.parse({});

export const CampaignSettingsPatch = z
  .object({
    dueDay: settingFields.dueDay.optional(),
    remindDaysBefore: settingFields.remindDaysBefore.optional(),
    attachmentMaxMb: settingFields.attachmentMaxMb.optional(),
    weights: Weights.optional(),
    latePenalty: settingFields.latePenalty.optional(),
    fontProfile: settingFields.fontProfile.optional(),
  })
  .strict();

export const CampaignCreate = z
  .object({
    name: Text(200, 2),
    docNumber: Text(60).nullable().optional(),
    issuer: Text(100).nullable().optional(),
    issuedOn: IsoDate.nullable().optional(),
    startDate: IsoDate,
    endDate: IsoDate,
    settings: CampaignSettingsPatch.optional(),
  })
  .strict()
  .refine((c) => c.startDate <= c.endDate, { message: '结束日期不能早于开始日期', path: ['endDate'] });
export type CampaignCreate = z.infer<typeof CampaignCreate>;

export const CampaignUpdate = z
  .object({
    name: Text(200, 2).optional(),
    docNumber: Text(60).nullable().optional(),
    issuer: Text(100).nullable().optional(),
    issuedOn: IsoDate.nullable().optional(),
    startDate: IsoDate.optional(),
    endDate: IsoDate.optional(),
    version: z.number().int().min(1).optional(),
  })
  .strict();

export const NODE_KINDS = ['section', 'group', 'task', 'item'] as const;
export const NODE_KIND_LABELS: Record<(typeof NODE_KINDS)[number], string> = { section: '部分', group: '分组', task: '任务', item: '事项' };

export const TaskCreate = z
  .object({
    parentId: Uuid.nullable().optional(),
    kind: z.enum(NODE_KINDS, { message: '类型应为 section/group/task/item' }),
    title: Text(500, 1),
    text: Text(20000).optional(),
    marker: Text(20).optional(),
  })
  .strict();

export const TaskUpdate = z
  .object({
    title: Text(500, 1).optional(),
    text: Text(20000).optional(),
    marker: Text(20).optional(),
    territorialDuty: z.boolean().optional(),
  })
  .strict();

export const AssignmentInput = z
  .object({
    /** a unit of the registry … */
    unitId: Uuid.nullable().optional(),
    /** … or a name kept as text (unresolved / collective) */
    name: Text(100).optional(),
    /** who files the reports (a 专委会's department); defaults to the unit itself */
    reportingUnitId: Uuid.nullable().optional(),
  })
  .strict()
  .refine((a) => !!a.unitId || !!a.name, '请选择单位或填写单位名称');

export const AssignmentsPut = z
  .object({
    lead: z.array(AssignmentInput).max(60, '最多 60 个单位'),
    co: z.array(AssignmentInput).max(120, '最多 120 个单位'),
    /** every street and park carries 属地 duty */
    territorial: z.boolean(),
  })
  .strict();

export const MILESTONE_KINDS = ['by', 'before', 'during', 'on', 'campaign_end', 'ongoing', 'recurring'] as const;
export const MILESTONE_KIND_LABELS: Record<(typeof MILESTONE_KINDS)[number], string> = {
  by: '截止前完成',
  before: '时点前完成',
  during: '期间内完成',
  on: '当日',
  campaign_end: '行动期内完成',
  ongoing: '长期坚持',
  recurring: '定期开展',
};
export const RECURRENCE_LABELS: Record<string, string> = { day: '每日', week: '每周', tenday: '每旬', month: '每月', quarter: '每季度', halfyear: '每半年', year: '每年' };

export const MilestoneInput = z
  .object({
    title: Text(200).optional(),
    dueDate: IsoDate.nullable().optional(),
    kind: z.enum(MILESTONE_KINDS, { message: '时限类型无效' }).default('by'),
    text: Text(200).optional(),
    recurrenceEvery: z.enum(['day', 'week', 'tenday', 'month', 'quarter', 'halfyear', 'year']).nullable().optional(),
    recurrenceTimes: z.number().int().min(1).max(1000).nullable().optional(),
  })
  .strict()
  .refine((m) => m.kind === 'ongoing' || m.kind === 'recurring' || !!m.dueDate, { message: '请填写完成时限', path: ['dueDate'] });

export const MilestonesPut = z.object({ milestones: z.array(MilestoneInput).max(50, '最多 50 个时间节点') }).strict();

export const COMPARATORS = ['>=', '>', '<=', '<', '=', 'between'] as const;
export const COMPARATOR_LABELS: Record<(typeof COMPARATORS)[number], string> = { '>=': '不低于', '>': '高于', '<=': '不超过', '<': '低于', '=': '达到', between: '介于' };
export const INDICATOR_TYPES = ['number', 'text', 'boolean'] as const;

export const IndicatorCreate = z
  .object({
    taskId: Uuid.nullable().optional(),
    name: Text(200, 1),
    unit: Text(20).default(''),
    valueType: z.enum(INDICATOR_TYPES, { message: '指标类型应为 number/text/boolean' }).default('number'),
    comparator: z.enum(COMPARATORS, { message: '比较方式无效' }).default('>='),
    targetValue: z.number({ message: '应为数字' }).nullable().optional(),
    targetValueMax: z.number({ message: '应为数字' }).nullable().optional(),
    dueDate: IsoDate.nullable().optional(),
    aggregate: z.enum(['avg', 'sum', 'lead']).default('avg'),
  })
  .strict();
export const IndicatorUpdate = z
  .object({
    taskId: Uuid.nullable().optional(),
    name: Text(200, 1).optional(),
    unit: Text(20).optional(),
    comparator: z.enum(COMPARATORS, { message: '比较方式无效' }).optional(),
    targetValue: z.number({ message: '应为数字' }).nullable().optional(),
    targetValueMax: z.number({ message: '应为数字' }).nullable().optional(),
    dueDate: IsoDate.nullable().optional(),
    aggregate: z.enum(['avg', 'sum', 'lead']).optional(),
  })
  .strict();

export const PhaseInput = z
  .object({ name: Text(100, 1), startDate: IsoDate.nullable().optional(), endDate: IsoDate.nullable().optional(), description: Text(2000).optional() })
  .strict();
export const PhasesPut = z.object({ phases: z.array(PhaseInput).max(20, '最多 20 个阶段') }).strict();

// ---------- monthly reports ----------

export const ReportEntryInput = z
  .object({
    itemId: Uuid,
    status: z.enum(ITEM_STATUSES, { message: `状态应为：${ITEM_STATUSES.join('、')}` }),
    narrative: Text(5000).default(''),
  })
  .strict();

export const IndicatorValueInput = z
  .object({
    indicatorId: Uuid,
    /** typed by the indicator: a number for numeric indicators */
    value: z.union([z.number(), z.string().max(500), z.boolean(), z.null()]),
  })
  .strict();

export const ReportSave = z
  .object({
    summary: Text(5000).optional(),
    problems: Text(5000).optional(),
    nextPlan: Text(5000).optional(),
    entries: z.array(ReportEntryInput).max(2000, '事项过多').optional(),
    indicatorValues: z.array(IndicatorValueInput).max(500).optional(),
    /** optimistic concurrency: the version the form was loaded at */
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type ReportSave = z.infer<typeof ReportSave>;

export const ReviewInput = z
  .object({
    comment: Text(2000).optional(),
    /** comments on single items (itemId → comment) when returning */
    itemComments: z.record(z.string(), Text(1000)).optional(),
  })
  .strict();

export const ReportQuery = z.object({
  period: Period.optional(),
  status: z.enum(REPORT_STATUSES).optional(),
  unitId: Uuid.optional(),
  late: z.enum(['true', 'false']).optional(),
  page: Page,
  pageSize: PageSize,
});

// ---------- 三个清单 ----------

export const RoadmapStep = z.object({ date: IsoDate.nullable().optional(), step: Text(500, 1), done: z.boolean().default(false) }).strict();

const listFields = {
  title: Text(500, 1),
  category: Text(50).optional(),
  description: Text(5000).optional(),
  measures: Text(5000).optional(),
  roadmap: z.array(RoadmapStep).max(30, '最多 30 个步骤').optional(),
  deadline: IsoDate.nullable().optional(),
  responsiblePerson: Text(50).optional(),
  status: z.enum(LIST_STATUSES, { message: `完成情况应为：${LIST_STATUSES.join('、')}` }).optional(),
  completionNote: Text(2000).optional(),
  completedOn: IsoDate.nullable().optional(),
  docNumber: Text(60).optional(),
  /** link to a hazard of the hazard module (问题隐患清单), when there is one */
  hazardId: Uuid.nullable().optional(),
  hazardLevel: z.enum(['一般', '重大']).nullable().optional(),
  taskId: Uuid.nullable().optional(),
};

export const ListEntryCreate = z
  .object({
    kind: z.enum(LIST_KINDS, { message: '清单类型应为 hazard/selfcheck/measure' }),
    /** the office may keep a list for a unit; a unit keeps its own */
    unitId: Uuid.optional(),
    ...listFields,
  })
  .strict();
export const ListEntryUpdate = z
  .object(listFields)
  .partial()
  .extend({ version: z.number().int().min(1).optional() })
  .strict();

export const ListQuery = z.object({
  kind: z.enum(LIST_KINDS).optional(),
  unitId: Uuid.optional(),
  status: z.enum(LIST_STATUSES).optional(),
  q: Text(100).optional(),
  page: Page,
  pageSize: PageSize,
});

// ---------- summaries ----------

/** A section of a summary: heading, paragraphs, sub-sections (公文 结构层次 一、（一）1.（1）: four levels). */
export interface SummarySection {
  heading: string;
  paragraphs: string[];
  children?: SummarySection[];
}

// Four levels spelled out (no recursive schema): GB/T 9704 numbers four levels, and OpenAPI
// clients need schemas without cycles.
const sectionFields = { heading: Text(200), paragraphs: z.array(Text(10000)).max(100) };
const Section4 = z.object(sectionFields).strict();
const Section3 = z.object({ ...sectionFields, children: z.array(Section4).max(50).optional() }).strict();
const Section2 = z.object({ ...sectionFields, children: z.array(Section3).max(50).optional() }).strict();
const SummarySectionSchema = z.object({ ...sectionFields, children: z.array(Section2).max(50).optional() }).strict();

export const SummaryCreate = z
  .object({
    periodKey: SummaryKey,
    /** null/absent = district-wide (office); a unit compiles its own */
    unitId: Uuid.nullable().optional(),
  })
  .strict();

export const SummaryUpdate = z
  .object({
    title: Text(200, 1).optional(),
    recipient: Text(100).optional(),
    docNumber: Text(60).optional(),
    issuer: Text(100).optional(),
    issuedOn: IsoDate.nullable().optional(),
    sections: z.array(SummarySectionSchema).max(30).optional(),
    version: z.number().int().min(1).optional(),
  })
  .strict();

export const VetoPut = z.object({ reason: Text(1000, 2) }).strict();

export const AssessmentQuery = z.object({ from: Period.optional(), to: Period.optional() });


export const ClosePeriodInput = z.object({ note: Text(500).optional() }).strict();

/** The month form of another unit (the office); a unit reads its own. */
export const ReportFormQuery = z.object({ unitId: Uuid.optional() });
export const AttachmentQuery = z.object({ itemId: Uuid.meta({ description: '附件所属事项' }) });
export const ListExportQuery = z.object({ kind: z.enum(LIST_KINDS, { message: '清单类型应为 hazard/selfcheck/measure' }).optional(), unitId: Uuid.optional() });

// ---------- a parsed plan as a campaign (POST /api/campaigns/from-plan; the plan module's import) ----------

const PlanNodeInput = z.object({
  id: Text(60, 1),
  parentId: z.string().max(60).nullable(),
  ordinal: z.number().int().min(0).max(100_000),
  marker: z.string().max(40).default(''),
  kind: z.enum(NODE_KINDS, { message: '节点类型应为 section/group/task/item' }),
  level: z.number().int().min(1).max(20).default(1),
  title: z.string().max(2000),
  text: z.string().max(200_000).default(''),
  start: z.number().optional(),
  end: z.number().optional(),
  leadUnits: z.array(Text(200)).max(200).default([]),
  coUnits: z.array(Text(200)).max(300).default([]),
  units: z.array(z.any()).max(600).default([]),
  territorialDuty: z.boolean().default(false),
  deadlines: z
    .array(z.object({ date: IsoDate.nullable(), text: z.string().max(500).default(''), kind: z.enum(['by', 'before', 'during', 'on', 'campaign_end', 'ongoing']) }).passthrough())
    .max(100)
    .default([]),
  targets: z
    .array(
      z
        .object({
          text: z.string().max(1000).default(''),
          value: z.number({ message: '目标值应为数字' }),
          valueMax: z.number().optional(),
          unit: z.string().max(20).default(''),
          comparator: z.enum(COMPARATORS),
          subject: z.string().max(1000).nullable().default(null),
        })
        .passthrough(),
    )
    .max(100)
    .default([]),
  recurrence: z.any().nullable().optional(),
  recurrences: z
    .array(z.object({ every: z.enum(['day', 'week', 'tenday', 'month', 'quarter', 'halfyear', 'year']), times: z.number().nullable().default(null), atLeast: z.boolean().default(false), text: z.string().max(500).default('') }).passthrough())
    .max(50)
    .default([]),
  unresolvedUnits: z.array(z.string()).default([]),
  series: z.string().max(200).optional(),
});

/** A parsed plan (shared/plan/types.ts ParsedPlan), possibly corrected by a clerk in the plan review. */
export const PlanForCampaign = z.object({
  document: z.object({ title: z.string().max(500).nullable(), docNumber: z.string().max(100).nullable(), issuer: z.string().max(200).nullable(), issuedOn: IsoDate.nullable() }),
  phases: z.array(z.object({ name: Text(100, 1), start: IsoDate.nullable(), end: IsoDate.nullable(), text: z.string().max(5000).default(''), nodeId: z.string().max(60).nullable().default(null) })).max(20),
  campaign: z.object({ start: IsoDate.nullable(), end: IsoDate.nullable() }).default({ start: null, end: null }),
  tasks: z.array(PlanNodeInput).min(1, '方案中没有任务').max(5000, '节点过多（最多 5000）'),
  sourceText: z.string().max(5_000_000).default(''),
  warnings: z.array(z.any()).default([]),
});

export const CampaignFromPlan = z.object({
  plan: PlanForCampaign,
  name: Text(200, 2).optional(),
  sourceDraftId: z.string().max(100).optional(),
});
export type CampaignFromPlan = z.infer<typeof CampaignFromPlan>;

/** Text fields of the plan upload (multipart, beside the file). */
export const PlanUploadFields = z.object({ name: Text(200).optional().meta({ description: '专项行动名称（不填则取方案标题）' }) });
/** Text fields of a report attachment upload. */
export const AttachmentFields = z.object({ itemId: Uuid.meta({ description: '附件所属事项（本单位承担的事项）' }) });

export type CampaignCreateInput = z.infer<typeof CampaignCreate>;
export type CampaignUpdateInput = z.infer<typeof CampaignUpdate>;
export type CampaignSettingsPatchInput = z.infer<typeof CampaignSettingsPatch>;
export type TaskCreateInput = z.infer<typeof TaskCreate>;
export type TaskUpdateInput = z.infer<typeof TaskUpdate>;
export type AssignmentsPutInput = z.infer<typeof AssignmentsPut>;
export type MilestonesPutInput = z.infer<typeof MilestonesPut>;
export type PhasesPutInput = z.infer<typeof PhasesPut>;
export type IndicatorCreateInput = z.infer<typeof IndicatorCreate>;
export type IndicatorUpdateInput = z.infer<typeof IndicatorUpdate>;
export type ReviewInputBody = z.infer<typeof ReviewInput>;
export type ReportQueryInput = z.infer<typeof ReportQuery>;
export type ListQueryInput = z.infer<typeof ListQuery>;
export type ListEntryCreateInput = z.infer<typeof ListEntryCreate>;
export type ListEntryUpdateInput = z.infer<typeof ListEntryUpdate>;
export type ListExportQueryInput = z.infer<typeof ListExportQuery>;
export type SummaryCreateInput = z.infer<typeof SummaryCreate>;
export type SummaryUpdateInput = z.infer<typeof SummaryUpdate>;
export type AssessmentQueryInput = z.infer<typeof AssessmentQuery>;
export type VetoPutInput = z.infer<typeof VetoPut>;
export type ClosePeriodInput = z.infer<typeof ClosePeriodInput>;
