import { z } from 'zod';
import { AuditListItem, pageOf } from './endpoint';
import { CampaignSettings, ITEM_STATUSES, LIST_KINDS, NODE_KINDS, REPORT_STATUSES } from './campaign';

/**
 * What the campaign ledger answers (专项整治台账): the response schemas of campaign.api.ts. The
 * server's answers are serialized by these schemas and the web's types are their `z.infer`.
 */

const IsoDateString = z.string().meta({ description: '日期 YYYY-MM-DD' });
const Instant = z.string().meta({ description: '时间（ISO 8601）' });
const PeriodString = z.string().meta({ description: '报送月份 YYYY-MM' });
const DutyRole = z.enum(['lead', 'co', 'territorial']).meta({ description: 'lead 牵头 | co 配合 | territorial 属地' });
const ItemStatus = z.enum(ITEM_STATUSES);
const ReportStatus = z.enum(REPORT_STATUSES).meta({ description: 'draft 草稿 | submitted 待审核 | returned 已退回 | accepted 已采纳' });
/** A unit's report of a month as the review desk shows it: its status, or missing (past due) / notdue. */
export const ReportDeskStatus = z.enum([...REPORT_STATUSES, 'missing', 'notdue']).meta({ description: '报告状态；missing 逾期未报，notdue 未到截止日' });
export type ReportDeskStatus = z.infer<typeof ReportDeskStatus>;
const PeriodStateSchema = z.enum(['open', 'closed', 'future', 'outside', 'archived']).meta({ description: 'open 可报送 | closed 已封账 | future 未开始 | outside 不在期限内 | archived 已归档' });
const UnitKind = z.string().meta({ description: '单位类型：office/department/street/park/sector_committee…' });

// ---------- campaigns ----------

export const PhaseView = z.object({
  id: z.string(),
  ordinal: z.number().int(),
  name: z.string(),
  startDate: IsoDateString.nullable(),
  endDate: IsoDateString.nullable(),
  description: z.string(),
});
export type PhaseView = z.infer<typeof PhaseView>;

export const CampaignView = z.object({
  id: z.string(),
  name: z.string(),
  docNumber: z.string().nullable(),
  issuer: z.string().nullable(),
  issuedOn: IsoDateString.nullable(),
  startDate: IsoDateString,
  endDate: IsoDateString,
  status: z.enum(['active', 'archived']).meta({ description: 'active 进行中 | archived 已归档' }),
  settings: CampaignSettings,
  sourceDraftId: z.string().nullable(),
  version: z.number().int(),
  createdAt: Instant,
  updatedAt: Instant,
  archivedAt: Instant.nullable(),
  counts: z.object({ tasks: z.number().int(), items: z.number().int(), units: z.number().int(), indicators: z.number().int() }),
  phases: z.array(PhaseView),
  currentPeriod: PeriodString.meta({ description: '当前应报送的月份：本月，或已结束行动的最后一个月' }),
});
export type CampaignView = z.infer<typeof CampaignView>;

export const CreateFromPlanResult = z.object({
  id: z.string().meta({ description: '专项行动编号' }),
  tasks: z.number().int().meta({ description: '任务数（任务分解表的行）' }),
  items: z.number().int().meta({ description: '事项数（一是…）' }),
  unresolvedUnits: z.array(z.string()).meta({ description: '未能识别的单位名称（以文字保留在责任单位中）' }),
});
export type CreateFromPlanResult = z.infer<typeof CreateFromPlanResult>;
export const PlanUploadResult = CreateFromPlanResult.extend({ warnings: z.number().int().meta({ description: '解析提示条数' }) });

// ---------- task tree ----------

export const AssignmentView = z.object({
  id: z.string(),
  role: DutyRole,
  unitId: z.string().nullable(),
  reportingUnitId: z.string().nullable(),
  name: z.string(),
  reportingUnitName: z.string().nullable(),
  generic: z.boolean(),
  resolved: z.boolean(),
});
export type AssignmentView = z.infer<typeof AssignmentView>;

export const MilestoneView = z.object({
  id: z.string(),
  title: z.string(),
  dueDate: IsoDateString.nullable(),
  kind: z.string(),
  text: z.string(),
  recurrenceEvery: z.string().nullable(),
  recurrenceTimes: z.number().int().nullable(),
});
export type MilestoneView = z.infer<typeof MilestoneView>;

export const IndicatorView = z.object({
  id: z.string(),
  taskId: z.string().nullable(),
  nodeId: z.string().nullable(),
  name: z.string(),
  unit: z.string(),
  valueType: z.enum(['number', 'text', 'boolean']),
  comparator: z.string(),
  targetValue: z.number().nullable(),
  targetValueMax: z.number().nullable(),
  dueDate: IsoDateString.nullable(),
  aggregate: z.string(),
  text: z.string(),
});
export type IndicatorView = z.infer<typeof IndicatorView>;

export const TaskNodeView = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  nodeId: z.string(),
  ordinal: z.number().int(),
  marker: z.string(),
  kind: z.enum(NODE_KINDS),
  level: z.number().int(),
  title: z.string(),
  text: z.string(),
  territorialDuty: z.boolean(),
  isWork: z.boolean().meta({ description: '是否为需报送的工作事项（叶子）' }),
  dueDate: IsoDateString.nullable(),
  assignments: z.array(AssignmentView),
  milestones: z.array(MilestoneView),
});
export type TaskNodeView = z.infer<typeof TaskNodeView>;

export const ReportingUnit = z.object({ unitId: z.string(), name: z.string(), kind: UnitKind, items: z.number().int(), lead: z.number().int() });

export const CampaignTree = z.object({ nodes: z.array(TaskNodeView), indicators: z.array(IndicatorView), units: z.array(ReportingUnit) });
export type CampaignTree = z.infer<typeof CampaignTree>;

export const TaskDeleted = z.object({ ok: z.literal(true), deleted: z.number().int().meta({ description: '删除的节点数（含下级）' }) });

// ---------- periods ----------

export const PeriodRow = z.object({
  period: PeriodString,
  dueDate: IsoDateString,
  state: PeriodStateSchema,
  overdue: z.boolean(),
  expected: z.number().int(),
  draft: z.number().int(),
  submitted: z.number().int(),
  returned: z.number().int(),
  accepted: z.number().int(),
  late: z.number().int(),
});
export type PeriodRow = z.infer<typeof PeriodRow>;

export const PeriodChange = z.object({ ok: z.literal(true), period: PeriodString, state: z.enum(['open', 'closed']) });

export const PeriodUnitStatus = z.object({
  unitId: z.string(),
  unitName: z.string(),
  unitKind: UnitKind,
  items: z.number().int(),
  reportId: z.string().nullable(),
  status: ReportDeskStatus,
  late: z.boolean(),
  submittedAt: Instant.nullable(),
  reviewedAt: Instant.nullable(),
  returnCount: z.number().int(),
});
export const PeriodStatus = z.object({ period: PeriodString, dueDate: IsoDateString, units: z.array(PeriodUnitStatus) });
export type PeriodStatus = z.infer<typeof PeriodStatus>;

export const Consolidated = z.object({
  campaignId: z.string(),
  campaignName: z.string(),
  period: PeriodString,
  dueDate: IsoDateString,
  counts: z.object({
    units: z.number().int(),
    accepted: z.number().int(),
    submitted: z.number().int(),
    returned: z.number().int(),
    draft: z.number().int(),
    missing: z.number().int(),
    late: z.number().int(),
    entries: z.number().int(),
  }),
  units: z.array(PeriodUnitStatus),
  items: z.array(
    z.object({
      itemId: z.string(),
      nodeId: z.string(),
      title: z.string(),
      taskNodeId: z.string().nullable(),
      taskTitle: z.string().nullable(),
      dueDate: IsoDateString.nullable(),
      leads: z.string().meta({ description: '牵头单位（顿号分隔）' }),
      status: z.string().nullable(),
      entries: z.array(
        z.object({ unitId: z.string(), unitName: z.string(), role: DutyRole.nullable(), reportStatus: ReportStatus, status: ItemStatus, narrative: z.string(), attachments: z.number().int().meta({ description: '附件数' }) }),
      ),
    }),
  ),
});
export type Consolidated = z.infer<typeof Consolidated>;

// ---------- monthly reports ----------

export const Attachment = z.object({ id: z.string().meta({ description: '文件编号（/api/files/{id}）' }), name: z.string(), mime: z.string(), size: z.number().int() });
export type Attachment = z.infer<typeof Attachment>;
export const AttachmentAdded = Attachment.extend({ itemId: z.string() });

export const ReportEntryView = z.object({
  itemId: z.string(),
  nodeId: z.string(),
  taskNodeId: z.string().nullable(),
  taskTitle: z.string(),
  title: z.string(),
  text: z.string(),
  role: DutyRole,
  dueDate: IsoDateString.nullable(),
  status: ItemStatus.nullable().meta({ description: '本月填报的状态（null = 未填，沿用上月已采纳的状态）' }),
  previousStatus: ItemStatus.nullable(),
  narrative: z.string(),
  attachments: z.array(Attachment),
  reviewComment: z.string().nullable(),
  contributions: z
    .array(
      z.object({
        unitId: z.string(),
        unitName: z.string(),
        role: DutyRole,
        reportStatus: ReportStatus,
        status: ItemStatus.nullable(),
        narrative: z.string(),
        attachments: z.array(Attachment),
      }),
    )
    .optional()
    .meta({ description: '牵头事项：配合、属地单位同月的报送' }),
});
export type ReportEntryView = z.infer<typeof ReportEntryView>;

const IndicatorValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);

export const ReviewView = z.object({
  id: z.string(),
  action: z.string().meta({ description: 'submit/resubmit/withdraw/accept/return/reopen' }),
  comment: z.string().nullable(),
  actorName: z.string(),
  at: Instant,
  itemComments: z.record(z.string(), z.string()).nullable(),
});

export const ReportView = z.object({
  id: z.string().nullable().meta({ description: '报告编号（未保存过为 null）' }),
  campaignId: z.string(),
  campaignName: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  period: PeriodString,
  periodState: PeriodStateSchema,
  dueDate: IsoDateString,
  today: IsoDateString.meta({ description: '当天（中国时间，服务端时钟）：判断事项是否逾期' }),
  status: z.enum([...REPORT_STATUSES, 'missing']),
  late: z.boolean(),
  summary: z.string(),
  problems: z.string(),
  nextPlan: z.string(),
  firstSubmittedAt: Instant.nullable(),
  submittedAt: Instant.nullable(),
  reviewedAt: Instant.nullable(),
  reviewComment: z.string().nullable(),
  returnCount: z.number().int(),
  version: z.number().int(),
  editable: z.boolean().meta({ description: '当前用户能否修改（本单位、月份开放、草稿或已退回）' }),
  entries: z.array(ReportEntryView),
  indicators: z.array(IndicatorView.extend({ value: IndicatorValue, previous: IndicatorValue })),
  reviews: z.array(ReviewView),
});
export type ReportView = z.infer<typeof ReportView>;

export const ReportListItem = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  unitKind: UnitKind,
  period: PeriodString,
  status: ReportStatus,
  late: z.boolean(),
  dueDate: IsoDateString,
  submittedAt: Instant.nullable(),
  reviewedAt: Instant.nullable(),
  returnCount: z.number().int(),
});
export const ReportPage = pageOf(ReportListItem);

export const ReportHistory = z.object({ reviews: z.array(ReviewView), audit: z.array(AuditListItem) });

// ---------- dashboard, assessment, overdue, my tasks ----------

export const HEATMAP_CELLS = ['accepted', 'accepted_late', 'submitted', 'returned', 'draft', 'missing', 'notdue'] as const;
export const HeatmapCell = z.enum(HEATMAP_CELLS);
export type HeatmapCell = z.infer<typeof HeatmapCell>;

const Count = z.number().int();
const Rate = z.number().meta({ description: '完成率（%，一位小数）' });

export const Dashboard = z.object({
  campaign: z.object({ id: z.string(), name: z.string(), startDate: IsoDateString, endDate: IsoDateString, status: z.string(), currentPeriod: PeriodString }),
  today: IsoDateString,
  scope: z.enum(['unit', 'district']).meta({ description: 'unit 本单位 | district 全区' }),
  summary: z.object({
    units: Count,
    items: Count,
    leadItems: Count,
    leadDone: Count,
    completionRate: Rate,
    overdueItems: Count,
    laggingItems: Count,
    overdueReports: Count,
    pendingReview: Count,
    lateReports: Count,
    acceptedReports: Count,
  }),
  byTask: z.array(z.object({ taskId: z.string(), nodeId: z.string(), title: z.string(), total: Count, done: Count, progress: Count, lagging: Count, overdue: Count, rate: Rate })),
  byUnit: z.array(z.object({ unitId: z.string(), name: z.string(), kind: UnitKind, total: Count, done: Count, progress: Count, lagging: Count, overdue: Count, overdueReports: Count, rate: Rate })),
  byPhase: z.array(z.object({ phaseId: z.string().nullable(), name: z.string(), startDate: IsoDateString.nullable(), endDate: IsoDateString.nullable(), total: Count, done: Count, progress: Count, rate: Rate })),
  heatmap: z.object({
    units: z.array(z.object({ unitId: z.string(), name: z.string(), kind: UnitKind })),
    periods: z.array(PeriodString),
    cells: z.array(z.tuple([z.number().int(), z.number().int(), HeatmapCell])).meta({ description: '[单位序号, 月份序号, 状态]' }),
  }),
  overdueByPeriod: z.array(z.object({ period: PeriodString, missing: Count })),
  indicators: z.array(
    z.object({
      id: z.string(),
      nodeId: z.string().nullable(),
      name: z.string(),
      unit: z.string(),
      comparator: z.string(),
      targetValue: z.number().nullable(),
      targetValueMax: z.number().nullable(),
      dueDate: IsoDateString.nullable(),
      aggregate: z.string(),
      current: z.number().nullable(),
      reportingUnits: Count,
      met: z.boolean().nullable(),
      trend: z.array(z.object({ period: PeriodString, value: z.number() })),
    }),
  ),
});
export type Dashboard = z.infer<typeof Dashboard>;

const Veto = z.object({ reason: z.string() }).nullable();

export const AssessmentRow = z.object({
  unitId: z.string(),
  name: z.string(),
  kind: UnitKind,
  group: z.enum(['department', 'territory']).meta({ description: 'department 成员单位 | territory 街道（管理处）' }),
  timeliness: z.number(),
  completion: z.number(),
  review: z.number(),
  score: z.number(),
  grade: z.string(),
  rank: Count,
  rankInGroup: Count,
  veto: Veto,
  vetoSetAt: Instant.nullable(),
  facts: z.object({
    reportsDue: Count,
    onTime: Count,
    late: Count,
    items: Count,
    completed: Count,
    inProgress: Count,
    itemsDue: Count,
    itemsDueCompleted: Count,
    reviewed: Count,
    firstPass: Count,
  }),
});
export type AssessmentRow = z.infer<typeof AssessmentRow>;

export const Assessment = z.object({
  from: PeriodString,
  to: PeriodString,
  reportsDue: Count,
  settings: z.object({
    weights: z.object({ timeliness: z.number(), completion: z.number(), review: z.number() }),
    latePenalty: z.number(),
    gradeBands: z.array(z.object({ min: z.number(), grade: z.string() })),
  }),
  rows: z.array(AssessmentRow),
});
export type Assessment = z.infer<typeof Assessment>;

export const VetoSet = z.object({ ok: z.literal(true), unitId: z.string(), reason: z.string() });

export const Overdue = z.object({
  today: IsoDateString,
  reports: z.array(z.object({ unitId: z.string(), unitName: z.string(), period: PeriodString, dueDate: IsoDateString, status: z.enum(['missing', 'draft', 'returned']), daysOverdue: Count })),
  items: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      itemId: z.string(),
      nodeId: z.string(),
      title: z.string(),
      taskTitle: z.string(),
      role: DutyRole,
      dueDate: IsoDateString,
      status: ItemStatus,
      daysOverdue: Count,
    }),
  ),
  byUnit: z.array(z.object({ unitId: z.string(), unitName: z.string(), kind: UnitKind, reports: Count, items: Count })),
});
export type Overdue = z.infer<typeof Overdue>;

const DueItem = z.object({ itemId: z.string(), nodeId: z.string(), title: z.string(), dueDate: IsoDateString, status: ItemStatus });

export const MyTasks = z.object({
  campaigns: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      period: PeriodString,
      dueDate: IsoDateString,
      daysLeft: z.number().int(),
      report: z.object({ id: z.string(), status: ReportStatus, late: z.boolean(), returnCount: Count, reviewComment: z.string().nullable() }).nullable(),
      items: z.object({ total: Count, lead: Count, co: Count, territorial: Count, done: Count, progress: Count, lagging: Count, notStarted: Count }),
      dueThisMonth: z.array(DueItem),
      overdueCount: Count,
      overdue: z.array(DueItem.extend({ daysOverdue: Count })),
    }),
  ),
});
export type MyTasks = z.infer<typeof MyTasks>;

// ---------- 三个清单 ----------

export const ListEntryView = z.object({
  id: z.string(),
  campaignId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  kind: z.enum(LIST_KINDS),
  seq: Count,
  title: z.string(),
  category: z.string(),
  description: z.string(),
  measures: z.string(),
  roadmap: z.array(z.object({ date: IsoDateString.nullable().optional(), step: z.string(), done: z.boolean() })),
  deadline: IsoDateString.nullable(),
  responsiblePerson: z.string(),
  status: z.string(),
  completionNote: z.string(),
  completedOn: IsoDateString.nullable(),
  docNumber: z.string(),
  hazardId: z.string().nullable(),
  hazardLevel: z.string().nullable(),
  taskId: z.string().nullable(),
  version: Count,
  updatedAt: Instant,
});
export type ListEntryView = z.infer<typeof ListEntryView>;

export const ListPage = pageOf(ListEntryView).extend({
  stats: z.array(z.object({ kind: z.enum(LIST_KINDS), label: z.string(), total: Count, done: Count })),
});

// ---------- summaries ----------

// A summary's sections, four levels (一、（一）1.（1）), without a recursive schema (OpenAPI clients need no cycles).
const SectionText = { heading: z.string(), paragraphs: z.array(z.string()) };
const SectionView4 = z.object(SectionText);
const SectionView3 = z.object({ ...SectionText, children: z.array(SectionView4).optional() });
const SectionView2 = z.object({ ...SectionText, children: z.array(SectionView3).optional() });
export const SummarySectionView = z.object({ ...SectionText, children: z.array(SectionView2).optional() });
export type SummarySectionView = z.infer<typeof SummarySectionView>;

export const SummaryView = z.object({
  id: z.string(),
  campaignId: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  kind: z.enum(['quarter', 'half', 'year', 'final']),
  kindLabel: z.string(),
  periodKey: z.string(),
  periodLabel: z.string(),
  title: z.string(),
  recipient: z.string(),
  docNumber: z.string(),
  issuer: z.string(),
  issuedOn: IsoDateString.nullable(),
  sections: z.array(SummarySectionView),
  stats: z.record(z.string(), z.unknown()).meta({ description: '编制时的统计数据' }),
  status: z.enum(['draft', 'final']),
  version: Count,
  createdAt: Instant,
  updatedAt: Instant,
  finalizedAt: Instant.nullable(),
});
export type SummaryView = z.infer<typeof SummaryView>;
