import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../db';
import { escapeLike, scopeCondition, type Scope } from '../../platform/access';
import type { ReportQuery } from '../../../shared/contracts/report';
import { chinaDayStart, addDays } from '../../../shared/time';
import { settings } from '../../platform/platform.schema';
import { REPORT_SLA, type ReportSla } from '../../../shared/report/workdays';
import { reportApiKeys, reportCaseSeq, reportEvents, reportHolidays, reportPhotos, reportRewards, reports, reportSalt } from './report.schema';

/** SQL of the report module. Every officer query ANDs the actor's scope (region, sectors). */

export type ReportRow = typeof reports.$inferSelect;
export type ReportInsert = typeof reports.$inferInsert;

export const scoped = (scope: Scope) => scopeCondition(scope, { regionCode: reports.regionCode, sector: reports.sector });

export async function salt(db: DbOrTx): Promise<string> {
  await db.insert(reportSalt).values({ id: 1, salt: randomBytes(32).toString('hex') }).onConflictDoNothing();
  const [r] = await db.select().from(reportSalt).where(eq(reportSalt.id, 1));
  return r.salt;
}

/** Submissions since `since` from one IP hash or device hash (rate limits). */
export async function countSince(db: DbOrTx, by: 'ip' | 'device', hash: string, since: Date): Promise<number> {
  const col = by === 'ip' ? reports.ipHash : reports.deviceHash;
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(reports).where(and(eq(col, hash), gte(reports.submittedAt, since)));
  return r.n;
}

export async function nextCaseNumber(tx: DbOrTx): Promise<number> {
  const [r] = await rows<{ n: number }>(tx, sql`SELECT nextval(${reportCaseSeq.seqName}) AS n`);
  return Number(r.n);
}

export async function insertReport(tx: DbOrTx, values: ReportInsert): Promise<ReportRow> {
  const [r] = await tx.insert(reports).values(values).returning();
  return r;
}

export async function insertPhotos(tx: DbOrTx, values: (typeof reportPhotos.$inferInsert)[]): Promise<void> {
  if (values.length) await tx.insert(reportPhotos).values(values);
}

export async function insertEvent(tx: DbOrTx, values: typeof reportEvents.$inferInsert): Promise<void> {
  await tx.insert(reportEvents).values(values);
}

export async function findByTrackingHash(db: DbOrTx, hash: string): Promise<ReportRow | undefined> {
  const [r] = await db.select().from(reports).where(eq(reports.trackingHash, hash));
  return r;
}

export async function findByCaseNo(db: DbOrTx, caseNo: string): Promise<ReportRow | undefined> {
  const [r] = await db.select().from(reports).where(eq(reports.caseNo, caseNo));
  return r;
}

export async function findScoped(db: DbOrTx, scope: Scope, id: string): Promise<ReportRow | undefined> {
  const [r] = await db.select().from(reports).where(and(eq(reports.id, id), scoped(scope)));
  return r;
}

export async function lockScoped(tx: DbOrTx, scope: Scope, id: string): Promise<ReportRow | undefined> {
  const [r] = await tx.select().from(reports).where(and(eq(reports.id, id), scoped(scope))).for('update');
  return r;
}

export async function updateReport(tx: DbOrTx, id: string, values: Partial<ReportInsert>): Promise<ReportRow> {
  const [r] = await tx
    .update(reports)
    .set({ ...values, version: sql`${reports.version} + 1` })
    .where(eq(reports.id, id))
    .returning();
  return r;
}

export async function eventsOf(db: DbOrTx, reportId: string, publicOnly = false) {
  return db
    .select()
    .from(reportEvents)
    .where(and(eq(reportEvents.reportId, reportId), publicOnly ? eq(reportEvents.isPublic, true) : sql`true`))
    .orderBy(asc(reportEvents.at), asc(reportEvents.id));
}

export async function photosOf(db: DbOrTx, reportId: string) {
  return db.select({ id: reportPhotos.id, mime: reportPhotos.mime, size: reportPhotos.size }).from(reportPhotos).where(eq(reportPhotos.reportId, reportId)).orderBy(asc(reportPhotos.createdAt), asc(reportPhotos.id));
}

export async function photoData(db: DbOrTx, reportId: string, photoId: string) {
  const [r] = await db.select().from(reportPhotos).where(and(eq(reportPhotos.reportId, reportId), eq(reportPhotos.id, photoId)));
  return r;
}

export async function rewardOf(db: DbOrTx, reportId: string) {
  const [r] = await db.select().from(reportRewards).where(eq(reportRewards.reportId, reportId));
  return r;
}

export async function upsertReward(tx: DbOrTx, values: typeof reportRewards.$inferInsert) {
  const [r] = await tx
    .insert(reportRewards)
    .values(values)
    .onConflictDoUpdate({ target: reportRewards.reportId, set: { ...values, decidedBy: null, decidedByName: null, decidedAt: null, decisionNote: null } })
    .returning();
  return r;
}

export async function updateReward(tx: DbOrTx, id: string, values: Partial<typeof reportRewards.$inferInsert>) {
  const [r] = await tx.update(reportRewards).set(values).where(eq(reportRewards.id, id)).returning();
  return r;
}

/** Reports of the same category submitted within `days` before `at` (duplicate candidates). */
export async function sameCategoryRecent(db: DbOrTx, category: string, at: Date, days: number, excludeId?: string) {
  const since = new Date(at.getTime() - days * 86_400_000);
  return db
    .select({ id: reports.id, caseNo: reports.caseNo, submittedAt: reports.submittedAt, status: reports.status, lat: reports.lat, lng: reports.lng, address: reports.address })
    .from(reports)
    .where(and(eq(reports.category, category), gte(reports.submittedAt, since), lt(reports.submittedAt, new Date(at.getTime() + 1)), excludeId ? sql`${reports.id} <> ${excludeId}` : sql`true`))
    .orderBy(asc(reports.submittedAt));
}

export async function briefByIds(db: DbOrTx, scope: Scope, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({ id: reports.id, caseNo: reports.caseNo, submittedAt: reports.submittedAt, status: reports.status, lat: reports.lat, lng: reports.lng })
    .from(reports)
    .where(and(inArray(reports.id, ids), scoped(scope)));
}

/** today as a SQL date parameter */
const d = (date: string) => sql`${date}::date`;
const chinaDateOf = (col: SQL | typeof reports.acknowledgedAt) => sql`(${col} AT TIME ZONE 'Asia/Shanghai')::date`;

export const ackOverdueSql = (today: string) => sql<boolean>`(coalesce(${chinaDateOf(reports.acknowledgedAt)}, ${d(today)}) > ${reports.ackDueOn})`;
export const replyOverdueSql = (today: string) => sql<boolean>`(coalesce(${chinaDateOf(reports.closedAt)}, ${d(today)}) > ${reports.replyDueOn})`;

function listWhere(scope: Scope, q: ReportQuery, today: string): SQL {
  const conds: SQL[] = [scoped(scope)];
  if (q.q) {
    const term = `%${escapeLike(q.q)}%`;
    conds.push(or(ilike(reports.caseNo, term), ilike(reports.description, term), ilike(reports.address, term), ilike(reports.enterpriseName, term)) ?? sql`false`);
  }
  if (q.status === 'open') conds.push(sql`${reports.status} <> 'closed'`);
  else if (q.status) conds.push(eq(reports.status, q.status));
  if (q.category) conds.push(eq(reports.category, q.category));
  if (q.regionCode) conds.push(sql`${reports.regionCode} LIKE ${`${escapeLike(q.regionCode)}%`}`);
  if (q.sector) conds.push(eq(reports.sector, q.sector));
  if (q.overdue === 'ack') conds.push(ackOverdueSql(today));
  if (q.overdue === 'reply') conds.push(replyOverdueSql(today));
  if (q.overdue === 'any') conds.push(sql`(${ackOverdueSql(today)} OR ${replyOverdueSql(today)})`);
  if (q.from) conds.push(gte(reports.submittedAt, chinaDayStart(q.from)));
  if (q.to) conds.push(lt(reports.submittedAt, chinaDayStart(addDays(q.to, 1))));
  return and(...conds) ?? sql`true`;
}

const listColumns = (today: string) => ({
  id: reports.id,
  caseNo: reports.caseNo,
  category: reports.category,
  sector: reports.sector,
  departmentName: reports.departmentName,
  regionCode: reports.regionCode,
  streetName: reports.streetName,
  description: reports.description,
  address: reports.address,
  enterpriseName: reports.enterpriseName,
  channel: reports.channel,
  status: reports.status,
  submittedAt: reports.submittedAt,
  ackDueOn: reports.ackDueOn,
  replyDueOn: reports.replyDueOn,
  ackOverdue: ackOverdueSql(today),
  replyOverdue: replyOverdueSql(today),
  verifyResult: reports.verifyResult,
  anonymous: reports.anonymous,
  possibleDuplicateIds: reports.possibleDuplicateIds,
  photoCount: sql<number>`(SELECT count(*)::int FROM report_photos p WHERE p.report_id = ${reports.id})`,
});

export async function listReports(db: DbOrTx, scope: Scope, q: ReportQuery, today: string) {
  const where = listWhere(scope, q, today);
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(reports).where(where);
  const items = await db
    .select(listColumns(today))
    .from(reports)
    .where(where)
    .orderBy(desc(reports.submittedAt), desc(reports.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items, total };
}

export async function* iterateReports(db: DbOrTx, scope: Scope, q: ReportQuery, today: string) {
  const where = listWhere(scope, q, today);
  for (let offset = 0; ; offset += 1000) {
    const batch = await db.select(listColumns(today)).from(reports).where(where).orderBy(desc(reports.submittedAt), desc(reports.id)).limit(1000).offset(offset);
    yield* batch;
    if (batch.length < 1000) return;
  }
}

// ---------- time limits, holidays, keys ----------

const SLA_KEY = 'report.sla';

/** The district's time limits (the platform settings row 'report.sla'; the defaults until set). */
export async function loadSla(db: DbOrTx): Promise<ReportSla> {
  const [r] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, SLA_KEY));
  const v = (r?.value ?? {}) as Partial<ReportSla>;
  return { acknowledgeWorkingDays: v.acknowledgeWorkingDays ?? REPORT_SLA.acknowledgeWorkingDays, replyWorkingDays: v.replyWorkingDays ?? REPORT_SLA.replyWorkingDays };
}
export async function saveSla(tx: DbOrTx, sla: ReportSla, now: Date): Promise<void> {
  await tx.insert(settings).values({ key: SLA_KEY, value: sla, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value: sla, updatedAt: now } });
}

export async function listHolidays(db: DbOrTx) {
  return db.select().from(reportHolidays).orderBy(asc(reportHolidays.date));
}
export async function upsertHoliday(tx: DbOrTx, v: typeof reportHolidays.$inferInsert) {
  const [r] = await tx.insert(reportHolidays).values(v).onConflictDoUpdate({ target: reportHolidays.date, set: { name: v.name, workday: v.workday } }).returning();
  return r;
}
export async function deleteHoliday(tx: DbOrTx, date: string) {
  return tx.delete(reportHolidays).where(eq(reportHolidays.date, date)).returning();
}

export async function listApiKeys(db: DbOrTx) {
  return db.select().from(reportApiKeys).orderBy(desc(reportApiKeys.createdAt));
}
export async function insertApiKey(tx: DbOrTx, v: typeof reportApiKeys.$inferInsert) {
  const [r] = await tx.insert(reportApiKeys).values(v).returning();
  return r;
}
export async function revokeApiKey(tx: DbOrTx, id: string, at: Date) {
  const [r] = await tx.update(reportApiKeys).set({ revokedAt: at }).where(eq(reportApiKeys.id, id)).returning();
  return r;
}
export async function findApiKeyByHash(db: DbOrTx, hash: string) {
  const [r] = await db.select().from(reportApiKeys).where(eq(reportApiKeys.keyHash, hash));
  return r;
}
export async function touchApiKey(tx: DbOrTx, id: string, at: Date) {
  await tx.update(reportApiKeys).set({ lastUsedAt: at }).where(eq(reportApiKeys.id, id));
}

// ---------- Open311 (public fields only) ----------

export async function openReports(db: DbOrTx, f: { ids?: string[]; categories?: string[]; from?: Date; to?: Date; statuses?: ('open' | 'closed')[] }, limit: number) {
  const conds: SQL[] = [];
  if (f.ids) conds.push(inArray(reports.caseNo, f.ids));
  else {
    if (f.categories?.length) conds.push(inArray(reports.category, f.categories));
    if (f.from) conds.push(gte(reports.submittedAt, f.from));
    if (f.to) conds.push(lt(reports.submittedAt, f.to));
    if (f.statuses?.length === 1) conds.push(f.statuses[0] === 'closed' ? eq(reports.status, 'closed') : sql`${reports.status} <> 'closed'`);
  }
  return db
    .select({
      caseNo: reports.caseNo,
      category: reports.category,
      status: reports.status,
      departmentName: reports.departmentName,
      streetName: reports.streetName,
      submittedAt: reports.submittedAt,
      updatedAt: reports.updatedAt,
      replyDueOn: reports.replyDueOn,
      lat: reports.lat,
      lng: reports.lng,
    })
    .from(reports)
    .where(conds.length ? and(...conds) : sql`true`)
    .orderBy(desc(reports.submittedAt), desc(reports.caseNo))
    .limit(limit);
}

// ---------- statistics ----------

export async function statsRows(db: DbOrTx, scope: Scope, from: Date, to: Date, today: string) {
  const where = and(scoped(scope), gte(reports.submittedAt, from), lt(reports.submittedAt, to)) ?? sql`true`;
  const byCategory = await db.select({ key: reports.category, count: sql<number>`count(*)::int` }).from(reports).where(where).groupBy(reports.category);
  const byStreet = await db.select({ key: reports.regionCode, name: sql<string>`min(${reports.streetName})`, count: sql<number>`count(*)::int` }).from(reports).where(where).groupBy(reports.regionCode);
  const month = sql<string>`to_char(${reports.submittedAt} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`;
  const byMonth = await db
    .select({ month, count: sql<number>`count(*)::int`, verified: sql<number>`count(*) FILTER (WHERE ${reports.verifyResult} = '属实')::int` })
    .from(reports)
    .where(where)
    .groupBy(month)
    .orderBy(month);
  const byResult = await db.select({ key: sql<string>`coalesce(${reports.verifyResult}, '未核实')`, count: sql<number>`count(*)::int` }).from(reports).where(where).groupBy(sql`1`);
  const [times] = await db
    .select({
      total: sql<number>`count(*)::int`,
      ackHours: sql<number | null>`avg(extract(epoch FROM ${reports.acknowledgedAt} - ${reports.submittedAt}) / 3600)::float8`,
      closeDays: sql<number | null>`avg(extract(epoch FROM ${reports.closedAt} - ${reports.submittedAt}) / 86400)::float8`,
      ackOverdue: sql<number>`count(*) FILTER (WHERE ${ackOverdueSql(today)})::int`,
      replyOverdue: sql<number>`count(*) FILTER (WHERE ${replyOverdueSql(today)})::int`,
    })
    .from(reports)
    .where(where);
  const rewards = await db
    .select({ status: reportRewards.status, n: sql<number>`count(*)::int`, amount: sql<number>`coalesce(sum(${reportRewards.amount}), 0)::int` })
    .from(reportRewards)
    .innerJoin(reports, eq(reports.id, reportRewards.reportId))
    .where(where)
    .groupBy(reportRewards.status);
  return { byCategory, byStreet, byMonth, byResult, times, rewards };
}

/** Open reports past a due date, for reminders (unit + case number only). */
export async function overdueForReminders(db: DbOrTx, today: string) {
  return db
    .select({ id: reports.id, caseNo: reports.caseNo, category: reports.category, departmentUnitId: reports.departmentUnitId, handlerUserId: reports.handlerUserId, status: reports.status, ackOverdue: ackOverdueSql(today), replyOverdue: replyOverdueSql(today), ackFlag: reports.ackOverdue, replyFlag: reports.replyOverdue })
    .from(reports)
    .where(and(sql`${reports.status} <> 'closed'`, sql`(${ackOverdueSql(today)} OR ${replyOverdueSql(today)})`));
}

export async function setOverdueFlags(tx: DbOrTx, id: string, ack: boolean, reply: boolean) {
  await tx.update(reports).set({ ackOverdue: ack, replyOverdue: reply }).where(eq(reports.id, id));
}
