import { and, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db';
import { can, requireActor, requirePermission, type Actor, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { AppError, conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import { claimRun, runExclusive } from '../../platform/jobs';
import { storeFile, type Upload } from '../../platform/files';
import { notify } from '../../platform/notifications';
import { findEnterprise, listUnits } from '../org';
import type { PlanDashboard, PlanDetail, PlanInput, PlanQuery, PlanReviewInput, PlanView } from '../../../shared/contracts/emergency.plans';
import { RESOURCE_LABELS } from '../../../shared/emergency/catalog';
import { PLAN_REMIND_DAYS, PLAN_STATUS_LABELS, REVISION_STATE_LABELS, nextRevisionDate, revisionState, type PlanStatus } from '../../../shared/emergency/plans';
import { extractPdfText } from '../../../shared/plan/pdf';
import { addDays, chinaYear } from '../../../shared/time';
import * as resRepo from './emergency.repo';
import * as repo from './emergency.plans.repo';
import { readPrefix } from './emergency.resources';

/**
 * 应急预案: each unit (street, department, park, the office) and each enterprise keeps a registry of its
 * plans by level and type (综合应急预案 / 专项应急预案 / 现场处置方案, 应急管理部令第2号 第六条). A plan's
 * document is uploaded as versions (.docx / .pdf, type decided by the bytes; the text extracted for the
 * search). 报备: the owner submits the latest version to its reviewer — enterprises to their street (属地),
 * streets, departments and parks to the 安委办 — which accepts it (备案, with a filing number; the next
 * revision falls due 3 years later, 第2号令 第三十五条) or returns it with comments; a returned plan is
 * resubmitted only as a new version. A drill evaluation or an accident finding marks a plan 需修订.
 */

export const PLAN_FILE_PURPOSE = 'emergency.plan';
const PLAN_FILE_MAX = 20 * 1024 * 1024;
/** Text kept per version for the search (a long plan is ~100k characters). */
const MAX_TEXT = 200_000;

type Owner = { ownerId: string; ownerKind: string; ownerName: string; regionCode: string; reviewerUnitId: string; reviewerName: string };
type Unit = Awaited<ReturnType<typeof listUnits>>[number];

const isOffice = (a: Actor) => a.unitKind === 'office' || a.unitKind === 'committee';
const OWNER_KINDS = ['street', 'department', 'park', 'office'];

function officeOf(units: Unit[], regionCode: string): Unit {
  const district = regionCode.slice(0, 6);
  const office = units.find((u) => u.kind === 'office' && u.active && u.regionCode.startsWith(district)) ?? units.find((u) => u.kind === 'office');
  if (!office) throw conflict('系统中没有安委办单位，无法报备预案');
  return office;
}

/** The owner of what the caller registers, and who reviews its plans. */
export async function ownerOf(deps: AppDeps, actor: Actor): Promise<Owner> {
  const units = await listUnits(deps.db);
  if (actor.enterpriseId) {
    const e = await findEnterprise(deps.db, actor.scope, actor.enterpriseId);
    if (!e) throw notFound('企业');
    // 属地管理: an enterprise files its plans with the street (or park) of its address.
    const street = units.find((u) => (u.kind === 'street' || u.kind === 'park') && u.active && u.regionCode === e.e.regionCode);
    const reviewer = street ?? officeOf(units, e.e.regionCode);
    return { ownerId: e.e.id, ownerKind: 'enterprise', ownerName: e.e.name, regionCode: e.e.regionCode, reviewerUnitId: reviewer.id, reviewerName: reviewer.shortName };
  }
  if (!actor.unitId || !actor.unitKind) throw forbidden('当前账号未关联单位，无法登记预案');
  const kind = actor.unitKind === 'committee' ? 'office' : actor.unitKind === 'sector_committee' ? 'department' : actor.unitKind;
  if (!OWNER_KINDS.includes(kind)) throw forbidden('本单位不在预案报备范围内');
  const office = officeOf(units, actor.regionCode);
  return { ownerId: actor.unitId, ownerKind: kind, ownerName: actor.unitName ?? actor.displayName, regionCode: actor.regionCode, reviewerUnitId: office.id, reviewerName: office.shortName };
}

const ownId = (a: Actor) => a.enterpriseId ?? a.unitId;

function canEdit(actor: Actor, p: repo.PlanRow): boolean {
  return can(actor, 'emergency.plan') && p.ownerId === ownId(actor) && p.status !== 'submitted';
}
/** A draft never submitted (报备): once submitted, its review record is kept. */
const neverFiled = (p: repo.PlanRow) => p.status === 'draft' && !p.filedOn;
function canReview(actor: Actor, p: repo.PlanRow): boolean {
  return can(actor, 'emergency.plan.review') && p.status === 'submitted' && !!actor.unitId && p.reviewerUnitId === actor.unitId;
}

function view(deps: AppDeps, actor: Actor, p: repo.PlanRow, lastComment: string | null): PlanView {
  const state = revisionState(p, deps.clock.today());
  return {
    id: p.id,
    title: p.title,
    level: p.level,
    type: p.type,
    eventType: p.eventType,
    summary: p.summary,
    ownerId: p.ownerId,
    ownerKind: p.ownerKind,
    ownerName: p.ownerName,
    reviewerUnitId: p.reviewerUnitId,
    reviewerName: p.reviewerName,
    status: p.status as PlanStatus,
    statusLabel: PLAN_STATUS_LABELS[p.status as PlanStatus] ?? p.status,
    currentVersion: p.currentVersion,
    filingNo: p.filingNo,
    filedOn: p.filedOn,
    nextRevisionOn: p.nextRevisionOn,
    needsRevision: p.needsRevision,
    revisionReason: p.revisionReason,
    revisionState: state,
    revisionLabel: REVISION_STATE_LABELS[state],
    lastComment: p.status === 'returned' ? lastComment : null,
    links: p.links.map((l) => ({ ...l, kindLabel: RESOURCE_LABELS[l.kind as 'teams'] ?? l.kind })),
    updatedAt: p.updatedAt.toISOString(),
    canEdit: canEdit(actor, p),
    canReview: canReview(actor, p),
    canDelete: canEdit(actor, p) && neverFiled(p),
  };
}

async function views(deps: AppDeps, actor: Actor, rows: repo.PlanRow[]): Promise<PlanView[]> {
  const comments = await repo.lastComments(deps.db, rows.filter((r) => r.status === 'returned').map((r) => r.id));
  return rows.map((r) => view(deps, actor, r, comments.get(r.id) ?? null));
}

export async function listPlans(deps: AppDeps, ctx: RequestContext, q: PlanQuery) {
  const actor = requireActor(ctx);
  const conds: SQL[] = [repo.planScope(actor), ...repo.planFilters(q)];
  const own = ownId(actor);
  if (q.view === 'mine') conds.push(own ? repo.planIsOwn(own) : sql`false`);
  if (q.view === 'review') {
    if (!actor.unitId) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    conds.push(repo.planReviewedBy(actor.unitId));
  }
  const r = await repo.listPlans(deps.db, and(...conds)!, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: await views(deps, actor, r.rows), total: r.total, page: q.page, pageSize: q.pageSize };
}

async function planOrThrow(deps: AppDeps, actor: Actor, id: string, tx?: Tx): Promise<repo.PlanRow> {
  const p = await repo.findPlan(tx ?? deps.db, repo.planScope(actor), id, !!tx);
  if (!p) throw notFound('预案');
  return p;
}

export async function getPlan(deps: AppDeps, ctx: RequestContext, id: string): Promise<PlanDetail> {
  const actor = requireActor(ctx);
  const p = await planOrThrow(deps, actor, id);
  const versions = await repo.versionsOf(deps.db, id);
  const returned = versions.find((v) => v.decision === 'returned');
  return {
    ...view(deps, actor, p, returned?.comment ?? null),
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      fileId: v.fileId,
      fileName: v.fileName,
      fileMime: v.fileMime,
      fileSize: v.fileSize,
      note: v.note,
      textChars: v.text.length,
      uploadedAt: v.uploadedAt.toISOString(),
      uploadedByName: v.uploadedByName,
      submittedAt: v.submittedAt?.toISOString() ?? null,
      decision: (v.decision as 'accepted' | 'returned' | null) ?? null,
      decidedAt: v.decidedAt?.toISOString() ?? null,
      reviewerName: v.reviewerName,
      comment: v.comment,
    })),
  };
}

/** Linked resources must be records of the district's databases; their names are kept for display. */
async function resolveLinks(tx: Tx, actor: Actor, links: PlanInput['links']): Promise<{ kind: string; id: string; label: string }[]> {
  const out: { kind: string; id: string; label: string }[] = [];
  const seen = new Set<string>();
  for (const [i, l] of links.entries()) {
    if (seen.has(`${l.kind}:${l.id}`)) continue;
    seen.add(`${l.kind}:${l.id}`);
    const r = await resRepo.findResource(tx, l.kind, l.id, readPrefix(actor));
    if (!r) throw invalidField(`links.${i}.id`, `关联的${RESOURCE_LABELS[l.kind]}不存在或不在本区`);
    out.push({ kind: l.kind, id: l.id, label: String(r.name ?? r.title ?? '') });
  }
  return out;
}

export async function createPlan(deps: AppDeps, ctx: RequestContext, input: PlanInput): Promise<PlanDetail> {
  const actor = requirePermission(ctx, 'emergency.plan');
  const owner = await ownerOf(deps, actor);
  if (owner.ownerKind === 'enterprise' && input.level !== '企业') throw invalidField('level', '企业预案的级别应为“企业”');
  const row = await deps.db.transaction(async (tx) => {
    const links = await resolveLinks(tx, actor, input.links);
    const [p] = await repo.insertPlans(tx, [{ ...owner, title: input.title, level: input.level, type: input.type, eventType: input.eventType ?? null, summary: input.summary ?? null, links, createdBy: actor.userId, createdAt: deps.clock.now(), updatedAt: deps.clock.now() }]);
    await recordAudit(tx, ctx, { action: 'emergency.plan.create', entity: 'emergency_plan', entityId: p.id, regionCode: p.regionCode, after: { title: p.title, level: p.level, type: p.type, links: links.length } });
    return p;
  });
  return getPlan(deps, ctx, row.id);
}

export async function updatePlan(deps: AppDeps, ctx: RequestContext, id: string, input: PlanInput): Promise<PlanDetail> {
  const actor = requirePermission(ctx, 'emergency.plan');
  await deps.db.transaction(async (tx) => {
    const p = await planOrThrow(deps, actor, id, tx);
    if (p.ownerId !== ownId(actor)) throw forbidden('只能修改本单位的预案');
    if (p.status === 'submitted') throw conflict('预案已报备待审，审查完成前不能修改');
    if (p.ownerKind === 'enterprise' && input.level !== '企业') throw invalidField('level', '企业预案的级别应为“企业”');
    const links = await resolveLinks(tx, actor, input.links);
    const after = { title: input.title, level: input.level, type: input.type, eventType: input.eventType ?? null, summary: input.summary ?? null, links };
    await repo.updatePlan(tx, id, { ...after, updatedAt: deps.clock.now() });
    await recordAudit(tx, ctx, { action: 'emergency.plan.update', entity: 'emergency_plan', entityId: id, regionCode: p.regionCode, before: { title: p.title, level: p.level, type: p.type, links: p.links.length }, after: { ...after, links: links.length } });
  });
  return getPlan(deps, ctx, id);
}

/**
 * 删除: only a draft the unit never submitted (报备). A submitted, returned or filed plan — also a filed
 * plan back in draft for its revision — has a review record with the reviewer, and stays.
 */
export async function deletePlan(deps: AppDeps, ctx: RequestContext, id: string): Promise<{ ok: true }> {
  const actor = requirePermission(ctx, 'emergency.plan');
  await deps.db.transaction(async (tx) => {
    const p = await planOrThrow(deps, actor, id, tx);
    if (p.ownerId !== ownId(actor)) throw forbidden('只能删除本单位的预案');
    if (p.status === 'submitted') throw conflict('预案已报备待审，不能删除');
    if (p.filedOn) throw conflict('预案已备案，备案和审查记录须保留，不能删除；不再适用时请修订');
    const versions = await repo.versionsOf(tx, id);
    if (!neverFiled(p) || versions.some((v) => v.submittedAt)) throw conflict('预案已报备过，审查记录须保留，不能删除');
    // Its versions go with it (ON DELETE CASCADE); a drill that exercised it keeps the plan's title.
    await repo.deletePlan(tx, id);
    await recordAudit(tx, ctx, {
      action: 'emergency.plan.delete',
      entity: 'emergency_plan',
      entityId: id,
      regionCode: p.regionCode,
      before: { title: p.title, level: p.level, type: p.type, status: p.status, versions: versions.map((v) => ({ version: v.version, file: v.fileName, fileId: v.fileId })) },
    });
  });
  return { ok: true };
}

/** The text of a plan document (for the search); a scanned PDF without a text layer is kept with no text. */
async function documentText(kind: 'docx' | 'pdf', data: Buffer): Promise<string> {
  try {
    // mammoth (with JSZip) is loaded with the first .docx, as the plan import does.
    const text = kind === 'docx' ? await (await import('../../../shared/plan/docx')).extractDocxText(data) : (await extractPdfText(data)).text;
    return text.slice(0, MAX_TEXT);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'NO_TEXT_LAYER') return '';
    throw new AppError('VALIDATION', `file：${(e as Error).message}`, [{ path: 'file', message: (e as Error).message }]);
  }
}

/** Upload a new version of the plan's document (.docx or .pdf, decided by its bytes). A filed plan goes back to draft (修订). */
export async function uploadVersion(deps: AppDeps, ctx: RequestContext, id: string, file: Upload, note: string | undefined): Promise<PlanDetail> {
  const actor = requirePermission(ctx, 'emergency.plan');
  const head = file.buffer.subarray(0, 5).toString('latin1');
  const kind = head === '%PDF-' ? 'pdf' : file.buffer[0] === 0x50 && file.buffer[1] === 0x4b ? 'docx' : null;
  if (!kind) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `文件“${file.fileName}”的类型不允许，预案文本仅支持 Word (.docx) 或 PDF`);
  // Read the text before the transaction (no database work while a parser runs).
  const text = await documentText(kind, file.buffer);
  await deps.db.transaction(async (tx) => {
    const p = await planOrThrow(deps, actor, id, tx);
    if (p.ownerId !== ownId(actor)) throw forbidden('只能上传本单位预案的文本');
    if (p.status === 'submitted') throw conflict('预案已报备待审，审查完成前不能上传新版本');
    const stored = await storeFile(tx, ctx, { name: file.fileName, data: file.buffer, purpose: PLAN_FILE_PURPOSE, allowed: ['docx', 'pdf'], maxBytes: PLAN_FILE_MAX, regionCode: p.regionCode, enterpriseId: p.ownerKind === 'enterprise' ? p.ownerId : null });
    const version = p.currentVersion + 1;
    const now = deps.clock.now();
    await repo.insertVersions(tx, [{ planId: id, version, fileId: stored.id, fileName: stored.name, fileMime: stored.mime, fileSize: stored.size, text, note: note || null, uploadedAt: now, uploadedByName: actor.displayName }]);
    const status = p.status === 'filed' ? 'draft' : p.status;
    await repo.updatePlan(tx, id, { currentVersion: version, status, updatedAt: now });
    await recordAudit(tx, ctx, { action: 'emergency.plan.version', entity: 'emergency_plan', entityId: id, regionCode: p.regionCode, before: { status: p.status, version: p.currentVersion }, after: { status, version, file: stored.name, size: stored.size, textChars: text.length } });
  });
  return getPlan(deps, ctx, id);
}

/** 报备: the latest version goes to the reviewer. A returned plan needs a new version first. */
export async function submitPlan(deps: AppDeps, ctx: RequestContext, id: string): Promise<PlanDetail> {
  const actor = requirePermission(ctx, 'emergency.plan');
  await deps.db.transaction(async (tx) => {
    const p = await planOrThrow(deps, actor, id, tx);
    if (p.ownerId !== ownId(actor)) throw forbidden('只能报备本单位的预案');
    if (p.status === 'submitted') throw conflict('预案已报备，正在等待审查');
    if (p.status === 'filed') throw conflict('预案已备案；修订时请先上传新版本');
    const v = await repo.latestVersion(tx, id);
    if (!v) throw conflict('请先上传预案文本（.docx 或 .pdf）再报备');
    if (v.submittedAt) throw conflict('预案被退回后须按审查意见修改，上传新版本后再报备');
    const now = deps.clock.now();
    await repo.updateVersion(tx, v.id, { submittedAt: now });
    await repo.updatePlan(tx, id, { status: 'submitted', updatedAt: now });
    await notify(tx, deps, { unitId: p.reviewerUnitId, kind: 'emergency.plan.submitted', title: `预案报备待审：${p.ownerName}《${p.title}》`, body: `第 ${v.version} 版，请审查后备案或退回。`, link: `/emergency/plans/${id}` });
    await recordAudit(tx, ctx, { action: 'emergency.plan.submit', entity: 'emergency_plan', entityId: id, regionCode: p.regionCode, before: { status: p.status }, after: { status: 'submitted', version: v.version } });
  });
  return getPlan(deps, ctx, id);
}

/** Put a filed plan into the search (government units' plans are the district's reference; enterprises' stay with their street). */
async function indexPlan(deps: AppDeps, tx: Tx, p: repo.PlanRow, text: string): Promise<void> {
  if (p.ownerKind === 'enterprise') return;
  const body = [p.ownerName, p.level, p.type, p.eventType, p.summary, text].filter(Boolean).join('\n').slice(0, 60_000);
  await resRepo.upsertSearchDocs(tx, [{ kind: 'plans', refId: p.id, regionCode: p.regionCode, title: p.title, body }], deps.clock.now());
}

/** 审查: accept (备案: filing number, next revision in 3 years) or return with comments. */
export async function reviewPlan(deps: AppDeps, ctx: RequestContext, id: string, input: PlanReviewInput): Promise<PlanDetail> {
  const actor = requirePermission(ctx, 'emergency.plan.review');
  await deps.db.transaction(async (tx) => {
    const p = await planOrThrow(deps, actor, id, tx);
    if (p.reviewerUnitId !== actor.unitId) throw forbidden(`该预案由${p.reviewerName}审查`);
    if (p.status !== 'submitted') throw conflict(`预案当前为“${PLAN_STATUS_LABELS[p.status as PlanStatus]}”，不在待审状态`);
    const v = await repo.latestVersion(tx, id);
    if (!v) throw conflict('预案没有可审查的版本');
    const now = deps.clock.now();
    const today = deps.clock.today();
    const comment = input.comment?.trim() || null;
    let after: Record<string, unknown>;
    if (input.decision === 'accept') {
      const year = chinaYear(now);
      const prefix = `${p.regionCode.slice(0, 6)}-YA-${year}-`;
      // One filing number per filing (a revised plan filed again gets a new one); the UNIQUE index is the last word.
      const filingNo = `${prefix}${String((await repo.maxFilingNumber(tx, prefix)) + 1).padStart(4, '0')}`;
      after = { status: 'filed', filingNo, filedOn: today, nextRevisionOn: nextRevisionDate(today), needsRevision: false, revisionReason: null };
      const row = await repo.updatePlan(tx, id, { ...after, updatedAt: now } as Partial<repo.PlanRow>);
      await repo.updateVersion(tx, v.id, { decision: 'accepted', decidedAt: now, reviewerName: `${actor.unitName ?? ''} ${actor.displayName}`.trim(), comment });
      await indexPlan(deps, tx, row, v.text);
    } else {
      after = { status: 'returned' };
      await repo.updatePlan(tx, id, { status: 'returned', updatedAt: now });
      await repo.updateVersion(tx, v.id, { decision: 'returned', decidedAt: now, reviewerName: `${actor.unitName ?? ''} ${actor.displayName}`.trim(), comment });
    }
    const accepted = input.decision === 'accept';
    await notify(tx, deps, {
      ...(p.ownerKind === 'enterprise' ? { userId: p.createdBy } : { unitId: p.ownerId }),
      kind: accepted ? 'emergency.plan.filed' : 'emergency.plan.returned',
      title: accepted ? `预案已备案：《${p.title}》（${String(after.filingNo)}）` : `预案被退回：《${p.title}》`,
      body: accepted ? `下次修订日期 ${String(after.nextRevisionOn)}。${comment ?? ''}` : `退回意见：${comment}`,
      link: `/emergency/plans/${id}`,
    });
    await recordAudit(tx, ctx, { action: accepted ? 'emergency.plan.accept' : 'emergency.plan.return', entity: 'emergency_plan', entityId: id, regionCode: p.regionCode, before: { status: p.status }, after: { ...after, version: v.version, comment } });
  });
  return getPlan(deps, ctx, id);
}

/**
 * Mark a plan 需修订 inside the caller's transaction (a drill evaluation, an accident finding): the owner
 * is told; the mark clears when a revised version is filed.
 */
export async function flagPlanForRevisionInTx(deps: AppDeps, tx: Tx, ctx: RequestContext, planId: string, reason: string): Promise<void> {
  const p = await repo.findPlan(tx, sql`true`, planId, true);
  if (!p) throw notFound('预案');
  await repo.updatePlan(tx, planId, { needsRevision: true, revisionReason: reason.slice(0, 500), updatedAt: deps.clock.now() });
  await notify(tx, deps, { ...(p.ownerKind === 'enterprise' ? { userId: p.createdBy } : { unitId: p.ownerId }), kind: 'emergency.plan.revise', title: `预案需修订：《${p.title}》`, body: reason.slice(0, 500), link: `/emergency/plans/${planId}` });
  await recordAudit(tx, ctx, { action: 'emergency.plan.needs_revision', entity: 'emergency_plan', entityId: planId, regionCode: p.regionCode, before: { needsRevision: p.needsRevision }, after: { needsRevision: true, reason } });
}

/** 需修订 by hand: the reviewer (e.g. after an accident investigation), the office or the owner. */
export async function markNeedsRevision(deps: AppDeps, ctx: RequestContext, id: string, reason: string): Promise<PlanDetail> {
  const actor = requirePermission(ctx, 'emergency.plan');
  await deps.db.transaction(async (tx) => {
    const p = await planOrThrow(deps, actor, id, tx);
    const allowed = p.ownerId === ownId(actor) || p.reviewerUnitId === actor.unitId || isOffice(actor);
    if (!allowed) throw forbidden('只有预案单位、审查单位或安委办可以标记需修订');
    if (p.status !== 'filed') throw conflict('只有已备案的预案需要标记修订');
    await flagPlanForRevisionInTx(deps, tx, ctx, id, reason);
  });
  return getPlan(deps, ctx, id);
}

/** Expiry dashboard of the office: due within 90 days, overdue, 需修订, by unit. */
export async function planDashboard(deps: AppDeps, ctx: RequestContext): Promise<PlanDashboard> {
  const actor = requireActor(ctx);
  const all = await repo.allPlans(deps.db, repo.planScope(actor));
  const today = deps.clock.today();
  const byUnit = new Map<string, PlanDashboard['units'][number]>();
  const summary = { plans: all.length, filed: 0, pending: 0, dueSoon: 0, overdue: 0, needsRevision: 0 };
  const attention: repo.PlanRow[] = [];
  for (const p of all) {
    const u = byUnit.get(p.ownerId) ?? { ownerId: p.ownerId, ownerName: p.ownerName, ownerKind: p.ownerKind, plans: 0, filed: 0, dueSoon: 0, overdue: 0, needsRevision: 0 };
    byUnit.set(p.ownerId, u);
    u.plans++;
    if (p.filedOn) {
      u.filed++;
      summary.filed++;
    }
    if (p.status === 'submitted') summary.pending++;
    const s = revisionState(p, today);
    if (s === 'due_soon') {
      u.dueSoon++;
      summary.dueSoon++;
    } else if (s === 'overdue') {
      u.overdue++;
      summary.overdue++;
    } else if (s === 'needs_revision') {
      u.needsRevision++;
      summary.needsRevision++;
    }
    if (s === 'due_soon' || s === 'overdue' || s === 'needs_revision') attention.push(p);
  }
  const units = [...byUnit.values()].sort((a, b) => b.overdue + b.needsRevision - (a.overdue + a.needsRevision) || b.dueSoon - a.dueSoon || a.ownerName.localeCompare(b.ownerName, 'zh'));
  return { today, summary, units, attention: await views(deps, actor, attention.slice(0, 200)) };
}

/**
 * Hourly job: a filed plan whose revision date is within 90 days (or past), or that is marked 需修订, is
 * reminded to its owner at most once a week (claimRun per day; remindedOn per plan).
 */
export async function remindPlanRevisions(deps: AppDeps): Promise<{ reminded: number } | undefined> {
  const today = deps.clock.today();
  return runExclusive(deps, 'emergency.plan-revisions', async (tx) => {
    if (!(await claimRun(tx, 'emergency.plan-revisions', today))) return { reminded: 0 };
    const due = await repo.plansToRemind(tx, addDays(today, PLAN_REMIND_DAYS), addDays(today, -6));
    for (const p of due) {
      const s = revisionState(p, today);
      const title =
        s === 'needs_revision' ? `预案需修订：《${p.title}》` : s === 'overdue' ? `预案已超过修订期限：《${p.title}》（${p.nextRevisionOn}）` : `预案即将到修订期限：《${p.title}》（${p.nextRevisionOn}）`;
      await notify(tx, deps, {
        ...(p.ownerKind === 'enterprise' ? { userId: p.createdBy } : { unitId: p.ownerId }),
        kind: 'emergency.plan.revision-due',
        title,
        body: p.revisionReason ?? '应急预案每三年至少评估修订一次（应急管理部令第2号第三十五条），请组织修订后重新报备。',
        link: `/emergency/plans/${p.id}`,
        dedupeKey: `emergency.plan.revision:${p.id}:${today}`,
      });
    }
    await repo.markPlansReminded(tx, due.map((p) => p.id), today);
    return { reminded: due.length };
  });
}

export { planOrThrow };
