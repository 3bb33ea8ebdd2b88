import type { Actor, RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { KeptAnswers, type Tx } from '../../db';
import { conflict, invalidField, notFound } from '../../platform/errors';
import type { DishonestInput, DishonestView, PublicEnforcement } from '../../../shared/contracts/inspection';
import type { DishonestFlag } from '../../../shared/contracts/org';
import { dishonestInForce, dishonestStatus, maskPersonal } from '../../../shared/inspection/rules';
import { addDays } from '../../../shared/time';
import { ALL_SCOPE, actorOf, enterpriseInScope, unitDirectory, type Ent } from './inspection.common';
import * as repo from './inspection.planning.repo';

/**
 * 严重失信主体名单 (列入 with reason, basis and period; 信用修复 application → review → removal before
 * the end; expiry ends an entry without anyone acting) and 执法公示 (decisions with personal data
 * masked, the list in force).
 */

/** Decisions stay on the public page this long (行政处罚信息公示期: three years for fines). */
export const DECISION_PUBLIC_DAYS = 3 * 365;

const SYSTEM: Actor = { userId: '00000000-0000-0000-0000-000000000000', username: 'system', displayName: '系统', roles: [], unitId: null, unitCode: null, unitName: null, unitKind: null, enterpriseId: null, regionCode: '', sectors: [], scope: ALL_SCOPE };

async function enterpriseOf(deps: AppDeps, cache: Map<string, Ent | undefined>, id: string): Promise<Ent | undefined> {
  if (!cache.has(id)) cache.set(id, await enterpriseInScope(deps, deps.db, SYSTEM, id));
  return cache.get(id);
}

async function present(deps: AppDeps, list: repo.DishonestRow[]): Promise<DishonestView[]> {
  const today = deps.clock.today();
  const dir = await unitDirectory(deps);
  const cache = new Map<string, Ent | undefined>();
  const out: DishonestView[] = [];
  for (const r of list) {
    const e = await enterpriseOf(deps, cache, r.enterpriseId);
    out.push({
      id: r.id,
      enterpriseId: r.enterpriseId,
      enterpriseName: e?.e.name ?? '',
      creditCode: e?.e.creditCode ?? '',
      regionName: dir.regionName.get(r.regionCode) ?? r.regionCode,
      unitName: dir.unitById.get(r.unitId)?.shortName ?? '',
      reason: r.reason,
      basis: r.basis,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      status: dishonestStatus(r, today),
      inForce: dishonestInForce(r, today),
      repairReason: r.repairReason,
      repairAppliedByName: r.repairAppliedByName,
      repairAppliedAt: r.repairAppliedAt?.toISOString() ?? null,
      repairOpinion: r.repairOpinion,
      repairReviewedByName: r.repairReviewedByName,
      removedOn: r.removedOn,
      createdByName: r.createdByName,
    });
  }
  return out;
}

export async function listDishonest(deps: AppDeps, ctx: RequestContext, q: { status?: string; page: number; pageSize: number }) {
  const actor = actorOf(ctx);
  const { list, total } = await repo.listDishonest(deps.db, actor.scope, { ...q, today: deps.clock.today() });
  return { items: await present(deps, list), total, page: q.page, pageSize: q.pageSize };
}

async function one(deps: AppDeps, ctx: RequestContext, id: string): Promise<DishonestView> {
  const r = await repo.findDishonest(deps.db, actorOf(ctx).scope, id);
  if (!r) throw notFound('失信记录');
  return (await present(deps, [r]))[0];
}

export async function addDishonest(deps: AppDeps, ctx: RequestContext, input: DishonestInput): Promise<DishonestView> {
  const actor = actorOf(ctx);
  const ent = await enterpriseInScope(deps, deps.db, actor, input.enterpriseId);
  if (!ent) throw notFound('企业');
  if (input.endsOn < deps.clock.today()) throw invalidField('endsOn', '移出日期已过，不能列入');
  const id = await changeDishonest(deps, async (tx) => {
    const live = await repo.dishonestInForceRows(tx, deps.clock.today(), [input.enterpriseId]);
    if (live.length) throw conflict(`“${ent.e.name}”已在严重失信主体名单中（至 ${live[0].endsOn}）`);
    const row = await repo.insertDishonest(tx, {
      enterpriseId: input.enterpriseId,
      regionCode: ent.e.regionCode,
      sector: ent.e.sector,
      unitId: actor.unitId!,
      reason: input.reason,
      basis: input.basis,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      status: 'listed',
      createdByName: actor.displayName,
      createdAt: deps.clock.now(),
    });
    await recordAudit(tx, ctx, { action: 'inspection.dishonest_add', entity: 'dishonest_entry', entityId: row.id, regionCode: row.regionCode, after: { enterpriseId: input.enterpriseId, reason: input.reason, basis: input.basis, startsOn: input.startsOn, endsOn: input.endsOn } });
    return row.id;
  });
  return one(deps, ctx, id);
}

/** 信用修复: the enterprise (or its supervising department, or the office, on its behalf) applies while the entry is in force. */
export async function applyRepair(deps: AppDeps, ctx: RequestContext, id: string, input: { reason: string }): Promise<DishonestView> {
  const actor = actorOf(ctx);
  await changeDishonest(deps, async (tx) => {
    const r = await repo.lockDishonest(tx, actor.scope, id);
    if (!r) throw notFound('失信记录');
    const status = dishonestStatus(r, deps.clock.today());
    if (status === 'repair_pending') throw conflict('已提交信用修复申请，正在审核');
    if (status !== 'listed') throw conflict('该企业已移出名单，无需信用修复');
    await repo.updateDishonest(tx, r.id, { status: 'repair_pending', repairReason: input.reason, repairAppliedByName: actor.displayName, repairAppliedAt: deps.clock.now(), repairOpinion: null, repairReviewedByName: null });
    await recordAudit(tx, ctx, { action: 'inspection.credit_repair_apply', entity: 'dishonest_entry', entityId: r.id, regionCode: r.regionCode, before: { status: r.status }, after: { status: 'repair_pending', reason: input.reason } });
  });
  return one(deps, ctx, id);
}

/** The review: approved removes the entry today (before its end); refused keeps it listed with the opinion. */
export async function reviewRepair(deps: AppDeps, ctx: RequestContext, id: string, input: { approved: boolean; opinion: string }): Promise<DishonestView> {
  const actor = actorOf(ctx);
  await changeDishonest(deps, async (tx) => {
    const r = await repo.lockDishonest(tx, actor.scope, id);
    if (!r) throw notFound('失信记录');
    if (dishonestStatus(r, deps.clock.today()) !== 'repair_pending') throw conflict('没有待审核的信用修复申请');
    const next = input.approved ? { status: 'repaired', removedOn: deps.clock.today() } : { status: 'listed' };
    await repo.updateDishonest(tx, r.id, { ...next, repairOpinion: input.opinion, repairReviewedByName: actor.displayName });
    await recordAudit(tx, ctx, { action: 'inspection.credit_repair_review', entity: 'dishonest_entry', entityId: r.id, regionCode: r.regionCode, before: { status: r.status }, after: { ...next, opinion: input.opinion } });
  });
  return one(deps, ctx, id);
}

// The flags in force are read by every page of the registry and the hazard ledger. The list is short,
// so it is kept per database and day (KeptAnswers), dropped when this module's writes commit
// (changeDishonest); another app instance's change is seen within 10 s. The reason is masked like on
// the public page (phones, ID numbers, names after role words); the list itself is public.
const flagsInForce = new KeptAnswers<Map<string, DishonestFlag>>(10_000, 500, '失信 flags in force');

/** The flags in force today (the day is the key: a new day reads them again). */
function inForce(deps: AppDeps): Promise<Map<string, DishonestFlag>> {
  const day = deps.clock.today();
  return flagsInForce.get(deps.database, day, async () => {
    const found = await repo.dishonestFlagRows(deps.database, day);
    return new Map(found.map((r) => [r.enterprise_id, { reason: maskPersonal(r.reason), startsOn: r.starts_on, endsOn: r.ends_on, underRepair: r.status === 'repair_pending' }]));
  });
}

/** A write to the 失信 list; the flags in force are read again after it (committed or not). */
async function changeDishonest<T>(deps: AppDeps, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await deps.db.transaction(work);
  } finally {
    flagsInForce.forget();
  }
}

/**
 * The 失信 flag of several enterprises (registered with org as its `creditFlagsOf` provider, so the
 * registry and the hazard ledger show the tag without importing this module): the entries in force
 * today, from the list kept above.
 */
export async function dishonestFlags(deps: AppDeps, enterpriseIds: string[]): Promise<Map<string, DishonestFlag>> {
  const all = await inForce(deps);
  const out = new Map<string, DishonestFlag>();
  for (const id of enterpriseIds) {
    const f = all.get(id);
    if (f) out.set(id, f);
  }
  return out;
}

/**
 * 执法公示 (no login): the penalty decisions of the last three years and the 失信 list in force. The
 * facts are free text written by inspectors: phone and ID numbers and personal names are masked —
 * the enterprise's registered people, everyone who acted on the case, and names after role words.
 */
export async function publicEnforcement(deps: AppDeps): Promise<PublicEnforcement> {
  const today = deps.clock.today();
  const dir = await unitDirectory(deps);
  const cache = new Map<string, Ent | undefined>();
  const decisions = await repo.publicDecisions(deps.db, addDays(today, -DECISION_PUBLIC_DAYS));
  const actorNames = await repo.caseActorNames(
    deps.db,
    decisions.map((d) => d.id),
  );
  const out: PublicEnforcement['decisions'] = [];
  for (const d of decisions) {
    const e = await enterpriseOf(deps, cache, d.enterprise_id);
    const names = [e?.e.legalRepName, e?.e.safetyManagerName, d.handler_name, ...actorNames].filter((x): x is string => !!x);
    const fine = d.fine_amount === null ? null : Number(d.fine_amount);
    out.push({
      caseCode: d.code,
      documentNumber: d.number,
      enterpriseName: e?.e.name ?? '',
      creditCode: e?.e.creditCode ?? '',
      violation: d.violation ?? '',
      facts: maskPersonal(d.summary, names),
      basis: d.basis ? `${d.article ?? ''} ${d.basis}`.trim() : '',
      penalty: fine ? `罚款人民币 ${fine.toLocaleString('zh-CN')} 元` : '警告',
      fineAmount: fine,
      decidedOn: d.decided_on,
      department: dir.unitById.get(d.unit_id)?.shortName ?? '',
    });
  }
  const listed = await repo.dishonestInForceRows(deps.db, today);
  const dishonest: PublicEnforcement['dishonest'] = [];
  for (const r of listed) {
    const e = await enterpriseOf(deps, cache, r.enterpriseId);
    dishonest.push({
      enterpriseName: e?.e.name ?? '',
      creditCode: e?.e.creditCode ?? '',
      reason: maskPersonal(r.reason, [e?.e.legalRepName, e?.e.safetyManagerName].filter((x): x is string => !!x)),
      basis: r.basis,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      department: dir.unitById.get(r.unitId)?.shortName ?? '',
      underRepair: r.status === 'repair_pending',
    });
  }
  return { asOf: deps.clock.now().toISOString(), decisions: out, dishonest };
}
