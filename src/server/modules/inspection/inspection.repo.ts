import { and, asc, desc, eq, inArray, isNotNull, like, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { rows, sideBySide, type DbOrTx } from '../../db';
import { escapeLike, scopeCondition, type Actor, type Scope } from '../../platform/access';
import { findUser, usersWithRole } from '../../platform/users.repo';
import {
  enforcementCaseEvents,
  enforcementCases,
  enforcementDocumentCounters,
  enforcementDocuments,
  inspectionClassOverrides,
  inspectionDraws,
  inspectionDrawTargets,
  inspectionItems,
  inspections,
  inspectorConflicts,
  inspectors,
  penaltyDiscretion,
} from './inspection.schema';

/** SQL of the inspection module (scopes in every WHERE clause). */

export type DrawRow = typeof inspectionDraws.$inferSelect;
export type InspectionRow = typeof inspections.$inferSelect;
export type CaseRow = typeof enforcementCases.$inferSelect;

/**
 * Records owned by a department (draws, the inspector directory): the office (and admin) see every
 * department's in its region; a department and its inspectors their own unit's; others nothing.
 */
export function unitScope(actor: Actor, unitCol: AnyPgColumn, regionCol: AnyPgColumn): SQL {
  const s = actor.scope;
  if (s.kind === 'all') return sql`true`;
  if (s.kind === 'region' && (actor.unitKind === 'office' || actor.unitKind === 'committee')) return like(regionCol, `${escapeLike(s.prefix)}%`);
  if (actor.unitId && (actor.roles.includes('department') || actor.roles.includes('inspector'))) return eq(unitCol, actor.unitId);
  return sql`false`;
}

export const entScope = (scope: Scope, t: { regionCode: AnyPgColumn; sector: AnyPgColumn; enterpriseId: AnyPgColumn }) =>
  scopeCondition(scope, { regionCode: t.regionCode, sector: t.sector, enterpriseId: t.enterpriseId });

/**
 * 四不两直: an unannounced inspection not yet started is visible only to its team and whoever
 * arranged it — not to the enterprise, its street, or anyone else in scope.
 */
export function inspectionVisible(actor: Actor): SQL {
  return and(
    entScope(actor.scope, inspections),
    or(sql`NOT ${inspections.unannounced}`, isNotNull(inspections.startedAt), sql`${actor.userId}::uuid = ANY(${inspections.team})`, eq(inspections.createdBy, actor.userId)),
  )!;
}

// ---------- directory ----------

export async function classOverrides(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select().from(inspectionClassOverrides).where(inArray(inspectionClassOverrides.enterpriseId, ids));
}

export async function upsertOverride(tx: DbOrTx, v: typeof inspectionClassOverrides.$inferInsert) {
  await tx.insert(inspectionClassOverrides).values(v).onConflictDoUpdate({ target: inspectionClassOverrides.enterpriseId, set: { targetClass: v.targetClass, reason: v.reason, byName: v.byName, at: v.at } });
}

export async function deleteOverride(tx: DbOrTx, enterpriseId: string) {
  await tx.delete(inspectionClassOverrides).where(eq(inspectionClassOverrides.enterpriseId, enterpriseId));
}

/** Penalties (decided cases with a fine) per enterprise since a date. */
export async function violationCounts(db: DbOrTx, since: string): Promise<Map<string, number>> {
  const r = await rows<{ enterprise_id: string; n: number }>(
    db,
    sql`SELECT enterprise_id, count(*)::int AS n FROM enforcement_cases WHERE decided_on >= ${since} AND coalesce(fine_amount, 0) > 0 GROUP BY enterprise_id`,
  );
  return new Map(r.map((x) => [x.enterprise_id, Number(x.n)]));
}

/** Completed inspections per enterprise in a year. */
export async function inspectionCounts(db: DbOrTx, from: string, to: string): Promise<Map<string, number>> {
  const r = await rows<{ enterprise_id: string; n: number }>(
    db,
    sql`SELECT enterprise_id, count(*)::int AS n FROM inspections WHERE status = 'completed' AND planned_on >= ${from} AND planned_on <= ${to} GROUP BY enterprise_id`,
  );
  return new Map(r.map((x) => [x.enterprise_id, Number(x.n)]));
}

/**
 * Users with the inspector role of the units in scope (the platform's user list), with their
 * directory entry (if any). The office sees every unit's; a department and its inspectors their own.
 */
export async function listInspectorUsers(db: DbOrTx, actor: Actor, opts: { unitId?: string } = {}) {
  const s = actor.scope;
  const office = s.kind === 'all' || (s.kind === 'region' && (actor.unitKind === 'office' || actor.unitKind === 'committee'));
  if (!office && (!actor.unitId || !(actor.roles.includes('department') || actor.roles.includes('inspector')))) return [];
  if (!office && opts.unitId && opts.unitId !== actor.unitId) return [];
  const unitId = office ? opts.unitId : actor.unitId!;
  const list = (await usersWithRole(db, 'inspector', unitId)).filter((u) => u.active && u.unitId);
  const dir = list.length ? await db.select().from(inspectors).where(inArray(inspectors.userId, list.map((u) => u.id))) : [];
  const byId = new Map(dir.map((i) => [i.userId, i]));
  return list
    .map((u) => ({ userId: u.id, name: u.displayName, unitId: u.unitId, i: byId.get(u.id) ?? null }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

export async function upsertInspector(tx: DbOrTx, v: typeof inspectors.$inferInsert) {
  await tx
    .insert(inspectors)
    .values(v)
    .onConflictDoUpdate({ target: inspectors.userId, set: { certNo: v.certNo, certExpiry: v.certExpiry, active: v.active ?? true, unitId: v.unitId, regionCode: v.regionCode, updatedAt: v.updatedAt } });
}

export async function conflictsOf(db: DbOrTx, userIds: string[]) {
  if (userIds.length === 0) return [];
  return db.select().from(inspectorConflicts).where(inArray(inspectorConflicts.userId, userIds)).orderBy(asc(inspectorConflicts.createdAt));
}

export async function insertConflict(tx: DbOrTx, v: typeof inspectorConflicts.$inferInsert) {
  const [r] = await tx.insert(inspectorConflicts).values(v).onConflictDoNothing().returning();
  return r;
}

export async function deleteConflict(tx: DbOrTx, userId: string, id: string) {
  const r = await tx.delete(inspectorConflicts).where(and(eq(inspectorConflicts.id, id), eq(inspectorConflicts.userId, userId))).returning();
  return r.length > 0;
}

export async function assignmentCounts(db: DbOrTx, from: Date): Promise<Map<string, number>> {
  const r = await rows<{ id: string; n: number }>(
    db,
    sql`SELECT x.id, count(*)::int AS n FROM inspection_draw_targets t JOIN inspection_draws d ON d.id = t.draw_id, unnest(t.inspector_ids) AS x(id) WHERE d.drawn_at >= ${from.toISOString()} GROUP BY x.id`,
  );
  return new Map(r.map((x) => [x.id, Number(x.n)]));
}

/** Display names of users (inspectors, from the platform's user list; others one by one). */
export async function userNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  for (const u of await usersWithRole(db, 'inspector')) out.set(u.id, u.displayName);
  for (const id of new Set(ids)) {
    if (out.has(id)) continue;
    const u = await findUser(db, id);
    if (u) out.set(id, u.u.displayName);
  }
  return out;
}

// ---------- draws ----------

/** Serialises code numbering of a kind inside the transaction. */
export async function lockCodes(tx: DbOrTx, key: string) {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`);
}

export async function nextDrawNumber(tx: DbOrTx, prefix: string): Promise<number> {
  const [r] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM inspection_draws WHERE code LIKE ${`${prefix}%`}`);
  return Number(r.n) + 1;
}

export async function insertDraw(tx: DbOrTx, v: typeof inspectionDraws.$inferInsert): Promise<DrawRow> {
  const [r] = await tx.insert(inspectionDraws).values(v).returning();
  return r;
}

/** Draws a user may read: its department's (or all, for the office), and every published one (一公开). */
function drawReadable(actor: Actor): SQL {
  return or(unitScope(actor, inspectionDraws.unitId, inspectionDraws.regionCode), eq(inspectionDraws.status, 'published'))!;
}

export async function listDraws(db: DbOrTx, actor: Actor, q: { page: number; pageSize: number }) {
  const where = drawReadable(actor);
  const [list, [{ total }]] = await Promise.all([
    db.select().from(inspectionDraws).where(where).orderBy(desc(inspectionDraws.createdAt), asc(inspectionDraws.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(inspectionDraws).where(where),
  ]);
  return { list, total: Number(total) };
}

export async function findDraw(db: DbOrTx, actor: Actor | null, id: string): Promise<DrawRow | undefined> {
  const conds: SQL[] = [eq(inspectionDraws.id, id)];
  if (actor) conds.push(drawReadable(actor));
  const [r] = await db.select().from(inspectionDraws).where(and(...conds));
  return r;
}

export async function lockDraw(tx: DbOrTx, actor: Actor, id: string): Promise<DrawRow | undefined> {
  const [r] = await tx
    .select()
    .from(inspectionDraws)
    .where(and(eq(inspectionDraws.id, id), unitScope(actor, inspectionDraws.unitId, inspectionDraws.regionCode)))
    .for('update');
  return r;
}

export async function updateDraw(tx: DbOrTx, id: string, v: Partial<typeof inspectionDraws.$inferInsert>) {
  await tx.update(inspectionDraws).set(v).where(eq(inspectionDraws.id, id));
}

export async function insertDrawTargets(tx: DbOrTx, v: (typeof inspectionDrawTargets.$inferInsert)[]) {
  if (v.length) await tx.insert(inspectionDrawTargets).values(v);
}

export async function drawTargets(db: DbOrTx, drawIds: string[]) {
  if (drawIds.length === 0) return [];
  return db
    .select({ t: inspectionDrawTargets, inspectionStatus: inspections.status, inspectionDate: inspections.completedAt, inspectionId: inspections.id })
    .from(inspectionDrawTargets)
    .leftJoin(inspections, eq(inspections.id, inspectionDrawTargets.inspectionId))
    .where(inArray(inspectionDrawTargets.drawId, drawIds))
    .orderBy(asc(inspectionDrawTargets.drawId), asc(inspectionDrawTargets.seq));
}

export async function findDrawTarget(db: DbOrTx, id: string) {
  const [r] = await db.select({ t: inspectionDrawTargets, d: inspectionDraws }).from(inspectionDrawTargets).innerJoin(inspectionDraws, eq(inspectionDraws.id, inspectionDrawTargets.drawId)).where(eq(inspectionDrawTargets.id, id));
  return r;
}

export async function setDrawTargetInspection(tx: DbOrTx, id: string, inspectionId: string) {
  await tx.update(inspectionDrawTargets).set({ inspectionId }).where(eq(inspectionDrawTargets.id, id));
}

export async function publishedDraws(db: DbOrTx, since?: Date) {
  const conds: SQL[] = [eq(inspectionDraws.status, 'published')];
  if (since) conds.push(sql`${inspectionDraws.drawnAt} >= ${since.toISOString()}`);
  return db.select().from(inspectionDraws).where(and(...conds)).orderBy(desc(inspectionDraws.drawnAt), asc(inspectionDraws.id));
}

/** Failed items (hazards) and cases per inspection, for outcomes. */
export async function inspectionOutcomes(db: DbOrTx, ids: string[]): Promise<Map<string, { failed: number; cases: number }>> {
  if (ids.length === 0) return new Map();
  const r = await rows<{ id: string; failed: number; cases: number }>(
    db,
    sql`SELECT i.id,
          (SELECT count(*)::int FROM inspection_items x WHERE x.inspection_id = i.id AND x.result = 'fail') AS failed,
          (SELECT count(*)::int FROM enforcement_cases c WHERE c.source = 'inspection' AND c.source_ref = i.code) AS cases
        FROM inspections i WHERE i.id IN (${sql.join(ids.map((x) => sql`${x}::uuid`), sql`, `)})`,
  );
  return new Map(r.map((x) => [x.id, { failed: Number(x.failed), cases: Number(x.cases) }]));
}

// ---------- inspections ----------

export async function nextNumber(tx: DbOrTx, table: 'inspections' | 'enforcement_cases', prefix: string): Promise<number> {
  const [r] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE code LIKE ${`${prefix}%`}`);
  return Number(r.n) + 1;
}

export async function insertInspection(tx: DbOrTx, v: typeof inspections.$inferInsert): Promise<InspectionRow> {
  const [r] = await tx.insert(inspections).values(v).returning();
  return r;
}

export async function findInspection(db: DbOrTx, actor: Actor, id: string): Promise<InspectionRow | undefined> {
  const [r] = await db.select().from(inspections).where(and(eq(inspections.id, id), inspectionVisible(actor)));
  return r;
}

export async function lockInspection(tx: DbOrTx, actor: Actor, id: string): Promise<InspectionRow | undefined> {
  const [r] = await tx.select().from(inspections).where(and(eq(inspections.id, id), inspectionVisible(actor))).for('update');
  return r;
}

export async function findInspectionByClientKey(db: DbOrTx, key: string) {
  const [r] = await db.select().from(inspections).where(eq(inspections.clientKey, key));
  return r;
}

export async function updateInspection(tx: DbOrTx, id: string, v: Partial<typeof inspections.$inferInsert>) {
  await tx.update(inspections).set(v).where(eq(inspections.id, id));
}

export async function listInspections(db: DbOrTx, actor: Actor, q: { status?: string; mine?: boolean; page: number; pageSize: number }) {
  const conds: SQL[] = [inspectionVisible(actor)];
  if (q.status) conds.push(eq(inspections.status, q.status));
  if (q.mine) conds.push(sql`${actor.userId}::uuid = ANY(${inspections.team})`);
  const where = and(...conds);
  const [list, [{ total }]] = await Promise.all([
    db.select().from(inspections).where(where).orderBy(desc(inspections.plannedOn), desc(inspections.createdAt), asc(inspections.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(inspections).where(where),
  ]);
  return { list, total: Number(total) };
}

export async function itemsOf(db: DbOrTx, inspectionId: string) {
  return db.select().from(inspectionItems).where(eq(inspectionItems.inspectionId, inspectionId)).orderBy(asc(inspectionItems.seq));
}

export async function failedCounts(db: DbOrTx, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const r = await db
    .select({ id: inspectionItems.inspectionId, n: sql<number>`count(*)::int` })
    .from(inspectionItems)
    .where(and(inArray(inspectionItems.inspectionId, ids), eq(inspectionItems.result, 'fail')))
    .groupBy(inspectionItems.inspectionId);
  return new Map(r.map((x) => [x.id, Number(x.n)]));
}

export async function insertItems(tx: DbOrTx, v: (typeof inspectionItems.$inferInsert)[]) {
  if (v.length) await tx.insert(inspectionItems).values(v);
}

// ---------- cases ----------

export async function insertCase(tx: DbOrTx, v: typeof enforcementCases.$inferInsert): Promise<CaseRow> {
  const [r] = await tx.insert(enforcementCases).values(v).returning();
  return r;
}

export async function findCase(db: DbOrTx, scope: Scope, id: string): Promise<CaseRow | undefined> {
  const [r] = await db.select().from(enforcementCases).where(and(eq(enforcementCases.id, id), entScope(scope, enforcementCases)));
  return r;
}

export async function lockCase(tx: DbOrTx, scope: Scope, id: string): Promise<CaseRow | undefined> {
  const [r] = await tx.select().from(enforcementCases).where(and(eq(enforcementCases.id, id), entScope(scope, enforcementCases))).for('update');
  return r;
}

export async function updateCase(tx: DbOrTx, id: string, v: Partial<typeof enforcementCases.$inferInsert>) {
  await tx.update(enforcementCases).set(v).where(eq(enforcementCases.id, id));
}

export async function listCases(db: DbOrTx, scope: Scope, q: { status?: string; page: number; pageSize: number }) {
  const conds: SQL[] = [entScope(scope, enforcementCases)];
  if (q.status) conds.push(eq(enforcementCases.status, q.status));
  const where = and(...conds);
  const [list, [{ total }]] = await sideBySide(
    db,
    () => db.select().from(enforcementCases).where(where).orderBy(desc(enforcementCases.filedOn), desc(enforcementCases.createdAt), asc(enforcementCases.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    () => db.select({ total: sql<number>`count(*)::int` }).from(enforcementCases).where(where),
  );
  return { list, total: Number(total) };
}

export async function insertEvent(tx: DbOrTx, v: typeof enforcementCaseEvents.$inferInsert) {
  await tx.insert(enforcementCaseEvents).values(v);
}

export async function eventsOf(db: DbOrTx, caseId: string) {
  return db.select().from(enforcementCaseEvents).where(eq(enforcementCaseEvents.caseId, caseId)).orderBy(asc(enforcementCaseEvents.at), asc(enforcementCaseEvents.id));
}

// ---------- documents ----------

/** The next number of a kind in a year: one atomic upsert (row lock), so concurrent issuers never share one. */
export async function nextDocumentSeq(tx: DbOrTx, kind: string, year: number): Promise<number> {
  const [r] = await tx
    .insert(enforcementDocumentCounters)
    .values({ kind, year, last: 1 })
    .onConflictDoUpdate({ target: [enforcementDocumentCounters.kind, enforcementDocumentCounters.year], set: { last: sql`${enforcementDocumentCounters.last} + 1` } })
    .returning({ last: enforcementDocumentCounters.last });
  return r.last;
}

export async function insertDocument(tx: DbOrTx, v: typeof enforcementDocuments.$inferInsert) {
  const [r] = await tx.insert(enforcementDocuments).values(v).returning();
  return r;
}

export async function documentsOf(db: DbOrTx, by: { caseId?: string; inspectionId?: string }) {
  const cond = by.caseId ? eq(enforcementDocuments.caseId, by.caseId) : eq(enforcementDocuments.inspectionId, by.inspectionId!);
  return db.select().from(enforcementDocuments).where(cond).orderBy(asc(enforcementDocuments.issuedAt), asc(enforcementDocuments.number));
}

export async function findDocument(db: DbOrTx, scope: Scope, id: string) {
  const [r] = await db.select().from(enforcementDocuments).where(and(eq(enforcementDocuments.id, id), entScope(scope, enforcementDocuments)));
  return r;
}

// ---------- discretion ----------

export async function listDiscretion(db: DbOrTx) {
  return db.select().from(penaltyDiscretion).orderBy(asc(penaltyDiscretion.code));
}

export async function findDiscretion(db: DbOrTx, code: string) {
  const [r] = await db.select().from(penaltyDiscretion).where(eq(penaltyDiscretion.code, code));
  return r;
}

export async function insertDiscretion(tx: DbOrTx, v: (typeof penaltyDiscretion.$inferInsert)[]) {
  if (v.length) await tx.insert(penaltyDiscretion).values(v).onConflictDoNothing();
}

// ---------- statistics ----------

export async function statsByUnit(db: DbOrTx, actor: Actor, from: string, to: string) {
  const insp = entScope(actor.scope, inspections);
  const cases = entScope(actor.scope, enforcementCases);
  const docs = entScope(actor.scope, enforcementDocuments);
  const [a, b, c] = await Promise.all([
    rows<{ unit_id: string; inspections: number; hazards: number; major: number }>(
      db,
      sql`SELECT inspections.unit_id, count(DISTINCT inspections.id)::int AS inspections,
            count(x.hazard_id)::int AS hazards, count(x.hazard_id) FILTER (WHERE x.hazard_grade = '重大')::int AS major
          FROM inspections LEFT JOIN inspection_items x ON x.inspection_id = inspections.id AND x.result = 'fail'
          WHERE inspections.status = 'completed' AND inspections.planned_on BETWEEN ${from} AND ${to} AND ${insp}
          GROUP BY inspections.unit_id`,
    ),
    rows<{ unit_id: string; penalties: number; fines: number }>(
      db,
      sql`SELECT unit_id, count(*)::int AS penalties, coalesce(sum(fine_amount), 0)::float AS fines FROM enforcement_cases
          WHERE decided_on BETWEEN ${from} AND ${to} AND coalesce(fine_amount, 0) > 0 AND ${cases} GROUP BY unit_id`,
    ),
    rows<{ unit_id: string; documents: number }>(
      db,
      sql`SELECT u.unit_id, count(*)::int AS documents FROM enforcement_documents
          JOIN LATERAL (SELECT coalesce((SELECT i2.unit_id FROM inspections i2 WHERE i2.id = enforcement_documents.inspection_id), (SELECT c2.unit_id FROM enforcement_cases c2 WHERE c2.id = enforcement_documents.case_id)) AS unit_id) u ON true
          WHERE enforcement_documents.issued_at >= ${from}::date AND enforcement_documents.issued_at < (${to}::date + 1) AND ${docs} GROUP BY u.unit_id`,
    ),
  ]);
  return { inspections: a, penalties: b, documents: c };
}

export async function statsByMonth(db: DbOrTx, actor: Actor, from: string, to: string) {
  const insp = entScope(actor.scope, inspections);
  const cases = entScope(actor.scope, enforcementCases);
  const [a, b] = await Promise.all([
    rows<{ month: string; inspections: number; hazards: number }>(
      db,
      sql`SELECT to_char(inspections.planned_on, 'YYYY-MM') AS month, count(DISTINCT inspections.id)::int AS inspections, count(x.hazard_id)::int AS hazards
          FROM inspections LEFT JOIN inspection_items x ON x.inspection_id = inspections.id AND x.result = 'fail'
          WHERE inspections.status = 'completed' AND inspections.planned_on BETWEEN ${from} AND ${to} AND ${insp} GROUP BY 1`,
    ),
    rows<{ month: string; penalties: number }>(
      db,
      sql`SELECT to_char(decided_on, 'YYYY-MM') AS month, count(*)::int AS penalties FROM enforcement_cases
          WHERE decided_on BETWEEN ${from} AND ${to} AND coalesce(fine_amount, 0) > 0 AND ${cases} GROUP BY 1`,
    ),
  ]);
  return { inspections: a, penalties: b };
}

export async function drawCount(db: DbOrTx, actor: Actor, from: Date, to: Date) {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(inspectionDraws)
    .where(and(unitScope(actor, inspectionDraws.unitId, inspectionDraws.regionCode), eq(inspectionDraws.status, 'published'), sql`${inspectionDraws.drawnAt} >= ${from.toISOString()}`, sql`${inspectionDraws.drawnAt} < ${to.toISOString()}`));
  return Number(r.n);
}

export async function inspectionOfSignature(db: DbOrTx, actor: Actor, fileId: string) {
  const [r] = await db.select({ id: inspections.id }).from(inspections).where(and(eq(inspections.signatureFileId, fileId), inspectionVisible(actor)));
  return r;
}
