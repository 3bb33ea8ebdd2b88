import { and, eq, sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../../db';
import { campaignVetoes } from '../campaign.schema';
import { ownedBy, unitRank, type CampaignScope } from './scope';

/** Dashboard, assessment and overdue figures: aggregates in SQL, scoped in the WHERE clause. */

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

/** Completion per unit (in no particular order: the caller orders units as the organisation does). */
export async function dutyStatsByUnit(db: DbOrTx, campaignId: string, scope: CampaignScope, today: string) {
  return rows<{ unitId: string; total: number; done: number; progress: number; lagging: number; overdue: number; due: number; dueDone: number }>(
    db,
    sql`SELECT d.unit_id AS "unitId", count(*)::int AS total,
               count(*) FILTER (WHERE d.status = '已完成')::int AS done,
               count(*) FILTER (WHERE d.status = '推进中')::int AS progress,
               count(*) FILTER (WHERE d.status = '滞后')::int AS lagging,
               -- 属地 duties support the lead's item: they are not overdue by themselves.
               count(*) FILTER (WHERE d.status <> '已完成' AND d.due_date < ${today}::date AND d.role <> 'territorial')::int AS overdue,
               count(*) FILTER (WHERE d.due_date <= ${today}::date)::int AS due,
               count(*) FILTER (WHERE d.due_date <= ${today}::date AND d.status = '已完成')::int AS "dueDone"
        FROM campaign_duties d
        WHERE d.campaign_id = ${campaignId} AND ${ownedBy(scope, { unitId: sql`d.unit_id`, regionCode: sql`d.region_code` })}
        GROUP BY d.unit_id`,
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
export async function dutiesAsOf(db: DbOrTx, campaignId: string, scope: CampaignScope, to: string, unitOrder: readonly string[]): Promise<DutyAsOf[]> {
  return rows<DutyAsOf>(
    db,
    sql`SELECT d.unit_id AS "unitId", d.item_id AS "itemId", i.node_id AS "nodeId", i.title, d.task_id AS "taskId", d.role,
               to_char(d.due_date, 'YYYY-MM-DD') AS "dueDate", coalesce(x.status, '未开始') AS status
        FROM campaign_duties d
        JOIN campaign_tasks i ON i.id = d.item_id
        LEFT JOIN LATERAL (
          SELECT e.status FROM campaign_report_entries e JOIN campaign_reports r ON r.id = e.report_id AND r.status = 'accepted'
          WHERE e.unit_id = d.unit_id AND e.item_id = d.item_id AND e.period <= ${to}
          ORDER BY e.period DESC LIMIT 1
        ) x ON true
        WHERE d.campaign_id = ${campaignId} AND ${ownedBy(scope, { unitId: sql`d.unit_id`, regionCode: sql`d.region_code` })}
        ORDER BY ${unitRank(unitOrder, sql`d.unit_id`)}, d.unit_id, i.sort`,
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
export async function overdueDuties(db: DbOrTx, campaignId: string, scope: CampaignScope, today: string, unitOrder: readonly string[], limit = 2000) {
  return rows<{ unitId: string; itemId: string; nodeId: string; title: string; taskTitle: string; role: 'lead' | 'co' | 'territorial'; dueDate: string; status: string }>(
    db,
    sql`SELECT d.unit_id AS "unitId", d.item_id AS "itemId", i.node_id AS "nodeId", i.title, t.title AS "taskTitle",
               d.role, to_char(d.due_date, 'YYYY-MM-DD') AS "dueDate", d.status
        FROM campaign_duties d JOIN campaign_tasks i ON i.id = d.item_id JOIN campaign_tasks t ON t.id = d.task_id
        WHERE d.campaign_id = ${campaignId} AND d.status <> '已完成' AND d.due_date < ${today}::date AND d.role <> 'territorial'
          AND ${ownedBy(scope, { unitId: sql`d.unit_id`, regionCode: sql`d.region_code` })}
        ORDER BY d.due_date, ${unitRank(unitOrder, sql`d.unit_id`)}, i.sort LIMIT ${limit}`,
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

// ---------- vetoes ----------

export async function listVetoes(db: DbOrTx, campaignId: string) {
  return db.select().from(campaignVetoes).where(eq(campaignVetoes.campaignId, campaignId));
}

export async function upsertVeto(tx: DbOrTx, campaignId: string, unitId: string, reason: string, userId: string | null, now: Date) {
  const before = await tx
    .select()
    .from(campaignVetoes)
    .where(and(eq(campaignVetoes.campaignId, campaignId), eq(campaignVetoes.unitId, unitId)));
  await tx
    .insert(campaignVetoes)
    .values({ campaignId, unitId, reason, setBy: userId, setAt: now })
    .onConflictDoUpdate({ target: [campaignVetoes.campaignId, campaignVetoes.unitId], set: { reason, setBy: userId, setAt: now } });
  return before[0];
}

export async function deleteVeto(tx: DbOrTx, campaignId: string, unitId: string) {
  const r = await tx
    .delete(campaignVetoes)
    .where(and(eq(campaignVetoes.campaignId, campaignId), eq(campaignVetoes.unitId, unitId)))
    .returning();
  return r[0];
}
