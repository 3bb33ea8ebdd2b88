import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db';
import { campaignAssignments, campaignIndicators, campaignIndicatorValues, campaignMilestones, campaignReportEntries, campaignTasks } from '../campaign.schema';
import { bulkInsert } from './bulk';

/** The task tree of a campaign: nodes, their units (assignments), deadlines (milestones) and indicators. */

export type TaskRow = typeof campaignTasks.$inferSelect;
export type AssignmentRow = typeof campaignAssignments.$inferSelect;
export type MilestoneRow = typeof campaignMilestones.$inferSelect;
export type IndicatorRow = typeof campaignIndicators.$inferSelect;

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

export async function listAssignments(db: DbOrTx, campaignId: string): Promise<AssignmentRow[]> {
  return db.select().from(campaignAssignments).where(eq(campaignAssignments.campaignId, campaignId)).orderBy(asc(campaignAssignments.sort));
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

