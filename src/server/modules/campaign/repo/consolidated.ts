import { sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../../db';
import { unitRank } from './scope';

/** The month's district report (全区汇总): every item with its lead units and what each unit filed. */

/** The whole district's entries of a month with unit and item, for the consolidated report. */
export async function consolidatedEntries(db: DbOrTx, campaignId: string, period: string, unitOrder: readonly string[]) {
  return rows<{ itemId: string; unitId: string; role: 'lead' | 'co' | 'territorial' | null; reportStatus: string; status: string; narrative: string; attachments: number }>(
    db,
    sql`SELECT e.item_id AS "itemId", e.unit_id AS "unitId", d.role, r.status AS "reportStatus", e.status, e.narrative,
               jsonb_array_length(e.attachments)::int AS attachments
        FROM campaign_report_entries e
        JOIN campaign_reports r ON r.id = e.report_id AND r.status IN ('submitted','accepted')
        LEFT JOIN campaign_duties d ON d.item_id = e.item_id AND d.unit_id = e.unit_id
        WHERE e.campaign_id = ${campaignId} AND e.period = ${period}
        ORDER BY e.item_id, CASE d.role WHEN 'lead' THEN 0 WHEN 'co' THEN 1 ELSE 2 END, ${unitRank(unitOrder, sql`e.unit_id`)}`,
  );
}

/** Work items with their lead units and current (lead) status, for the consolidated report. */
export async function workItemsWithLeads(db: DbOrTx, campaignId: string, unitOrder: readonly string[]) {
  return rows<{ itemId: string; nodeId: string; title: string; taskNodeId: string | null; taskTitle: string | null; dueDate: string | null; leadUnitIds: string[] | null; status: string | null }>(
    db,
    sql`SELECT i.id AS "itemId", i.node_id AS "nodeId", i.title, t.node_id AS "taskNodeId", t.title AS "taskTitle", to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate",
               (SELECT array_agg(d.unit_id::text ORDER BY ${unitRank(unitOrder, sql`d.unit_id`)}) FROM campaign_duties d WHERE d.item_id = i.id AND d.role = 'lead') AS "leadUnitIds",
               (SELECT min(d.status) FROM campaign_duties d WHERE d.item_id = i.id AND d.role = 'lead') AS status
        FROM campaign_tasks i LEFT JOIN campaign_tasks t ON t.id = i.task_id
        WHERE i.campaign_id = ${campaignId} AND i.is_work ORDER BY i.sort`,
  );
}
