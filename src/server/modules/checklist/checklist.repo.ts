import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../db';
import { escapeLike, scopeCondition, type Scope } from '../../platform/access';
import { files, users } from '../../platform/platform.schema';
import type { RunQuery } from '../../../shared/contracts/checklist';
import { enterpriseRef as ent } from '../org';
import { hazardRectified } from '../hazard';
import {
  checklistItems,
  checklistTemplates,
  checklistVersions,
  selfInspectionPlans,
  selfInspectionResults,
  selfInspectionRuns,
} from './checklist.schema';

export type TemplateRow = typeof checklistTemplates.$inferSelect;
export type VersionRow = typeof checklistVersions.$inferSelect;
export type ItemRow = typeof checklistItems.$inferSelect;
export type ItemInsert = typeof checklistItems.$inferInsert;
export type PlanRow = typeof selfInspectionPlans.$inferSelect;
export type RunRow = typeof selfInspectionRuns.$inferSelect;
export type ResultRow = typeof selfInspectionResults.$inferSelect;

// ---------- templates (district-wide reference content: read access is not tenant-scoped) ----------

export interface TemplateListRow {
  t: TemplateRow;
  name: string | null;
  applicability: string | null;
  currentVersion: number | null;
  itemCount: number | null;
  majorCount: number | null;
  draftName: string | null;
  hasDraft: boolean;
}

export async function listTemplates(db: DbOrTx, q: { sector?: string; q?: string }): Promise<TemplateListRow[]> {
  const cur = sql`(SELECT v.name FROM checklist_versions v WHERE v.id = ${checklistTemplates.currentVersionId})`;
  const conds: SQL[] = [];
  if (q.sector) conds.push(eq(checklistTemplates.sector, q.sector));
  if (q.q) {
    const term = `%${escapeLike(q.q)}%`;
    conds.push(sql`EXISTS (SELECT 1 FROM checklist_versions v WHERE v.template_id = ${checklistTemplates.id} AND (v.name ILIKE ${term} OR ${checklistTemplates.code} ILIKE ${term}))`);
  }
  return db
    .select({
      t: checklistTemplates,
      name: sql<string | null>`${cur}`,
      applicability: sql<string | null>`(SELECT v.applicability FROM checklist_versions v WHERE v.id = ${checklistTemplates.currentVersionId})`,
      currentVersion: sql<number | null>`(SELECT v.version FROM checklist_versions v WHERE v.id = ${checklistTemplates.currentVersionId})`,
      itemCount: sql<number | null>`(SELECT v.item_count FROM checklist_versions v WHERE v.id = ${checklistTemplates.currentVersionId})`,
      majorCount: sql<number | null>`(SELECT v.major_count FROM checklist_versions v WHERE v.id = ${checklistTemplates.currentVersionId})`,
      draftName: sql<string | null>`(SELECT v.name FROM checklist_versions v WHERE v.template_id = ${checklistTemplates.id} AND v.status = 'draft')`,
      hasDraft: sql<boolean>`EXISTS (SELECT 1 FROM checklist_versions v WHERE v.template_id = ${checklistTemplates.id} AND v.status = 'draft')`,
    })
    .from(checklistTemplates)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(checklistTemplates.sector), asc(checklistTemplates.code));
}

export async function findTemplate(db: DbOrTx, id: string): Promise<TemplateRow | undefined> {
  const [r] = await db.select().from(checklistTemplates).where(eq(checklistTemplates.id, id));
  return r;
}

export async function findTemplateByCode(db: DbOrTx, code: string): Promise<TemplateRow | undefined> {
  const [r] = await db.select().from(checklistTemplates).where(eq(checklistTemplates.code, code));
  return r;
}

export async function lockTemplate(tx: DbOrTx, id: string): Promise<TemplateRow | undefined> {
  const [r] = await tx.select().from(checklistTemplates).where(eq(checklistTemplates.id, id)).for('update');
  return r;
}

export async function insertTemplate(tx: DbOrTx, values: typeof checklistTemplates.$inferInsert): Promise<TemplateRow> {
  const [r] = await tx.insert(checklistTemplates).values(values).returning();
  return r;
}

export async function updateTemplateRow(tx: DbOrTx, id: string, values: Partial<typeof checklistTemplates.$inferInsert>): Promise<TemplateRow> {
  const [r] = await tx.update(checklistTemplates).set({ ...values, updatedAt: new Date() }).where(eq(checklistTemplates.id, id)).returning();
  return r;
}

export async function deleteTemplateRow(tx: DbOrTx, id: string): Promise<void> {
  await tx.delete(checklistTemplates).where(eq(checklistTemplates.id, id));
}

/** Versions of a template with the names of who created/published them. */
export async function listVersions(db: DbOrTx, templateId: string) {
  return db
    .select({
      v: checklistVersions,
      createdByName: sql<string | null>`(SELECT u.display_name FROM users u WHERE u.id = ${checklistVersions.createdBy})`,
      publishedByName: sql<string | null>`(SELECT u.display_name FROM users u WHERE u.id = ${checklistVersions.publishedBy})`,
    })
    .from(checklistVersions)
    .where(eq(checklistVersions.templateId, templateId))
    .orderBy(desc(checklistVersions.version));
}

export async function findVersion(db: DbOrTx, id: string) {
  const [r] = await db
    .select({
      v: checklistVersions,
      t: checklistTemplates,
      createdByName: sql<string | null>`(SELECT u.display_name FROM users u WHERE u.id = ${checklistVersions.createdBy})`,
      publishedByName: sql<string | null>`(SELECT u.display_name FROM users u WHERE u.id = ${checklistVersions.publishedBy})`,
    })
    .from(checklistVersions)
    .innerJoin(checklistTemplates, eq(checklistTemplates.id, checklistVersions.templateId))
    .where(eq(checklistVersions.id, id));
  return r;
}

export async function lockVersion(tx: DbOrTx, id: string): Promise<VersionRow | undefined> {
  const [r] = await tx.select().from(checklistVersions).where(eq(checklistVersions.id, id)).for('update');
  return r;
}

export async function findDraft(db: DbOrTx, templateId: string): Promise<VersionRow | undefined> {
  const [r] = await db
    .select()
    .from(checklistVersions)
    .where(and(eq(checklistVersions.templateId, templateId), eq(checklistVersions.status, 'draft')));
  return r;
}

export async function insertVersion(tx: DbOrTx, values: typeof checklistVersions.$inferInsert): Promise<VersionRow> {
  const [r] = await tx.insert(checklistVersions).values(values).returning();
  return r;
}

export async function updateVersionRow(tx: DbOrTx, id: string, values: Partial<typeof checklistVersions.$inferInsert>): Promise<VersionRow> {
  const [r] = await tx.update(checklistVersions).set({ ...values, updatedAt: new Date() }).where(eq(checklistVersions.id, id)).returning();
  return r;
}

export async function deleteVersionRow(tx: DbOrTx, id: string): Promise<void> {
  await tx.delete(checklistVersions).where(eq(checklistVersions.id, id));
}

/** Mark every published version of a template superseded (before publishing a new one). */
export async function supersedePublished(tx: DbOrTx, templateId: string): Promise<void> {
  await tx
    .update(checklistVersions)
    .set({ status: 'superseded', updatedAt: new Date() })
    .where(and(eq(checklistVersions.templateId, templateId), eq(checklistVersions.status, 'published')));
}

export async function listItems(db: DbOrTx, versionId: string, categories: string[] = []): Promise<ItemRow[]> {
  const conds = [eq(checklistItems.versionId, versionId)];
  if (categories.length) conds.push(inArray(checklistItems.category, categories));
  return db.select().from(checklistItems).where(and(...conds)).orderBy(asc(checklistItems.seq));
}

/**
 * The items of a published (or withdrawn) version: they never change after publication (only a
 * draft's items are replaced), so they are kept per database object, the most recent 32 versions.
 * An inspection reads its version's items on every view and step.
 */
const publishedItemCache = new WeakMap<object, Map<string, Promise<readonly ItemRow[]>>>();
export async function listPublishedItems(db: DbOrTx, versionId: string): Promise<ItemRow[]> {
  let cache = publishedItemCache.get(db);
  if (!cache) publishedItemCache.set(db, (cache = new Map()));
  let items = cache.get(versionId);
  if (!items) {
    items = listItems(db, versionId).then((list) => list.map((x) => Object.freeze(x)));
    cache.set(versionId, items);
    items.catch(() => cache.delete(versionId));
    if (cache.size > 32) cache.delete(cache.keys().next().value!);
  }
  return [...(await items)];
}

export async function countItems(db: DbOrTx, versionId: string, categories: string[] = []): Promise<number> {
  const conds = [eq(checklistItems.versionId, versionId)];
  if (categories.length) conds.push(inArray(checklistItems.category, categories));
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(checklistItems).where(and(...conds));
  return r.n;
}

export async function findItem(db: DbOrTx, versionId: string, itemId: string): Promise<ItemRow | undefined> {
  const [r] = await db
    .select()
    .from(checklistItems)
    .where(and(eq(checklistItems.id, itemId), eq(checklistItems.versionId, versionId)));
  return r;
}

export async function replaceItems(tx: DbOrTx, versionId: string, items: Omit<ItemInsert, 'versionId'>[]): Promise<void> {
  await tx.delete(checklistItems).where(eq(checklistItems.versionId, versionId));
  for (let i = 0; i < items.length; i += 500) {
    await tx.insert(checklistItems).values(items.slice(i, i + 500).map((it) => ({ ...it, versionId })));
  }
}

/** Distinct 类别 of a version, in directory order. */
export async function listCategories(db: DbOrTx, versionId: string): Promise<string[]> {
  const r = await db
    .select({ category: checklistItems.category, first: sql<number>`min(${checklistItems.seq})` })
    .from(checklistItems)
    .where(eq(checklistItems.versionId, versionId))
    .groupBy(checklistItems.category)
    .orderBy(sql`min(${checklistItems.seq})`);
  return r.map((x) => x.category);
}

/** Plans still using a template (a template with plans cannot be deleted). */
export async function countPlansOfTemplate(db: DbOrTx, templateId: string): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(selfInspectionPlans).where(eq(selfInspectionPlans.templateId, templateId));
  return r.n;
}

// ---------- self-inspection (tenant data: every query carries the scope) ----------

export function planScope(scope: Scope): SQL {
  return scopeCondition(scope, { regionCode: selfInspectionPlans.regionCode, sector: selfInspectionPlans.sector, enterpriseId: selfInspectionPlans.enterpriseId });
}

export function runScope(scope: Scope): SQL {
  return scopeCondition(scope, { regionCode: selfInspectionRuns.regionCode, sector: selfInspectionRuns.sector, enterpriseId: selfInspectionRuns.enterpriseId });
}

const planColumns = {
  p: selfInspectionPlans,
  enterpriseName: ent.name,
  templateName: sql<string>`coalesce((SELECT v.name FROM checklist_versions v WHERE v.id = ${checklistTemplates.currentVersionId}), ${checklistTemplates.code})`,
  templateSector: checklistTemplates.sector,
  currentVersionId: checklistTemplates.currentVersionId,
};

export type PlanJoined = { p: PlanRow; enterpriseName: string; templateName: string; templateSector: string; currentVersionId: string | null };

function plansJoined(db: DbOrTx) {
  return db
    .select(planColumns)
    .from(selfInspectionPlans)
    .innerJoin(ent, eq(ent.id, selfInspectionPlans.enterpriseId))
    .innerJoin(checklistTemplates, eq(checklistTemplates.id, selfInspectionPlans.templateId));
}

export async function listPlans(db: DbOrTx, scope: Scope, q: { enterpriseId?: string; active?: boolean }): Promise<PlanJoined[]> {
  const conds: SQL[] = [planScope(scope)];
  if (q.enterpriseId) conds.push(eq(selfInspectionPlans.enterpriseId, q.enterpriseId));
  if (q.active !== undefined) conds.push(eq(selfInspectionPlans.active, q.active));
  return plansJoined(db)
    .where(and(...conds))
    .orderBy(desc(selfInspectionPlans.active), asc(ent.name), asc(selfInspectionPlans.createdAt))
    .limit(500);
}

export async function findPlan(db: DbOrTx, scope: Scope, id: string): Promise<PlanJoined | undefined> {
  const [r] = await plansJoined(db).where(and(eq(selfInspectionPlans.id, id), planScope(scope)));
  return r;
}

export async function lockPlan(tx: DbOrTx, scope: Scope, id: string): Promise<PlanRow | undefined> {
  const [r] = await tx.select().from(selfInspectionPlans).where(and(eq(selfInspectionPlans.id, id), planScope(scope))).for('update');
  return r;
}

export async function insertPlan(tx: DbOrTx, values: typeof selfInspectionPlans.$inferInsert): Promise<PlanRow> {
  const [r] = await tx.insert(selfInspectionPlans).values(values).returning();
  return r;
}

export async function updatePlanRow(tx: DbOrTx, id: string, values: Partial<typeof selfInspectionPlans.$inferInsert>): Promise<PlanRow> {
  const [r] = await tx
    .update(selfInspectionPlans)
    .set({ ...values, version: sql`${selfInspectionPlans.version} + 1`, updatedAt: new Date() })
    .where(eq(selfInspectionPlans.id, id))
    .returning();
  return r;
}

/** Runs of the given plans for the given period keys (the "current period" column of plan lists). */
export async function runsOfPlans(db: DbOrTx, pairs: { planId: string; periodKey: string }[]) {
  if (pairs.length === 0) return [];
  const planIds = [...new Set(pairs.map((p) => p.planId))];
  const keys = [...new Set(pairs.map((p) => p.periodKey))];
  return db
    .select({
      id: selfInspectionRuns.id,
      planId: selfInspectionRuns.planId,
      periodKey: selfInspectionRuns.periodKey,
      status: selfInspectionRuns.status,
      itemTotal: selfInspectionRuns.itemTotal,
      answered: sql<number>`(SELECT count(*)::int FROM self_inspection_results r WHERE r.run_id = ${selfInspectionRuns.id})`,
    })
    .from(selfInspectionRuns)
    .where(and(inArray(selfInspectionRuns.planId, planIds), inArray(selfInspectionRuns.periodKey, keys)));
}

export async function insertRun(tx: DbOrTx, values: typeof selfInspectionRuns.$inferInsert): Promise<RunRow | undefined> {
  const [r] = await tx.insert(selfInspectionRuns).values(values).onConflictDoNothing().returning();
  return r;
}

export async function findRunOfPeriod(db: DbOrTx, planId: string, periodKey: string): Promise<RunRow | undefined> {
  const [r] = await db
    .select()
    .from(selfInspectionRuns)
    .where(and(eq(selfInspectionRuns.planId, planId), eq(selfInspectionRuns.periodKey, periodKey)));
  return r;
}

const runColumns = {
  r: selfInspectionRuns,
  planName: selfInspectionPlans.name,
  enterpriseName: ent.name,
  templateName: checklistVersions.name,
  version: checklistVersions.version,
};
export type RunJoined = { r: RunRow; planName: string; enterpriseName: string; templateName: string; version: number };

function runsJoined(db: DbOrTx) {
  return db
    .select(runColumns)
    .from(selfInspectionRuns)
    .innerJoin(selfInspectionPlans, eq(selfInspectionPlans.id, selfInspectionRuns.planId))
    .innerJoin(ent, eq(ent.id, selfInspectionRuns.enterpriseId))
    .innerJoin(checklistVersions, eq(checklistVersions.id, selfInspectionRuns.versionId));
}

export async function findRun(db: DbOrTx, scope: Scope, id: string): Promise<RunJoined | undefined> {
  const [r] = await runsJoined(db).where(and(eq(selfInspectionRuns.id, id), runScope(scope)));
  return r;
}

export async function lockRun(tx: DbOrTx, scope: Scope, id: string): Promise<RunRow | undefined> {
  const [r] = await tx.select().from(selfInspectionRuns).where(and(eq(selfInspectionRuns.id, id), runScope(scope))).for('update');
  return r;
}

export async function updateRunRow(tx: DbOrTx, id: string, values: Partial<typeof selfInspectionRuns.$inferInsert>): Promise<RunRow> {
  const [r] = await tx
    .update(selfInspectionRuns)
    .set({ ...values, rev: sql`${selfInspectionRuns.rev} + 1`, updatedAt: new Date() })
    .where(eq(selfInspectionRuns.id, id))
    .returning();
  return r;
}

export async function listRuns(db: DbOrTx, scope: Scope, q: RunQuery): Promise<{ rows: RunJoined[]; total: number }> {
  const conds: SQL[] = [runScope(scope)];
  if (q.enterpriseId) conds.push(eq(selfInspectionRuns.enterpriseId, q.enterpriseId));
  if (q.planId) conds.push(eq(selfInspectionRuns.planId, q.planId));
  if (q.status) conds.push(eq(selfInspectionRuns.status, q.status));
  if (q.from) conds.push(sql`${selfInspectionRuns.periodEnd} >= ${q.from}`);
  if (q.to) conds.push(sql`${selfInspectionRuns.periodEnd} <= ${q.to}`);
  const where = and(...conds);
  const [list, [{ total }]] = await Promise.all([
    runsJoined(db)
      .where(where)
      .orderBy(desc(selfInspectionRuns.periodEnd), asc(ent.name), asc(selfInspectionRuns.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(selfInspectionRuns).where(where),
  ]);
  return { rows: list, total };
}

export async function listResults(db: DbOrTx, runId: string): Promise<ResultRow[]> {
  return db.select().from(selfInspectionResults).where(eq(selfInspectionResults.runId, runId));
}

export async function upsertResult(tx: DbOrTx, values: typeof selfInspectionResults.$inferInsert): Promise<ResultRow> {
  const { runId: _r, itemId: _i, ...set } = values;
  const [r] = await tx
    .insert(selfInspectionResults)
    .values(values)
    .onConflictDoUpdate({ target: [selfInspectionResults.runId, selfInspectionResults.itemId], set: { ...set, hazardId: null, hazardCode: null } })
    .returning();
  return r;
}

export async function setResultHazard(tx: DbOrTx, id: string, hazardId: string, hazardCode: string): Promise<void> {
  await tx.update(selfInspectionResults).set({ hazardId, hazardCode }).where(eq(selfInspectionResults.id, id));
}

/** Photo files the run may reference: 'checklist.photo' uploads of the run's enterprise. */
export async function findRunPhotos(db: DbOrTx, ids: string[], enterpriseId: string) {
  if (ids.length === 0) return [];
  return db
    .select({ id: files.id, name: files.name, mime: files.mime, purpose: files.purpose, enterpriseId: files.enterpriseId })
    .from(files)
    .where(and(inArray(files.id, ids), eq(files.enterpriseId, enterpriseId), eq(files.purpose, 'checklist.photo')));
}

export async function readFileData(db: DbOrTx, id: string) {
  const [r] = await db.select({ id: files.id, name: files.name, data: files.data }).from(files).where(eq(files.id, id));
  return r;
}

/** A 'checklist.photo' file is visible to whoever sees a run of its enterprise (departments by sector). */
export async function photoVisible(db: DbOrTx, scope: Scope, fileId: string): Promise<boolean> {
  const [r] = await rows<{ ok: number }>(
    db,
    sql`SELECT 1 AS ok FROM self_inspection_results res JOIN self_inspection_runs ON self_inspection_runs.id = res.run_id
        WHERE (${fileId}::uuid = ANY(res.photo_file_ids) OR ${fileId}::uuid = ANY(res.after_photo_file_ids)) AND ${runScope(scope)} LIMIT 1`,
  );
  return !!r;
}

export async function enterpriseUserIds(db: DbOrTx, enterpriseIds: string[]) {
  if (enterpriseIds.length === 0) return [];
  return db
    .select({ id: users.id, enterpriseId: users.enterpriseId })
    .from(users)
    .where(and(inArray(users.enterpriseId, enterpriseIds), eq(users.active, true)));
}

// ---------- 自查自改自报 statistics ----------

/**
 * Due periods per plan in [from, to], computed arithmetically (O(plans), not O(periods)): periods
 * that ENDED on or before yesterday within the plan's active range, plus runs already submitted
 * for periods that end today or later (early completion). Same rule as shared/checklist/cycle.ts
 * `countPeriodEnds` (tests cross-check).
 */
function dueCte(scope: Scope, q: { from: string; to: string; today: string; regionCode?: string; sector?: string; enterpriseId?: string }): SQL {
  const yesterday = sql`(${q.today}::date - 1)`;
  const filters: SQL[] = [planScope(scope)];
  if (q.regionCode) filters.push(sql`self_inspection_plans.region_code LIKE ${`${escapeLike(q.regionCode)}%`}`);
  if (q.sector) filters.push(sql`self_inspection_plans.sector = ${q.sector}`);
  if (q.enterpriseId) filters.push(sql`self_inspection_plans.enterprise_id = ${q.enterpriseId}`);
  return sql`
    rng AS (
      SELECT self_inspection_plans.id, self_inspection_plans.enterprise_id, self_inspection_plans.region_code, self_inspection_plans.sector, self_inspection_plans.cycle,
        GREATEST(self_inspection_plans.start_date, ${q.from}::date) AS s,
        LEAST(COALESCE(self_inspection_plans.end_date, ${q.to}::date), ${q.to}::date, ${yesterday}) AS e
      FROM self_inspection_plans WHERE ${and(...filters)}
    ),
    ended AS (
      SELECT rng.*, CASE
        WHEN rng.e < rng.s THEN 0
        WHEN rng.cycle = 'daily' THEN (rng.e - rng.s) + 1
        WHEN rng.cycle = 'weekly' THEN CASE
          WHEN rng.s + ((7 - extract(isodow FROM rng.s)::int) % 7) > rng.e THEN 0
          ELSE ((rng.e - (rng.s + ((7 - extract(isodow FROM rng.s)::int) % 7))) / 7) + 1 END
        ELSE (extract(year FROM rng.e)::int * 12 + extract(month FROM rng.e)::int) - (extract(year FROM rng.s)::int * 12 + extract(month FROM rng.s)::int)
          + CASE WHEN (date_trunc('month', rng.e) + interval '1 month - 1 day')::date = rng.e THEN 1 ELSE 0 END
        END AS ended
      FROM rng
    ),
    rr AS (
      SELECT ru.plan_id,
        count(*) FILTER (WHERE ru.status = 'submitted')::int AS done,
        count(*) FILTER (WHERE ru.status = 'submitted' AND ru.period_end >= ${q.today}::date)::int AS early,
        max(ru.submitted_at) AS last_submitted_at,
        coalesce(sum(ru.hazard_count) FILTER (WHERE ru.status = 'submitted'), 0)::int AS reported,
        coalesce(sum(ru.major_count) FILTER (WHERE ru.status = 'submitted'), 0)::int AS reported_major,
        coalesce(sum(ru.fixed_count) FILTER (WHERE ru.status = 'submitted'), 0)::int AS fixed_on_spot
      FROM self_inspection_runs ru JOIN rng ON rng.id = ru.plan_id
      WHERE ru.period_end BETWEEN ${q.from}::date AND ${q.to}::date
      GROUP BY ru.plan_id
    ),
    rect AS (
      SELECT ru.plan_id, count(*)::int AS rectified
      FROM self_inspection_runs ru
      JOIN rng ON rng.id = ru.plan_id
      JOIN self_inspection_results res ON res.run_id = ru.id
      WHERE ru.period_end BETWEEN ${q.from}::date AND ${q.to}::date AND ru.status = 'submitted'
        AND ${hazardRectified(sql`res.hazard_id`)}
      GROUP BY ru.plan_id
    ),
    per_plan AS (
      SELECT ended.id, ended.enterprise_id, ended.region_code, ended.sector,
        (ended.ended + coalesce(rr.early, 0))::int AS due,
        LEAST(coalesce(rr.done, 0), ended.ended + coalesce(rr.early, 0))::int AS done,
        coalesce(rr.reported, 0) AS reported, coalesce(rr.reported_major, 0) AS reported_major,
        coalesce(rr.fixed_on_spot, 0) AS fixed_on_spot, coalesce(rect.rectified, 0) AS rectified,
        rr.last_submitted_at
      FROM ended LEFT JOIN rr ON rr.plan_id = ended.id LEFT JOIN rect ON rect.plan_id = ended.id
    )`;
}

export interface TallyRow {
  key: string | null;
  enterprises: number;
  due: number;
  done: number;
  reported: number;
  reported_major: number;
  fixed_on_spot: number;
  rectified: number;
}

const tallySums = sql`count(DISTINCT enterprise_id)::int AS enterprises, coalesce(sum(due), 0)::int AS due, coalesce(sum(done), 0)::int AS done,
  coalesce(sum(reported), 0)::int AS reported, coalesce(sum(reported_major), 0)::int AS reported_major,
  coalesce(sum(fixed_on_spot), 0)::int AS fixed_on_spot, coalesce(sum(rectified), 0)::int AS rectified`;

export async function tallyBy(
  db: DbOrTx,
  scope: Scope,
  q: { from: string; to: string; today: string; regionCode?: string; sector?: string; enterpriseId?: string },
  by: 'total' | 'region' | 'sector',
): Promise<TallyRow[]> {
  const key = by === 'region' ? sql`region_code` : by === 'sector' ? sql`sector` : sql`NULL::text`;
  return rows<TallyRow>(db, sql`WITH ${dueCte(scope, q)} SELECT ${key} AS key, ${tallySums} FROM per_plan GROUP BY 1 ORDER BY 1`);
}

export interface BehindDbRow {
  enterprise_id: string;
  enterprise_name: string;
  region_code: string;
  sector: string;
  due: number;
  done: number;
  last_submitted_at: Date | string | null;
}

/** Enterprises with due runs not done, most missed first. */
export async function behindSchedule(
  db: DbOrTx,
  scope: Scope,
  q: { from: string; to: string; today: string; regionCode?: string; sector?: string },
  limit = 200,
): Promise<BehindDbRow[]> {
  return rows<BehindDbRow>(
    db,
    sql`WITH ${dueCte(scope, q)}
      SELECT per_plan.enterprise_id, ${ent.name} AS enterprise_name, ${ent.regionCode} AS region_code, ${ent.sector} AS sector,
        sum(due)::int AS due, sum(done)::int AS done, max(last_submitted_at) AS last_submitted_at
      FROM per_plan JOIN ${ent} ON ${ent.id} = per_plan.enterprise_id
      GROUP BY per_plan.enterprise_id, ${ent.name}, ${ent.regionCode}, ${ent.sector}
      HAVING sum(due) > sum(done)
      ORDER BY sum(due) - sum(done) DESC, sum(done)::float / nullif(sum(due), 0) ASC, ${ent.name}
      LIMIT ${limit}`,
  );
}

// ---------- missed runs (job) ----------

/** Close in-progress runs whose period has ended. */
export async function markInProgressMissed(tx: DbOrTx, today: string) {
  return tx
    .update(selfInspectionRuns)
    .set({ status: 'missed', updatedAt: new Date() })
    .where(and(eq(selfInspectionRuns.status, 'in_progress'), sql`${selfInspectionRuns.periodEnd} < ${today}::date`))
    .returning({ id: selfInspectionRuns.id, enterpriseId: selfInspectionRuns.enterpriseId, periodKey: selfInspectionRuns.periodKey });
}

/**
 * Insert a 'missed' run for every active plan of `cycle` whose period [start, end] ended without a
 * run. Idempotent (unique plan+period).
 */
export async function insertMissedRuns(tx: DbOrTx, cycle: string, period: { key: string; start: string; end: string }) {
  return rows<{ id: string; enterprise_id: string; period_key: string }>(
    tx,
    sql`INSERT INTO self_inspection_runs (plan_id, enterprise_id, region_code, sector, template_id, version_id, cycle, categories, period_key, period_start, period_end, status, item_total)
      SELECT p.id, p.enterprise_id, p.region_code, p.sector, p.template_id, t.current_version_id, p.cycle, p.categories, ${period.key}, ${period.start}::date, ${period.end}::date, 'missed',
        (SELECT count(*)::int FROM checklist_items i WHERE i.version_id = t.current_version_id AND (cardinality(p.categories) = 0 OR i.category = ANY(p.categories)))
      FROM self_inspection_plans p JOIN checklist_templates t ON t.id = p.template_id
      WHERE p.cycle = ${cycle} AND t.current_version_id IS NOT NULL
        AND p.start_date <= ${period.end}::date AND (p.end_date IS NULL OR p.end_date >= ${period.end}::date)
      ON CONFLICT (plan_id, period_key) DO NOTHING
      RETURNING id, enterprise_id, period_key`,
  );
}

