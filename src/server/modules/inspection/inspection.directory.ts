import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import { invalidField, notFound } from '../../platform/errors';
import type { ClassOverrideInput, ConflictInput, InspectorInput, InspectorView, TargetPage, TargetQuery, TargetView } from '../../../shared/contracts/inspection';
import type { EnterpriseView } from '../../../shared/contracts/org';
import { CLASS_FREQUENCY, TARGET_CLASSES, computeClass, type TargetClass } from '../../../shared/inspection/rules';
import { addDays } from '../../../shared/time';
import { ALL_SCOPE, actorOf, allEnterprises, enterpriseInScope, unitDirectory } from './inspection.common';
import * as repo from './inspection.repo';
import * as planningRepo from './inspection.planning.repo';
import { listSources } from '../risk';
import { enterpriseNamesByIds } from '../org';

/** 检查对象名录 (分类分级) and 执法检查人员名录 (执法证, 回避). */

export function yearBounds(today: string): { year: number; from: string; to: string } {
  const year = Number(today.slice(0, 4));
  return { year, from: `${year}-01-01`, to: `${year}-12-31` };
}

/** Enterprises on the 失信 list today (the list is public; district-wide). */
export async function dishonestEnterpriseIds(deps: AppDeps): Promise<Set<string>> {
  return new Set((await planningRepo.dishonestInForceRows(deps.db, deps.clock.today())).map((r) => r.enterpriseId));
}

/** Enterprises with a 重大危险源 in use, from the risk module's register (through its index). */
export async function majorHazardEnterpriseIds(deps: AppDeps): Promise<Set<string>> {
  const out = new Set<string>();
  for (let page = 1; ; page++) {
    const r = await listSources(deps.db, ALL_SCOPE, { status: '在用', page, pageSize: 500 });
    for (const x of r.rows) out.add(x.s.enterpriseId);
    if (r.rows.length < 500) return out;
  }
}

/** Targets with their computed and effective class, for a list of registry enterprises. */
export async function classify(deps: AppDeps, list: EnterpriseView[]): Promise<TargetView[]> {
  const today = deps.clock.today();
  const { from, to } = yearBounds(today);
  const [overrides, violations, done, dishonest, majorHazard] = await Promise.all([
    repo.classOverrides(
      deps.db,
      list.map((e) => e.id),
    ),
    repo.violationCounts(deps.db, addDays(today, -3 * 365)),
    repo.inspectionCounts(deps.db, from, to),
    dishonestEnterpriseIds(deps),
    majorHazardEnterpriseIds(deps),
  ]);
  const ov = new Map(overrides.map((o) => [o.enterpriseId, o]));
  return list.map((e) => {
    const v = violations.get(e.id) ?? 0;
    const c = computeClass({ sector: e.sector, riskLevel: e.riskLevel, aboveScale: e.aboveScale, violations: v, dishonest: dishonest.has(e.id), majorHazard: majorHazard.has(e.id) });
    const o = ov.get(e.id);
    const eff = (o?.targetClass as TargetClass | undefined) ?? c.class;
    return {
      enterpriseId: e.id,
      name: e.name,
      creditCode: e.creditCode,
      sector: e.sector,
      sectorName: e.sectorName,
      regionCode: e.regionCode,
      regionName: e.regionName,
      supervisingUnitName: e.supervisingUnitName,
      riskLevel: e.riskLevel,
      aboveScale: e.aboveScale,
      violations: v,
      computedClass: c.class,
      computedReasons: c.reasons,
      targetClass: eff,
      override: o ? { targetClass: o.targetClass as TargetClass, reason: o.reason, byName: o.byName, at: o.at.toISOString() } : null,
      frequency: CLASS_FREQUENCY[eff],
      inspectionsThisYear: done.get(e.id) ?? 0,
      dishonest: dishonest.has(e.id),
    };
  });
}

/** The classified registry of the actor's scope (in-service enterprises only: closed ones are not inspected). */
export async function classifiedTargets(deps: AppDeps, ctx: RequestContext, f: { q?: string; sector?: string; regionCode?: string } = {}): Promise<TargetView[]> {
  const list = (await allEnterprises(deps, ctx, f)).filter((e) => e.status === '在营' || e.status === '停产' || e.status === '停业整顿');
  return classify(deps, list);
}

export async function listTargets(deps: AppDeps, ctx: RequestContext, q: TargetQuery): Promise<TargetPage> {
  const all = await classifiedTargets(deps, ctx, { q: q.q, sector: q.sector, regionCode: q.regionCode });
  const classCounts = Object.fromEntries(TARGET_CLASSES.map((c) => [c, all.filter((t) => t.targetClass === c).length]));
  const filtered = q.targetClass ? all.filter((t) => t.targetClass === q.targetClass) : all;
  // A before D, then by name: the enterprises that need most attention first.
  filtered.sort((a, b) => a.targetClass.localeCompare(b.targetClass) || a.name.localeCompare(b.name, 'zh-CN'));
  const items = filtered.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  return { items, total: filtered.length, page: q.page, pageSize: q.pageSize, classCounts };
}

export async function setClass(deps: AppDeps, ctx: RequestContext, enterpriseId: string, input: ClassOverrideInput): Promise<TargetView> {
  const actor = actorOf(ctx);
  const ent = await enterpriseInScope(deps, deps.db, actor, enterpriseId);
  if (!ent) throw notFound('企业');
  await deps.db.transaction(async (tx) => {
    const before = (await repo.classOverrides(tx, [enterpriseId]))[0] ?? null;
    if (input.targetClass) {
      await repo.upsertOverride(tx, { enterpriseId, regionCode: ent.e.regionCode, sector: ent.e.sector, targetClass: input.targetClass, reason: input.reason!, byName: actor.displayName, at: deps.clock.now() });
    } else {
      await repo.deleteOverride(tx, enterpriseId);
    }
    await recordAudit(tx, ctx, {
      action: 'inspection.class_override',
      entity: 'enterprise',
      entityId: enterpriseId,
      regionCode: ent.e.regionCode,
      before: before ? { targetClass: before.targetClass, reason: before.reason } : null,
      after: input.targetClass ? { targetClass: input.targetClass, reason: input.reason } : null,
    });
  });
  const list = await allEnterprises(deps, ctx, { q: ent.e.creditCode });
  const [t] = await classify(
    deps,
    list.filter((e) => e.id === enterpriseId),
  );
  if (!t) throw notFound('企业');
  return t;
}

// ---------- inspectors ----------

export async function listInspectors(deps: AppDeps, ctx: RequestContext, opts: { unitId?: string } = {}): Promise<InspectorView[]> {
  const actor = actorOf(ctx);
  const people = await repo.listInspectorUsers(deps.db, actor, opts);
  const today = deps.clock.today();
  const [conflicts, dir, loads] = await Promise.all([
    repo.conflictsOf(
      deps.db,
      people.map((p) => p.userId),
    ),
    unitDirectory(deps),
    repo.assignmentCounts(deps.db, new Date(`${yearBounds(today).from}T00:00:00+08:00`)),
  ]);
  // The conflicts' enterprises named in one statement (whatever the actor's scope: a declared conflict is shown by name).
  const entNames = new Map((await enterpriseNamesByIds(deps.database, [...new Set(conflicts.map((c) => c.enterpriseId))])).map((e) => [e.id, e.name]));
  return people.map((p) => ({
    userId: p.userId,
    name: p.name,
    unitId: p.unitId!,
    unitName: dir.unitById.get(p.unitId!)?.shortName ?? '',
    certNo: p.i?.certNo ?? null,
    certExpiry: p.i?.certExpiry ?? null,
    certValid: !!p.i && p.i.active && p.i.certExpiry >= today,
    registered: !!p.i,
    active: p.i?.active ?? false,
    conflicts: conflicts
      .filter((c) => c.userId === p.userId)
      .map((c) => ({ id: c.id, enterpriseId: c.enterpriseId, enterpriseName: entNames.get(c.enterpriseId) ?? '（企业）', kind: c.kind as 'enterprise' | 'relative', note: c.note })),
    assignmentsThisYear: loads.get(p.userId) ?? 0,
  }));
}

async function inspectorInScope(deps: AppDeps, ctx: RequestContext, userId: string): Promise<InspectorView> {
  const list = await listInspectors(deps, ctx);
  const found = list.find((p) => p.userId === userId);
  if (!found) throw notFound('执法人员');
  return found;
}

export async function saveInspector(deps: AppDeps, ctx: RequestContext, userId: string, input: InspectorInput): Promise<InspectorView> {
  const before = await inspectorInScope(deps, ctx, userId);
  const dir = await unitDirectory(deps);
  const unit = dir.unitById.get(before.unitId);
  await deps.db.transaction(async (tx) => {
    await repo.upsertInspector(tx, { userId, unitId: before.unitId, regionCode: unit?.regionCode ?? '', certNo: input.certNo, certExpiry: input.certExpiry, active: input.active ?? true, updatedAt: deps.clock.now() });
    await recordAudit(tx, ctx, {
      action: 'inspection.inspector_save',
      entity: 'inspector',
      entityId: userId,
      regionCode: unit?.regionCode ?? null,
      before: { certNo: before.certNo, certExpiry: before.certExpiry, active: before.active },
      after: input,
    });
  });
  return inspectorInScope(deps, ctx, userId);
}

export async function addConflict(deps: AppDeps, ctx: RequestContext, userId: string, input: ConflictInput): Promise<InspectorView> {
  const actor = actorOf(ctx);
  const p = await inspectorInScope(deps, ctx, userId);
  if (!p.registered) throw invalidField('userId', '请先录入该人员的执法证信息');
  const ent = await enterpriseInScope(deps, deps.db, actor, input.enterpriseId);
  if (!ent) throw invalidField('enterpriseId', '企业不存在或不在本单位监管范围内');
  await deps.db.transaction(async (tx) => {
    const r = await repo.insertConflict(tx, { userId, enterpriseId: input.enterpriseId, kind: input.kind, note: input.note ?? '', createdAt: deps.clock.now() });
    if (!r) throw invalidField('enterpriseId', `已登记与“${ent.e.name}”的回避关系`);
    await recordAudit(tx, ctx, { action: 'inspection.conflict_add', entity: 'inspector', entityId: userId, regionCode: ent.e.regionCode, after: { enterpriseId: input.enterpriseId, kind: input.kind, note: input.note } });
  });
  return inspectorInScope(deps, ctx, userId);
}

export async function removeConflict(deps: AppDeps, ctx: RequestContext, userId: string, conflictId: string): Promise<InspectorView> {
  await inspectorInScope(deps, ctx, userId);
  await deps.db.transaction(async (tx) => {
    if (!(await repo.deleteConflict(tx, userId, conflictId))) throw notFound('回避关系');
    await recordAudit(tx, ctx, { action: 'inspection.conflict_remove', entity: 'inspector', entityId: userId, before: { conflictId } });
  });
  return inspectorInScope(deps, ctx, userId);
}
