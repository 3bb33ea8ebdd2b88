import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../../db';
import { campaignIndicatorValues, campaignReportEntries, campaignReports, campaignReviews } from '../campaign.schema';
import { ownedBy, unitRank, type CampaignScope } from './scope';

/** Monthly reports, their item entries, indicator values and review steps. */

export type ReportRow = typeof campaignReports.$inferSelect;
export type EntryRow = typeof campaignReportEntries.$inferSelect;

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

export async function updateReportRow(tx: DbOrTx, id: string, values: Partial<typeof campaignReports.$inferInsert>, now: Date): Promise<ReportRow> {
  const [r] = await tx
    .update(campaignReports)
    .set({ ...values, version: sql`${campaignReports.version} + 1`, updatedAt: now })
    .where(eq(campaignReports.id, id))
    .returning();
  return r;
}

/** A page of report headers, newest month first, units in the organisation's order (`unitOrder`). */
export async function listReports(
  db: DbOrTx,
  scope: CampaignScope,
  campaignId: string,
  q: { period?: string; status?: string; unitId?: string; late?: boolean; page: number; pageSize: number },
  unitOrder: readonly string[],
) {
  const conds: SQL[] = [eq(campaignReports.campaignId, campaignId), ownedBy(scope, campaignReports)];
  if (q.period) conds.push(eq(campaignReports.period, q.period));
  if (q.status) conds.push(eq(campaignReports.status, q.status));
  if (q.unitId) conds.push(eq(campaignReports.unitId, q.unitId));
  if (q.late !== undefined) conds.push(eq(campaignReports.late, q.late));
  const where = and(...conds);
  const [items, [{ total }]] = await Promise.all([
    db
      .select()
      .from(campaignReports)
      .where(where)
      .orderBy(desc(campaignReports.period), unitRank(unitOrder, campaignReports.unitId), asc(campaignReports.unitId))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(campaignReports).where(where),
  ]);
  return { items, total: Number(total) };
}

export async function entriesOfReport(db: DbOrTx, reportId: string): Promise<EntryRow[]> {
  return db.select().from(campaignReportEntries).where(eq(campaignReportEntries.reportId, reportId));
}

export async function upsertEntries(tx: DbOrTx, values: (typeof campaignReportEntries.$inferInsert)[], now: Date): Promise<void> {
  for (let i = 0; i < values.length; i += 500) {
    await tx
      .insert(campaignReportEntries)
      .values(values.slice(i, i + 500).map((v) => ({ ...v, updatedAt: now })))
      .onConflictDoUpdate({
        target: [campaignReportEntries.reportId, campaignReportEntries.itemId],
        set: { status: sql`excluded.status`, narrative: sql`excluded.narrative`, updatedAt: now },
      });
  }
}

export async function setEntryAttachments(tx: DbOrTx, reportId: string, itemId: string, attachments: unknown[], now: Date): Promise<void> {
  await tx
    .update(campaignReportEntries)
    .set({ attachments, updatedAt: now })
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
export async function contributionsForLead(db: DbOrTx, campaignId: string, leadUnitId: string, period: string, unitOrder: readonly string[]) {
  return rows<{ itemId: string; unitId: string; role: string; reportStatus: string; status: string; narrative: string; attachments: unknown }>(
    db,
    sql`SELECT e.item_id AS "itemId", e.unit_id AS "unitId", coalesce(od.role, 'co') AS role, r.status AS "reportStatus",
               e.status, e.narrative, e.attachments
        FROM campaign_report_entries e
        JOIN campaign_reports r ON r.id = e.report_id AND r.status IN ('submitted','accepted')
        LEFT JOIN campaign_duties od ON od.item_id = e.item_id AND od.unit_id = e.unit_id
        WHERE e.campaign_id = ${campaignId} AND e.period = ${period} AND e.unit_id <> ${leadUnitId}
          AND EXISTS (SELECT 1 FROM campaign_duties d WHERE d.item_id = e.item_id AND d.unit_id = ${leadUnitId} AND d.role = 'lead')
        ORDER BY ${unitRank(unitOrder, sql`e.unit_id`)}, e.unit_id`,
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

/** A review step (submit, return, accept…) at `values.at` (the domain clock). */
export async function insertReview(tx: DbOrTx, values: typeof campaignReviews.$inferInsert & { at: Date }): Promise<void> {
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

