import { and, asc, desc, eq, ilike, inArray, isNotNull, like, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import { escapeLike, type Actor } from '../../platform/access';
import { emergencyDrills as D, emergencyPlanVersions as V, emergencyPlans as P } from './emergency-plans.schema';

/** SQL of 应急预案 and 演练. Every read is limited in WHERE by who may see the record. */

export type PlanRow = typeof P.$inferSelect;
export type PlanVersionRow = typeof V.$inferSelect;
export type DrillRow = typeof D.$inferSelect;

const isOffice = (a: Actor) => a.unitKind === 'office' || a.unitKind === 'committee';
export const ownIdOf = (a: Actor): string | null => a.enterpriseId ?? a.unitId;

/**
 * Plans a caller sees: the admin all; the office its district; any other unit or enterprise the plans
 * it owns and (streets) the plans filed with it for review.
 */
export function planScope(actor: Actor): SQL {
  if (actor.scope.kind === 'all') return sql`true`;
  if (isOffice(actor)) return like(P.regionCode, `${escapeLike(actor.regionCode)}%`);
  const own = ownIdOf(actor);
  const conds: SQL[] = [];
  if (own) conds.push(eq(P.ownerId, own));
  if (actor.unitId) conds.push(eq(P.reviewerUnitId, actor.unitId));
  return conds.length ? or(...conds)! : sql`false`;
}

/** Drills a caller sees: the admin all; the office its district; others their own and those they take part in. */
export function drillScope(actor: Actor): SQL {
  if (actor.scope.kind === 'all') return sql`true`;
  if (isOffice(actor)) return like(D.regionCode, `${escapeLike(actor.regionCode)}%`);
  const own = ownIdOf(actor);
  const conds: SQL[] = [];
  if (own) conds.push(eq(D.ownerId, own));
  if (actor.unitId) conds.push(sql`${actor.unitId}::uuid = ANY(${D.participantIds})`);
  return conds.length ? or(...conds)! : sql`false`;
}

export async function listPlans(db: DbOrTx, where: SQL, limit: number, offset: number): Promise<{ rows: PlanRow[]; total: number }> {
  const items = await db.select().from(P).where(where).orderBy(desc(P.updatedAt), desc(P.id)).limit(limit).offset(offset);
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(P).where(where);
  return { rows: items, total: n };
}

export function planFilters(q: { q?: string; status?: string; type?: string }): SQL[] {
  const out: SQL[] = [];
  if (q.q) out.push(or(ilike(P.title, `%${escapeLike(q.q)}%`), ilike(P.ownerName, `%${escapeLike(q.q)}%`))!);
  if (q.status) out.push(eq(P.status, q.status));
  if (q.type) out.push(eq(P.type, q.type));
  return out;
}

export const planIsOwn = (id: string) => eq(P.ownerId, id);
export const planReviewedBy = (unitId: string) => eq(P.reviewerUnitId, unitId);

export async function findPlan(db: DbOrTx, where: SQL, id: string, forUpdate = false): Promise<PlanRow | undefined> {
  const q = db.select().from(P).where(and(eq(P.id, id), where));
  const [r] = forUpdate ? await q.for('update') : await q;
  return r;
}

export async function insertPlans(tx: DbOrTx, values: (typeof P.$inferInsert)[]): Promise<PlanRow[]> {
  return tx.insert(P).values(values).returning();
}

export async function updatePlan(tx: DbOrTx, id: string, values: Partial<typeof P.$inferInsert>): Promise<PlanRow> {
  const [r] = await tx.update(P).set(values).where(eq(P.id, id)).returning();
  return r;
}

export async function deletePlan(tx: DbOrTx, id: string): Promise<void> {
  await tx.delete(P).where(eq(P.id, id));
}

export async function versionsOf(db: DbOrTx, planId: string): Promise<PlanVersionRow[]> {
  return db.select().from(V).where(eq(V.planId, planId)).orderBy(desc(V.version));
}

export async function latestVersion(db: DbOrTx, planId: string): Promise<PlanVersionRow | undefined> {
  const [r] = await db.select().from(V).where(eq(V.planId, planId)).orderBy(desc(V.version)).limit(1);
  return r;
}

export async function insertVersions(tx: DbOrTx, values: (typeof V.$inferInsert)[]): Promise<PlanVersionRow[]> {
  return tx.insert(V).values(values).returning();
}

export async function updateVersion(tx: DbOrTx, id: string, values: Partial<typeof V.$inferInsert>): Promise<void> {
  await tx.update(V).set(values).where(eq(V.id, id));
}

/** The latest returned comment of each plan (shown with the plan). */
export async function lastComments(db: DbOrTx, planIds: string[]): Promise<Map<string, string>> {
  if (!planIds.length) return new Map();
  const r = await db
    .selectDistinctOn([V.planId], { planId: V.planId, comment: V.comment })
    .from(V)
    .where(and(inArray(V.planId, planIds), eq(V.decision, 'returned'), isNotNull(V.comment)))
    .orderBy(V.planId, desc(V.version));
  return new Map(r.map((x) => [x.planId, x.comment ?? '']));
}

/** The highest filing number of a prefix (`420112-YA-2026-`) so far; the next one follows. */
export async function maxFilingNumber(tx: DbOrTx, prefix: string): Promise<number> {
  const [{ n }] = await tx.select({ n: sql<number>`coalesce(max(split_part(${P.filingNo}, '-', 4)::int), 0)::int` }).from(P).where(like(P.filingNo, `${escapeLike(prefix)}%`));
  return n;
}

/** Filed plans whose revision is due by `until` or that need revision, not reminded since `since`. */
export async function plansToRemind(tx: DbOrTx, until: string, since: string): Promise<PlanRow[]> {
  return tx
    .select()
    .from(P)
    .where(and(or(and(eq(P.status, 'filed'), sql`${P.nextRevisionOn} <= ${until}`), eq(P.needsRevision, true)), or(sql`${P.remindedOn} IS NULL`, sql`${P.remindedOn} < ${since}`)))
    .orderBy(asc(P.nextRevisionOn))
    .limit(500)
    .for('update', { skipLocked: true });
}

export async function markPlansReminded(tx: DbOrTx, ids: string[], on: string): Promise<void> {
  if (ids.length) await tx.update(P).set({ remindedOn: on }).where(inArray(P.id, ids));
}

/** All plans of a scope (the expiry dashboard aggregates in code: a district holds hundreds, not millions). */
export async function allPlans(db: DbOrTx, where: SQL): Promise<PlanRow[]> {
  return db.select().from(P).where(where).orderBy(asc(P.nextRevisionOn), asc(P.ownerName));
}

/** Plans and drills of units (七有 evidence: 有应急预案 = filed plans, 有实战演练 = drills held this year). */
export async function planDrillEvidence(db: DbOrTx, unitIds: string[], yearStart: string): Promise<Map<string, { plans: number; drills: number }>> {
  const out = new Map<string, { plans: number; drills: number }>();
  if (!unitIds.length) return out;
  const plans = await db
    .select({ id: P.ownerId, n: sql<number>`count(*)::int` })
    .from(P)
    .where(and(inArray(P.ownerId, unitIds), eq(P.status, 'filed')))
    .groupBy(P.ownerId);
  const drills = await db
    .select({ id: D.ownerId, n: sql<number>`count(*)::int` })
    .from(D)
    .where(and(inArray(D.ownerId, unitIds), inArray(D.status, ['ended', 'evaluated']), sql`${D.plannedOn} >= ${yearStart}`))
    .groupBy(D.ownerId);
  for (const p of plans) out.set(p.id, { plans: p.n, drills: 0 });
  for (const d of drills) out.set(d.id, { plans: out.get(d.id)?.plans ?? 0, drills: d.n });
  return out;
}

// ---------- drills ----------

export function drillFilters(q: { q?: string; status?: string }): SQL[] {
  const out: SQL[] = [];
  if (q.q) out.push(or(ilike(D.title, `%${escapeLike(q.q)}%`), ilike(D.ownerName, `%${escapeLike(q.q)}%`))!);
  if (q.status) out.push(eq(D.status, q.status));
  return out;
}

export async function listDrills(db: DbOrTx, where: SQL, limit: number, offset: number): Promise<{ rows: DrillRow[]; total: number }> {
  const items = await db.select().from(D).where(where).orderBy(desc(D.plannedOn), desc(D.id)).limit(limit).offset(offset);
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(D).where(where);
  return { rows: items, total: n };
}

export async function findDrill(db: DbOrTx, where: SQL, id: string, forUpdate = false): Promise<DrillRow | undefined> {
  const q = db.select().from(D).where(and(eq(D.id, id), where));
  const [r] = forUpdate ? await q.for('update') : await q;
  return r;
}

export async function insertDrills(tx: DbOrTx, values: (typeof D.$inferInsert)[]): Promise<DrillRow[]> {
  return tx.insert(D).values(values).returning();
}

export async function updateDrill(tx: DbOrTx, id: string, values: Partial<typeof D.$inferInsert>): Promise<DrillRow> {
  const [r] = await tx.update(D).set(values).where(eq(D.id, id)).returning();
  return r;
}

/** Drills running now that a unit or enterprise owns or takes part in (the exercise banner). */
export async function deleteDrill(tx: DbOrTx, id: string): Promise<void> {
  await tx.delete(D).where(eq(D.id, id));
}

export async function runningDrillsFor(db: DbOrTx, ownId: string | null, unitId: string | null): Promise<DrillRow[]> {
  const conds: SQL[] = [];
  if (ownId) conds.push(eq(D.ownerId, ownId));
  if (unitId) conds.push(sql`${unitId}::uuid = ANY(${D.participantIds})`);
  if (!conds.length) return [];
  return db.select().from(D).where(and(eq(D.status, 'running'), or(...conds))).orderBy(desc(D.startedAt)).limit(5);
}

export const drillIds = (ids: string[]) => inArray(D.id, ids);

// ---------- files ----------

/** Whether a file is a version document of a plan the caller sees. */
export async function planFileVisible(db: DbOrTx, actor: Actor, fileId: string): Promise<boolean> {
  const [r] = await db
    .select({ id: V.id })
    .from(V)
    .innerJoin(P, eq(P.id, V.planId))
    .where(and(eq(V.fileId, fileId), planScope(actor)))
    .limit(1);
  return !!r;
}

/** Whether a file is a photo of a drill the caller sees. */
export async function drillPhotoVisible(db: DbOrTx, actor: Actor, fileId: string): Promise<boolean> {
  const [r] = await db
    .select({ id: D.id })
    .from(D)
    .where(and(sql`${D.photos} @> ${JSON.stringify([{ fileId }])}::jsonb`, drillScope(actor)))
    .limit(1);
  return !!r;
}
