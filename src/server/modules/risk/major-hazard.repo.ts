import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db';
import { escapeLike, scopeCondition, type Scope } from '../../platform/access';
import { files } from '../../platform/platform.schema';
import { enterpriseRef as ent, regionRef } from '../org';
import type { HazardSourceQuery } from '../../../shared/contracts/risk';
import { majorHazardEvaluations, majorHazardFilings, majorHazardInstallations, majorHazardSources, majorHazardSubstances } from './risk.schema';

export type SourceRow = typeof majorHazardSources.$inferSelect;
export type SourceInsert = typeof majorHazardSources.$inferInsert;
export type SubstanceRow = typeof majorHazardSubstances.$inferSelect;
export type InstallationRow = typeof majorHazardInstallations.$inferSelect;

export function sourceScope(scope: Scope): SQL {
  return scopeCondition(scope, { regionCode: majorHazardSources.regionCode, sector: majorHazardSources.sector, enterpriseId: majorHazardSources.enterpriseId });
}

const sourceColumns = {
  s: majorHazardSources,
  enterpriseName: ent.name,
  regionName: regionRef.name,
  substanceCount: sql<number>`(SELECT count(*)::int FROM major_hazard_substances x WHERE x.source_id = ${majorHazardSources.id})`,
};
export type SourceJoined = { s: SourceRow; enterpriseName: string; regionName: string | null; substanceCount: number };

function joined(db: DbOrTx) {
  return db.select(sourceColumns).from(majorHazardSources).innerJoin(ent, eq(ent.id, majorHazardSources.enterpriseId)).leftJoin(regionRef, eq(regionRef.code, majorHazardSources.regionCode));
}

const GRADE_ORDER = sql`CASE ${majorHazardSources.grade} WHEN '一级' THEN 0 WHEN '二级' THEN 1 WHEN '三级' THEN 2 WHEN '四级' THEN 3 ELSE 4 END`;

export async function listSources(db: DbOrTx, scope: Scope, q: HazardSourceQuery): Promise<{ rows: SourceJoined[]; total: number }> {
  const conds: SQL[] = [sourceScope(scope)];
  if (q.q) {
    const term = `%${escapeLike(q.q)}%`;
    conds.push(sql`(${majorHazardSources.name} ILIKE ${term} OR ${majorHazardSources.code} ILIKE ${term} OR ${ent.name} ILIKE ${term})`);
  }
  if (q.enterpriseId) conds.push(eq(majorHazardSources.enterpriseId, q.enterpriseId));
  if (q.regionCode) conds.push(sql`${majorHazardSources.regionCode} LIKE ${`${escapeLike(q.regionCode)}%`}`);
  if (q.grade) conds.push(eq(majorHazardSources.grade, q.grade));
  if (q.status) conds.push(eq(majorHazardSources.status, q.status));
  const where = and(...conds);
  const [list, [{ total }]] = await Promise.all([
    joined(db)
      .where(where)
      .orderBy(GRADE_ORDER, asc(ent.name), asc(majorHazardSources.code))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(majorHazardSources).innerJoin(ent, eq(ent.id, majorHazardSources.enterpriseId)).where(where),
  ]);
  return { rows: list, total };
}

export async function findSource(db: DbOrTx, scope: Scope, id: string): Promise<SourceJoined | undefined> {
  const [r] = await joined(db).where(and(eq(majorHazardSources.id, id), sourceScope(scope)));
  return r;
}

export async function lockSource(tx: DbOrTx, scope: Scope, id: string): Promise<SourceRow | undefined> {
  const [r] = await tx.select().from(majorHazardSources).where(and(eq(majorHazardSources.id, id), sourceScope(scope))).for('update');
  return r;
}

export async function sourceCodeTaken(tx: DbOrTx, enterpriseId: string, code: string, exceptId?: string): Promise<boolean> {
  const [r] = await tx
    .select({ id: majorHazardSources.id })
    .from(majorHazardSources)
    .where(and(eq(majorHazardSources.enterpriseId, enterpriseId), eq(majorHazardSources.code, code), exceptId ? sql`${majorHazardSources.id} <> ${exceptId}` : sql`true`));
  return !!r;
}

export async function nextSourceCode(tx: DbOrTx, enterpriseId: string): Promise<string> {
  const r = (await tx.execute(
    sql`SELECT coalesce(max(substring(code FROM '^ZDWXY-(\\d+)$')::int), 0)::int AS n FROM major_hazard_sources WHERE enterprise_id = ${enterpriseId}`,
  )) as unknown as { rows: { n: number }[] };
  return `ZDWXY-${String(Number(r.rows[0].n) + 1).padStart(2, '0')}`;
}

export async function insertSource(tx: DbOrTx, values: SourceInsert): Promise<SourceRow> {
  const [r] = await tx.insert(majorHazardSources).values(values).returning();
  return r;
}

export async function updateSourceRow(tx: DbOrTx, id: string, values: Partial<SourceInsert>): Promise<SourceRow> {
  const [r] = await tx
    .update(majorHazardSources)
    .set({ ...values, version: sql`${majorHazardSources.version} + 1`, updatedAt: new Date() })
    .where(eq(majorHazardSources.id, id))
    .returning();
  return r;
}

export async function listSubstances(db: DbOrTx, sourceId: string): Promise<SubstanceRow[]> {
  return db.select().from(majorHazardSubstances).where(eq(majorHazardSubstances.sourceId, sourceId)).orderBy(asc(majorHazardSubstances.sort));
}

export async function replaceSubstances(tx: DbOrTx, source: SourceRow, lines: Omit<typeof majorHazardSubstances.$inferInsert, 'sourceId' | 'enterpriseId' | 'regionCode' | 'sector' | 'sort'>[]): Promise<SubstanceRow[]> {
  await tx.delete(majorHazardSubstances).where(eq(majorHazardSubstances.sourceId, source.id));
  if (!lines.length) return [];
  return tx
    .insert(majorHazardSubstances)
    .values(lines.map((l, i) => ({ ...l, sourceId: source.id, enterpriseId: source.enterpriseId, regionCode: source.regionCode, sector: source.sector, sort: i })))
    .returning();
}

export async function listInstallations(db: DbOrTx, sourceId: string): Promise<InstallationRow[]> {
  return db.select().from(majorHazardInstallations).where(eq(majorHazardInstallations.sourceId, sourceId)).orderBy(asc(majorHazardInstallations.tag));
}

export async function insertInstallation(tx: DbOrTx, values: typeof majorHazardInstallations.$inferInsert): Promise<InstallationRow> {
  const [r] = await tx.insert(majorHazardInstallations).values(values).returning();
  return r;
}

export async function updateInstallation(tx: DbOrTx, id: string, values: Partial<typeof majorHazardInstallations.$inferInsert>): Promise<void> {
  await tx.update(majorHazardInstallations).set({ ...values, updatedAt: new Date() }).where(eq(majorHazardInstallations.id, id));
}

/** An installation by its stable id, within scope (for the monitoring module's sensors). */
export async function findInstallation(db: DbOrTx, scope: Scope, id: string): Promise<(InstallationRow & { sourceName: string }) | undefined> {
  const [r] = await db
    .select({ i: majorHazardInstallations, sourceName: majorHazardSources.name })
    .from(majorHazardInstallations)
    .innerJoin(majorHazardSources, eq(majorHazardSources.id, majorHazardInstallations.sourceId))
    .where(and(eq(majorHazardInstallations.id, id), scopeCondition(scope, { regionCode: majorHazardInstallations.regionCode, sector: majorHazardInstallations.sector, enterpriseId: majorHazardInstallations.enterpriseId })));
  return r ? { ...r.i, sourceName: r.sourceName } : undefined;
}

export async function syncSourceScopeColumns(tx: DbOrTx, source: SourceRow): Promise<void> {
  for (const table of ['major_hazard_substances', 'major_hazard_installations', 'major_hazard_filings', 'major_hazard_evaluations']) {
    await tx.execute(
      sql`UPDATE ${sql.identifier(table)} SET region_code = ${source.regionCode}, sector = ${source.sector} WHERE source_id = ${source.id} AND (region_code <> ${source.regionCode} OR sector <> ${source.sector})`,
    );
  }
}

export async function listFilings(db: DbOrTx, sourceId: string) {
  return db
    .select({ f: majorHazardFilings, fileName: files.name })
    .from(majorHazardFilings)
    .leftJoin(files, eq(files.id, majorHazardFilings.fileId))
    .where(eq(majorHazardFilings.sourceId, sourceId))
    .orderBy(desc(majorHazardFilings.filedOn), desc(majorHazardFilings.createdAt));
}

export async function insertFiling(tx: DbOrTx, values: typeof majorHazardFilings.$inferInsert) {
  const [r] = await tx.insert(majorHazardFilings).values(values).returning();
  return r;
}

/** The source a filing attachment belongs to (file access resolver). */
export async function filingSourceOfFile(db: DbOrTx, fileId: string): Promise<string | undefined> {
  const [r] = await db.select({ sourceId: majorHazardFilings.sourceId }).from(majorHazardFilings).where(eq(majorHazardFilings.fileId, fileId));
  return r?.sourceId;
}

export async function listEvaluations(db: DbOrTx, sourceId: string) {
  return db.select().from(majorHazardEvaluations).where(eq(majorHazardEvaluations.sourceId, sourceId)).orderBy(desc(majorHazardEvaluations.createdAt));
}

export async function insertEvaluation(tx: DbOrTx, values: typeof majorHazardEvaluations.$inferInsert) {
  const [r] = await tx.insert(majorHazardEvaluations).values(values).returning();
  return r;
}

// ---------- relations other modules join for names (built here: their SQL never names risk's tables) ----------

const qb = new QueryBuilder();

/** 重大危险源 by id: name (alias `source_ref`; a plain derived table the planner inlines). */
export const majorHazardSourceRef = qb.select({ id: majorHazardSources.id, name: majorHazardSources.name }).from(majorHazardSources).as('source_ref');

/** Installations (装置设施) of 重大危险源 by id: name (alias `installation_ref`). */
export const installationRef = qb.select({ id: majorHazardInstallations.id, name: majorHazardInstallations.name }).from(majorHazardInstallations).as('installation_ref');
