import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { rows, type DbOrTx } from '../../db';
import { escapeLike, type Actor } from '../../platform/access';
import { units } from '../org';
import {
  campaignAssignments,
  campaignDuties,
  campaignIndicators,
  campaignIndicatorValues,
  campaignListEntries,
  campaignMilestones,
  campaignPeriods,
  campaignPhases,
  campaignReportEntries,
  campaignReports,
  campaignReviews,
  campaigns,
  campaignSummaries,
  campaignTasks,
  campaignVetoes,
  campaignWebhookOutbox,
} from './campaign.schema';

export type CampaignRow = typeof campaigns.$inferSelect;
export type TaskRow = typeof campaignTasks.$inferSelect;
export type AssignmentRow = typeof campaignAssignments.$inferSelect;
export type MilestoneRow = typeof campaignMilestones.$inferSelect;
export type IndicatorRow = typeof campaignIndicators.$inferSelect;
export type PhaseRow = typeof campaignPhases.$inferSelect;
export type ReportRow = typeof campaignReports.$inferSelect;
export type EntryRow = typeof campaignReportEntries.$inferSelect;
export type ListEntryRow = typeof campaignListEntries.$inferSelect;
export type SummaryRow = typeof campaignSummaries.$inferSelect;

// ---------- scope ----------

/**
 * Campaign data is owned by units, not by sectors: a department or street sees and edits its own
 * reports and duties (streets: their 属地 duties); the office sees everything under its region
 * prefix; admin sees all. (The platform's sector scope of departments is about enterprises.)
 */
export type CampaignScope = { kind: 'all' } | { kind: 'region'; prefix: string } | { kind: 'unit'; unitId: string; regionCode: string } | { kind: 'none' };

export function campaignScopeOf(actor: Actor): CampaignScope {
  if (actor.scope.kind === 'all') return { kind: 'all' };
  if (actor.unitKind === 'office' || actor.unitKind === 'committee') return { kind: 'region', prefix: actor.regionCode };
  if (actor.unitId && actor.scope.kind !== 'enterprise' && actor.scope.kind !== 'none') return { kind: 'unit', unitId: actor.unitId, regionCode: actor.regionCode };
  return { kind: 'none' };
}

const like = (prefix: string) => `${escapeLike(prefix)}%`;

/** Campaigns the actor takes part in: the office's region; a unit's when the campaign covers its territory. */
function campaignVisible(scope: CampaignScope): SQL {
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'region':
      return sql`${campaigns.regionCode} LIKE ${like(scope.prefix)}`;
    case 'unit':
      return sql`${scope.regionCode} LIKE ${campaigns.regionCode} || '%'`;
    case 'none':
      return sql`false`;
  }
}

/** Owner scope of unit-owned records (reports, lists, summaries, duties). */
export function ownedBy(scope: CampaignScope, cols: { unitId: SQL | AnyPgColumn; regionCode: SQL | AnyPgColumn }): SQL {
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'region':
      return sql`${cols.regionCode} LIKE ${like(scope.prefix)}`;
    case 'unit':
      return sql`${cols.unitId} = ${scope.unitId}`;
    case 'none':
      return sql`false`;
  }
}

// ---------- campaigns ----------

export async function insertCampaign(tx: DbOrTx, values: typeof campaigns.$inferInsert): Promise<CampaignRow> {
  const [r] = await tx.insert(campaigns).values(values).returning();
  return r;
}

export async function findCampaign(db: DbOrTx, scope: CampaignScope, id: string): Promise<CampaignRow | undefined> {
  const [r] = await db.select().from(campaigns).where(and(eq(campaigns.id, id), campaignVisible(scope)));
  return r;
}

export async function lockCampaign(tx: DbOrTx, scope: CampaignScope, id: string): Promise<CampaignRow | undefined> {
  const [r] = await tx.select().from(campaigns).where(and(eq(campaigns.id, id), campaignVisible(scope))).for('update');
  return r;
}

export async function listCampaigns(db: DbOrTx, scope: CampaignScope): Promise<CampaignRow[]> {
  return db.select().from(campaigns).where(campaignVisible(scope)).orderBy(desc(campaigns.startDate), asc(campaigns.name));
}

export async function listActiveCampaigns(db: DbOrTx): Promise<CampaignRow[]> {
  return db.select().from(campaigns).where(eq(campaigns.status, 'active')).orderBy(asc(campaigns.createdAt));
}

export async function updateCampaignRow(tx: DbOrTx, id: string, values: Partial<typeof campaigns.$inferInsert>): Promise<CampaignRow> {
  const [r] = await tx
    .update(campaigns)
    .set({ ...values, version: sql`${campaigns.version} + 1`, updatedAt: new Date() })
    .where(eq(campaigns.id, id))
    .returning();
  return r;
}

export async function campaignCounts(db: DbOrTx, ids: string[]): Promise<Map<string, { tasks: number; items: number; units: number; indicators: number }>> {
  if (!ids.length) return new Map();
  const r = await rows<{ id: string; tasks: number; items: number; units: number; indicators: number }>(
    db,
    sql`SELECT c.id,
          (SELECT count(*) FROM campaign_tasks t WHERE t.campaign_id = c.id AND t.kind = 'task')::int AS tasks,
          (SELECT count(*) FROM campaign_tasks t WHERE t.campaign_id = c.id AND t.is_work)::int AS items,
          (SELECT count(DISTINCT d.unit_id) FROM campaign_duties d WHERE d.campaign_id = c.id)::int AS units,
          (SELECT count(*) FROM campaign_indicators i WHERE i.campaign_id = c.id)::int AS indicators
        FROM campaigns c WHERE c.id IN (${sql.join(
          ids.map((i) => sql`${i}::uuid`),
          sql`, `,
        )})`,
  );
  return new Map(r.map((x) => [x.id, { tasks: Number(x.tasks), items: Number(x.items), units: Number(x.units), indicators: Number(x.indicators) }]));
}

// ---------- tree ----------

export async function insertTasks(tx: DbOrTx, values: (typeof campaignTasks.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < values.length; i += 500) await tx.insert(campaignTasks).values(values.slice(i, i + 500));
}

export async function insertAssignments(tx: DbOrTx, values: (typeof campaignAssignments.$inferInsert)[]): Promise<void> {
  await bulkInsert(
    tx,
    'campaign_assignments',
    [
      ['campaign_id', 'uuid'],
      ['task_id', 'uuid'],
      ['role', 'text'],
      ['unit_id', 'uuid'],
      ['reporting_unit_id', 'uuid'],
      ['name', 'text'],
      ['generic', 'boolean'],
      ['sort', 'int'],
    ],
    values.map((a) => ({ campaign_id: a.campaignId, task_id: a.taskId, role: a.role, unit_id: a.unitId ?? null, reporting_unit_id: a.reportingUnitId ?? null, name: a.name, generic: a.generic ?? false, sort: a.sort ?? 0 })),
  );
}

export async function insertMilestones(tx: DbOrTx, values: (typeof campaignMilestones.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < values.length; i += 1000) await tx.insert(campaignMilestones).values(values.slice(i, i + 1000));
}

export async function insertIndicators(tx: DbOrTx, values: (typeof campaignIndicators.$inferInsert)[]): Promise<IndicatorRow[]> {
  if (!values.length) return [];
  return tx.insert(campaignIndicators).values(values).returning();
}

export async function insertPhases(tx: DbOrTx, values: (typeof campaignPhases.$inferInsert)[]): Promise<void> {
  if (values.length) await tx.insert(campaignPhases).values(values);
}

export async function listTasks(db: DbOrTx, campaignId: string): Promise<TaskRow[]> {
  return db.select().from(campaignTasks).where(eq(campaignTasks.campaignId, campaignId)).orderBy(asc(campaignTasks.sort));
}

/** Task-level nodes with their titles (dashboard labels), without the texts. */
export async function listTaskTitles(db: DbOrTx, campaignId: string) {
  return db
    .select({ id: campaignTasks.id, nodeId: campaignTasks.nodeId, title: campaignTasks.title, sort: campaignTasks.sort })
    .from(campaignTasks)
    .where(and(eq(campaignTasks.campaignId, campaignId), sql`(${campaignTasks.kind} = 'task' OR ${campaignTasks.taskId} = ${campaignTasks.id})`))
    .orderBy(asc(campaignTasks.sort));
}

/** The tree without texts (duty rebuilds). */
export async function listTreeShape(db: DbOrTx, campaignId: string) {
  return db
    .select({ id: campaignTasks.id, parentId: campaignTasks.parentId, kind: campaignTasks.kind, isWork: campaignTasks.isWork, taskId: campaignTasks.taskId, dueDate: campaignTasks.dueDate })
    .from(campaignTasks)
    .where(eq(campaignTasks.campaignId, campaignId))
    .orderBy(asc(campaignTasks.sort));
}

export async function findTask(db: DbOrTx, campaignId: string, taskId: string): Promise<TaskRow | undefined> {
  const [r] = await db.select().from(campaignTasks).where(and(eq(campaignTasks.id, taskId), eq(campaignTasks.campaignId, campaignId)));
  return r;
}

export async function findTaskById(db: DbOrTx, taskId: string): Promise<TaskRow | undefined> {
  const [r] = await db.select().from(campaignTasks).where(eq(campaignTasks.id, taskId));
  return r;
}

export async function updateTaskRow(tx: DbOrTx, id: string, values: Partial<typeof campaignTasks.$inferInsert>): Promise<TaskRow> {
  // An edit that changes nothing ({}): UPDATE … SET with no column is not SQL.
  if (Object.keys(values).length === 0) return (await tx.select().from(campaignTasks).where(eq(campaignTasks.id, id)))[0];
  const [r] = await tx.update(campaignTasks).set(values).where(eq(campaignTasks.id, id)).returning();
  return r;
}

export async function deleteTaskRows(tx: DbOrTx, ids: string[]): Promise<void> {
  if (ids.length) await tx.delete(campaignTasks).where(inArray(campaignTasks.id, ids));
}

export async function entriesExistForItems(db: DbOrTx, ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(campaignReportEntries).where(inArray(campaignReportEntries.itemId, ids));
  return Number(r.n);
}

export async function maxSort(db: DbOrTx, campaignId: string): Promise<number> {
  const [r] = await db.select({ m: sql<number>`coalesce(max(${campaignTasks.sort}), -1)::int` }).from(campaignTasks).where(eq(campaignTasks.campaignId, campaignId));
  return Number(r.m);
}

export async function shiftSorts(tx: DbOrTx, campaignId: string, fromSort: number): Promise<void> {
  await tx.execute(sql`UPDATE campaign_tasks SET sort = sort + 1 WHERE campaign_id = ${campaignId} AND sort >= ${fromSort}`);
}

export async function listAssignments(db: DbOrTx, campaignId: string) {
  return db
    .select({ a: campaignAssignments, reportingUnitName: units.shortName })
    .from(campaignAssignments)
    .leftJoin(units, eq(units.id, campaignAssignments.reportingUnitId))
    .where(eq(campaignAssignments.campaignId, campaignId))
    .orderBy(asc(campaignAssignments.sort));
}

export async function listAssignmentsOfTask(db: DbOrTx, taskId: string): Promise<AssignmentRow[]> {
  return db.select().from(campaignAssignments).where(eq(campaignAssignments.taskId, taskId)).orderBy(asc(campaignAssignments.sort));
}

export async function replaceAssignments(tx: DbOrTx, taskId: string, values: (typeof campaignAssignments.$inferInsert)[]): Promise<void> {
  await tx.delete(campaignAssignments).where(eq(campaignAssignments.taskId, taskId));
  await insertAssignments(tx, values);
}

export async function listMilestones(db: DbOrTx, campaignId: string): Promise<MilestoneRow[]> {
  return db.select().from(campaignMilestones).where(eq(campaignMilestones.campaignId, campaignId)).orderBy(asc(campaignMilestones.dueDate));
}

export async function replaceMilestones(tx: DbOrTx, taskId: string, values: (typeof campaignMilestones.$inferInsert)[]): Promise<MilestoneRow[]> {
  const before = await tx.select().from(campaignMilestones).where(eq(campaignMilestones.taskId, taskId));
  await tx.delete(campaignMilestones).where(eq(campaignMilestones.taskId, taskId));
  await insertMilestones(tx, values);
  return before;
}

export async function listIndicators(db: DbOrTx, campaignId: string) {
  return db
    .select({ i: campaignIndicators, nodeId: campaignTasks.nodeId })
    .from(campaignIndicators)
    .leftJoin(campaignTasks, eq(campaignTasks.id, campaignIndicators.taskId))
    .where(eq(campaignIndicators.campaignId, campaignId))
    .orderBy(asc(campaignIndicators.sort), asc(campaignIndicators.name));
}

export async function findIndicator(db: DbOrTx, campaignId: string, id: string): Promise<IndicatorRow | undefined> {
  const [r] = await db.select().from(campaignIndicators).where(and(eq(campaignIndicators.id, id), eq(campaignIndicators.campaignId, campaignId)));
  return r;
}

export async function updateIndicatorRow(tx: DbOrTx, id: string, values: Partial<typeof campaignIndicators.$inferInsert>): Promise<IndicatorRow> {
  // An edit that changes nothing ({}): UPDATE … SET with no column is not SQL.
  if (Object.keys(values).length === 0) return (await tx.select().from(campaignIndicators).where(eq(campaignIndicators.id, id)))[0];
  const [r] = await tx.update(campaignIndicators).set(values).where(eq(campaignIndicators.id, id)).returning();
  return r;
}

export async function deleteIndicatorRow(tx: DbOrTx, id: string): Promise<void> {
  await tx.delete(campaignIndicators).where(eq(campaignIndicators.id, id));
}

export async function indicatorValueCount(db: DbOrTx, id: string): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(campaignIndicatorValues).where(eq(campaignIndicatorValues.indicatorId, id));
  return Number(r.n);
}

export async function listPhases(db: DbOrTx, campaignId: string): Promise<PhaseRow[]> {
  return db.select().from(campaignPhases).where(eq(campaignPhases.campaignId, campaignId)).orderBy(asc(campaignPhases.ordinal));
}

export async function replacePhases(tx: DbOrTx, campaignId: string, values: (typeof campaignPhases.$inferInsert)[]): Promise<PhaseRow[]> {
  const before = await listPhases(tx, campaignId);
  await tx.delete(campaignPhases).where(eq(campaignPhases.campaignId, campaignId));
  await insertPhases(tx, values);
  return before;
}

// ---------- duties ----------

/**
 * Many rows in one statement: the rows travel as one JSON parameter and PostgreSQL unpacks them
 * (jsonb_to_recordset) — far cheaper than tens of thousands of bind parameters. Table and column
 * names come from this file, never from input.
 */
export async function bulkInsert(tx: DbOrTx, table: string, columns: [string, string][], data: Record<string, unknown>[], chunk = 5000): Promise<void> {
  const cols = columns.map(([c]) => `"${c}"`).join(', ');
  const defs = columns.map(([c, t]) => `"${c}" ${t}`).join(', ');
  for (let i = 0; i < data.length; i += chunk) {
    const json = JSON.stringify(data.slice(i, i + chunk));
    await tx.execute(sql`INSERT INTO ${sql.raw(`"${table}"`)} (${sql.raw(cols)}) SELECT ${sql.raw(cols)} FROM jsonb_to_recordset(${json}::jsonb) AS x(${sql.raw(defs)})`);
  }
}

export const DUTY_COLUMNS: [string, string][] = [
  ['campaign_id', 'uuid'],
  ['item_id', 'uuid'],
  ['task_id', 'uuid'],
  ['unit_id', 'uuid'],
  ['role', 'text'],
  ['region_code', 'text'],
  ['due_date', 'date'],
];

export async function replaceDuties(tx: DbOrTx, campaignId: string, values: { campaignId: string; itemId: string; taskId: string; unitId: string; role: string; regionCode: string; dueDate: string | null }[]): Promise<void> {
  await tx.delete(campaignDuties).where(eq(campaignDuties.campaignId, campaignId));
  await bulkInsert(
    tx,
    'campaign_duties',
    DUTY_COLUMNS,
    values.map((v) => ({ campaign_id: v.campaignId, item_id: v.itemId, task_id: v.taskId, unit_id: v.unitId, role: v.role, region_code: v.regionCode, due_date: v.dueDate })),
  );
}

/** Work flags, task links and effective due dates of the tree (after a rebuild), in one statement. */
export async function updateWorkColumns(tx: DbOrTx, campaignId: string, values: { id: string; isWork: boolean; taskId: string | null; dueDate: string | null }[]): Promise<void> {
  for (let i = 0; i < values.length; i += 1000) {
    const chunk = values.slice(i, i + 1000);
    const tuples = chunk.map((v) => sql`(${v.id}::uuid, ${v.isWork}::boolean, ${v.taskId}::uuid, ${v.dueDate}::date)`);
    await tx.execute(sql`UPDATE campaign_tasks t SET is_work = v.is_work, task_id = v.task_id, due_date = v.due_date
      FROM (VALUES ${sql.join(tuples, sql`, `)}) AS v(id, is_work, task_id, due_date)
      WHERE t.id = v.id AND t.campaign_id = ${campaignId}`);
  }
}

/**
 * A duty's status = the item's status in the unit's latest accepted report that mentions it
 * (reports carry only the items they changed). Recomputed, not incremented, so returning an
 * accepted report or rebuilding the duties can never leave a stale figure behind.
 */
export async function refreshDutyStatus(tx: DbOrTx, campaignId: string, unitId?: string): Promise<void> {
  const unitCond = unitId ? sql`AND d.unit_id = ${unitId}` : sql``;
  const unitCondE = unitId ? sql`AND e.unit_id = ${unitId}` : sql``;
  await tx.execute(sql`
    UPDATE campaign_duties d SET status = coalesce(x.status, '未开始'), status_period = x.period
    FROM campaign_duties d2
    LEFT JOIN (
      SELECT DISTINCT ON (e.unit_id, e.item_id) e.unit_id, e.item_id, e.status, e.period
      FROM campaign_report_entries e
      JOIN campaign_reports r ON r.id = e.report_id AND r.status = 'accepted'
      WHERE e.campaign_id = ${campaignId} ${unitCondE}
      ORDER BY e.unit_id, e.item_id, e.period DESC
    ) x ON x.unit_id = d2.unit_id AND x.item_id = d2.item_id
    WHERE d.id = d2.id AND d.campaign_id = ${campaignId} ${unitCond}
      AND (d.status IS DISTINCT FROM coalesce(x.status, '未开始') OR d.status_period IS DISTINCT FROM x.period)`);
}

export interface DutyItem {
  itemId: string;
  nodeId: string;
  title: string;
  text: string;
  taskId: string;
  taskNodeId: string;
  taskTitle: string;
  role: 'lead' | 'co' | 'territorial';
  dueDate: string | null;
  status: string;
  statusPeriod: string | null;
  sort: number;
}

/** The items a unit reports on, in document order. */
export async function dutiesOfUnit(db: DbOrTx, campaignId: string, unitId: string): Promise<DutyItem[]> {
  return rows<DutyItem>(
    db,
    sql`SELECT d.item_id AS "itemId", i.node_id AS "nodeId", i.title, i.text, d.task_id AS "taskId", t.node_id AS "taskNodeId", t.title AS "taskTitle",
               d.role, to_char(d.due_date, 'YYYY-MM-DD') AS "dueDate", d.status, d.status_period AS "statusPeriod", i.sort
        FROM campaign_duties d
        JOIN campaign_tasks i ON i.id = d.item_id
        JOIN campaign_tasks t ON t.id = d.task_id
        WHERE d.campaign_id = ${campaignId} AND d.unit_id = ${unitId}
        ORDER BY i.sort`,
  );
}

/** Units with duties in a campaign (the units expected to report), with their kind and region. */
export async function reportingUnits(db: DbOrTx, campaignId: string, scope: CampaignScope) {
  return rows<{ unitId: string; name: string; kind: string; regionCode: string; code: string; sort: number; items: number; lead: number }>(
    db,
    sql`SELECT u.id AS "unitId", u.short_name AS name, u.kind, u.region_code AS "regionCode", u.code, u.sort,
               count(*)::int AS items, count(*) FILTER (WHERE d.role = 'lead')::int AS lead
        FROM campaign_duties d JOIN units u ON u.id = d.unit_id
        WHERE d.campaign_id = ${campaignId} AND ${ownedBy(scope, { unitId: sql`d.unit_id`, regionCode: sql`d.region_code` })}
        GROUP BY u.id ORDER BY u.sort, u.code`,
  );
}

export async function unitHasDuties(db: DbOrTx, campaignId: string, unitId: string): Promise<boolean> {
  const [r] = await db.select({ id: campaignDuties.id }).from(campaignDuties).where(and(eq(campaignDuties.campaignId, campaignId), eq(campaignDuties.unitId, unitId))).limit(1);
  return !!r;
}

// ---------- periods ----------

export async function closedPeriods(db: DbOrTx, campaignId: string): Promise<Set<string>> {
  const r = await db.select({ period: campaignPeriods.period }).from(campaignPeriods).where(eq(campaignPeriods.campaignId, campaignId));
  return new Set(r.map((x) => x.period));
}

export async function isPeriodClosed(db: DbOrTx, campaignId: string, period: string): Promise<boolean> {
  const [r] = await db
    .select({ p: campaignPeriods.period })
    .from(campaignPeriods)
    .where(and(eq(campaignPeriods.campaignId, campaignId), eq(campaignPeriods.period, period)));
  return !!r;
}

export async function closePeriodRow(tx: DbOrTx, campaignId: string, period: string, userId: string | null, note: string): Promise<boolean> {
  const r = await tx.insert(campaignPeriods).values({ campaignId, period, closedBy: userId, note }).onConflictDoNothing().returning({ p: campaignPeriods.period });
  return r.length > 0;
}

export async function reopenPeriodRow(tx: DbOrTx, campaignId: string, period: string): Promise<boolean> {
  const r = await tx
    .delete(campaignPeriods)
    .where(and(eq(campaignPeriods.campaignId, campaignId), eq(campaignPeriods.period, period)))
    .returning({ p: campaignPeriods.period });
  return r.length > 0;
}

/** Reports per period and status (period overview). */
export async function reportCountsByPeriod(db: DbOrTx, campaignId: string, scope: CampaignScope) {
  return rows<{ period: string; status: string; late: boolean; n: number }>(
    db,
    sql`SELECT period, status, late, count(*)::int AS n FROM campaign_reports r
        WHERE r.campaign_id = ${campaignId} AND ${ownedBy(scope, { unitId: sql`r.unit_id`, regionCode: sql`r.region_code` })}
        GROUP BY period, status, late`,
  );
}

// ---------- reports ----------

export async function findReport(db: DbOrTx, scope: CampaignScope, id: string): Promise<ReportRow | undefined> {
  const [r] = await db.select().from(campaignReports).where(and(eq(campaignReports.id, id), ownedBy(scope, campaignReports)));
  return r;
}

export async function lockReport(tx: DbOrTx, scope: CampaignScope, id: string): Promise<ReportRow | undefined> {
  const [r] = await tx.select().from(campaignReports).where(and(eq(campaignReports.id, id), ownedBy(scope, campaignReports))).for('update');
  return r;
}

export async function findReportOf(db: DbOrTx, campaignId: string, unitId: string, period: string): Promise<ReportRow | undefined> {
  const [r] = await db
    .select()
    .from(campaignReports)
    .where(and(eq(campaignReports.campaignId, campaignId), eq(campaignReports.unitId, unitId), eq(campaignReports.period, period)));
  return r;
}

/** Insert the unit's report for a period unless it exists (two tabs saving at once), then lock it. */
export async function ensureReport(tx: DbOrTx, values: typeof campaignReports.$inferInsert): Promise<{ row: ReportRow; created: boolean }> {
  const ins = await tx.insert(campaignReports).values(values).onConflictDoNothing().returning();
  if (ins.length) return { row: ins[0], created: true };
  const [row] = await tx
    .select()
    .from(campaignReports)
    .where(and(eq(campaignReports.campaignId, values.campaignId), eq(campaignReports.unitId, values.unitId), eq(campaignReports.period, values.period)))
    .for('update');
  return { row, created: false };
}

export async function updateReportRow(tx: DbOrTx, id: string, values: Partial<typeof campaignReports.$inferInsert>): Promise<ReportRow> {
  const [r] = await tx
    .update(campaignReports)
    .set({ ...values, version: sql`${campaignReports.version} + 1`, updatedAt: new Date() })
    .where(eq(campaignReports.id, id))
    .returning();
  return r;
}

export async function listReports(
  db: DbOrTx,
  scope: CampaignScope,
  campaignId: string,
  q: { period?: string; status?: string; unitId?: string; late?: boolean; page: number; pageSize: number },
) {
  const conds: SQL[] = [eq(campaignReports.campaignId, campaignId), ownedBy(scope, campaignReports)];
  if (q.period) conds.push(eq(campaignReports.period, q.period));
  if (q.status) conds.push(eq(campaignReports.status, q.status));
  if (q.unitId) conds.push(eq(campaignReports.unitId, q.unitId));
  if (q.late !== undefined) conds.push(eq(campaignReports.late, q.late));
  const where = and(...conds);
  const [items, [{ total }]] = await Promise.all([
    db
      .select({ r: campaignReports, unitName: units.shortName, unitKind: units.kind })
      .from(campaignReports)
      .innerJoin(units, eq(units.id, campaignReports.unitId))
      .where(where)
      .orderBy(desc(campaignReports.period), asc(units.sort))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(campaignReports).where(where),
  ]);
  return { items, total: Number(total) };
}

export async function entriesOfReport(db: DbOrTx, reportId: string): Promise<EntryRow[]> {
  return db.select().from(campaignReportEntries).where(eq(campaignReportEntries.reportId, reportId));
}

export async function upsertEntries(tx: DbOrTx, values: (typeof campaignReportEntries.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < values.length; i += 500) {
    await tx
      .insert(campaignReportEntries)
      .values(values.slice(i, i + 500))
      .onConflictDoUpdate({
        target: [campaignReportEntries.reportId, campaignReportEntries.itemId],
        set: { status: sql`excluded.status`, narrative: sql`excluded.narrative`, updatedAt: new Date() },
      });
  }
}

export async function setEntryAttachments(tx: DbOrTx, reportId: string, itemId: string, attachments: unknown[]): Promise<void> {
  await tx
    .update(campaignReportEntries)
    .set({ attachments, updatedAt: new Date() })
    .where(and(eq(campaignReportEntries.reportId, reportId), eq(campaignReportEntries.itemId, itemId)));
}

export async function setEntryReviewComments(tx: DbOrTx, reportId: string, comments: Record<string, string>): Promise<void> {
  await tx.update(campaignReportEntries).set({ reviewComment: null }).where(eq(campaignReportEntries.reportId, reportId));
  for (const [itemId, c] of Object.entries(comments)) {
    await tx
      .update(campaignReportEntries)
      .set({ reviewComment: c })
      .where(and(eq(campaignReportEntries.reportId, reportId), eq(campaignReportEntries.itemId, itemId)));
  }
}

/** Latest status of each item in the unit's accepted reports before a period (carried-over state). */
export async function previousStatuses(db: DbOrTx, campaignId: string, unitId: string, period: string): Promise<Map<string, string>> {
  const r = await rows<{ itemId: string; status: string }>(
    db,
    sql`SELECT DISTINCT ON (e.item_id) e.item_id AS "itemId", e.status
        FROM campaign_report_entries e JOIN campaign_reports r ON r.id = e.report_id AND r.status = 'accepted'
        WHERE e.campaign_id = ${campaignId} AND e.unit_id = ${unitId} AND e.period < ${period}
        ORDER BY e.item_id, e.period DESC`,
  );
  return new Map(r.map((x) => [x.itemId, x.status]));
}

/**
 * What other units reported for the same month on the items this unit leads (its consolidation
 * view). Only submitted or accepted reports; the lead condition is part of the WHERE clause.
 */
export async function contributionsForLead(db: DbOrTx, campaignId: string, leadUnitId: string, period: string) {
  return rows<{ itemId: string; unitId: string; unitName: string; role: string; reportStatus: string; status: string; narrative: string; attachments: unknown }>(
    db,
    sql`SELECT e.item_id AS "itemId", e.unit_id AS "unitId", u.short_name AS "unitName", coalesce(od.role, 'co') AS role, r.status AS "reportStatus",
               e.status, e.narrative, e.attachments
        FROM campaign_report_entries e
        JOIN campaign_reports r ON r.id = e.report_id AND r.status IN ('submitted','accepted')
        JOIN units u ON u.id = e.unit_id
        LEFT JOIN campaign_duties od ON od.item_id = e.item_id AND od.unit_id = e.unit_id
        WHERE e.campaign_id = ${campaignId} AND e.period = ${period} AND e.unit_id <> ${leadUnitId}
          AND EXISTS (SELECT 1 FROM campaign_duties d WHERE d.item_id = e.item_id AND d.unit_id = ${leadUnitId} AND d.role = 'lead')
        ORDER BY u.sort`,
  );
}

export async function indicatorValuesOfReport(db: DbOrTx, reportId: string) {
  return db.select().from(campaignIndicatorValues).where(eq(campaignIndicatorValues.reportId, reportId));
}

export async function previousIndicatorValues(db: DbOrTx, campaignId: string, unitId: string, period: string) {
  return rows<{ indicatorId: string; valueNumber: number | null; valueText: string | null; valueBool: boolean | null }>(
    db,
    sql`SELECT DISTINCT ON (v.indicator_id) v.indicator_id AS "indicatorId", v.value_number AS "valueNumber", v.value_text AS "valueText", v.value_bool AS "valueBool"
        FROM campaign_indicator_values v JOIN campaign_reports r ON r.id = v.report_id AND r.status = 'accepted'
        WHERE v.campaign_id = ${campaignId} AND v.unit_id = ${unitId} AND v.period < ${period}
        ORDER BY v.indicator_id, v.period DESC`,
  );
}

export async function upsertIndicatorValues(tx: DbOrTx, values: (typeof campaignIndicatorValues.$inferInsert)[]): Promise<void> {
  if (!values.length) return;
  await tx
    .insert(campaignIndicatorValues)
    .values(values)
    .onConflictDoUpdate({
      target: [campaignIndicatorValues.reportId, campaignIndicatorValues.indicatorId],
      set: { valueNumber: sql`excluded.value_number`, valueText: sql`excluded.value_text`, valueBool: sql`excluded.value_bool` },
    });
}

export async function deleteIndicatorValues(tx: DbOrTx, reportId: string, indicatorIds: string[]): Promise<void> {
  if (!indicatorIds.length) return;
  await tx.delete(campaignIndicatorValues).where(and(eq(campaignIndicatorValues.reportId, reportId), inArray(campaignIndicatorValues.indicatorId, indicatorIds)));
}

export async function insertReview(tx: DbOrTx, values: typeof campaignReviews.$inferInsert): Promise<void> {
  await tx.insert(campaignReviews).values(values);
}

export async function reviewsOfReport(db: DbOrTx, reportId: string) {
  return db.select().from(campaignReviews).where(eq(campaignReviews.reportId, reportId)).orderBy(asc(campaignReviews.at));
}

/** Entries whose attachments include a file (file access resolver). */
export async function reportOfFile(db: DbOrTx, fileId: string): Promise<{ reportId: string; itemId: string; campaignId: string } | undefined> {
  const [r] = await rows<{ reportId: string; itemId: string; campaignId: string }>(
    db,
    sql`SELECT report_id AS "reportId", item_id AS "itemId", campaign_id AS "campaignId" FROM campaign_report_entries
        WHERE attachments @> ${JSON.stringify([{ id: fileId }])}::jsonb LIMIT 1`,
  );
  return r;
}

export async function leadsItem(db: DbOrTx, unitId: string, itemId: string): Promise<boolean> {
  const [r] = await db
    .select({ id: campaignDuties.id })
    .from(campaignDuties)
    .where(and(eq(campaignDuties.itemId, itemId), eq(campaignDuties.unitId, unitId), eq(campaignDuties.role, 'lead')));
  return !!r;
}

// ---------- dashboard / statistics (aggregates in SQL) ----------

/** Completion per task: the lead duties for the office; a unit's own duties for a unit. */
export async function dutyStatsByTask(db: DbOrTx, campaignId: string, scope: CampaignScope, today: string) {
  const who = scope.kind === 'unit' ? sql`d.unit_id = ${scope.unitId}` : sql`d.role = 'lead' AND ${ownedBy(scope, { unitId: sql`d.unit_id`, regionCode: sql`d.region_code` })}`;
  return rows<{ taskId: string; total: number; done: number; progress: number; lagging: number; overdue: number }>(
    db,
    sql`SELECT task_id AS "taskId", count(*)::int AS total,
               count(*) FILTER (WHERE status = '已完成')::int AS done,
               count(*) FILTER (WHERE status = '推进中')::int AS progress,
               count(*) FILTER (WHERE status = '滞后')::int AS lagging,
               count(*) FILTER (WHERE status <> '已完成' AND due_date < ${today}::date)::int AS overdue
        FROM campaign_duties d WHERE campaign_id = ${campaignId} AND ${who} GROUP BY task_id`,
  );
}

export async function dutyStatsByUnit(db: DbOrTx, campaignId: string, scope: CampaignScope, today: string) {
  return rows<{ unitId: string; name: string; kind: string; sort: number; total: number; done: number; progress: number; lagging: number; overdue: number; due: number; dueDone: number }>(
    db,
    sql`SELECT d.unit_id AS "unitId", u.short_name AS name, u.kind, u.sort, count(*)::int AS total,
               count(*) FILTER (WHERE d.status = '已完成')::int AS done,
               count(*) FILTER (WHERE d.status = '推进中')::int AS progress,
               count(*) FILTER (WHERE d.status = '滞后')::int AS lagging,
               -- 属地 duties support the lead's item: they are not overdue by themselves.
               count(*) FILTER (WHERE d.status <> '已完成' AND d.due_date < ${today}::date AND d.role <> 'territorial')::int AS overdue,
               count(*) FILTER (WHERE d.due_date <= ${today}::date)::int AS due,
               count(*) FILTER (WHERE d.due_date <= ${today}::date AND d.status = '已完成')::int AS "dueDone"
        FROM campaign_duties d JOIN units u ON u.id = d.unit_id
        WHERE d.campaign_id = ${campaignId} AND ${ownedBy(scope, { unitId: sql`d.unit_id`, regionCode: sql`d.region_code` })}
        GROUP BY d.unit_id, u.short_name, u.kind, u.sort, u.code
        ORDER BY u.sort, u.code`,
  );
}

/** Lead duties (a unit: its own) by the phase their due date falls in (undated = 长期坚持). */
export async function dutyStatsByPhase(db: DbOrTx, campaignId: string, scope: CampaignScope) {
  const who = scope.kind === 'unit' ? sql`d.unit_id = ${scope.unitId}` : sql`d.role = 'lead' AND ${ownedBy(scope, { unitId: sql`d.unit_id`, regionCode: sql`d.region_code` })}`;
  return rows<{ phaseId: string | null; total: number; done: number; progress: number }>(
    db,
    sql`SELECT p.id AS "phaseId", count(*)::int AS total,
               count(*) FILTER (WHERE d.status = '已完成')::int AS done,
               count(*) FILTER (WHERE d.status = '推进中')::int AS progress
        FROM campaign_duties d
        LEFT JOIN LATERAL (
          SELECT ph.id FROM campaign_phases ph
          WHERE ph.campaign_id = d.campaign_id AND d.due_date IS NOT NULL
            AND ph.start_date IS NOT NULL AND ph.end_date IS NOT NULL
            AND d.due_date BETWEEN ph.start_date AND ph.end_date
          ORDER BY ph.ordinal DESC LIMIT 1
        ) p ON true
        WHERE d.campaign_id = ${campaignId} AND ${who}
        GROUP BY p.id`,
  );
}

/** Every report header of a campaign (unit × month matrix), within scope. */
export async function reportMatrix(db: DbOrTx, campaignId: string, scope: CampaignScope) {
  return rows<{ unitId: string; period: string; status: string; late: boolean; returnCount: number; id: string }>(
    db,
    sql`SELECT id, unit_id AS "unitId", period, status, late, return_count AS "returnCount" FROM campaign_reports r
        WHERE campaign_id = ${campaignId} AND ${ownedBy(scope, { unitId: sql`r.unit_id`, regionCode: sql`r.region_code` })}`,
  );
}

/** Latest accepted numeric value of each indicator per unit (the current district figure is built from it). */
export async function indicatorLatest(db: DbOrTx, campaignId: string, scope: CampaignScope, to?: string) {
  return rows<{ indicatorId: string; unitId: string; period: string; value: number | null }>(
    db,
    sql`SELECT DISTINCT ON (v.indicator_id, v.unit_id) v.indicator_id AS "indicatorId", v.unit_id AS "unitId", v.period, v.value_number AS value
        FROM campaign_indicator_values v JOIN campaign_reports r ON r.id = v.report_id AND r.status = 'accepted'
        WHERE v.campaign_id = ${campaignId} AND v.value_number IS NOT NULL AND ${ownedBy(scope, { unitId: sql`r.unit_id`, regionCode: sql`r.region_code` })}
          ${to ? sql`AND v.period <= ${to}` : sql``}
        ORDER BY v.indicator_id, v.unit_id, v.period DESC`,
  );
}

/**
 * The indicator figures of the dashboard in one pass over the accepted values: each unit's latest
 * value (kind 'latest') and the district figure per month (kind 'trend', avg and sum).
 */
export async function indicatorFigures(db: DbOrTx, campaignId: string, scope: CampaignScope) {
  return rows<{ k: 'latest' | 'trend'; indicatorId: string; unitId: string | null; period: string; value: number | null; sum: number | null }>(
    db,
    sql`WITH acc AS MATERIALIZED (
          SELECT v.indicator_id, v.unit_id, v.period, v.value_number
          FROM campaign_indicator_values v JOIN campaign_reports r ON r.id = v.report_id AND r.status = 'accepted'
          WHERE v.campaign_id = ${campaignId} AND v.value_number IS NOT NULL AND ${ownedBy(scope, { unitId: sql`r.unit_id`, regionCode: sql`r.region_code` })}
        )
        SELECT 'latest' AS k, indicator_id AS "indicatorId", unit_id AS "unitId", period, value_number AS value, NULL::float8 AS sum
        FROM (SELECT DISTINCT ON (indicator_id, unit_id) * FROM acc ORDER BY indicator_id, unit_id, period DESC) l
        UNION ALL
        SELECT 'trend', indicator_id, NULL, period, avg(value_number)::float8, sum(value_number)::float8 FROM acc GROUP BY indicator_id, period
        ORDER BY 1, 4`,
  );
}

/** Lead units of the node an indicator hangs on (its own lead duties, or its items'). */
export async function indicatorLeads(db: DbOrTx, campaignId: string) {
  return rows<{ indicatorId: string; unitId: string }>(
    db,
    sql`SELECT DISTINCT i.id AS "indicatorId", d.unit_id AS "unitId" FROM campaign_indicators i
        JOIN campaign_duties d ON d.campaign_id = i.campaign_id AND d.role = 'lead' AND (d.item_id = i.task_id OR d.task_id = i.task_id)
        WHERE i.campaign_id = ${campaignId}`,
  );
}

export interface DutyAsOf {
  unitId: string;
  unitName: string;
  itemId: string;
  nodeId: string;
  title: string;
  taskId: string;
  role: string;
  dueDate: string | null;
  status: string;
}

/**
 * Each duty's status as it stood at the end of a period: the latest accepted entry up to that
 * month (summaries and assessments of past quarters must not use today's figures).
 */
export async function dutiesAsOf(db: DbOrTx, campaignId: string, scope: CampaignScope, to: string): Promise<DutyAsOf[]> {
  return rows<DutyAsOf>(
    db,
    sql`SELECT d.unit_id AS "unitId", u.short_name AS "unitName", d.item_id AS "itemId", i.node_id AS "nodeId", i.title, d.task_id AS "taskId", d.role,
               to_char(d.due_date, 'YYYY-MM-DD') AS "dueDate", coalesce(x.status, '未开始') AS status
        FROM campaign_duties d
        JOIN units u ON u.id = d.unit_id
        JOIN campaign_tasks i ON i.id = d.item_id
        LEFT JOIN LATERAL (
          SELECT e.status FROM campaign_report_entries e JOIN campaign_reports r ON r.id = e.report_id AND r.status = 'accepted'
          WHERE e.unit_id = d.unit_id AND e.item_id = d.item_id AND e.period <= ${to}
          ORDER BY e.period DESC LIMIT 1
        ) x ON true
        WHERE d.campaign_id = ${campaignId} AND ${ownedBy(scope, { unitId: sql`d.unit_id`, regionCode: sql`d.region_code` })}
        ORDER BY u.sort, i.sort`,
  );
}

/** Review outcomes per unit in a period range (first-pass acceptances, reviewed reports). */
export async function reviewFacts(db: DbOrTx, campaignId: string, from: string, to: string, today: string) {
  return rows<{ unitId: string; reviewed: number; firstPass: number; onTime: number; late: number; submitted: number }>(
    db,
    sql`SELECT unit_id AS "unitId",
               count(*) FILTER (WHERE status = 'accepted' OR return_count > 0)::int AS reviewed,
               count(*) FILTER (WHERE status = 'accepted' AND return_count = 0)::int AS "firstPass",
               count(*) FILTER (WHERE first_submitted_at IS NOT NULL AND NOT late)::int AS "onTime",
               count(*) FILTER (WHERE first_submitted_at IS NOT NULL AND late)::int AS late,
               count(*) FILTER (WHERE first_submitted_at IS NOT NULL)::int AS submitted
        FROM campaign_reports WHERE campaign_id = ${campaignId} AND period BETWEEN ${from} AND ${to} AND due_date < ${today}::date
        GROUP BY unit_id`,
  );
}

/** Overdue items: due date passed and not completed, within scope. */
export async function overdueDuties(db: DbOrTx, campaignId: string, scope: CampaignScope, today: string, limit = 2000) {
  return rows<{ unitId: string; unitName: string; itemId: string; nodeId: string; title: string; taskTitle: string; role: string; dueDate: string; status: string }>(
    db,
    sql`SELECT d.unit_id AS "unitId", u.short_name AS "unitName", d.item_id AS "itemId", i.node_id AS "nodeId", i.title, t.title AS "taskTitle",
               d.role, to_char(d.due_date, 'YYYY-MM-DD') AS "dueDate", d.status
        FROM campaign_duties d JOIN units u ON u.id = d.unit_id JOIN campaign_tasks i ON i.id = d.item_id JOIN campaign_tasks t ON t.id = d.task_id
        WHERE d.campaign_id = ${campaignId} AND d.status <> '已完成' AND d.due_date < ${today}::date AND d.role <> 'territorial'
          AND ${ownedBy(scope, { unitId: sql`d.unit_id`, regionCode: sql`d.region_code` })}
        ORDER BY d.due_date, u.sort, i.sort LIMIT ${limit}`,
  );
}

/** Items falling due in a date range (a unit: its own; the office: the lead duties). */
export async function dutiesDueBetween(db: DbOrTx, campaignId: string, scope: CampaignScope, from: string, to: string) {
  const who = scope.kind === 'unit' ? sql`d.unit_id = ${scope.unitId}` : sql`d.role = 'lead' AND ${ownedBy(scope, { unitId: sql`d.unit_id`, regionCode: sql`d.region_code` })}`;
  return rows<{ itemId: string; nodeId: string; title: string; dueDate: string; status: string }>(
    db,
    sql`SELECT d.item_id AS "itemId", i.node_id AS "nodeId", i.title, to_char(d.due_date, 'YYYY-MM-DD') AS "dueDate", min(d.status) AS status
        FROM campaign_duties d JOIN campaign_tasks i ON i.id = d.item_id
        WHERE d.campaign_id = ${campaignId} AND ${who} AND d.due_date BETWEEN ${from}::date AND ${to}::date
        GROUP BY d.item_id, i.node_id, i.title, d.due_date, i.sort
        ORDER BY d.due_date, i.sort LIMIT 200`,
  );
}

/** The whole district's entries of a month with unit and item, for the consolidated report. */
export async function consolidatedEntries(db: DbOrTx, campaignId: string, period: string) {
  return rows<{ itemId: string; unitId: string; unitName: string; role: string | null; reportStatus: string; status: string; narrative: string; attachments: number }>(
    db,
    sql`SELECT e.item_id AS "itemId", e.unit_id AS "unitId", u.short_name AS "unitName", d.role, r.status AS "reportStatus", e.status, e.narrative,
               jsonb_array_length(e.attachments)::int AS attachments
        FROM campaign_report_entries e
        JOIN campaign_reports r ON r.id = e.report_id AND r.status IN ('submitted','accepted')
        JOIN units u ON u.id = e.unit_id
        LEFT JOIN campaign_duties d ON d.item_id = e.item_id AND d.unit_id = e.unit_id
        WHERE e.campaign_id = ${campaignId} AND e.period = ${period}
        ORDER BY e.item_id, CASE d.role WHEN 'lead' THEN 0 WHEN 'co' THEN 1 ELSE 2 END, u.sort`,
  );
}

/** Work items with their lead units and current (lead) status, for the consolidated report. */
export async function workItemsWithLeads(db: DbOrTx, campaignId: string) {
  return rows<{ itemId: string; nodeId: string; title: string; taskNodeId: string; taskTitle: string; dueDate: string | null; leads: string | null; status: string | null }>(
    db,
    sql`SELECT i.id AS "itemId", i.node_id AS "nodeId", i.title, t.node_id AS "taskNodeId", t.title AS "taskTitle", to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate",
               (SELECT string_agg(u.short_name, '、' ORDER BY u.sort) FROM campaign_duties d JOIN units u ON u.id = d.unit_id WHERE d.item_id = i.id AND d.role = 'lead') AS leads,
               (SELECT min(d.status) FROM campaign_duties d WHERE d.item_id = i.id AND d.role = 'lead') AS status
        FROM campaign_tasks i LEFT JOIN campaign_tasks t ON t.id = i.task_id
        WHERE i.campaign_id = ${campaignId} AND i.is_work ORDER BY i.sort`,
  );
}

export async function acceptedNarratives(db: DbOrTx, campaignId: string, from: string, to: string, unitId: string | null, limit = 400) {
  return rows<{ taskId: string; itemId: string; unitName: string; period: string; status: string; narrative: string; role: string | null }>(
    db,
    sql`SELECT d.task_id AS "taskId", e.item_id AS "itemId", u.short_name AS "unitName", e.period, e.status, e.narrative, d.role
        FROM campaign_report_entries e
        JOIN campaign_reports r ON r.id = e.report_id AND r.status = 'accepted'
        JOIN campaign_duties d ON d.item_id = e.item_id AND d.unit_id = e.unit_id
        JOIN units u ON u.id = e.unit_id
        WHERE e.campaign_id = ${campaignId} AND e.period BETWEEN ${from} AND ${to} AND length(e.narrative) > 0
          ${unitId ? sql`AND e.unit_id = ${unitId}` : sql`AND d.role = 'lead'`}
        ORDER BY e.period DESC, length(e.narrative) DESC LIMIT ${limit}`,
  );
}

export async function reportSummaries(db: DbOrTx, campaignId: string, from: string, to: string, unitId: string | null) {
  return rows<{ unitName: string; period: string; summary: string; problems: string; nextPlan: string }>(
    db,
    sql`SELECT u.short_name AS "unitName", r.period, r.summary, r.problems, r.next_plan AS "nextPlan"
        FROM campaign_reports r JOIN units u ON u.id = r.unit_id
        WHERE r.campaign_id = ${campaignId} AND r.status = 'accepted' AND r.period BETWEEN ${from} AND ${to}
          ${unitId ? sql`AND r.unit_id = ${unitId}` : sql``}
        ORDER BY r.period DESC, u.sort LIMIT 500`,
  );
}

// ---------- vetoes ----------

export async function listVetoes(db: DbOrTx, campaignId: string) {
  return db.select().from(campaignVetoes).where(eq(campaignVetoes.campaignId, campaignId));
}

export async function upsertVeto(tx: DbOrTx, campaignId: string, unitId: string, reason: string, userId: string | null) {
  const before = await tx
    .select()
    .from(campaignVetoes)
    .where(and(eq(campaignVetoes.campaignId, campaignId), eq(campaignVetoes.unitId, unitId)));
  await tx
    .insert(campaignVetoes)
    .values({ campaignId, unitId, reason, setBy: userId })
    .onConflictDoUpdate({ target: [campaignVetoes.campaignId, campaignVetoes.unitId], set: { reason, setBy: userId, setAt: new Date() } });
  return before[0];
}

export async function deleteVeto(tx: DbOrTx, campaignId: string, unitId: string) {
  const r = await tx
    .delete(campaignVetoes)
    .where(and(eq(campaignVetoes.campaignId, campaignId), eq(campaignVetoes.unitId, unitId)))
    .returning();
  return r[0];
}

// ---------- 三个清单 ----------

export async function listListEntries(db: DbOrTx, scope: CampaignScope, campaignId: string, q: { kind?: string; unitId?: string; status?: string; q?: string; page: number; pageSize: number }) {
  const conds: SQL[] = [eq(campaignListEntries.campaignId, campaignId), ownedBy(scope, campaignListEntries)];
  if (q.kind) conds.push(eq(campaignListEntries.kind, q.kind));
  if (q.unitId) conds.push(eq(campaignListEntries.unitId, q.unitId));
  if (q.status) conds.push(eq(campaignListEntries.status, q.status));
  if (q.q) conds.push(sql`(${campaignListEntries.title} || ' ' || ${campaignListEntries.description}) ILIKE ${`%${escapeLike(q.q)}%`}`);
  const where = and(...conds);
  const [items, [{ total }]] = await Promise.all([
    db
      .select({ e: campaignListEntries, unitName: units.shortName })
      .from(campaignListEntries)
      .innerJoin(units, eq(units.id, campaignListEntries.unitId))
      .where(where)
      .orderBy(asc(units.sort), asc(campaignListEntries.kind), asc(campaignListEntries.seq))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(campaignListEntries).where(where),
  ]);
  return { items, total: Number(total) };
}

export async function allListEntries(db: DbOrTx, scope: CampaignScope, campaignId: string, kind: string, unitId?: string) {
  const conds: SQL[] = [eq(campaignListEntries.campaignId, campaignId), eq(campaignListEntries.kind, kind), ownedBy(scope, campaignListEntries)];
  if (unitId) conds.push(eq(campaignListEntries.unitId, unitId));
  return db
    .select({ e: campaignListEntries, unitName: units.shortName, taskNodeId: campaignTasks.nodeId, taskTitle: campaignTasks.title })
    .from(campaignListEntries)
    .innerJoin(units, eq(units.id, campaignListEntries.unitId))
    .leftJoin(campaignTasks, eq(campaignTasks.id, campaignListEntries.taskId))
    .where(and(...conds))
    .orderBy(asc(units.sort), asc(campaignListEntries.seq))
    .limit(20000);
}

export async function findListEntry(db: DbOrTx, scope: CampaignScope, id: string): Promise<ListEntryRow | undefined> {
  const [r] = await db.select().from(campaignListEntries).where(and(eq(campaignListEntries.id, id), ownedBy(scope, campaignListEntries)));
  return r;
}

export async function lockListEntry(tx: DbOrTx, scope: CampaignScope, id: string): Promise<ListEntryRow | undefined> {
  const [r] = await tx.select().from(campaignListEntries).where(and(eq(campaignListEntries.id, id), ownedBy(scope, campaignListEntries))).for('update');
  return r;
}

export async function nextListSeq(tx: DbOrTx, campaignId: string, unitId: string, kind: string): Promise<number> {
  // Serialise numbering per unit and list: two clerks adding at once get 序号 n and n+1.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`campaign-list:${campaignId}:${unitId}:${kind}`}))`);
  const [r] = await tx
    .select({ m: sql<number>`coalesce(max(${campaignListEntries.seq}), 0)::int` })
    .from(campaignListEntries)
    .where(and(eq(campaignListEntries.campaignId, campaignId), eq(campaignListEntries.unitId, unitId), eq(campaignListEntries.kind, kind)));
  return Number(r.m) + 1;
}

export async function insertListEntry(tx: DbOrTx, values: typeof campaignListEntries.$inferInsert): Promise<ListEntryRow> {
  const [r] = await tx.insert(campaignListEntries).values(values).returning();
  return r;
}

export async function updateListEntryRow(tx: DbOrTx, id: string, values: Partial<typeof campaignListEntries.$inferInsert>): Promise<ListEntryRow> {
  const [r] = await tx
    .update(campaignListEntries)
    .set({ ...values, version: sql`${campaignListEntries.version} + 1`, updatedAt: new Date() })
    .where(eq(campaignListEntries.id, id))
    .returning();
  return r;
}

export async function deleteListEntryRow(tx: DbOrTx, id: string): Promise<void> {
  await tx.delete(campaignListEntries).where(eq(campaignListEntries.id, id));
}

export async function listStats(db: DbOrTx, scope: CampaignScope, campaignId: string) {
  return rows<{ kind: string; status: string; n: number }>(
    db,
    sql`SELECT kind, status, count(*)::int AS n FROM campaign_list_entries l
        WHERE campaign_id = ${campaignId} AND ${ownedBy(scope, { unitId: sql`l.unit_id`, regionCode: sql`l.region_code` })} GROUP BY kind, status`,
  );
}

// ---------- summaries ----------

export async function listSummaries(db: DbOrTx, scope: CampaignScope, campaignId: string) {
  return db
    .select({ s: campaignSummaries, unitName: units.shortName })
    .from(campaignSummaries)
    .leftJoin(units, eq(units.id, campaignSummaries.unitId))
    .where(and(eq(campaignSummaries.campaignId, campaignId), summaryScope(scope)))
    .orderBy(desc(campaignSummaries.updatedAt));
}

/** A unit sees its own summaries; the office its region's (district-wide ones included). */
function summaryScope(scope: CampaignScope): SQL {
  if (scope.kind === 'unit') return sql`${campaignSummaries.unitId} = ${scope.unitId}`;
  return ownedBy(scope, { unitId: sql`${campaignSummaries.unitId}`, regionCode: sql`${campaignSummaries.regionCode}` });
}

export async function findSummary(db: DbOrTx, scope: CampaignScope, id: string): Promise<SummaryRow | undefined> {
  const [r] = await db.select().from(campaignSummaries).where(and(eq(campaignSummaries.id, id), summaryScope(scope)));
  return r;
}

export async function lockSummary(tx: DbOrTx, scope: CampaignScope, id: string): Promise<SummaryRow | undefined> {
  const [r] = await tx.select().from(campaignSummaries).where(and(eq(campaignSummaries.id, id), summaryScope(scope))).for('update');
  return r;
}

export async function insertSummary(tx: DbOrTx, values: typeof campaignSummaries.$inferInsert): Promise<SummaryRow> {
  const [r] = await tx.insert(campaignSummaries).values(values).returning();
  return r;
}

export async function updateSummaryRow(tx: DbOrTx, id: string, values: Partial<typeof campaignSummaries.$inferInsert>): Promise<SummaryRow> {
  const [r] = await tx
    .update(campaignSummaries)
    .set({ ...values, version: sql`${campaignSummaries.version} + 1`, updatedAt: new Date() })
    .where(eq(campaignSummaries.id, id))
    .returning();
  return r;
}

export async function deleteSummaryRow(tx: DbOrTx, id: string): Promise<void> {
  await tx.delete(campaignSummaries).where(eq(campaignSummaries.id, id));
}

// ---------- reminders ----------

/** Units with duties and no submitted/accepted report for a period (missing, draft or returned). */
export async function unitsNotSubmitted(db: DbOrTx, campaignId: string, period: string) {
  return rows<{ unitId: string; unitName: string; status: string | null }>(
    db,
    sql`SELECT u.id AS "unitId", u.short_name AS "unitName", r.status
        FROM (SELECT DISTINCT unit_id FROM campaign_duties WHERE campaign_id = ${campaignId}) d
        JOIN units u ON u.id = d.unit_id
        LEFT JOIN campaign_reports r ON r.campaign_id = ${campaignId} AND r.unit_id = d.unit_id AND r.period = ${period}
        WHERE r.id IS NULL OR r.status IN ('draft','returned')
        ORDER BY u.sort`,
  );
}

export async function overdueDutyCountsByUnit(db: DbOrTx, campaignId: string, today: string) {
  return rows<{ unitId: string; unitName: string; n: number; earliest: string }>(
    db,
    sql`SELECT d.unit_id AS "unitId", u.short_name AS "unitName", count(*)::int AS n, to_char(min(d.due_date), 'YYYY-MM-DD') AS earliest
        FROM campaign_duties d JOIN units u ON u.id = d.unit_id
        WHERE d.campaign_id = ${campaignId} AND d.status <> '已完成' AND d.due_date < ${today}::date AND d.role <> 'territorial'
        GROUP BY d.unit_id, u.short_name`,
  );
}

export async function enqueueWebhook(tx: DbOrTx, dedupeKey: string, payload: unknown): Promise<boolean> {
  const r = await tx.insert(campaignWebhookOutbox).values({ dedupeKey, payload }).onConflictDoNothing().returning({ id: campaignWebhookOutbox.id });
  return r.length > 0;
}

export async function pendingWebhooks(tx: DbOrTx, maxAttempts: number, limit: number) {
  return tx
    .select()
    .from(campaignWebhookOutbox)
    .where(and(isNull(campaignWebhookOutbox.deliveredAt), sql`${campaignWebhookOutbox.attempts} < ${maxAttempts}`))
    .orderBy(asc(campaignWebhookOutbox.createdAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function markWebhook(tx: DbOrTx, id: string, ok: boolean, error: string | null): Promise<void> {
  await tx
    .update(campaignWebhookOutbox)
    .set(ok ? { deliveredAt: new Date(), attempts: sql`${campaignWebhookOutbox.attempts} + 1`, lastError: null } : { attempts: sql`${campaignWebhookOutbox.attempts} + 1`, lastError: error })
    .where(eq(campaignWebhookOutbox.id, id));
}

// ---------- units ----------

export async function allUnits(db: DbOrTx) {
  return db
    .select({ id: units.id, code: units.code, name: units.name, shortName: units.shortName, kind: units.kind, regionCode: units.regionCode, aliases: units.aliases, leadUnitId: units.leadUnitId, sort: units.sort, active: units.active })
    .from(units)
    .orderBy(asc(units.sort));
}

// ---------- seed (demo history) ----------

/** Every duty with its unit and item, for building demo history. */
export async function dutiesForSeed(db: DbOrTx, campaignId: string) {
  return rows<{ unitId: string; itemId: string; taskId: string; role: string; dueDate: string | null; regionCode: string; unitName: string; code: string; title: string }>(
    db,
    sql`SELECT d.unit_id AS "unitId", d.item_id AS "itemId", d.task_id AS "taskId", d.role, to_char(d.due_date, 'YYYY-MM-DD') AS "dueDate", d.region_code AS "regionCode",
               u.short_name AS "unitName", u.code, i.title
        FROM campaign_duties d JOIN units u ON u.id = d.unit_id JOIN campaign_tasks i ON i.id = d.item_id
        WHERE d.campaign_id = ${campaignId} ORDER BY u.sort, i.sort`,
  );
}

export async function insertIndicatorValueRows(tx: DbOrTx, values: (typeof campaignIndicatorValues.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < values.length; i += 1000) await tx.insert(campaignIndicatorValues).values(values.slice(i, i + 1000));
}

export async function insertListEntryRows(tx: DbOrTx, values: (typeof campaignListEntries.$inferInsert)[]): Promise<void> {
  if (values.length) await tx.insert(campaignListEntries).values(values);
}

export async function insertClosedPeriods(tx: DbOrTx, values: (typeof campaignPeriods.$inferInsert)[]): Promise<void> {
  if (values.length) await tx.insert(campaignPeriods).values(values);
}
