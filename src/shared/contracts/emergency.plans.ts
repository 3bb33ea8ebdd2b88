import { z } from 'zod';
import { IsoDate, Page, PageSize, Text, Uuid } from './common';
import { pageOf } from './endpoint';
import { HAZARD_GRADES } from './hazard';
import { DRILL_RATINGS, DRILL_STATUSES, DRILL_TYPES, PLAN_LEVELS, PLAN_LINK_KINDS, PLAN_STATUSES, PLAN_TYPES } from '../emergency/plans';

/** Contracts of 应急预案 (registry, versions, 报备/审查, linked resources, revision) and 演练 (plan, record, evaluation). */

const OptText = (max: number) => Text(max).nullable().optional();

// ---------- plans ----------

export const PlanLink = z.object({
  kind: z.enum(PLAN_LINK_KINDS, { message: '关联资源类型应为 救援队伍、设备物资 或 专家' }),
  id: Uuid,
});

export const PlanInput = z.object({
  title: Text(150, 4).meta({ description: '预案名称' }),
  level: z.enum(PLAN_LEVELS, { message: '预案级别无效' }).meta({ description: '级别：区级/街道/部门/园区/企业' }),
  type: z.enum(PLAN_TYPES, { message: '预案类型应为 综合应急预案、专项应急预案 或 现场处置方案' }),
  eventType: OptText(50).meta({ description: '适用事件（如 危化品泄漏、火灾）' }),
  summary: OptText(1000).meta({ description: '内容摘要' }),
  links: z.array(PlanLink).max(50, '关联资源最多 50 项').default([]).meta({ description: '关联的救援队伍、物资、专家' }),
});
export type PlanInput = z.infer<typeof PlanInput>;

export const PlanQuery = z.object({
  q: Text(50).optional().meta({ description: '名称关键词' }),
  status: z.enum(PLAN_STATUSES).optional(),
  type: z.enum(PLAN_TYPES).optional(),
  /** mine = 本单位的；review = 本单位审查的 */
  view: z.enum(['all', 'mine', 'review']).default('all'),
  page: Page,
  pageSize: PageSize,
});
export type PlanQuery = z.infer<typeof PlanQuery>;

export const PlanVersionView = z.object({
  id: z.string(),
  version: z.number().int(),
  fileId: z.string().meta({ description: '文件编号（/api/files/{id} 下载）' }),
  fileName: z.string(),
  fileMime: z.string(),
  fileSize: z.number().int(),
  note: z.string().nullable(),
  textChars: z.number().int().meta({ description: '提取的正文字数（用于检索）' }),
  uploadedAt: z.string(),
  uploadedByName: z.string(),
  submittedAt: z.string().nullable(),
  decision: z.enum(['accepted', 'returned']).nullable(),
  decidedAt: z.string().nullable(),
  reviewerName: z.string().nullable(),
  comment: z.string().nullable(),
});
export type PlanVersionView = z.infer<typeof PlanVersionView>;

export const PlanView = z.object({
  id: z.string(),
  title: z.string(),
  level: z.string(),
  type: z.string(),
  eventType: z.string().nullable(),
  summary: z.string().nullable(),
  ownerId: z.string(),
  ownerKind: z.string(),
  ownerName: z.string(),
  reviewerUnitId: z.string(),
  reviewerName: z.string(),
  status: z.enum(PLAN_STATUSES),
  statusLabel: z.string(),
  currentVersion: z.number().int(),
  filingNo: z.string().nullable(),
  filedOn: z.string().nullable(),
  nextRevisionOn: z.string().nullable(),
  needsRevision: z.boolean(),
  revisionReason: z.string().nullable(),
  revisionState: z.string().meta({ description: 'ok 有效 / due_soon 即将到期 / overdue 已超期 / needs_revision 需修订 / not_filed 未备案' }),
  revisionLabel: z.string(),
  lastComment: z.string().nullable().meta({ description: '最近一次退回意见' }),
  links: z.array(z.object({ kind: z.string(), kindLabel: z.string(), id: z.string(), label: z.string() })),
  updatedAt: z.string(),
  canEdit: z.boolean(),
  canReview: z.boolean(),
  canDelete: z.boolean().meta({ description: '可删除（本单位从未报备过的草稿）' }),
});
export type PlanView = z.infer<typeof PlanView>;
export const PlanPage = pageOf(PlanView);

export const PlanDetail = PlanView.extend({ versions: z.array(PlanVersionView) });
export type PlanDetail = z.infer<typeof PlanDetail>;

export const PlanVersionFields = z.object({ note: Text(300).optional() });

export const PlanReviewInput = z
  .object({
    decision: z.enum(['accept', 'return'], { message: '审查结论应为 accept（备案）或 return（退回）' }),
    comment: Text(1000).optional().meta({ description: '审查意见（退回时必填）' }),
  })
  .refine((v) => v.decision !== 'return' || (v.comment ?? '').trim().length >= 2, { path: ['comment'], message: '退回时须填写修改意见（至少 2 个字）' });
export type PlanReviewInput = z.infer<typeof PlanReviewInput>;

export const PlanRevisionInput = z.object({ reason: Text(500, 2).meta({ description: '需修订的原因（如 事故调查发现的问题）' }) });

export const PlanDashboard = z.object({
  today: z.string(),
  summary: z.object({
    plans: z.number().int(),
    filed: z.number().int(),
    pending: z.number().int().meta({ description: '待审查' }),
    dueSoon: z.number().int().meta({ description: '90 天内到期' }),
    overdue: z.number().int(),
    needsRevision: z.number().int(),
  }),
  units: z.array(
    z.object({
      ownerId: z.string(),
      ownerName: z.string(),
      ownerKind: z.string(),
      plans: z.number().int(),
      filed: z.number().int(),
      dueSoon: z.number().int(),
      overdue: z.number().int(),
      needsRevision: z.number().int(),
    }),
  ),
  attention: z.array(PlanView).meta({ description: '到期、超期或需修订的预案' }),
});
export type PlanDashboard = z.infer<typeof PlanDashboard>;

// ---------- drills ----------

export const DrillInput = z.object({
  title: Text(150, 4).meta({ description: '演练名称' }),
  type: z.enum(DRILL_TYPES, { message: '演练类型应为 实兵演练 或 桌面推演' }),
  scenario: Text(2000, 4).meta({ description: '演练情景' }),
  planId: Uuid.nullable().optional().meta({ description: '依据的预案' }),
  plannedOn: IsoDate.meta({ description: '演练日期' }),
  location: Text(200, 2),
  participantUnitIds: z.array(Uuid).max(30, '参演单位最多 30 个').default([]).meta({ description: '参演单位（街道、部门、园区）' }),
});
export type DrillInput = z.infer<typeof DrillInput>;

export const DrillQuery = z.object({
  q: Text(50).optional(),
  status: z.enum(DRILL_STATUSES).optional(),
  page: Page,
  pageSize: PageSize,
});
export type DrillQuery = z.infer<typeof DrillQuery>;

export const TimelineInput = z.object({
  at: z.iso.datetime({ offset: true, message: '时间格式不正确' }).meta({ description: '时间（ISO 8601）' }),
  text: Text(500, 2).meta({ description: '经过' }),
});

export const ImprovementInput = z.object({
  text: Text(500, 4).meta({ description: '整改（改进）事项' }),
  responsible: OptText(50).meta({ description: '责任人/责任单位' }),
});

export const EvaluationInput = z.object({
  rating: z.enum(DRILL_RATINGS, { message: '评估结论应为 优秀、良好、合格 或 不合格' }),
  summary: Text(2000, 4).meta({ description: '评估意见' }),
  planNeedsRevision: z.boolean().default(false).meta({ description: '演练暴露预案问题，须修订预案' }),
  improvements: z.array(ImprovementInput).max(30, '改进事项最多 30 项').default([]),
});
export type EvaluationInput = z.infer<typeof EvaluationInput>;

export const ImprovementHazardInput = z.object({
  enterpriseId: Uuid.meta({ description: '隐患所在企业' }),
  place: Text(200, 1).meta({ description: '部位/场所' }),
  category: Text(50, 1).default('应急管理'),
  grade: z.enum(HAZARD_GRADES, { message: '隐患等级应为“一般”或“重大”' }).default('一般'),
});
export type ImprovementHazardInput = z.infer<typeof ImprovementHazardInput>;

export const DrillView = z.object({
  id: z.string(),
  title: z.string(),
  type: z.string(),
  scenario: z.string(),
  planId: z.string().nullable(),
  planTitle: z.string().nullable(),
  plannedOn: z.string(),
  location: z.string(),
  ownerId: z.string(),
  ownerKind: z.string(),
  ownerName: z.string(),
  participants: z.array(z.object({ id: z.string(), name: z.string() })),
  status: z.enum(DRILL_STATUSES),
  statusLabel: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  timeline: z.array(z.object({ at: z.string(), text: z.string(), byName: z.string() })),
  photos: z.array(z.object({ fileId: z.string(), name: z.string() })),
  evaluation: z
    .object({ rating: z.string(), summary: z.string(), planNeedsRevision: z.boolean(), evaluatedAt: z.string(), evaluatorName: z.string() })
    .nullable(),
  improvements: z.array(z.object({ no: z.number().int(), text: z.string(), responsible: z.string().nullable(), hazardId: z.string().nullable(), hazardCode: z.string().nullable() })),
  canEdit: z.boolean(),
  canDelete: z.boolean().meta({ description: '可删除（本单位的、尚未开始的演练计划）' }),
});
export type DrillView = z.infer<typeof DrillView>;
export const DrillPage = pageOf(DrillView);

export const ActiveDrills = z.object({
  drills: z.array(z.object({ id: z.string(), title: z.string(), type: z.string(), ownerName: z.string(), startedAt: z.string() })),
});
export type ActiveDrills = z.infer<typeof ActiveDrills>;
