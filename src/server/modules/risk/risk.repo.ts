import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import { rows, type DbOrTx } from '../../db';
import { escapeLike, scopeCondition, type Scope } from '../../platform/access';
import { enterpriseRef as ent, enterprisesInScope, regionRef, sectorRef } from '../org';
import type { RiskPointQuery } from '../../../shared/contracts/risk';
import { majorHazardSources, riskAssessments, riskMeasures, riskPoints } from './risk.schema';

export type RiskPointRow = typeof riskPoints.$inferSelect;
export type RiskPointInsert = typeof riskPoints.$inferInsert;
export type AssessmentRow = typeof riskAssessments.$inferSelect;
export type MeasureRow = typeof riskMeasures.$inferSelect;

/** Scope of risk records (region, primary sector of the enterprise, or the enterprise itself). */
export function pointScope(scope: Scope): SQL {
  return scopeCondition(scope, { regionCode: riskPoints.regionCode, sector: riskPoints.sector, enterpriseId: riskPoints.enterpriseId });
}

/** Risk points by id: name, for other modules' lists (alias `risk_point_ref`; a plain derived table the planner inlines). */
export const riskPointRef = new QueryBuilder().select({ id: riskPoints.id, name: riskPoints.name }).from(riskPoints).as('risk_point_ref');

const LEVEL_ORDER = sql`CASE ${riskAssessments.level} WHEN '重大' THEN 0 WHEN '较大' THEN 1 WHEN '一般' THEN 2 WHEN '低' THEN 3 ELSE 4 END`;

const pointColumns = {
  p: riskPoints,
  a: riskAssessments,
  enterpriseName: ent.name,
  regionName: regionRef.name,
  sectorName: sectorRef.name,
  measureCount: sql<number>`(SELECT count(*)::int FROM risk_measures m WHERE m.risk_point_id = ${riskPoints.id})`,
};

export type PointJoined = { p: RiskPointRow; a: AssessmentRow | null; enterpriseName: string; regionName: string | null; sectorName: string | null; measureCount: number };

function joinedPoints(db: DbOrTx) {
  return db
    .select(pointColumns)
    .from(riskPoints)
    .innerJoin(ent, eq(ent.id, riskPoints.enterpriseId))
    .leftJoin(regionRef, eq(regionRef.code, riskPoints.regionCode))
    .leftJoin(sectorRef, eq(sectorRef.code, riskPoints.sector))
    .leftJoin(riskAssessments, and(eq(riskAssessments.riskPointId, riskPoints.id), eq(riskAssessments.active, true)));
}

function pointFilters(scope: Scope, q: Partial<RiskPointQuery>, today: string): SQL[] {
  const conds: SQL[] = [pointScope(scope)];
  if (q.q) {
    const term = `%${escapeLike(q.q)}%`;
    conds.push(sql`(${riskPoints.name} ILIKE ${term} OR ${riskPoints.code} ILIKE ${term} OR ${riskPoints.location} ILIKE ${term} OR ${ent.name} ILIKE ${term})`);
  }
  if (q.enterpriseId) conds.push(eq(riskPoints.enterpriseId, q.enterpriseId));
  if (q.regionCode) conds.push(sql`${riskPoints.regionCode} LIKE ${`${escapeLike(q.regionCode)}%`}`);
  if (q.sector) conds.push(eq(riskPoints.sector, q.sector));
  if (q.kind) conds.push(eq(riskPoints.kind, q.kind));
  if (q.status) conds.push(eq(riskPoints.status, q.status));
  if (q.level === '未评估') conds.push(sql`${riskAssessments.id} IS NULL`);
  else if (q.level) conds.push(eq(riskAssessments.level, q.level));
  if (q.reviewDue === 'true') conds.push(sql`${riskPoints.nextReviewOn} <= ${today}::date AND ${riskPoints.status} = '在用'`);
  return conds;
}

export async function listPoints(db: DbOrTx, scope: Scope, q: RiskPointQuery, today: string): Promise<{ rows: PointJoined[]; total: number }> {
  const where = and(...pointFilters(scope, q, today));
  const [list, [{ total }]] = await Promise.all([
    joinedPoints(db)
      .where(where)
      .orderBy(LEVEL_ORDER, asc(ent.name), asc(riskPoints.code), asc(riskPoints.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(riskPoints)
      .innerJoin(ent, eq(ent.id, riskPoints.enterpriseId))
      .leftJoin(riskAssessments, and(eq(riskAssessments.riskPointId, riskPoints.id), eq(riskAssessments.active, true)))
      .where(where),
  ]);
  return { rows: list as PointJoined[], total };
}

export async function findPoint(db: DbOrTx, scope: Scope, id: string): Promise<PointJoined | undefined> {
  const [r] = await joinedPoints(db).where(and(eq(riskPoints.id, id), pointScope(scope)));
  return r as PointJoined | undefined;
}

/** The point by its public card token (the token is the capability; only points in use). */
export async function findPointByToken(db: DbOrTx, token: string): Promise<PointJoined | undefined> {
  const [r] = await joinedPoints(db).where(and(eq(riskPoints.cardToken, token), eq(riskPoints.status, '在用')));
  return r as PointJoined | undefined;
}

/** Lock a point for a change (inside a transaction), within scope. */
export async function lockPoint(tx: DbOrTx, scope: Scope, id: string): Promise<RiskPointRow | undefined> {
  const [r] = await tx.select().from(riskPoints).where(and(eq(riskPoints.id, id), pointScope(scope))).for('update');
  return r;
}

export async function pointCodeTaken(tx: DbOrTx, enterpriseId: string, code: string, exceptId?: string): Promise<boolean> {
  const [r] = await tx
    .select({ id: riskPoints.id })
    .from(riskPoints)
    .where(and(eq(riskPoints.enterpriseId, enterpriseId), eq(riskPoints.code, code), exceptId ? sql`${riskPoints.id} <> ${exceptId}` : sql`true`));
  return !!r;
}

/** Next free "FXD-001" style code of an enterprise. */
export async function nextPointCode(tx: DbOrTx, enterpriseId: string): Promise<string> {
  const [r] = await rows<{ n: number }>(
    tx,
    sql`SELECT coalesce(max(substring(code FROM '^FXD-(\\d+)$')::int), 0)::int AS n FROM risk_points WHERE enterprise_id = ${enterpriseId}`,
  );
  return `FXD-${String(Number(r.n) + 1).padStart(3, '0')}`;
}

export async function insertPoint(tx: DbOrTx, values: RiskPointInsert): Promise<RiskPointRow> {
  const [r] = await tx.insert(riskPoints).values(values).returning();
  return r;
}

export async function updatePointRow(tx: DbOrTx, id: string, values: Partial<RiskPointInsert>): Promise<RiskPointRow> {
  const [r] = await tx
    .update(riskPoints)
    .set({ ...values, version: sql`${riskPoints.version} + 1`, updatedAt: new Date() })
    .where(eq(riskPoints.id, id))
    .returning();
  return r;
}

export async function listMeasures(db: DbOrTx, pointId: string): Promise<MeasureRow[]> {
  return db.select().from(riskMeasures).where(eq(riskMeasures.riskPointId, pointId)).orderBy(asc(riskMeasures.sort), asc(riskMeasures.id));
}

export async function replaceMeasures(tx: DbOrTx, point: RiskPointRow, measures: { kind: string; content: string; responsibleLevel: string; responsiblePerson: string }[]): Promise<MeasureRow[]> {
  await tx.delete(riskMeasures).where(eq(riskMeasures.riskPointId, point.id));
  if (measures.length === 0) return [];
  return tx
    .insert(riskMeasures)
    .values(measures.map((m, i) => ({ ...m, riskPointId: point.id, enterpriseId: point.enterpriseId, regionCode: point.regionCode, sector: point.sector, sort: i })))
    .returning();
}

export async function listAssessments(db: DbOrTx, pointId: string): Promise<AssessmentRow[]> {
  return db.select().from(riskAssessments).where(eq(riskAssessments.riskPointId, pointId)).orderBy(sql`${riskAssessments.createdAt} DESC`, sql`${riskAssessments.id} DESC`);
}

export async function activeAssessment(db: DbOrTx, pointId: string): Promise<AssessmentRow | undefined> {
  const [r] = await db.select().from(riskAssessments).where(and(eq(riskAssessments.riskPointId, pointId), eq(riskAssessments.active, true)));
  return r;
}

/** Deactivate the active assessment of a point (history is kept). */
export async function supersedeAssessment(tx: DbOrTx, pointId: string): Promise<void> {
  await tx.update(riskAssessments).set({ active: false, supersededAt: new Date() }).where(and(eq(riskAssessments.riskPointId, pointId), eq(riskAssessments.active, true)));
}

export async function insertAssessment(tx: DbOrTx, values: typeof riskAssessments.$inferInsert): Promise<AssessmentRow> {
  const [r] = await tx.insert(riskAssessments).values(values).returning();
  return r;
}

/** Keep denormalised region/sector of a point's children in step with the point. */
export async function syncPointScopeColumns(tx: DbOrTx, point: RiskPointRow): Promise<void> {
  await tx.execute(sql`UPDATE risk_measures SET region_code = ${point.regionCode}, sector = ${point.sector} WHERE risk_point_id = ${point.id} AND (region_code <> ${point.regionCode} OR sector <> ${point.sector})`);
  await tx.execute(sql`UPDATE risk_assessments SET region_code = ${point.regionCode}, sector = ${point.sector} WHERE risk_point_id = ${point.id} AND (region_code <> ${point.regionCode} OR sector <> ${point.sector})`);
}

/** Lock the enterprise row so that level derivations of one enterprise run one after another (org locks its own row). */
export { lockEnterpriseForDerivation as lockEnterpriseForRisk } from '../org';

export interface LevelInputs {
  enterpriseId: string;
  regionCode: string;
  current: string | null;
  pointLevels: string[];
  grades: string[];
}

/**
 * What the enterprise level is derived from: the levels of the active assessments of points in
 * use and the grades of the 重大危险源 in use — for some enterprises, or all (rules changed).
 */
export async function levelInputs(db: DbOrTx, enterpriseIds: string[] | 'all'): Promise<LevelInputs[]> {
  if (enterpriseIds !== 'all' && enterpriseIds.length === 0) return [];
  const filter = enterpriseIds === 'all' ? sql`true` : sql`${ent.id} IN (${sql.join(enterpriseIds.map((id) => sql`${id}::uuid`), sql`, `)})`;
  const r = await rows<{ id: string; region_code: string; risk_level: string | null; levels: string[] | null; grades: string[] | null }>(
    db,
    sql`SELECT ${ent.id} AS id, ${ent.regionCode} AS region_code, ${ent.riskLevel} AS risk_level,
          ARRAY(SELECT DISTINCT a.level FROM risk_assessments a JOIN risk_points p ON p.id = a.risk_point_id
                WHERE a.active AND p.enterprise_id = ${ent.id} AND p.status = '在用') AS levels,
          ARRAY(SELECT DISTINCT s.grade FROM major_hazard_sources s
                WHERE s.enterprise_id = ${ent.id} AND s.status = '在用' AND s.is_major AND s.grade IS NOT NULL) AS grades
        FROM ${ent} WHERE ${filter}`,
  );
  return r.map((x) => ({ enterpriseId: x.id, regionCode: x.region_code, current: x.risk_level, pointLevels: x.levels ?? [], grades: x.grades ?? [] }));
}

// ---------- statistics ----------

type LevelKey = '重大' | '较大' | '一般' | '低';

export async function pointLevelCounts(db: DbOrTx, scope: Scope, today: string) {
  const where = and(pointScope(scope), eq(riskPoints.status, '在用'));
  const byLevel = await db
    .select({ level: riskAssessments.level, count: sql<number>`count(*)::int` })
    .from(riskPoints)
    .leftJoin(riskAssessments, and(eq(riskAssessments.riskPointId, riskPoints.id), eq(riskAssessments.active, true)))
    .where(where)
    .groupBy(riskAssessments.level);
  const [due] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(riskPoints)
    .where(and(where, sql`${riskPoints.nextReviewOn} <= ${today}::date`));
  const byRegion = await db
    .select({ code: riskPoints.regionCode, level: riskAssessments.level, count: sql<number>`count(*)::int` })
    .from(riskPoints)
    .innerJoin(riskAssessments, and(eq(riskAssessments.riskPointId, riskPoints.id), eq(riskAssessments.active, true)))
    .where(where)
    .groupBy(riskPoints.regionCode, riskAssessments.level);
  const bySector = await db
    .select({ code: riskPoints.sector, level: riskAssessments.level, count: sql<number>`count(*)::int` })
    .from(riskPoints)
    .innerJoin(riskAssessments, and(eq(riskAssessments.riskPointId, riskPoints.id), eq(riskAssessments.active, true)))
    .where(where)
    .groupBy(riskPoints.sector, riskAssessments.level);
  return { byLevel: byLevel as { level: LevelKey | null; count: number }[], reviewDue: due.n, byRegion: byRegion as { code: string; level: LevelKey; count: number }[], bySector: bySector as { code: string; level: LevelKey; count: number }[] };
}

export async function enterpriseLevelCounts(db: DbOrTx, scope: Scope) {
  const e = enterprisesInScope(scope);
  return db
    .select({ regionCode: e.regionCode, sector: e.sector, level: e.riskLevel, count: sql<number>`count(*)::int` })
    .from(e)
    .groupBy(e.regionCode, e.sector, e.riskLevel);
}

export async function sourceGradeCounts(db: DbOrTx, scope: Scope) {
  return db
    .select({ grade: majorHazardSources.grade, isMajor: majorHazardSources.isMajor, count: sql<number>`count(*)::int` })
    .from(majorHazardSources)
    .where(and(scopeCondition(scope, { regionCode: majorHazardSources.regionCode, sector: majorHazardSources.sector, enterpriseId: majorHazardSources.enterpriseId }), eq(majorHazardSources.status, '在用')))
    .groupBy(majorHazardSources.grade, majorHazardSources.isMajor);
}

export async function mapPoints(db: DbOrTx, scope: Scope) {
  const e = enterprisesInScope(scope);
  return rows<{ id: string; name: string; lng: number | null; lat: number | null; region_code: string; sector: string; risk_level: string | null; points: number; sources: number }>(
    db,
    sql`SELECT ${e.id} AS id, ${e.name} AS name, ${e.lng} AS lng, ${e.lat} AS lat, ${e.regionCode} AS region_code, ${e.sector} AS sector, ${e.riskLevel} AS risk_level,
          (SELECT count(*)::int FROM risk_points p WHERE p.enterprise_id = ${e.id} AND p.status = '在用') AS points,
          (SELECT count(*)::int FROM major_hazard_sources s WHERE s.enterprise_id = ${e.id} AND s.status = '在用' AND s.is_major) AS sources
        FROM ${e} ORDER BY ${e.creditCode}`,
  );
}

export async function regionNames(db: DbOrTx) {
  return db.select({ code: regionRef.code, name: regionRef.name, sort: regionRef.sort }).from(regionRef).orderBy(asc(regionRef.sort));
}

export async function sectorNames(db: DbOrTx) {
  return db.select({ code: sectorRef.code, name: sectorRef.name, sort: sectorRef.sort }).from(sectorRef).orderBy(asc(sectorRef.sort));
}

// ---------- the rules settings record ----------

export const RULES_KEY = 'risk.rules';

export interface StoredRules {
  version: number;
  rules: unknown;
  updatedBy: string | null;
  updatedAt: string | null;
}

export async function readRules(db: DbOrTx, forUpdate = false): Promise<StoredRules | undefined> {
  const q = sql`SELECT value FROM settings WHERE key = ${RULES_KEY}${forUpdate ? sql` FOR UPDATE` : sql``}`;
  const [r] = await rows<{ value: StoredRules | string }>(db, q);
  if (!r) return undefined;
  return typeof r.value === 'string' ? (JSON.parse(r.value) as StoredRules) : r.value;
}

export async function writeRules(tx: DbOrTx, value: StoredRules): Promise<void> {
  await tx.execute(
    sql`INSERT INTO settings (key, value, updated_at) VALUES (${RULES_KEY}, ${JSON.stringify(value)}::jsonb, now())
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
  );
}
