import { and, eq, sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../../db';
import { campaignDuties } from '../campaign.schema';
import { bulkInsert } from './bulk';
import { ownedBy, type CampaignScope } from './scope';

/**
 * Duties: one row per work item and reporting unit (lead, co, 属地), rebuilt from the tree after
 * every change of it; a duty's status follows the unit's accepted reports.
 */

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

/**
 * Units with duties in a campaign (the units expected to report) and how many items each carries
 * (lead among them), within scope. Names, kinds and the organisation's order come from org.
 */
export async function dutyUnits(db: DbOrTx, campaignId: string, scope: CampaignScope) {
  return rows<{ unitId: string; items: number; lead: number }>(
    db,
    sql`SELECT d.unit_id AS "unitId", count(*)::int AS items, count(*) FILTER (WHERE d.role = 'lead')::int AS lead
        FROM campaign_duties d
        WHERE d.campaign_id = ${campaignId} AND ${ownedBy(scope, { unitId: sql`d.unit_id`, regionCode: sql`d.region_code` })}
        GROUP BY d.unit_id`,
  );
}

export async function unitHasDuties(db: DbOrTx, campaignId: string, unitId: string): Promise<boolean> {
  const [r] = await db.select({ id: campaignDuties.id }).from(campaignDuties).where(and(eq(campaignDuties.campaignId, campaignId), eq(campaignDuties.unitId, unitId))).limit(1);
  return !!r;
}

export async function leadsItem(db: DbOrTx, unitId: string, itemId: string): Promise<boolean> {
  const [r] = await db
    .select({ id: campaignDuties.id })
    .from(campaignDuties)
    .where(and(eq(campaignDuties.itemId, itemId), eq(campaignDuties.unitId, unitId), eq(campaignDuties.role, 'lead')));
  return !!r;
}
