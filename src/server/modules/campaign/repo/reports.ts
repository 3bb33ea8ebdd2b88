import { and, asc, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
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

/**
 * Insert the unit's report for a period unless it exists (two tabs saving at once), and lock it —
 * one statement: an existing row is "updated" to itself, which locks it as FOR UPDATE would;
 * `xmax = 0` tells a row this statement inserted.
 */
export async function ensureReport(tx: DbOrTx, values: typeof campaignReports.$inferInsert): Promise<{ row: ReportRow; created: boolean }> {
  const [{ created, ...row }] = await tx
    .insert(campaignReports)
    .values(values)
    .onConflictDoUpdate({ target: [campaignReports.campaignId, campaignReports.unitId, campaignReports.period], set: { campaignId: sql`${campaignReports.campaignId}` } })
    .returning({ ...getTableColumns(campaignReports), created: sql<boolean>`(xmax = 0)` });
  return { row, created };
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

/**
 * Insert or update a report's entries in one statement per 5,000: the report's columns are
 * parameters once, the items travel as one JSON parameter (jsonb_to_recordset) — not ~10 bind
 * parameters per item built one by one by the query builder. Item ids must be distinct. A form is
 * saved whole, again and again: an entry whose status and narrative did not change is not written
 * again (no new row version, no index entries; its updated_at stays the time it last changed).
 */
export type IndicatorValueRow = typeof campaignIndicatorValues.$inferSelect;
export type ReviewRow = typeof campaignReviews.$inferSelect;

/**
 * A report's entries, indicator values and review steps (oldest first) in one statement — what
 * `entriesOfReport`, `indicatorValuesOfReport` and `reviewsOfReport` return, as one round trip
 * instead of three (every form and every save answers with them).
 */
export async function reportParts(db: DbOrTx, reportId: string): Promise<{ entries: EntryRow[]; values: IndicatorValueRow[]; reviews: ReviewRow[] }> {
  const [r] = await rows<{ entries: Record<string, unknown>[]; values: Record<string, unknown>[]; reviews: Record<string, unknown>[] }>(
    db,
    sql`SELECT
          (SELECT coalesce(json_agg(e), '[]') FROM campaign_report_entries e WHERE e.report_id = ${reportId}) AS entries,
          (SELECT coalesce(json_agg(v), '[]') FROM campaign_indicator_values v WHERE v.report_id = ${reportId}) AS "values",
          (SELECT coalesce(json_agg(w ORDER BY w.at), '[]') FROM campaign_reviews w WHERE w.report_id = ${reportId}) AS reviews`,
  );
  // json_agg of whole rows: column names as in the table, timestamps as ISO text.
  const parse = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as Record<string, unknown>[]) : (v as Record<string, unknown>[]));
  return {
    entries: parse(r.entries).map((e) => ({
      id: e.id as string,
      reportId: e.report_id as string,
      campaignId: e.campaign_id as string,
      unitId: e.unit_id as string,
      period: e.period as string,
      itemId: e.item_id as string,
      status: e.status as string,
      narrative: e.narrative as string,
      attachments: e.attachments,
      reviewComment: (e.review_comment as string | null) ?? null,
      updatedAt: new Date(e.updated_at as string),
    })),
    values: parse(r.values).map((v) => ({
      id: v.id as string,
      reportId: v.report_id as string,
      campaignId: v.campaign_id as string,
      indicatorId: v.indicator_id as string,
      unitId: v.unit_id as string,
      period: v.period as string,
      valueNumber: (v.value_number as number | null) ?? null,
      valueText: (v.value_text as string | null) ?? null,
      valueBool: (v.value_bool as boolean | null) ?? null,
    })),
    reviews: parse(r.reviews).map((w) => ({
      id: w.id as string,
      reportId: w.report_id as string,
      campaignId: w.campaign_id as string,
      action: w.action as string,
      comment: (w.comment as string | null) ?? null,
      itemComments: w.item_comments ?? null,
      actorUserId: (w.actor_user_id as string | null) ?? null,
      actorName: w.actor_name as string,
      at: new Date(w.at as string),
    })),
  };
}

/**
 * Write a report's entries in one statement per 5,000 (the items as one JSON parameter); an entry
 * whose status and narrative are unchanged is not written again. Returns the items written (new or
 * changed), for the audit.
 */
export async function upsertEntries(
  tx: DbOrTx,
  report: { reportId: string; campaignId: string; unitId: string; period: string },
  entries: { itemId: string; status: string; narrative: string }[],
  now: Date,
): Promise<Set<string>> {
  const written = new Set<string>();
  for (let i = 0; i < entries.length; i += 5000) {
    const json = JSON.stringify(entries.slice(i, i + 5000).map((e) => ({ item_id: e.itemId, status: e.status, narrative: e.narrative })));
    const r = await rows<{ item_id: string }>(
      tx,
      // Only new and changed entries reach the upsert: ON CONFLICT DO UPDATE locks (and WAL-logs
      // the lock of) every conflicting row, also where its WHERE then skips the update — a save
      // of 240 entries with 12 changed locked 240 rows.
      sql`INSERT INTO campaign_report_entries (report_id, campaign_id, unit_id, period, item_id, status, narrative, updated_at)
      SELECT ${report.reportId}::uuid, ${report.campaignId}::uuid, ${report.unitId}::uuid, ${report.period}, x.item_id, x.status, x.narrative, ${now.toISOString()}::timestamptz
      FROM jsonb_to_recordset(${json}::jsonb) AS x(item_id uuid, status text, narrative text)
      WHERE NOT EXISTS (
        SELECT 1 FROM campaign_report_entries e
        WHERE e.report_id = ${report.reportId}::uuid AND e.item_id = x.item_id AND (e.status, e.narrative) IS NOT DISTINCT FROM (x.status, x.narrative)
      )
      ON CONFLICT (report_id, item_id) DO UPDATE SET status = excluded.status, narrative = excluded.narrative, updated_at = excluded.updated_at
      WHERE (campaign_report_entries.status, campaign_report_entries.narrative) IS DISTINCT FROM (excluded.status, excluded.narrative)
      RETURNING item_id`,
    );
    for (const x of r) written.add(x.item_id);
  }
  return written;
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
          AND EXISTS (SELECT 1 FROM campaign_duties d WHERE d.campaign_id = ${campaignId} AND d.item_id = e.item_id AND d.unit_id = ${leadUnitId} AND d.role = 'lead')
        ORDER BY ${unitRank(unitOrder, sql`e.unit_id`)}, e.unit_id`,
  );
}

export async function previousIndicatorValues(db: DbOrTx, campaignId: string, unitId: string, period: string) {
  return rows<{ indicatorId: string; valueNumber: number | null; valueText: string | null; valueBool: boolean | null }>(
    db,
    sql`SELECT DISTINCT ON (v.indicator_id) v.indicator_id AS "indicatorId", v.value_number AS "valueNumber", v.value_text AS "valueText", v.value_bool AS "valueBool"
        FROM campaign_reports r JOIN campaign_indicator_values v ON v.report_id = r.id
        -- From the unit's accepted reports (campaign_reports_unit_period_uq) to their values (a value
        -- carries its report's campaign, unit and period), not a scan of the campaign's values.
        WHERE r.campaign_id = ${campaignId} AND r.unit_id = ${unitId} AND r.period < ${period} AND r.status = 'accepted'
        ORDER BY v.indicator_id, r.period DESC`,
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

