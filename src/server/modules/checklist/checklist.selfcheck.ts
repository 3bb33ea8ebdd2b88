import { requireActor, SYSTEM_CONTEXT, type Actor, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { AppError, conflict, invalidField, notFound, type FieldIssue } from '../../platform/errors';
import { IMAGE_KINDS, storeFile } from '../../platform/files';
import { claimRun, runExclusive } from '../../platform/jobs';
import { notify } from '../../platform/notifications';
import type { DbOrTx, Tx } from '../../db';
import {
  PlanCreate,
  PlanQuery,
  PlanUpdate,
  ResultInput,
  RunQuery,
  StatsQuery,
  SubmitInput,
  CHECK_RESULT_LABELS,
  type BehindRow,
  type CheckResult,
  type CompletionRow,
  type Cycle,
  type PlanView,
  type RunItemView,
  type RunStatus,
  type RunSummary,
  type RunView,
  type Tally,
} from '../../../shared/contracts/checklist';
import type { PageResult } from '../../../shared/contracts/common';
import { CYCLES, addDays, chinaToday, lastDayOfMonth, periodLabel, periodOf, periodsEndingBetween } from '../../../shared/checklist/cycle';
import { createHazardInTx, PHOTO_PURPOSE as HAZARD_PHOTO_PURPOSE } from '../hazard';
import { listRegions, listSectors, requireEnterpriseInScope } from '../org';
import * as repo from './checklist.repo';
import { completionRate } from '../../../shared/checklist/rates';
import { presentItem } from './checklist.service';

/**
 * 企业自查 (自查自改自报): an enterprise runs a checklist on a cycle, item by item (合格/不合格/不适用,
 * photos), saves as it goes and submits once per period. On submission every 不合格 item becomes a
 * hazard of the hazard module in the same transaction (source self_check); items fixed on the spot
 * (立查立改) are registered as closed 一般隐患 with their after-photo. Dates are Beijing dates.
 */
export const PHOTO_PURPOSE = 'checklist.photo';
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const RUN_ENTITY = 'self_inspection_run';
export const PLAN_ENTITY = 'self_inspection_plan';


// ---------- plans ----------

function currentOf(p: repo.PlanJoined['p'], day: string) {
  const per = periodOf(p.cycle as Cycle, day);
  if (!p.active || day < p.startDate) return null;
  return per;
}

async function presentPlans(deps: AppDeps, plans: repo.PlanJoined[]): Promise<PlanView[]> {
  const day = deps.clock.today();
  const pairs = plans.flatMap((j) => {
    const c = currentOf(j.p, day);
    return c ? [{ planId: j.p.id, periodKey: c.key }] : [];
  });
  const runs = await repo.runsOfPlans(deps.db, pairs);
  return plans.map((j) => {
    const c = currentOf(j.p, day);
    const run = c ? runs.find((r) => r.planId === j.p.id && r.periodKey === c.key) : undefined;
    return {
      id: j.p.id,
      enterpriseId: j.p.enterpriseId,
      enterpriseName: j.enterpriseName,
      templateId: j.p.templateId,
      templateName: j.templateName,
      templateSector: j.templateSector,
      name: j.p.name,
      cycle: j.p.cycle as Cycle,
      categories: j.p.categories,
      responsibleName: j.p.responsibleName,
      startDate: j.p.startDate,
      endDate: j.p.endDate,
      active: j.p.active,
      version: j.p.version,
      current: c
        ? { key: c.key, label: periodLabel(c), start: c.start, end: c.end, runId: run?.id ?? null, status: (run?.status as RunStatus) ?? null, answered: run?.answered ?? 0, total: run?.itemTotal ?? 0 }
        : null,
    };
  });
}

export async function listPlans(deps: AppDeps, ctx: RequestContext, q: PlanQuery): Promise<PlanView[]> {
  const actor = requireActor(ctx);
  const list = await repo.listPlans(deps.db, actor.scope, { enterpriseId: q.enterpriseId, active: q.active === undefined ? undefined : q.active === 'true' });
  return presentPlans(deps, list);
}

export async function getPlan(deps: AppDeps, ctx: RequestContext, id: string): Promise<PlanView> {
  const actor = requireActor(ctx);
  const j = await repo.findPlan(deps.db, actor.scope, id);
  if (!j) throw notFound('自查计划');
  return (await presentPlans(deps, [j]))[0];
}

async function checkCategories(db: DbOrTx, versionId: string, categories: string[]) {
  if (categories.length === 0) return;
  const known = new Set(await repo.listCategories(db, versionId));
  categories.forEach((c, i) => {
    if (!known.has(c)) throw invalidField(`categories.${i}`, `清单当前版本中没有类别“${c}”`);
  });
}

export async function createPlan(deps: AppDeps, ctx: RequestContext, input: PlanCreate): Promise<PlanView> {
  const ent = await requireEnterpriseInScope(deps, ctx, input.enterpriseId);
  const t = await repo.findTemplate(deps.db, input.templateId);
  if (!t || !t.currentVersionId) throw invalidField('templateId', '检查清单不存在或尚未发布');
  await checkCategories(deps.db, t.currentVersionId, input.categories);
  const day = deps.clock.today();
  const startDate = input.startDate ?? day;
  // Past periods cannot be inspected any more: a plan starts today or later.
  if (startDate < day) throw invalidField('startDate', `开始日期不能早于今天（${day}）`);
  const id = await deps.db.transaction(async (tx) => {
    const p = await repo.insertPlan(tx, {
      enterpriseId: ent.e.id,
      regionCode: ent.e.regionCode,
      sector: ent.e.sector,
      templateId: t.id,
      name: input.name,
      cycle: input.cycle,
      categories: [...new Set(input.categories)],
      responsibleName: input.responsibleName,
      startDate,
      createdBy: requireActor(ctx).userId,
    });
    await recordAudit(tx, ctx, { action: 'selfcheck.plan_create', entity: PLAN_ENTITY, entityId: p.id, regionCode: p.regionCode, after: { ...p, enterpriseName: ent.e.name } });
    return p.id;
  });
  return getPlan(deps, ctx, id);
}

export async function updatePlan(deps: AppDeps, ctx: RequestContext, id: string, input: PlanUpdate): Promise<PlanView> {
  const actor = requireActor(ctx);
  await deps.db.transaction(async (tx) => {
    const before = await repo.lockPlan(tx, actor.scope, id);
    if (!before) throw notFound('自查计划');
    if (input.version !== undefined && input.version !== before.version) throw conflict('该计划已被他人修改，请刷新后再编辑', { currentVersion: before.version });
    if (!before.active) throw conflict('已停用的计划不能修改或恢复，请新建计划');
    if (input.categories) {
      const t = await repo.findTemplate(tx, before.templateId);
      if (t?.currentVersionId) await checkCategories(tx, t.currentVersionId, input.categories);
    }
    const values: Partial<repo.PlanRow> = {};
    if (input.name !== undefined) values.name = input.name;
    if (input.responsibleName !== undefined) values.responsibleName = input.responsibleName;
    if (input.categories !== undefined) values.categories = [...new Set(input.categories)];
    if (input.active === false) {
      values.active = false;
      // The last day it was active: periods ending after it are no longer due.
      values.endDate = addDays(deps.clock.today(), -1) < before.startDate ? before.startDate : addDays(deps.clock.today(), -1);
    }
    const after = await repo.updatePlanRow(tx, id, values);
    await recordAudit(tx, ctx, { action: input.active === false ? 'selfcheck.plan_stop' : 'selfcheck.plan_update', entity: PLAN_ENTITY, entityId: id, regionCode: after.regionCode, before, after });
  });
  return getPlan(deps, ctx, id);
}

// ---------- runs ----------

function presentSummary(j: repo.RunJoined): RunSummary {
  const r = j.r;
  return {
    id: r.id,
    planId: r.planId,
    planName: j.planName,
    enterpriseId: r.enterpriseId,
    enterpriseName: j.enterpriseName,
    templateName: j.templateName,
    version: j.version,
    cycle: r.cycle as Cycle,
    periodKey: r.periodKey,
    periodLabel: periodLabel({ cycle: r.cycle as Cycle, key: r.periodKey, start: r.periodStart, end: r.periodEnd }),
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    status: r.status as RunStatus,
    inspectorName: r.inspectorName,
    startedAt: r.startedAt?.toISOString() ?? null,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    itemTotal: r.itemTotal,
    passCount: r.passCount,
    failCount: r.failCount,
    naCount: r.naCount,
    fixedCount: r.fixedCount,
    hazardCount: r.hazardCount,
    majorCount: r.majorCount,
  };
}

function mayRun(actor: Actor, run: repo.RunRow): boolean {
  return actor.roles.includes('enterprise') && actor.scope.kind === 'enterprise' && actor.scope.enterpriseId === run.enterpriseId;
}

export async function getRun(deps: AppDeps, ctx: RequestContext, id: string): Promise<RunView> {
  const actor = requireActor(ctx);
  const j = await repo.findRun(deps.db, actor.scope, id);
  if (!j) throw notFound('自查记录');
  const [items, results] = await Promise.all([repo.listItems(deps.db, j.r.versionId, j.r.categories), repo.listResults(deps.db, id)]);
  const byItem = new Map(results.map((r) => [r.itemId, r]));
  return {
    ...presentSummary(j),
    templateId: j.r.templateId,
    versionId: j.r.versionId,
    regionCode: j.r.regionCode,
    sector: j.r.sector,
    rev: j.r.rev,
    editable: j.r.status === 'in_progress' && j.r.periodEnd >= deps.clock.today() && mayRun(actor, j.r),
    items: items.map((it): RunItemView => {
      const r = byItem.get(it.id);
      return {
        ...presentItem(it),
        result: (r?.result as CheckResult) ?? null,
        note: r?.note ?? null,
        place: r?.place ?? null,
        photoFileIds: r?.photoFileIds ?? [],
        fixedOnSpot: r?.fixedOnSpot ?? false,
        afterPhotoFileIds: r?.afterPhotoFileIds ?? [],
        fixNote: r?.fixNote ?? null,
        confirmMajor: r?.confirmMajor ?? false,
        hazardId: r?.hazardId ?? null,
        hazardCode: r?.hazardCode ?? null,
      };
    }),
  };
}

export async function listRuns(deps: AppDeps, ctx: RequestContext, q: RunQuery): Promise<PageResult<RunSummary>> {
  const actor = requireActor(ctx);
  const { rows, total } = await repo.listRuns(deps.db, actor.scope, q);
  return { items: rows.map(presentSummary), total, page: q.page, pageSize: q.pageSize };
}

/** Start (or resume) the run of the plan's current period. */
export async function startRun(deps: AppDeps, ctx: RequestContext, planId: string): Promise<{ run: RunView; created: boolean }> {
  const actor = requireActor(ctx);
  const day = deps.clock.today();
  const r = await deps.db.transaction(async (tx) => {
    const plan = await repo.lockPlan(tx, actor.scope, planId);
    if (!plan) throw notFound('自查计划');
    if (!plan.active) throw conflict('该计划已停用');
    if (day < plan.startDate) throw conflict(`该计划从 ${plan.startDate} 开始`);
    const per = periodOf(plan.cycle as Cycle, day);
    const existing = await repo.findRunOfPeriod(tx, plan.id, per.key);
    if (existing) return { id: existing.id, created: false };
    const t = await repo.findTemplate(tx, plan.templateId);
    if (!t?.currentVersionId) throw conflict('检查清单尚未发布');
    const itemTotal = await repo.countItems(tx, t.currentVersionId, plan.categories);
    if (itemTotal === 0) throw conflict('计划所选类别在清单现行版本中没有检查项，请修改计划');
    const run = await repo.insertRun(tx, {
      planId: plan.id,
      enterpriseId: plan.enterpriseId,
      regionCode: plan.regionCode,
      sector: plan.sector,
      templateId: t.id,
      // The exact version: later edits to the template do not change this run.
      versionId: t.currentVersionId,
      cycle: plan.cycle,
      categories: plan.categories,
      periodKey: per.key,
      periodStart: per.start,
      periodEnd: per.end,
      status: 'in_progress',
      startedBy: actor.userId,
      startedAt: deps.clock.now(),
      itemTotal,
    });
    if (!run) {
      const again = await repo.findRunOfPeriod(tx, plan.id, per.key);
      return { id: again!.id, created: false };
    }
    await recordAudit(tx, ctx, { action: 'selfcheck.start', entity: RUN_ENTITY, entityId: run.id, regionCode: run.regionCode, after: { planId: plan.id, period: per.key, versionId: run.versionId, items: itemTotal } });
    return { id: run.id, created: true };
  });
  return { run: await getRun(deps, ctx, r.id), created: r.created };
}

async function lockOpenRun(tx: Tx, actor: Actor, runId: string, today: string) {
  const run = await repo.lockRun(tx, actor.scope, runId);
  if (!run) throw notFound('自查记录');
  if (!mayRun(actor, run)) throw new AppError('FORBIDDEN', '只有本企业人员可以填写自查记录');
  if (run.status === 'submitted') throw conflict('该次自查已提交，不能再修改');
  if (run.status === 'missed') throw conflict('该周期已逾期，不能再填写');
  if (run.periodEnd < today) throw conflict(`该周期已于 ${run.periodEnd} 结束，不能再填写`);
  return run;
}

async function checkPhotos(db: DbOrTx, ids: string[], enterpriseId: string, field: string): Promise<FieldIssue[]> {
  const found = await repo.findRunPhotos(db, [...new Set(ids)], enterpriseId);
  return ids.flatMap((id, i) => (found.some((f) => f.id === id) ? [] : [{ path: `${field}.${i}`, message: '照片不存在（请先上传本企业的自查照片）' }]));
}

/** Record one item's result (saved as the inspector goes). */
export async function saveResult(deps: AppDeps, ctx: RequestContext, runId: string, itemId: string, input: ResultInput): Promise<RunItemView> {
  const actor = requireActor(ctx);
  await deps.db.transaction(async (tx) => {
    const run = await lockOpenRun(tx, actor, runId, deps.clock.today());
    const item = await repo.findItem(tx, run.versionId, itemId);
    if (!item || (run.categories.length > 0 && !run.categories.includes(item.category))) throw notFound('检查项');
    const fail = input.result === 'fail';
    if (input.fixedOnSpot && !fail) throw invalidField('fixedOnSpot', '只有“不合格”项才能标记立查立改');
    if (input.confirmMajor && !fail) throw invalidField('confirmMajor', '只有“不合格”项才能确认为重大隐患');
    if (input.confirmMajor && !item.majorStandard) throw invalidField('confirmMajor', '该检查项不是重大隐患判定项');
    // 16号令: 重大事故隐患 need a governance plan and time; they are never fixed on the spot.
    if (input.fixedOnSpot && input.confirmMajor) throw invalidField('fixedOnSpot', '重大隐患不能立查立改');
    if (input.fixedOnSpot && !(input.afterPhotoFileIds?.length)) throw invalidField('afterPhotoFileIds', '立查立改须上传整改后照片');
    const issues = [
      ...(await checkPhotos(tx, input.photoFileIds ?? [], run.enterpriseId, 'photoFileIds')),
      ...(await checkPhotos(tx, input.afterPhotoFileIds ?? [], run.enterpriseId, 'afterPhotoFileIds')),
    ];
    if (issues.length) throw new AppError('VALIDATION', `${issues[0].path}：${issues[0].message}`, issues);
    const saved = await repo.upsertResult(tx, {
      runId: run.id,
      itemId: item.id,
      result: input.result,
      note: input.note || null,
      place: fail ? input.place || null : null,
      photoFileIds: input.photoFileIds ?? [],
      fixedOnSpot: fail && !!input.fixedOnSpot,
      afterPhotoFileIds: fail && input.fixedOnSpot ? (input.afterPhotoFileIds ?? []) : [],
      fixNote: fail && input.fixedOnSpot ? input.fixNote || null : null,
      confirmMajor: fail && !!input.confirmMajor,
      updatedBy: actor.userId,
      updatedAt: deps.clock.now(),
    });
    await repo.updateRunRow(tx, run.id, {});
    await recordAudit(tx, ctx, {
      action: 'selfcheck.record',
      entity: RUN_ENTITY,
      entityId: run.id,
      regionCode: run.regionCode,
      after: { itemId: item.id, seq: item.seq, result: saved.result, fixedOnSpot: saved.fixedOnSpot, confirmMajor: saved.confirmMajor, photos: saved.photoFileIds.length },
    });
  });
  const view = await getRun(deps, ctx, runId);
  return view.items.find((i) => i.id === itemId)!;
}

/** Upload a photo for a run (before or after photo), stored with the run's enterprise. */
export async function uploadPhoto(deps: AppDeps, ctx: RequestContext, runId: string, upload: { buffer: Buffer; fileName: string }) {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const run = await lockOpenRun(tx, actor, runId, deps.clock.today());
    return storeFile(tx, ctx, {
      name: upload.fileName,
      data: upload.buffer,
      purpose: PHOTO_PURPOSE,
      allowed: IMAGE_KINDS,
      maxBytes: Math.min(PHOTO_MAX_BYTES, deps.config.uploadMaxBytes),
      regionCode: run.regionCode,
      enterpriseId: run.enterpriseId,
    });
  });
}

/** Copy checklist photos into hazard photos (the hazard module owns its attachments). */
async function toHazardPhotos(tx: Tx, ctx: RequestContext, ids: string[], run: repo.RunRow): Promise<string[]> {
  const out: string[] = [];
  for (const id of ids) {
    const f = await repo.readFileData(tx, id);
    if (!f) continue;
    const stored = await storeFile(tx, ctx, { name: f.name, data: f.data, purpose: HAZARD_PHOTO_PURPOSE, allowed: IMAGE_KINDS, maxBytes: PHOTO_MAX_BYTES, regionCode: run.regionCode, enterpriseId: run.enterpriseId });
    out.push(stored.id);
  }
  return out;
}

/**
 * Submit a run: every item must have a result; each 不合格 becomes a hazard (same transaction) —
 * 重大 when the item is a 重大隐患判定项 and the inspector confirmed it, citing the standard clause.
 */
export async function submitRun(deps: AppDeps, ctx: RequestContext, runId: string, input: SubmitInput = {}): Promise<RunView> {
  const actor = requireActor(ctx);
  await deps.db.transaction(async (tx) => {
    const run = await lockOpenRun(tx, actor, runId, deps.clock.today());
    // One after the other: a transaction is one connection (node-postgres queues, and pg@9 refuses, concurrent queries on it).
    const items = await repo.listItems(tx, run.versionId, run.categories);
    const results = await repo.listResults(tx, run.id);
    const byItem = new Map(results.map((r) => [r.itemId, r]));
    const missing = items.filter((i) => !byItem.has(i.id));
    if (missing.length) {
      throw new AppError(
        'VALIDATION',
        `还有 ${missing.length} 项未检查（第 ${missing.slice(0, 5).map((m) => m.seq).join('、')}${missing.length > 5 ? ' 等' : ''} 项），请逐项填写后再提交`,
        missing.map((m) => ({ path: `items.${m.seq}`, message: '未填写检查结果' })),
      );
    }
    let hazardsCreated = 0;
    let majors = 0;
    for (const it of items) {
      const r = byItem.get(it.id)!;
      if (r.result !== 'fail') continue;
      const major = r.confirmMajor && !!it.majorStandard;
      const before = await toHazardPhotos(tx, ctx, r.photoFileIds, run);
      const after = r.fixedOnSpot ? await toHazardPhotos(tx, ctx, r.afterPhotoFileIds, run) : [];
      const description = [`${it.point}`, r.note ? `检查发现：${r.note}` : '', `（企业自查不合格项：${it.category} › ${it.project}，检查依据：${it.basis}）`].filter(Boolean).join('\n').slice(0, 2000);
      const h = await createHazardInTx(deps, tx, ctx, {
        enterpriseId: run.enterpriseId,
        source: 'self_check',
        place: (r.place || `${it.category}·${it.project}`).slice(0, 200),
        category: it.category.slice(0, 50),
        grade: major ? '重大' : '一般',
        description,
        standardRef: major ? { standard: it.majorStandard!, item: it.majorItem! } : undefined,
        origin: { kind: 'checklist_item', id: it.id, label: `自查 ${run.periodKey} 第${it.seq}项：${it.project}`.slice(0, 300) },
        photoFileIds: before.length ? before : undefined,
        fixedOnSpot: r.fixedOnSpot && !major ? true : undefined,
        // createHazardInTx parses the hazard module's full create body (after-photos, fix note).
        ...(r.fixedOnSpot && !major ? { afterPhotoFileIds: after, fixNote: r.fixNote || '现场立即整改完毕（企业自查立查立改）' } : {}),
      } as Parameters<typeof createHazardInTx>[3]);
      await repo.setResultHazard(tx, r.id, h.id, h.code);
      hazardsCreated++;
      if (major) majors++;
    }
    const count = (k: CheckResult) => results.filter((r) => r.result === k && items.some((i) => i.id === r.itemId)).length;
    const after = await repo.updateRunRow(tx, run.id, {
      status: 'submitted',
      submittedAt: deps.clock.now(),
      submittedBy: actor.userId,
      inspectorName: input.inspectorName ?? actor.displayName,
      itemTotal: items.length,
      passCount: count('pass'),
      failCount: count('fail'),
      naCount: count('na'),
      fixedCount: results.filter((r) => r.result === 'fail' && r.fixedOnSpot).length,
      hazardCount: hazardsCreated,
      majorCount: majors,
    });
    await recordAudit(tx, ctx, {
      action: 'selfcheck.submit',
      entity: RUN_ENTITY,
      entityId: run.id,
      regionCode: run.regionCode,
      before: { status: run.status },
      after: { status: after.status, period: after.periodKey, pass: after.passCount, fail: after.failCount, na: after.naCount, fixed: after.fixedCount, hazards: hazardsCreated, majors },
    });
  });
  return getRun(deps, ctx, runId);
}

// ---------- 自查自改自报 statistics ----------

/** Default: the current month. A run counts in the range its period ends in (a monthly run: at month end). */
function rangeOf(q: { from?: string; to?: string }, day: string) {
  const to = q.to ?? lastDayOfMonth(day);
  const from = q.from ?? `${(q.to ?? day).slice(0, 7)}-01`;
  if (from > to) throw invalidField('from', '开始日期不能晚于结束日期');
  return { from, to, today: day };
}

function tallyOf(r: repo.TallyRow | undefined): Tally {
  const due = r?.due ?? 0;
  const done = r?.done ?? 0;
  const fixedOnSpot = r?.fixed_on_spot ?? 0;
  const rectified = r?.rectified ?? 0;
  return {
    due,
    done,
    missed: Math.max(0, due - done),
    rate: completionRate(done, due),
    fixed: fixedOnSpot + rectified,
    fixedOnSpot,
    rectified,
    reported: r?.reported ?? 0,
    reportedMajor: r?.reported_major ?? 0,
  };
}

/** Tallies of the actor's scope (an enterprise: itself), or of one enterprise in scope. */
export async function tally(deps: AppDeps, ctx: RequestContext, q: StatsQuery): Promise<Tally & { from: string; to: string }> {
  const actor = requireActor(ctx);
  if (q.enterpriseId) await requireEnterpriseInScope(deps, ctx, q.enterpriseId);
  const range = rangeOf(q, deps.clock.today());
  const [r] = await repo.tallyBy(deps.db, actor.scope, { ...range, regionCode: q.regionCode, sector: q.sector, enterpriseId: q.enterpriseId }, 'total');
  return { ...tallyOf(r), from: range.from, to: range.to };
}

/** Completion of due runs by street and by sector (government views). */
export async function completion(deps: AppDeps, ctx: RequestContext, q: StatsQuery): Promise<{ from: string; to: string; total: Tally & { enterprises: number }; byRegion: CompletionRow[]; bySector: CompletionRow[] }> {
  const actor = requireActor(ctx);
  const range = rangeOf(q, deps.clock.today());
  const args = { ...range, regionCode: q.regionCode, sector: q.sector };
  const [total, byRegion, bySector, regions, sectors] = await Promise.all([
    repo.tallyBy(deps.db, actor.scope, args, 'total'),
    repo.tallyBy(deps.db, actor.scope, args, 'region'),
    repo.tallyBy(deps.db, actor.scope, args, 'sector'),
    listRegions(deps.db),
    listSectors(deps.db),
  ]);
  const name = (list: { code: string; name: string }[], code: string) => list.find((x) => x.code === code)?.name ?? code;
  const row = (list: { code: string; name: string }[]) => (r: repo.TallyRow): CompletionRow => ({ code: r.key ?? '', name: name(list, r.key ?? ''), enterprises: r.enterprises, ...tallyOf(r) });
  const sortRows = (a: CompletionRow[]) => a.sort((x, y) => (x.rate ?? 2) - (y.rate ?? 2) || y.due - x.due);
  return {
    from: range.from,
    to: range.to,
    total: { ...tallyOf(total[0]), enterprises: total[0]?.enterprises ?? 0 },
    byRegion: sortRows(byRegion.map(row(regions))),
    bySector: sortRows(bySector.map(row(sectors))),
  };
}

export async function behind(deps: AppDeps, ctx: RequestContext, q: StatsQuery): Promise<BehindRow[]> {
  const actor = requireActor(ctx);
  const range = rangeOf(q, deps.clock.today());
  const [list, regions, sectors] = await Promise.all([repo.behindSchedule(deps.db, actor.scope, { ...range, regionCode: q.regionCode, sector: q.sector }), listRegions(deps.db), listSectors(deps.db)]);
  return list.map((r) => ({
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    regionCode: r.region_code,
    regionName: regions.find((x) => x.code === r.region_code)?.name ?? r.region_code,
    sector: r.sector,
    sectorName: sectors.find((x) => x.code === r.sector)?.name ?? r.sector,
    due: r.due,
    done: r.done,
    missed: r.due - r.done,
    rate: completionRate(r.done, r.due),
    lastSubmittedAt: r.last_submitted_at ? new Date(r.last_submitted_at).toISOString() : null,
  }));
}

// ---------- job: missed runs ----------

export const MISSED_JOB = 'checklist.missed';
const LOOKBACK_DAYS = 40;

/**
 * Once per Beijing day (claimRun key = the date), across instances (runExclusive): every period
 * that ended without a submitted run becomes a 'missed' run (in-progress ones are closed), and each
 * enterprise concerned is notified once. Idempotent: unique (plan, period) and dedupe keys.
 */
export async function markMissedRuns(deps: AppDeps, now = deps.clock.now()): Promise<{ marked: number; notified: number } | undefined> {
  const day = chinaToday(now);
  return runExclusive(deps, MISSED_JOB, async (tx) => {
    if (!(await claimRun(tx, MISSED_JOB, day))) return { marked: 0, notified: 0 };
    const closed = await repo.markInProgressMissed(tx, day);
    const inserted: { enterprise_id: string; period_key: string }[] = [];
    for (const cycle of CYCLES) {
      for (const p of periodsEndingBetween(cycle, addDays(day, -LOOKBACK_DAYS), addDays(day, -1))) {
        inserted.push(...(await repo.insertMissedRuns(tx, cycle, p)));
      }
    }
    const byEnterprise = new Map<string, string[]>();
    for (const r of [...closed.map((c) => ({ enterprise_id: c.enterpriseId, period_key: c.periodKey })), ...inserted]) {
      byEnterprise.set(r.enterprise_id, [...(byEnterprise.get(r.enterprise_id) ?? []), r.period_key]);
    }
    const users = await repo.enterpriseUserIds(tx, [...byEnterprise.keys()]);
    let notified = 0;
    for (const [enterpriseId, keys] of byEnterprise) {
      for (const u of users.filter((x) => x.enterpriseId === enterpriseId)) {
        const ok = await notify(tx, deps, {
          userId: u.id,
          kind: 'selfcheck.missed',
          title: `有 ${keys.length} 次隐患自查逾期未完成`,
          body: `逾期周期：${[...new Set(keys)].sort().slice(-5).join('、')}${keys.length > 5 ? ' 等' : ''}。请按计划按时开展自查，逾期情况将计入自查完成率。`,
          link: '/self-inspection',
          dedupeKey: `selfcheck.missed:${u.id}:${day}`,
        });
        if (ok) notified++;
      }
    }
    const marked = closed.length + inserted.length;
    if (marked > 0) {
      await recordAudit(tx, SYSTEM_CONTEXT, { action: 'selfcheck.missed', entity: 'self_inspection', entityId: null, regionCode: null, after: { day, marked, enterprises: byEnterprise.size } });
    }
    return { marked, notified };
  });
}

export { CHECK_RESULT_LABELS };
