import type { Actor, RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import type { PlanCreateInput, PlanDistrict, PlanReviewInput, PlanSummary, PlanUpdateInput, PlanView, TargetView } from '../../../shared/contracts/inspection';
import { CLASS_FREQUENCY, TARGET_CLASSES, derivePlan, spreadOverMonths, type PlanClassLine, type PlanMonth, type PlanStatus, type TargetClass } from '../../../shared/inspection/rules';
import { actorOf, iso, unitDirectory } from './inspection.common';
import { classifiedTargets } from './inspection.directory';
import * as repo from './inspection.planning.repo';

/**
 * 执法计划: a department's annual plan derived from its targets' classes (A/B by scheduled 重点检查,
 * C/D by 双随机 draws), the monthly breakdown (editable with reasons, never fewer than 分类分级
 * requires), submission to the office, acceptance or return, and progress from the module's own
 * completed inspections (a draw's inspection counts as 双随机, any other as 重点检查).
 */

type Dir = Awaited<ReturnType<typeof unitDirectory>>;
type Done = Awaited<ReturnType<typeof repo.completedInspections>>;

/** The month of the year that is due: the current month this year, 12 for past years, 0 for future ones. */
export function dueMonth(today: string, year: number): number {
  const y = Number(today.slice(0, 4));
  return year < y ? 12 : year > y ? 0 : Number(today.slice(5, 7));
}

/** The units that inspect (supervise sectors) and the caller may see plans of: the office all, a department (and its inspectors) its own. */
function visibleUnits(actor: Actor, dir: Dir): string[] {
  const all = [...dir.sectorsOf.keys()];
  if (actor.scope.kind === 'all' || actor.unitKind === 'office' || actor.unitKind === 'committee') return all;
  return all.filter((u) => u === actor.unitId);
}

function targetsByUnit(targets: TargetView[], dir: Dir): Map<string, TargetView[]> {
  const m = new Map<string, TargetView[]>();
  for (const t of targets) {
    const u = dir.departmentOfSector.get(t.sector);
    if (u) m.set(u, [...(m.get(u) ?? []), t]);
  }
  return m;
}

function classCounts(targets: TargetView[]): Partial<Record<TargetClass, number>> {
  const out: Partial<Record<TargetClass, number>> = {};
  for (const t of targets) out[t.targetClass] = (out[t.targetClass] ?? 0) + 1;
  return out;
}

/** Progress of a unit's year from its completed inspections, against its targets' classes and planned months. */
export function progressOf(targets: TargetView[], done: Done, months: { scheduled: number; random: number }[], due: number) {
  const classOf = new Map(targets.map((t) => [t.enterpriseId, t.targetClass]));
  const perEnt = new Map<string, number>();
  for (const d of done) perEnt.set(d.enterprise_id, (perEnt.get(d.enterprise_id) ?? 0) + 1);
  const doneRandom = done.filter((d) => d.origin === 'draw').length;
  const byClass = TARGET_CLASSES.map((c) => {
    const ents = targets.filter((t) => t.targetClass === c);
    const need = Math.max(1, Math.ceil(CLASS_FREQUENCY[c]));
    return {
      targetClass: c,
      done: done.filter((d) => classOf.get(d.enterprise_id) === c).length,
      covered: ents.filter((t) => (perEnt.get(t.enterpriseId) ?? 0) >= need).length,
      enterprises: ents.length,
    };
  });
  const ab = targets.filter((t) => t.targetClass === 'A' || t.targetClass === 'B');
  const a = targets.filter((t) => t.targetClass === 'A');
  const planned = months.reduce((s, m) => s + m.scheduled + m.random, 0);
  return {
    progress: {
      planned,
      done: done.length,
      doneScheduled: done.length - doneRandom,
      doneRandom,
      dueToDate: months.slice(0, due).reduce((s, m) => s + m.scheduled + m.random, 0),
      abCovered: ab.filter((t) => (perEnt.get(t.enterpriseId) ?? 0) >= 1).length,
      abTotal: ab.length,
      aFull: a.filter((t) => (perEnt.get(t.enterpriseId) ?? 0) >= 2).length,
      aTotal: a.length,
    },
    byClass,
    byMonth: Array.from({ length: 12 }, (_, i) => ({
      doneScheduled: done.filter((d) => d.month === i + 1 && d.origin !== 'draw').length,
      doneRandom: done.filter((d) => d.month === i + 1 && d.origin === 'draw').length,
    })),
  };
}

/** Everything a plan view or the district view needs for the units of a year (one classification, one query). */
export async function planContext(deps: AppDeps, ctx: RequestContext, year: number) {
  const actor = actorOf(ctx);
  const dir = await unitDirectory(deps);
  const units = visibleUnits(actor, dir);
  const targets = targetsByUnit(await classifiedTargets(deps, ctx), dir);
  const plans = await repo.plansOfYear(deps.db, actor, year);
  const done = await repo.completedInspections(deps.db, units, `${year}-01-01`, `${year}-12-31`);
  return { actor, dir, units, targets, plans, done, due: dueMonth(deps.clock.today(), year) };
}

function summaryOf(c: Awaited<ReturnType<typeof planContext>>, unitId: string, year: number): PlanSummary {
  const plan = c.plans.find((p) => p.unitId === unitId);
  const targets = c.targets.get(unitId) ?? [];
  const proposal = derivePlan(classCounts(targets));
  const months = (plan?.months as PlanMonth[] | undefined) ?? Array.from({ length: 12 }, () => ({ scheduled: 0, random: 0 }));
  const p = progressOf(
    targets,
    c.done.filter((d) => d.unit_id === unitId),
    months,
    c.due,
  );
  return {
    id: plan?.id ?? null,
    unitId,
    unitName: c.dir.unitById.get(unitId)?.shortName ?? '',
    year,
    status: (plan?.status as PlanStatus | undefined) ?? 'none',
    scheduled: months.reduce((s, m) => s + m.scheduled, 0),
    random: months.reduce((s, m) => s + m.random, 0),
    required: proposal.scheduled + proposal.random,
    progress: p.progress,
    submittedAt: iso(plan?.submittedAt),
    months: months.map((m, i) => ({ month: i + 1, planned: m.scheduled + m.random, done: p.byMonth[i].doneScheduled + p.byMonth[i].doneRandom })),
  };
}

export async function listPlans(deps: AppDeps, ctx: RequestContext, q: { year?: number }): Promise<PlanDistrict> {
  const year = q.year ?? Number(deps.clock.today().slice(0, 4));
  const c = await planContext(deps, ctx, year);
  const items = c.units.map((u) => summaryOf(c, u, year)).sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN'));
  return { year, currentMonth: c.due, items };
}

export async function getPlan(deps: AppDeps, ctx: RequestContext, id: string): Promise<PlanView> {
  const row = await repo.findPlan(deps.db, actorOf(ctx), id);
  if (!row) throw notFound('执法计划');
  const c = await planContext(deps, ctx, row.year);
  if (!c.units.includes(row.unitId)) throw notFound('执法计划');
  const s = summaryOf(c, row.unitId, row.year);
  const targets = c.targets.get(row.unitId) ?? [];
  const p = progressOf(
    targets,
    c.done.filter((d) => d.unit_id === row.unitId),
    row.months as PlanMonth[],
    c.due,
  );
  const lines = row.classes as PlanClassLine[];
  const proposedS = spreadOverMonths(lines.filter((l) => l.share === 'scheduled').reduce((x, l) => x + l.required, 0));
  const proposedR = spreadOverMonths(lines.filter((l) => l.share === 'random').reduce((x, l) => x + l.required, 0));
  const now = derivePlan(classCounts(targets));
  return {
    ...s,
    id: row.id,
    status: row.status as PlanStatus,
    classes: lines.map((l) => {
      const b = p.byClass.find((x) => x.targetClass === l.targetClass)!;
      return { ...l, done: b.done, covered: b.covered };
    }),
    months: (row.months as PlanMonth[]).map((m, i) => ({
      month: i + 1,
      scheduled: m.scheduled,
      random: m.random,
      note: m.note ?? '',
      proposedScheduled: proposedS[i],
      proposedRandom: proposedR[i],
      doneScheduled: p.byMonth[i].doneScheduled,
      doneRandom: p.byMonth[i].doneRandom,
    })),
    proposal: { scheduled: now.scheduled, random: now.random },
    note: row.note,
    reviewOpinion: row.reviewOpinion,
    reviewedByName: row.reviewedByName,
    reviewedAt: iso(row.reviewedAt),
    createdByName: row.createdByName,
    updatedAt: row.updatedAt.toISOString(),
    editable: row.status === 'draft' || row.status === 'returned',
  };
}

/** The department derives its plan for a year from its targets' classes (one plan per unit and year). */
export async function createPlan(deps: AppDeps, ctx: RequestContext, input: PlanCreateInput): Promise<PlanView> {
  const actor = actorOf(ctx);
  const dir = await unitDirectory(deps);
  const unitId = actor.unitId;
  if (!unitId || !(dir.sectorsOf.get(unitId)?.length ?? 0)) throw forbidden('只有负有行业监管职责的部门可以编制执法计划');
  const targets = (await classifiedTargets(deps, ctx)).filter((t) => dir.departmentOfSector.get(t.sector) === unitId);
  const d = derivePlan(classCounts(targets));
  const now = deps.clock.now();
  const unit = dir.unitById.get(unitId);
  const id = await deps.db.transaction(async (tx) => {
    const row = await repo.insertPlan(tx, {
      unitId,
      regionCode: unit?.regionCode ?? actor.regionCode,
      year: input.year,
      status: 'draft',
      classes: d.classes,
      months: d.months,
      createdByName: actor.displayName,
      createdAt: now,
      updatedAt: now,
    });
    if (!row) throw conflict(`本部门 ${input.year} 年度执法计划已编制，请在原计划上调整`);
    await recordAudit(tx, ctx, { action: 'inspection.plan_create', entity: 'enforcement_plan', entityId: row.id, regionCode: row.regionCode, after: { year: input.year, scheduled: d.scheduled, random: d.random } });
    return row.id;
  });
  return getPlan(deps, ctx, id);
}

/** Monthly changes: a month that differs from the derived proposal needs its reason; the year never below 分类分级. */
export async function updatePlan(deps: AppDeps, ctx: RequestContext, id: string, input: PlanUpdateInput): Promise<PlanView> {
  const actor = actorOf(ctx);
  await deps.db.transaction(async (tx) => {
    const row = await repo.lockPlan(tx, actor, id);
    if (!row || row.unitId !== actor.unitId) throw notFound('执法计划');
    if (row.status !== 'draft' && row.status !== 'returned') throw conflict('计划已报送或已审定，不能修改');
    const lines = row.classes as PlanClassLine[];
    const needS = lines.filter((l) => l.share === 'scheduled').reduce((x, l) => x + l.required, 0);
    const needR = lines.filter((l) => l.share === 'random').reduce((x, l) => x + l.required, 0);
    const proposedS = spreadOverMonths(needS);
    const proposedR = spreadOverMonths(needR);
    const months: PlanMonth[] = input.months.map((m, i) => ({ month: i + 1, scheduled: m.scheduled, random: m.random, note: (m.note ?? '').trim() }));
    for (const [i, m] of months.entries()) {
      if ((m.scheduled !== proposedS[i] || m.random !== proposedR[i]) && m.note.length < 2) throw invalidField(`months.${i}.note`, `${i + 1}月的安排与测算建议（重点检查 ${proposedS[i]}、双随机 ${proposedR[i]}）不同，请说明调整理由`);
    }
    const s = months.reduce((x, m) => x + m.scheduled, 0);
    const r = months.reduce((x, m) => x + m.random, 0);
    if (s < needS) throw invalidField('months', `全年重点检查 ${s} 次，少于分类分级要求的 ${needS} 次（A 类每年 2 次、B 类每年 1 次）`);
    if (r < needR) throw invalidField('months', `全年双随机抽查 ${r} 户次，少于分类分级要求的 ${needR} 户次`);
    await repo.updatePlan(tx, row.id, { months, note: input.note ?? row.note, updatedAt: deps.clock.now() });
    await recordAudit(tx, ctx, {
      action: 'inspection.plan_update',
      entity: 'enforcement_plan',
      entityId: row.id,
      regionCode: row.regionCode,
      before: { months: row.months },
      after: { months },
    });
  });
  return getPlan(deps, ctx, id);
}

export async function submitPlan(deps: AppDeps, ctx: RequestContext, id: string): Promise<PlanView> {
  const actor = actorOf(ctx);
  await deps.db.transaction(async (tx) => {
    const row = await repo.lockPlan(tx, actor, id);
    if (!row || row.unitId !== actor.unitId) throw notFound('执法计划');
    if (row.status !== 'draft' && row.status !== 'returned') throw conflict('计划已报送，不能重复报送');
    await repo.updatePlan(tx, row.id, { status: 'submitted', submittedAt: deps.clock.now(), updatedAt: deps.clock.now() });
    await recordAudit(tx, ctx, { action: 'inspection.plan_submit', entity: 'enforcement_plan', entityId: row.id, regionCode: row.regionCode, before: { status: row.status }, after: { status: 'submitted' } });
  });
  return getPlan(deps, ctx, id);
}

/** The office accepts a submitted plan or returns it with its opinion (the department edits and resubmits). */
export async function reviewPlan(deps: AppDeps, ctx: RequestContext, id: string, input: PlanReviewInput): Promise<PlanView> {
  const actor = actorOf(ctx);
  await deps.db.transaction(async (tx) => {
    const row = await repo.lockPlan(tx, actor, id);
    if (!row) throw notFound('执法计划');
    if (row.status !== 'submitted') throw conflict('只有已报送的计划可以审定或退回');
    const status = input.accepted ? 'accepted' : 'returned';
    await repo.updatePlan(tx, row.id, { status, reviewOpinion: input.opinion, reviewedByName: actor.displayName, reviewedAt: deps.clock.now(), updatedAt: deps.clock.now() });
    await recordAudit(tx, ctx, { action: 'inspection.plan_review', entity: 'enforcement_plan', entityId: row.id, regionCode: row.regionCode, before: { status: row.status }, after: { status, opinion: input.opinion } });
  });
  return getPlan(deps, ctx, id);
}
