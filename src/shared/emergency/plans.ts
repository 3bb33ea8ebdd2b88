/**
 * 应急预案 and 演练: reference lists and the pure rules shared by server and web.
 * DOMAIN.md: plans are filed (报备) and linked; drills (实兵/桌面) are recorded and evaluated; plans are
 * revised at least every 3 years and after a drill or incident shows a gap.
 */
import { addDays, addMonths, daysBetween } from '../time';

export const PLAN_LEVELS = ['区级', '街道', '部门', '园区', '企业'] as const;
export type PlanLevel = (typeof PLAN_LEVELS)[number];

/** 《生产安全事故应急预案管理办法》(应急管理部令第2号) 第六条: 综合应急预案、专项应急预案、现场处置方案. */
export const PLAN_TYPES = ['综合应急预案', '专项应急预案', '现场处置方案'] as const;
export type PlanType = (typeof PLAN_TYPES)[number];

export const PLAN_STATUSES = ['draft', 'submitted', 'returned', 'filed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = { draft: '草稿', submitted: '已报备（待审）', returned: '已退回', filed: '已备案' };

/** Kinds of the five databases a plan can link to (its teams, materials and experts). */
export const PLAN_LINK_KINDS = ['teams', 'materials', 'experts'] as const;
export type PlanLinkKind = (typeof PLAN_LINK_KINDS)[number];

/** 应急管理部令第2号 第三十五条: 应急预案每三年至少评估一次 — the next revision is due 3 years after filing. */
export const PLAN_REVISION_YEARS = 3;
/** The owner is reminded this many days before the revision date. */
export const PLAN_REMIND_DAYS = 90;

export function nextRevisionDate(filedOn: string): string {
  return addMonths(filedOn, PLAN_REVISION_YEARS * 12);
}

export type RevisionState = 'ok' | 'due_soon' | 'overdue' | 'needs_revision' | 'not_filed';
export const REVISION_STATE_LABELS: Record<RevisionState, string> = { ok: '有效', due_soon: '即将到期', overdue: '已超期', needs_revision: '需修订', not_filed: '未备案' };

/** Where a plan stands against its revision date (today in China time, YYYY-MM-DD). */
export function revisionState(p: { nextRevisionOn: string | null; needsRevision: boolean }, today: string): RevisionState {
  if (p.needsRevision) return 'needs_revision';
  if (!p.nextRevisionOn) return 'not_filed';
  if (p.nextRevisionOn < today) return 'overdue';
  if (p.nextRevisionOn <= addDays(today, PLAN_REMIND_DAYS)) return 'due_soon';
  return 'ok';
}

export const daysToRevision = (nextRevisionOn: string, today: string) => daysBetween(today, nextRevisionOn);

export const DRILL_TYPES = ['实兵演练', '桌面推演'] as const;
export type DrillType = (typeof DRILL_TYPES)[number];

export const DRILL_STATUSES = ['planned', 'running', 'ended', 'evaluated'] as const;
export type DrillStatus = (typeof DRILL_STATUSES)[number];
export const DRILL_STATUS_LABELS: Record<DrillStatus, string> = { planned: '计划中', running: '进行中', ended: '已结束（待评估）', evaluated: '已评估' };

export const DRILL_RATINGS = ['优秀', '良好', '合格', '不合格'] as const;

/** Exercise mode: whatever a drill sends is marked so no one mistakes it for a real event. */
export const EXERCISE_MARK = '【演练】';
export function exerciseText(text: string): string {
  return text.startsWith(EXERCISE_MARK) ? text : `${EXERCISE_MARK}${text}`;
}
