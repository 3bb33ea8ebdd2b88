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
  .object({ ...Object.fromEntries(Object.entries(listFields).map(([k, v]) => [k, (v as z.ZodType).optional()])), version: z.number().int().min(1).optional() })
  .strict() as unknown as z.ZodType<Partial<z.infer<typeof ListEntryCreate>> & { version?: number }>;

export const ListQuery = z.object({
  kind: z.enum(LIST_KINDS).optional(),
  unitId: Uuid.optional(),
  status: z.enum(LIST_STATUSES).optional(),
  q: Text(100).optional(),
  page: Page,
  pageSize: PageSize,
});

// ---------- summaries ----------

export interface SummarySection {
  heading: string;
  paragraphs: string[];
  children?: SummarySection[];
}

const SummarySectionSchema: z.ZodType<SummarySection> = z.lazy(() =>
  z
    .object({
      heading: Text(200),
      paragraphs: z.array(Text(10000)).max(100),
      children: z.array(SummarySectionSchema).max(50).optional(),
    })
    .strict(),
);

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

// ---------- views ----------

export interface CampaignView {
  id: string;
  name: string;
  docNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  startDate: string;
  endDate: string;
  status: 'active' | 'archived';
  settings: CampaignSettings;
  sourceDraftId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
  counts: { tasks: number; items: number; units: number; indicators: number };
  phases: PhaseView[];
  /** the period a unit should work on now: this month, or the campaign's last open month */
  currentPeriod: string;
}

export interface PhaseView {
  id: string;
  ordinal: number;
  name: string;
  startDate: string | null;
  endDate: string | null;
  description: string;
}

export interface AssignmentView {
  id: string;
  role: 'lead' | 'co' | 'territorial';
  unitId: string | null;
  reportingUnitId: string | null;
  name: string;
  reportingUnitName: string | null;
  generic: boolean;
  resolved: boolean;
}

export interface MilestoneView {
  id: string;
  title: string;
  dueDate: string | null;
  kind: string;
  text: string;
  recurrenceEvery: string | null;
  recurrenceTimes: number | null;
}

export interface IndicatorView {
  id: string;
  taskId: string | null;
  nodeId: string | null;
  name: string;
  unit: string;
  valueType: 'number' | 'text' | 'boolean';
  comparator: string;
  targetValue: number | null;
  targetValueMax: number | null;
  dueDate: string | null;
  aggregate: string;
  text: string;
}

export interface TaskNodeView {
  id: string;
  parentId: string | null;
  nodeId: string;
  ordinal: number;
  marker: string;
  kind: 'section' | 'group' | 'task' | 'item';
  level: number;
  title: string;
  text: string;
  territorialDuty: boolean;
  isWork: boolean;
  dueDate: string | null;
  assignments: AssignmentView[];
  milestones: MilestoneView[];
}

export interface ReportEntryView {
  itemId: string;
  nodeId: string;
  taskNodeId: string | null;
  taskTitle: string;
  title: string;
  text: string;
  role: 'lead' | 'co' | 'territorial';
  dueDate: string | null;
  /** status in this report (null = not filled: carried over from the last accepted one) */
  status: ItemStatus | null;
  previousStatus: ItemStatus | null;
  narrative: string;
  attachments: { id: string; name: string; mime: string; size: number }[];
  reviewComment: string | null;
  /** lead items: what the co and 属地 units reported for the same month */
  contributions?: { unitId: string; unitName: string; role: string; reportStatus: string; status: ItemStatus | null; narrative: string; attachments: { id: string; name: string; mime: string; size: number }[] }[];
}

export interface ReportView {
  id: string | null;
  campaignId: string;
  campaignName: string;
  unitId: string;
  unitName: string;
  period: string;
  periodState: string;
  dueDate: string;
  status: ReportStatus | 'missing';
  late: boolean;
  summary: string;
  problems: string;
  nextPlan: string;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
  returnCount: number;
  version: number;
  editable: boolean;
  entries: ReportEntryView[];
  indicators: (IndicatorView & { value: number | string | boolean | null; previous: number | string | boolean | null })[];
  reviews: { id: string; action: string; comment: string | null; actorName: string; at: string; itemComments: Record<string, string> | null }[];
}
