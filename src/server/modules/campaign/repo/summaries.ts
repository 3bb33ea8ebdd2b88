import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../../db';
import { campaignSummaries } from '../campaign.schema';
import { ownedBy, unitRank, type CampaignScope } from './scope';

/** Summaries (季度/半年/年度/全面总结评估) and the accepted texts they are compiled from. */

export type SummaryRow = typeof campaignSummaries.$inferSelect;

export async function listSummaries(db: DbOrTx, scope: CampaignScope, campaignId: string): Promise<SummaryRow[]> {
  return db
    .select()
    .from(campaignSummaries)
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

export async function updateSummaryRow(tx: DbOrTx, id: string, values: Partial<typeof campaignSummaries.$inferInsert>, now: Date): Promise<SummaryRow> {
  const [r] = await tx
    .update(campaignSummaries)
    .set({ ...values, version: sql`${campaignSummaries.version} + 1`, updatedAt: now })
    .where(eq(campaignSummaries.id, id))
    .returning();
  return r;
}

export async function deleteSummaryRow(tx: DbOrTx, id: string): Promise<void> {
  await tx.delete(campaignSummaries).where(eq(campaignSummaries.id, id));
}

/** Accepted narratives of a period range (a unit's own, or the lead units'), newest and longest first. */
export async function acceptedNarratives(db: DbOrTx, campaignId: string, from: string, to: string, unitId: string | null, limit = 400) {
  return rows<{ taskId: string; itemId: string; unitId: string; period: string; status: string; narrative: string; role: string | null }>(
    db,
    sql`SELECT d.task_id AS "taskId", e.item_id AS "itemId", e.unit_id AS "unitId", e.period, e.status, e.narrative, d.role
        FROM campaign_report_entries e
        JOIN campaign_reports r ON r.id = e.report_id AND r.status = 'accepted'
        JOIN campaign_duties d ON d.item_id = e.item_id AND d.unit_id = e.unit_id
        WHERE e.campaign_id = ${campaignId} AND e.period BETWEEN ${from} AND ${to} AND length(e.narrative) > 0
          ${unitId ? sql`AND e.unit_id = ${unitId}` : sql`AND d.role = 'lead'`}
        ORDER BY e.period DESC, length(e.narrative) DESC LIMIT ${limit}`,
  );
}

/** The texts of accepted reports of a period range, newest month first, units in the organisation's order. */
export async function reportSummaries(db: DbOrTx, campaignId: string, from: string, to: string, unitId: string | null, unitOrder: readonly string[]) {
  return rows<{ unitId: string; period: string; summary: string; problems: string; nextPlan: string }>(
    db,
    sql`SELECT r.unit_id AS "unitId", r.period, r.summary, r.problems, r.next_plan AS "nextPlan"
        FROM campaign_reports r
        WHERE r.campaign_id = ${campaignId} AND r.status = 'accepted' AND r.period BETWEEN ${from} AND ${to}
          ${unitId ? sql`AND r.unit_id = ${unitId}` : sql``}
        ORDER BY r.period DESC, ${unitRank(unitOrder, sql`r.unit_id`)} LIMIT 500`,
  );
}
