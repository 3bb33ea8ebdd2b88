import { and, asc, desc, eq, gt, gte, isNotNull, like, lte, lt, sql, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../db';
import { escapeLike } from '../../platform/access';
import { emergencyMaterials, emergencyTeams } from './emergency.schema';
import { emergencyAccidentNotices, emergencyAccidentReports, emergencyAccidents, emergencyDutyHandovers, emergencyDutyShifts } from './emergency-duty.schema';

/** SQL of 应急值守 and 事故信息报送. Callers pass the scope condition; it is ANDed into every WHERE. */

export type ShiftRow = typeof emergencyDutyShifts.$inferSelect;
export type ShiftInsert = typeof emergencyDutyShifts.$inferInsert;
export type HandoverRow = typeof emergencyDutyHandovers.$inferSelect;
export type AccidentRow = typeof emergencyAccidents.$inferSelect;
export type AccidentInsert = typeof emergencyAccidents.$inferInsert;
export type AccidentReportRow = typeof emergencyAccidentReports.$inferSelect;

// ---------- shifts ----------

export async function shiftsOfMonth(db: DbOrTx, where: SQL | undefined, from: string, to: string): Promise<ShiftRow[]> {
  const S = emergencyDutyShifts;
  return db.select().from(S).where(and(where, gte(S.dutyDate, from), lte(S.dutyDate, to))).orderBy(asc(S.unitName), asc(S.startsAt));
}

export async function shiftsAt(db: DbOrTx, where: SQL | undefined, at: Date): Promise<ShiftRow[]> {
  const S = emergencyDutyShifts;
  return db.select().from(S).where(and(where, lte(S.startsAt, at), gt(S.endsAt, at))).orderBy(asc(S.startsAt));
}

export async function findShift(db: DbOrTx, id: string, where: SQL | undefined, lock = false): Promise<ShiftRow | undefined> {
  const q = db.select().from(emergencyDutyShifts).where(and(eq(emergencyDutyShifts.id, id), where));
  const [r] = lock ? await q.for('update') : await q;
  return r;
}

/** A shift of the unit overlapping [start, end) other than `exceptId`. */
export async function overlappingShift(db: DbOrTx, unitId: string, start: Date, end: Date, exceptId?: string): Promise<ShiftRow | undefined> {
  const S = emergencyDutyShifts;
  const [r] = await db
    .select()
    .from(S)
    .where(and(eq(S.unitId, unitId), lt(S.startsAt, end), gt(S.endsAt, start), exceptId ? sql`${S.id} <> ${exceptId}` : undefined))
    .limit(1);
  return r;
}

export async function insertShifts(tx: DbOrTx, values: ShiftInsert[]): Promise<ShiftRow[]> {
  if (!values.length) return [];
  return tx.insert(emergencyDutyShifts).values(values).returning();
}

export async function updateShift(tx: DbOrTx, id: string, values: Partial<ShiftInsert>): Promise<ShiftRow> {
  const [r] = await tx.update(emergencyDutyShifts).set(values).where(eq(emergencyDutyShifts.id, id)).returning();
  return r;
}

export async function deleteShift(tx: DbOrTx, id: string): Promise<void> {
  await tx.delete(emergencyDutyShifts).where(eq(emergencyDutyShifts.id, id));
}

export async function deleteShiftsOfDates(tx: DbOrTx, unitId: string, from: string, to: string): Promise<number> {
  const S = emergencyDutyShifts;
  const r = await tx.delete(S).where(and(eq(S.unitId, unitId), gte(S.dutyDate, from), lte(S.dutyDate, to))).returning({ id: S.id });
  return r.length;
}

// ---------- handovers ----------

export async function listHandovers(db: DbOrTx, where: SQL | undefined, limit: number, offset: number): Promise<{ items: HandoverRow[]; total: number }> {
  const H = emergencyDutyHandovers;
  const items = await db.select().from(H).where(where).orderBy(desc(H.at)).limit(limit).offset(offset);
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(H).where(where);
  return { items, total };
}

export async function insertHandovers(tx: DbOrTx, values: (typeof emergencyDutyHandovers.$inferInsert)[]): Promise<HandoverRow[]> {
  if (!values.length) return [];
  return tx.insert(emergencyDutyHandovers).values(values).returning();
}

// ---------- accidents ----------

export async function listAccidents(db: DbOrTx, where: SQL | undefined, limit: number, offset: number): Promise<{ items: AccidentRow[]; total: number }> {
  const A = emergencyAccidents;
  const items = await db.select().from(A).where(where).orderBy(desc(A.occurredAt)).limit(limit).offset(offset);
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(A).where(where);
  return { items, total };
}

export async function countAccidents(db: DbOrTx, where: SQL | undefined): Promise<number> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(emergencyAccidents).where(where);
  return n;
}

export async function findAccident(db: DbOrTx, id: string, where: SQL | undefined, lock = false): Promise<AccidentRow | undefined> {
  const q = db.select().from(emergencyAccidents).where(and(eq(emergencyAccidents.id, id), where));
  const [r] = lock ? await q.for('update') : await q;
  return r;
}

export async function insertAccidents(tx: DbOrTx, values: AccidentInsert[]): Promise<AccidentRow[]> {
  if (!values.length) return [];
  return tx.insert(emergencyAccidents).values(values).returning();
}

export async function updateAccident(tx: DbOrTx, id: string, values: Partial<AccidentInsert>): Promise<AccidentRow> {
  const [r] = await tx.update(emergencyAccidents).set(values).where(eq(emergencyAccidents.id, id)).returning();
  return r;
}

export async function insertAccidentReports(tx: DbOrTx, values: (typeof emergencyAccidentReports.$inferInsert)[]): Promise<void> {
  if (values.length) await tx.insert(emergencyAccidentReports).values(values);
}

export async function reportsOf(db: DbOrTx, accidentId: string): Promise<AccidentReportRow[]> {
  const R = emergencyAccidentReports;
  return db.select().from(R).where(eq(R.accidentId, accidentId)).orderBy(asc(R.at));
}

// ---------- overdue notices ----------

export type NoticeMilestone = 'first_late' | 'final_overdue';
export type AccidentNoticeRow = typeof emergencyAccidentNotices.$inferSelect;

/**
 * Accidents past a milestone that were not told of it yet: 首报 late (first reported since
 * `lateSince`; older late reports are history, flagged in the list) and 终报 overdue (still open).
 */
export async function accidentsDueNotice(db: DbOrTx, now: Date, lateSince: Date): Promise<{ accident: AccidentRow; milestone: NoticeMilestone }[]> {
  const A = emergencyAccidents;
  const N = emergencyAccidentNotices;
  const noNotice = (m: NoticeMilestone) => sql`NOT EXISTS (SELECT 1 FROM ${N} WHERE ${N.accidentId} = ${A.id} AND ${N.milestone} = ${m})`;
  const [late, overdue] = await Promise.all([
    db.select().from(A).where(and(sql`${A.firstReportedAt} > ${A.deadlineAt}`, gte(A.firstReportedAt, lateSince), noNotice('first_late'))).orderBy(asc(A.firstReportedAt)).limit(500),
    db.select().from(A).where(and(eq(A.status, 'open'), lt(A.finalDueAt, now), noNotice('final_overdue'))).orderBy(asc(A.finalDueAt)).limit(500),
  ]);
  return [...late.map((accident) => ({ accident, milestone: 'first_late' as const })), ...overdue.map((accident) => ({ accident, milestone: 'final_overdue' as const }))];
}

/** Record a notice; false when this accident's milestone was already told (another run got there first). */
export async function insertAccidentNotice(tx: DbOrTx, values: typeof emergencyAccidentNotices.$inferInsert): Promise<boolean> {
  const r = await tx.insert(emergencyAccidentNotices).values(values).onConflictDoNothing().returning({ id: emergencyAccidentNotices.id });
  return r.length > 0;
}

export async function noticesOf(db: DbOrTx, accidentId: string): Promise<AccidentNoticeRow[]> {
  return db.select().from(emergencyAccidentNotices).where(eq(emergencyAccidentNotices.accidentId, accidentId)).orderBy(asc(emergencyAccidentNotices.sentAt));
}

/** The active users of an enterprise (an enterprise is told through its users). */
export async function enterpriseUserIds(db: DbOrTx, enterpriseId: string): Promise<string[]> {
  return (await rows<{ id: string }>(db, sql`SELECT id FROM users WHERE enterprise_id = ${enterpriseId} AND active ORDER BY id`)).map((u) => u.id);
}

export interface StatsCell {
  regionCode: string;
  sector: string;
  year: number;
  month: number;
  count: number;
  deaths: number;
  injuries: number;
  lossWan: number;
}

/** Accidents of the years grouped by street, sector and month (China time). */
export async function accidentFigures(db: DbOrTx, where: SQL | undefined, years: number[]): Promise<StatsCell[]> {
  const A = emergencyAccidents;
  const local = sql`(${A.occurredAt} AT TIME ZONE 'Asia/Shanghai')`;
  const r = await rows<{ region_code: string; sector: string; y: number; m: number; n: number; deaths: number; injuries: number; loss: string }>(
    db,
    sql`SELECT ${A.regionCode} AS region_code, ${A.sector} AS sector, extract(year FROM ${local})::int AS y, extract(month FROM ${local})::int AS m,
               count(*)::int AS n, sum(${A.deaths})::int AS deaths, sum(${A.seriousInjuries} + ${A.minorInjuries})::int AS injuries, sum(${A.directLossWan})::text AS loss
        FROM ${A}
        WHERE ${where ?? sql`true`} AND extract(year FROM ${local})::int IN (${sql.join(years.map((y) => sql`${y}`), sql`, `)})
        GROUP BY 1, 2, 3, 4`,
  );
  return r.map((x) => ({ regionCode: x.region_code, sector: x.sector, year: Number(x.y), month: Number(x.m), count: Number(x.n), deaths: Number(x.deaths), injuries: Number(x.injuries), lossWan: Number(x.loss) }));
}

// ---------- resource map ----------

/** Teams of the district (region prefix), with or without coordinates. */
export async function teamsOfDistrict(db: DbOrTx, prefix: string) {
  return db.select().from(emergencyTeams).where(like(emergencyTeams.regionCode, `${escapeLike(prefix)}%`));
}

/** Material depots with coordinates: one row per place, its materials listed. */
export async function depotPoints(db: DbOrTx, prefix: string) {
  const M = emergencyMaterials;
  return rows<{ depot: string; lat: number; lng: number; id: string; items: string; n: number }>(
    db,
    sql`SELECT ${M.depot} AS depot, ${M.lat} AS lat, ${M.lng} AS lng, (array_agg(${M.id}::text ORDER BY ${M.id}))[1] AS id,
               string_agg(${M.name} || ' ' || trim(trailing '.' FROM trim(trailing '0' FROM ${M.quantity}::text)) || ${M.unitOfMeasure}, '、' ORDER BY ${M.name}) AS items, count(*)::int AS n
        FROM ${M} WHERE ${and(like(M.regionCode, `${escapeLike(prefix)}%`), isNotNull(M.lat), isNotNull(M.lng))}
        GROUP BY ${M.depot}, ${M.lat}, ${M.lng}`,
  );
}

/** Depots without coordinates (not on the map). */
export async function depotsWithoutCoordinates(db: DbOrTx, prefix: string): Promise<number> {
  const M = emergencyMaterials;
  const [{ n }] = await rows<{ n: number }>(db, sql`SELECT count(DISTINCT ${M.depot})::int AS n FROM ${M} WHERE ${like(M.regionCode, `${escapeLike(prefix)}%`)} AND (${M.lat} IS NULL OR ${M.lng} IS NULL)`);
  return Number(n);
}
