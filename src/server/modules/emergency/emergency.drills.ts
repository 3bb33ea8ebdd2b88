import { and, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db';
import { can, requireActor, requirePermission, type Actor, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import { IMAGE_KINDS, storeFile, type Upload } from '../../platform/files';
import { notify } from '../../platform/notifications';
import { createHazardInTx } from '../hazard';
import { listUnits } from '../org';
import type { ActiveDrills, DrillInput, DrillQuery, DrillView, EvaluationInput, ImprovementHazardInput } from '../../../shared/contracts/emergency.plans';
import { DRILL_STATUS_LABELS, exerciseText, type DrillStatus } from '../../../shared/emergency/plans';
import { formatDateTime } from '../../../shared/time';
import * as repo from './emergency.plans.repo';
import { flagPlanForRevisionInTx, ownerOf } from './emergency.plans';

/**
 * 演练: a unit (or enterprise) plans a drill (实兵演练 / 桌面推演, scenario, the plan it exercises, date,
 * participating units), runs it (start → timeline entries and photos → end), and evaluates it. Each
 * improvement item of the evaluation can become a hazard in the ledger (createHazardInTx, same
 * transaction); an evaluation that finds the plan wanting marks the plan 需修订.
 *
 * Exercise mode: while a drill runs, the users of the owner and of every participating unit see a
 * 【演练】 banner on every screen (GET /api/emergency/drills/active), and every notification the drill
 * sends starts with 【演练】 (exerciseText) — nobody must take the exercise for a real event.
 */

export const DRILL_PHOTO_PURPOSE = 'emergency.drill.photo';
const PHOTO_MAX = 10 * 1024 * 1024;
const MAX_PHOTOS = 30;
const PARTICIPANT_KINDS = ['street', 'department', 'park', 'office'];

const ownId = (a: Actor) => a.enterpriseId ?? a.unitId;
const isOffice = (a: Actor) => a.unitKind === 'office' || a.unitKind === 'committee';

function canEdit(actor: Actor, d: repo.DrillRow): boolean {
  return can(actor, 'emergency.drill') && d.ownerId === ownId(actor);
}

function view(actor: Actor, d: repo.DrillRow): DrillView {
  return {
    id: d.id,
    title: d.title,
    type: d.type,
    scenario: d.scenario,
    planId: d.planId,
    planTitle: d.planTitle,
    plannedOn: d.plannedOn,
    location: d.location,
    ownerId: d.ownerId,
    ownerKind: d.ownerKind,
    ownerName: d.ownerName,
    participants: d.participants,
    status: d.status as DrillStatus,
    statusLabel: DRILL_STATUS_LABELS[d.status as DrillStatus] ?? d.status,
    startedAt: d.startedAt?.toISOString() ?? null,
    endedAt: d.endedAt?.toISOString() ?? null,
    timeline: d.timeline,
    photos: d.photos,
    evaluation: d.evaluation ?? null,
    improvements: d.improvements,
    canEdit: canEdit(actor, d),
    canDelete: canEdit(actor, d) && d.status === 'planned',
  };
}

export async function listDrills(deps: AppDeps, ctx: RequestContext, q: DrillQuery) {
  const actor = requireActor(ctx);
  const where: SQL = and(repo.drillScope(actor), ...repo.drillFilters(q))!;
  const r = await repo.listDrills(deps.db, where, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: r.rows.map((d) => view(actor, d)), total: r.total, page: q.page, pageSize: q.pageSize };
}

async function drillOrThrow(deps: AppDeps, actor: Actor, id: string, tx?: Tx): Promise<repo.DrillRow> {
  const d = await repo.findDrill(tx ?? deps.db, repo.drillScope(actor), id, !!tx);
  if (!d) throw notFound('演练');
  return d;
}

export async function getDrill(deps: AppDeps, ctx: RequestContext, id: string): Promise<DrillView> {
  const actor = requireActor(ctx);
  return view(actor, await drillOrThrow(deps, actor, id));
}

/** Lock the caller's own drill for a change. */
async function ownDrill(deps: AppDeps, tx: Tx, actor: Actor, id: string): Promise<repo.DrillRow> {
  const d = await drillOrThrow(deps, actor, id, tx);
  if (d.ownerId !== ownId(actor)) throw forbidden('只能操作本单位组织的演练');
  return d;
}

async function resolveInput(deps: AppDeps, tx: Tx, actor: Actor, input: DrillInput) {
  let planTitle: string | null = null;
  if (input.planId) {
    const p = await repo.findPlan(tx, repo.planScope(actor), input.planId);
    if (!p) throw invalidField('planId', '所选预案不存在或无权查看');
    planTitle = p.title;
  }
  const district = actor.regionCode.slice(0, 6);
  const units = await listUnits(tx);
  const participants: { id: string; name: string }[] = [];
  for (const [i, id] of [...new Set(input.participantUnitIds)].entries()) {
    const u = units.find((x) => x.id === id && x.active && PARTICIPANT_KINDS.includes(x.kind) && x.regionCode.startsWith(district));
    if (!u) throw invalidField(`participantUnitIds.${i}`, '参演单位应为本区的街道、部门、园区或安委办');
    participants.push({ id: u.id, name: u.shortName });
  }
  return { planTitle, participants };
}

export async function createDrill(deps: AppDeps, ctx: RequestContext, input: DrillInput): Promise<DrillView> {
  const actor = requirePermission(ctx, 'emergency.drill');
  const owner = await ownerOf(deps, actor);
  const row = await deps.db.transaction(async (tx) => {
    const { planTitle, participants } = await resolveInput(deps, tx, actor, input);
    const now = deps.clock.now();
    const [d] = await repo.insertDrills(tx, [
      {
        ownerId: owner.ownerId,
        ownerKind: owner.ownerKind,
        ownerName: owner.ownerName,
        regionCode: owner.regionCode,
        title: input.title,
        type: input.type,
        scenario: input.scenario,
        planId: input.planId ?? null,
        planTitle,
        plannedOn: input.plannedOn,
        location: input.location,
        participants,
        participantIds: participants.map((p) => p.id),
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      },
    ]);
    await recordAudit(tx, ctx, { action: 'emergency.drill.create', entity: 'emergency_drill', entityId: d.id, regionCode: d.regionCode, after: { title: d.title, type: d.type, plannedOn: d.plannedOn, planId: d.planId, participants: participants.length } });
    return d;
  });
  return view(actor, row);
}

export async function updateDrill(deps: AppDeps, ctx: RequestContext, id: string, input: DrillInput): Promise<DrillView> {
  const actor = requirePermission(ctx, 'emergency.drill');
  const row = await deps.db.transaction(async (tx) => {
    const d = await ownDrill(deps, tx, actor, id);
    if (d.status !== 'planned') throw conflict('演练已开始，不能再修改计划');
    const { planTitle, participants } = await resolveInput(deps, tx, actor, input);
    const after = { title: input.title, type: input.type, scenario: input.scenario, planId: input.planId ?? null, planTitle, plannedOn: input.plannedOn, location: input.location, participants, participantIds: participants.map((p) => p.id) };
    const r = await repo.updateDrill(tx, id, { ...after, updatedAt: deps.clock.now() });
    await recordAudit(tx, ctx, { action: 'emergency.drill.update', entity: 'emergency_drill', entityId: id, regionCode: d.regionCode, before: { title: d.title, plannedOn: d.plannedOn }, after: { title: r.title, plannedOn: r.plannedOn, participants: participants.length } });
    return r;
  });
  return view(actor, row);
}

/** 删除: only a drill not yet started (its participants were not told of it yet); once started, its record stays. */
export async function deleteDrill(deps: AppDeps, ctx: RequestContext, id: string): Promise<{ ok: true }> {
  const actor = requirePermission(ctx, 'emergency.drill');
  await deps.db.transaction(async (tx) => {
    const d = await ownDrill(deps, tx, actor, id);
    if (d.status !== 'planned') throw conflict(`演练${d.status === 'running' ? '正在进行' : '已开始过'}，过程记录须保留，不能删除`);
    await repo.deleteDrill(tx, id);
    await recordAudit(tx, ctx, {
      action: 'emergency.drill.delete',
      entity: 'emergency_drill',
      entityId: id,
      regionCode: d.regionCode,
      before: { title: d.title, type: d.type, plannedOn: d.plannedOn, planId: d.planId, status: d.status, participants: d.participants.map((x) => x.name) },
    });
  });
  return { ok: true };
}

/** Tell the participating units (and the owner unit) — always marked 【演练】. */
async function notifyParticipants(deps: AppDeps, tx: Tx, d: repo.DrillRow, kind: string, title: string, body: string): Promise<void> {
  const unitIds = new Set(d.participantIds);
  if (d.ownerKind !== 'enterprise') unitIds.add(d.ownerId);
  for (const unitId of unitIds) {
    await notify(tx, deps, { unitId, kind, title: exerciseText(title), body: exerciseText(body), link: `/emergency/drills/${d.id}` });
  }
  if (d.ownerKind === 'enterprise' && d.createdBy) await notify(tx, deps, { userId: d.createdBy, kind, title: exerciseText(title), body: exerciseText(body), link: `/emergency/drills/${d.id}` });
}

export async function startDrill(deps: AppDeps, ctx: RequestContext, id: string): Promise<DrillView> {
  const actor = requirePermission(ctx, 'emergency.drill');
  const row = await deps.db.transaction(async (tx) => {
    const d = await ownDrill(deps, tx, actor, id);
    if (d.status !== 'planned') throw conflict(`演练当前为“${DRILL_STATUS_LABELS[d.status as DrillStatus]}”，不能开始`);
    const now = deps.clock.now();
    const r = await repo.updateDrill(tx, id, { status: 'running', startedAt: now, timeline: [...d.timeline, { at: now.toISOString(), text: '演练开始', byName: actor.displayName }], updatedAt: now });
    await notifyParticipants(deps, tx, r, 'emergency.drill.start', `${d.type}开始：${d.title}`, `${d.ownerName}组织的${d.type}已开始（${d.location}）。情景：${d.scenario.slice(0, 200)}。此为演练，非真实事件。`);
    await recordAudit(tx, ctx, { action: 'emergency.drill.start', entity: 'emergency_drill', entityId: id, regionCode: d.regionCode, before: { status: d.status }, after: { status: 'running', startedAt: now.toISOString() } });
    return r;
  });
  return view(actor, row);
}

export async function endDrill(deps: AppDeps, ctx: RequestContext, id: string): Promise<DrillView> {
  const actor = requirePermission(ctx, 'emergency.drill');
  const row = await deps.db.transaction(async (tx) => {
    const d = await ownDrill(deps, tx, actor, id);
    if (d.status !== 'running') throw conflict('只有进行中的演练可以结束');
    const now = deps.clock.now();
    const r = await repo.updateDrill(tx, id, { status: 'ended', endedAt: now, timeline: [...d.timeline, { at: now.toISOString(), text: '演练结束', byName: actor.displayName }], updatedAt: now });
    await notifyParticipants(deps, tx, r, 'emergency.drill.end', `演练结束：${d.title}`, `${d.ownerName}组织的${d.type}已于 ${formatDateTime(now)} 结束。`);
    await recordAudit(tx, ctx, { action: 'emergency.drill.end', entity: 'emergency_drill', entityId: id, regionCode: d.regionCode, before: { status: d.status }, after: { status: 'ended', endedAt: now.toISOString() } });
    return r;
  });
  return view(actor, row);
}

/** A timeline entry (when, what happened); kept in time order. Not before the drill started, not in the future. */
export async function addTimeline(deps: AppDeps, ctx: RequestContext, id: string, input: { at: string; text: string }): Promise<DrillView> {
  const actor = requirePermission(ctx, 'emergency.drill');
  const row = await deps.db.transaction(async (tx) => {
    const d = await ownDrill(deps, tx, actor, id);
    if (d.status !== 'running' && d.status !== 'ended') throw conflict('演练开始后才能记录过程');
    const at = new Date(input.at);
    const now = deps.clock.now();
    if (at.getTime() > now.getTime() + 5 * 60_000) throw invalidField('at', '时间不能晚于当前时间');
    if (d.startedAt && at.getTime() < d.startedAt.getTime() - 24 * 3600_000) throw invalidField('at', '时间不能早于演练开始前一天');
    if (d.timeline.length >= 200) throw conflict('过程记录最多 200 条');
    const timeline = [...d.timeline, { at: at.toISOString(), text: input.text, byName: actor.displayName }].sort((a, b) => a.at.localeCompare(b.at));
    const r = await repo.updateDrill(tx, id, { timeline, updatedAt: now });
    await recordAudit(tx, ctx, { action: 'emergency.drill.timeline', entity: 'emergency_drill', entityId: id, regionCode: d.regionCode, after: { at: at.toISOString(), text: input.text } });
    return r;
  });
  return view(actor, row);
}

/** A photo of the drill (JPG/PNG/WebP/GIF decided by the bytes, at most 10 MB, 30 per drill). */
export async function addPhoto(deps: AppDeps, ctx: RequestContext, id: string, file: Upload): Promise<DrillView> {
  const actor = requirePermission(ctx, 'emergency.drill');
  const row = await deps.db.transaction(async (tx) => {
    const d = await ownDrill(deps, tx, actor, id);
    if (d.status === 'planned') throw conflict('演练开始后才能上传现场照片');
    if (d.photos.length >= MAX_PHOTOS) throw conflict(`每次演练最多 ${MAX_PHOTOS} 张照片`);
    const f = await storeFile(tx, ctx, { name: file.fileName, data: file.buffer, purpose: DRILL_PHOTO_PURPOSE, allowed: IMAGE_KINDS, maxBytes: PHOTO_MAX, stripMetadata: true, regionCode: d.regionCode, enterpriseId: d.ownerKind === 'enterprise' ? d.ownerId : null });
    const r = await repo.updateDrill(tx, id, { photos: [...d.photos, { fileId: f.id, name: f.name }], updatedAt: deps.clock.now() });
    await recordAudit(tx, ctx, { action: 'emergency.drill.photo', entity: 'emergency_drill', entityId: id, regionCode: d.regionCode, after: { fileId: f.id, name: f.name, size: f.size } });
    return r;
  });
  return view(actor, row);
}

/** 评估: rating, summary, improvement items; may mark the exercised plan 需修订. Once per drill. */
export async function evaluateDrill(deps: AppDeps, ctx: RequestContext, id: string, input: EvaluationInput): Promise<DrillView> {
  const actor = requirePermission(ctx, 'emergency.drill');
  const row = await deps.db.transaction(async (tx) => {
    const d = await ownDrill(deps, tx, actor, id);
    if (d.status === 'evaluated') throw conflict('演练已评估');
    if (d.status !== 'ended') throw conflict('演练结束后才能评估');
    if (input.planNeedsRevision && !d.planId) throw invalidField('planNeedsRevision', '本次演练未关联预案，无法标记预案需修订');
    const now = deps.clock.now();
    const evaluation = { rating: input.rating, summary: input.summary, planNeedsRevision: input.planNeedsRevision, evaluatedAt: now.toISOString(), evaluatorName: actor.displayName };
    const improvements = input.improvements.map((x, i) => ({ no: i + 1, text: x.text, responsible: x.responsible ?? null, hazardId: null, hazardCode: null }));
    const r = await repo.updateDrill(tx, id, { status: 'evaluated', evaluation, improvements, updatedAt: now });
    if (input.planNeedsRevision && d.planId) {
      // 应急管理部令第2号 第三十六条: 演练评估发现预案存在问题 → the plan is revised.
      await flagPlanForRevisionInTx(deps, tx, ctx, d.planId, `演练“${d.title}”（${d.plannedOn}）评估发现预案存在问题：${input.summary}`);
    }
    await notifyParticipants(deps, tx, r, 'emergency.drill.evaluated', `演练评估完成：${d.title}`, `评估结论：${input.rating}；改进事项 ${improvements.length} 项。`);
    await recordAudit(tx, ctx, { action: 'emergency.drill.evaluate', entity: 'emergency_drill', entityId: id, regionCode: d.regionCode, before: { status: d.status }, after: { status: 'evaluated', rating: input.rating, improvements: improvements.length, planNeedsRevision: input.planNeedsRevision } });
    return r;
  });
  return view(actor, row);
}

/**
 * An improvement item becomes a hazard in the ledger (hazard module, createHazardInTx in this
 * transaction): it names the enterprise where the problem is. The hazard is a real one, not marked
 * 【演练】: the drill found it, the rectification is real work.
 */
export async function improvementToHazard(deps: AppDeps, ctx: RequestContext, id: string, no: number, input: ImprovementHazardInput): Promise<DrillView> {
  const actor = requirePermission(ctx, 'emergency.drill');
  const row = await deps.db.transaction(async (tx) => {
    const d = await drillOrThrow(deps, actor, id, tx);
    if (d.ownerId !== ownId(actor) && !isOffice(actor)) throw forbidden('只有组织演练的单位或安委办可以将改进事项转为隐患');
    const item = d.improvements.find((x) => x.no === no);
    if (!item) throw notFound('改进事项');
    if (item.hazardId) throw conflict(`该改进事项已转为隐患 ${item.hazardCode ?? ''}`.trim());
    const h = await createHazardInTx(deps, tx, ctx, {
      enterpriseId: input.enterpriseId,
      source: actor.enterpriseId ? 'self_check' : 'inspection',
      place: input.place,
      category: input.category,
      grade: input.grade,
      description: `应急演练“${d.title}”（${d.plannedOn}）评估发现：${item.text}`.slice(0, 2000),
      foundAt: deps.clock.now().toISOString(),
      origin: { kind: 'emergency_drill', id: d.id, label: `演练改进事项 ${no}：${item.text}`.slice(0, 300) },
    });
    const improvements = d.improvements.map((x) => (x.no === no ? { ...x, hazardId: h.id, hazardCode: h.code } : x));
    const r = await repo.updateDrill(tx, id, { improvements, updatedAt: deps.clock.now() });
    await recordAudit(tx, ctx, { action: 'emergency.drill.to_hazard', entity: 'emergency_drill', entityId: id, regionCode: d.regionCode, after: { no, hazardId: h.id, hazardCode: h.code } });
    return r;
  });
  return view(actor, row);
}

/** The drills running now for the caller's unit (owner or participant): the exercise banner. */
export async function activeDrills(deps: AppDeps, ctx: RequestContext): Promise<ActiveDrills> {
  const actor = requireActor(ctx);
  const running = await repo.runningDrillsFor(deps.db, ownId(actor), actor.unitId);
  return { drills: running.map((d) => ({ id: d.id, title: d.title, type: d.type, ownerName: d.ownerName, startedAt: (d.startedAt ?? d.updatedAt).toISOString() })) };
}
