import { z } from 'zod';
import type { DeadlineKind, NodeKind, ParsedPlan } from '../plan/types';
import { IsoDate, Page, PageSize, Text } from './common';

/**
 * Plan import (方案导入) contracts shared by the plan module and the web review page.
 *
 * A draft is one uploaded plan as the parser read it (src/shared/plan, README.md there), corrected
 * by a clerk with edit operations (PATCH /api/plans/:id), then imported as a campaign.
 */

export const PLAN_DRAFT_STATUSES = ['draft', 'importing', 'imported'] as const;
export type PlanDraftStatus = (typeof PLAN_DRAFT_STATUSES)[number];
export const PLAN_DRAFT_STATUS_LABELS: Record<PlanDraftStatus, string> = { draft: '待审核', importing: '导入中', imported: '已导入' };

export const NODE_KINDS = ['section', 'group', 'task', 'item'] as const satisfies readonly NodeKind[];
export const NODE_KIND_LABELS: Record<NodeKind, string> = { section: '章', group: '组', task: '任务', item: '条目' };

export const DEADLINE_KINDS = ['by', 'before', 'during', 'on', 'campaign_end', 'ongoing'] as const satisfies readonly DeadlineKind[];
export const DEADLINE_KIND_LABELS: Record<DeadlineKind, string> = {
  by: '之前完成（含当日）',
  before: '该期间开始前',
  during: '期间内',
  on: '当日',
  campaign_end: '行动结束前',
  ongoing: '长期坚持',
};

export const COMPARATORS = ['>=', '>', '<=', '<', '=', 'between'] as const;
export const COMPARATOR_LABELS: Record<(typeof COMPARATORS)[number], string> = {
  '>=': '不低于',
  '>': '超过',
  '<=': '不超过',
  '<': '低于',
  '=': '等于',
  between: '介于',
};

/** Node ids are the parser's ordinal paths ("2.2.7", "2.2.24.b1", "3.1_2"). */
const NodeId = z.string().trim().min(1, '请指定节点').max(100, '节点编号过长');
const UnitName = Text(100, 2);
const Offset = z.number().int('位置应为整数').min(0, '位置不能为负').max(20_000_000, '位置超出原文范围');

/**
 * A deadline as the clerk corrects it. `start`/`end` point into the source text when the value was
 * read from it; a value typed by hand has none (stored as an empty range, nothing highlighted).
 */
export const DeadlineInput = z
  .object({
    date: IsoDate.nullable(),
    kind: z.enum(DEADLINE_KINDS, { message: `时限类型应为：${DEADLINE_KINDS.join('、')}` }),
    text: Text(200).default(''),
    start: Offset.optional(),
    end: Offset.optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.date === null && d.kind !== 'ongoing' && d.kind !== 'campaign_end') ctx.addIssue({ code: 'custom', path: ['date'], message: '请填写完成日期（长期坚持的任务可不填）' });
    if ((d.start === undefined) !== (d.end === undefined)) ctx.addIssue({ code: 'custom', path: ['end'], message: '原文位置应同时给出起点和终点' });
    if (d.start !== undefined && d.end !== undefined && d.end < d.start) ctx.addIssue({ code: 'custom', path: ['end'], message: '原文位置的终点不能早于起点' });
  });
export type DeadlineInput = z.infer<typeof DeadlineInput>;

export const TargetInput = z
  .object({
    value: z.number({ message: '指标值应为数字' }).min(-1e12, '指标值过小').max(1e12, '指标值过大'),
    valueMax: z.number({ message: '上限应为数字' }).min(-1e12, '上限过小').max(1e12, '上限过大').optional(),
    unit: Text(10, 1),
    comparator: z.enum(COMPARATORS, { message: `比较方式应为：${COMPARATORS.join('、')}` }),
    subject: Text(200).nullable().default(null),
    text: Text(200).default(''),
    start: Offset.optional(),
    end: Offset.optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.comparator === 'between' && t.valueMax === undefined) ctx.addIssue({ code: 'custom', path: ['valueMax'], message: '“介于”需要填写上限' });
    if (t.valueMax !== undefined && t.valueMax < t.value) ctx.addIssue({ code: 'custom', path: ['valueMax'], message: '上限不能小于下限' });
    if ((t.start === undefined) !== (t.end === undefined)) ctx.addIssue({ code: 'custom', path: ['end'], message: '原文位置应同时给出起点和终点' });
    if (t.start !== undefined && t.end !== undefined && t.end < t.start) ctx.addIssue({ code: 'custom', path: ['end'], message: '原文位置的终点不能早于起点' });
  });
export type TargetInput = z.infer<typeof TargetInput>;

const Index = z.number().int('序号应为整数').min(0, '序号不能为负').max(999, '序号过大');

/** One edit of the parsed tree. Ops of one PATCH apply in order, all or nothing. */
export const PlanEditOp = z.discriminatedUnion(
  'op',
  [
    /** lead and co units by name; resolved against the registry, unresolved names are kept and flagged */
    z.object({ op: z.literal('setUnits'), nodeId: NodeId, leadUnits: z.array(UnitName).max(100, '最多 100 个单位'), coUnits: z.array(UnitName).max(200, '最多 200 个单位') }).strict(),
    z.object({ op: z.literal('setDeadlines'), nodeId: NodeId, deadlines: z.array(DeadlineInput).max(50, '最多 50 个时限') }).strict(),
    z.object({ op: z.literal('addDeadline'), nodeId: NodeId, deadline: DeadlineInput }).strict(),
    z.object({ op: z.literal('updateDeadline'), nodeId: NodeId, index: Index, deadline: DeadlineInput }).strict(),
    z.object({ op: z.literal('removeDeadline'), nodeId: NodeId, index: Index }).strict(),
    z.object({ op: z.literal('setTargets'), nodeId: NodeId, targets: z.array(TargetInput).max(50, '最多 50 个指标') }).strict(),
    z.object({ op: z.literal('addTarget'), nodeId: NodeId, target: TargetInput }).strict(),
    z.object({ op: z.literal('updateTarget'), nodeId: NodeId, index: Index, target: TargetInput }).strict(),
    z.object({ op: z.literal('removeTarget'), nodeId: NodeId, index: Index }).strict(),
    z
      .object({ op: z.literal('editNode'), nodeId: NodeId, title: Text(300, 1).optional(), kind: z.enum(NODE_KINDS, { message: '节点类型应为：section、group、task、item' }).optional() })
      .strict()
      .refine((o) => o.title !== undefined || o.kind !== undefined, { message: '请至少修改标题或类型之一', path: ['title'] }),
    /** split the node at an offset of the source text: the text from `at` on becomes the next sibling */
    z.object({ op: z.literal('split'), nodeId: NodeId, at: Offset, title: Text(300, 1).optional() }).strict(),
    /** merge the node with its next sibling (the sibling's text, findings and children join it) */
    z.object({ op: z.literal('merge'), nodeId: NodeId }).strict(),
    /** move the node (with its subtree) under `parentId` (null = top level) at `position` (0-based, counted without the node) */
    z.object({ op: z.literal('move'), nodeId: NodeId, parentId: NodeId.nullable(), position: Index }).strict(),
    /** delete the node and its subtree */
    z.object({ op: z.literal('delete'), nodeId: NodeId }).strict(),
    /** the document's metadata and the campaign period (三年内 deadlines follow the period's end) */
    z
      .object({
        op: z.literal('editPlan'),
        title: Text(300, 2).nullable().optional(),
        docNumber: Text(100).nullable().optional(),
        issuer: Text(200).nullable().optional(),
        issuedOn: IsoDate.nullable().optional(),
        campaignStart: IsoDate.nullable().optional(),
        campaignEnd: IsoDate.nullable().optional(),
      })
      .strict()
      .refine((o) => Object.keys(o).length > 1, { message: '请至少修改一项方案信息', path: ['title'] }),
  ],
  { message: '操作类型无效，应为 setUnits、setDeadlines、addDeadline、updateDeadline、removeDeadline、setTargets、addTarget、updateTarget、removeTarget、editNode、split、merge、move、delete、editPlan 之一' },
);
export type PlanEditOp = z.infer<typeof PlanEditOp>;

export const PlanEditBody = z
  .object({
    version: z.number({ message: '请提供草稿版本号 version' }).int('版本号应为整数').min(1, '版本号至少为 1'),
    ops: z.array(PlanEditOp).min(1, '至少包含一项修改').max(200, '一次最多 200 项修改'),
  })
  .strict();
export type PlanEditBody = z.infer<typeof PlanEditBody>;

export const PlanReparseBody = z.object({ version: z.number().int('版本号应为整数').min(1, '版本号至少为 1').optional() }).strict();
export const PlanImportBody = z.object({ name: Text(200, 2).optional(), version: z.number().int('版本号应为整数').min(1).optional() }).strict();
export type PlanImportBody = z.infer<typeof PlanImportBody>;

export const PlanDraftQuery = z.object({
  status: z.enum(PLAN_DRAFT_STATUSES, { message: '状态应为 draft、importing 或 imported' }).optional(),
  page: Page,
  pageSize: PageSize,
});
export type PlanDraftQuery = z.infer<typeof PlanDraftQuery>;

// ---------- views ----------

const Pos = z.number().int();
export const SpanView = z.object({ kind: z.enum(['lead', 'co', 'deadline', 'target', 'recurrence']), start: Pos, end: Pos });
export const DeadlineView = z.object({ date: z.string().nullable(), text: z.string(), kind: z.enum(DEADLINE_KINDS), start: Pos, end: Pos });
export const TargetView = z.object({
  text: z.string(),
  value: z.number(),
  valueMax: z.number().optional(),
  unit: z.string(),
  comparator: z.enum(COMPARATORS),
  subject: z.string().nullable(),
  start: Pos,
  end: Pos,
});
export const RecurrenceView = z.object({
  every: z.enum(['day', 'week', 'tenday', 'month', 'quarter', 'halfyear', 'year']),
  times: z.number().nullable(),
  atLeast: z.boolean(),
  text: z.string(),
  start: Pos,
  end: Pos,
});
export const UnitMentionView = z.object({
  name: z.string(),
  written: z.string(),
  role: z.enum(['lead', 'co']),
  code: z.string().nullable(),
  generic: z.boolean(),
  departments: z.array(z.string()),
  territorial: z.boolean(),
  start: Pos.nullable(),
  end: Pos.nullable(),
});
export const PlanNodeView = z.object({
  id: z.string().meta({ description: '节点编号（序号路径，如 2.2.7）' }),
  parentId: z.string().nullable(),
  ordinal: z.number().int(),
  marker: z.string(),
  kind: z.enum(NODE_KINDS),
  level: z.number().int(),
  title: z.string(),
  text: z.string(),
  start: Pos,
  end: Pos,
  leadUnits: z.array(z.string()),
  coUnits: z.array(z.string()),
  units: z.array(UnitMentionView),
  territorialDuty: z.boolean(),
  deadlines: z.array(DeadlineView),
  targets: z.array(TargetView),
  recurrence: RecurrenceView.nullable(),
  recurrences: z.array(RecurrenceView),
  unresolvedUnits: z.array(z.string()),
  spans: z.array(SpanView),
  series: z.string().optional(),
});
export const PlanWarningView = z.object({ code: z.string(), message: z.string().meta({ description: '中文说明' }), nodeId: z.string().optional(), start: Pos.optional(), end: Pos.optional() });
export const PhaseView = z.object({ name: z.string(), start: z.string().nullable(), end: z.string().nullable(), text: z.string(), nodeId: z.string().nullable() });
export const DraftPlanView = z.object({
  document: z.object({ title: z.string().nullable(), docNumber: z.string().nullable(), issuer: z.string().nullable(), issuedOn: z.string().nullable() }),
  phases: z.array(PhaseView),
  campaign: z.object({ start: z.string().nullable(), end: z.string().nullable() }),
  tasks: z.array(PlanNodeView),
});

export const PlanSummary = z.object({
  sections: z.number().int(),
  groups: z.number().int(),
  tasks: z.number().int(),
  items: z.number().int(),
  /** distinct unit names that the registry resolved / could not resolve / generic markers (有关单位 …) */
  unitsResolved: z.number().int(),
  unitsUnresolved: z.number().int(),
  unitsGeneric: z.number().int(),
  unresolvedNames: z.array(z.string()),
  deadlines: z.number().int(),
  targets: z.number().int(),
  recurrences: z.number().int(),
  tasksWithoutLead: z.number().int(),
  warnings: z.number().int(),
});
export type PlanSummary = z.infer<typeof PlanSummary>;

/** A campaign already imported from a plan with the same 文号 (re-importing warns). */
export const SameDocCampaign = z.object({ id: z.string(), name: z.string() });

export const PlanDraftListItem = z.object({
  id: z.string(),
  fileName: z.string(),
  fileSize: z.number().int(),
  title: z.string().nullable(),
  docNumber: z.string().nullable(),
  status: z.enum(PLAN_DRAFT_STATUSES),
  campaignId: z.string().nullable(),
  version: z.number().int(),
  regionCode: z.string(),
  summary: PlanSummary,
  createdBy: z.string(),
  createdByName: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PlanDraftListItem = z.infer<typeof PlanDraftListItem>;

/** The parsed plan of a draft; `sourceText` is sent by GET only (it never changes after upload). */
export type DraftPlan = Omit<ParsedPlan, 'sourceText' | 'warnings'>;

export const PlanDraftView = PlanDraftListItem.extend({
  sha256: z.string(),
  plan: DraftPlanView,
  /** parser warnings (structure …) plus the live review checks (tasks without a lead, unresolved units) */
  warnings: z.array(PlanWarningView),
  /** the normalised text every offset refers to (GET /api/plans/:id and upload only) */
  sourceText: z.string().optional().meta({ description: '规范化后的原文（各位置均指向它）' }),
  /** campaigns already imported with the same 文号: importing again would make a second one */
  sameDocCampaigns: z.array(SameDocCampaign).meta({ description: '已有相同文号的专项行动（再次导入将重复）' }),
});
export type PlanDraftView = z.infer<typeof PlanDraftView>;

export const PlanImportResult = z.object({
  draft: PlanDraftView,
  campaign: z.object({ id: z.string(), tasks: z.number().int(), items: z.number().int(), unresolvedUnits: z.array(z.string()) }),
});
export type PlanImportResult = z.infer<typeof PlanImportResult>;
