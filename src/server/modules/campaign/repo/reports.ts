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

/** What a report's form shows of its entries, indicator values and review steps. */
export interface EntryPart {
  itemId: string;
  status: string;
  narrative: string;
  attachments: unknown;
  reviewComment: string | null;
}
export interface ValuePart {
  indicatorId: string;
  valueNumber: number | null;
  valueText: string | null;
  valueBool: boolean | null;
}
export interface ReviewPart {
  id: string;
  action: string;
  comment: string | null;
  itemComments: unknown;
  actorName: string;
  at: Date;
}
export interface ReportParts {
  entries: EntryPart[];
  values: ValuePart[];
  reviews: ReviewPart[];
}

/** The parts of a report not yet stored. */
export const NO_REPORT_PARTS: ReportParts = Object.freeze({ entries: [], values: [], reviews: [] }) as ReportParts;

/**
 * A report's entries, values and reviews (oldest first) in one round trip, only the columns the form
 * shows (each part one JSON array: whole rows as JSON cost PostgreSQL 3–4 ms for a 240-item form,
 * these ~0.6 ms).
 */
export async function reportParts(db: DbOrTx, reportId: string): Promise<ReportParts> {
  const [r] = await rows<{ entries: unknown; values: unknown; reviews: unknown }>(
    db,
    sql`SELECT
          (SELECT coalesce(json_agg(json_build_object('itemId', e.item_id, 'status', e.status, 'narrative', e.narrative, 'attachments', e.attachments, 'reviewComment', e.review_comment)), '[]')
             FROM campaign_report_entries e WHERE e.report_id = ${reportId}) AS entries,
          (SELECT coalesce(json_agg(json_build_object('indicatorId', v.indicator_id, 'valueNumber', v.value_number, 'valueText', v.value_text, 'valueBool', v.value_bool)), '[]')
             FROM campaign_indicator_values v WHERE v.report_id = ${reportId}) AS "values",
          (SELECT coalesce(json_agg(json_build_object('id', w.id, 'action', w.action, 'comment', w.comment, 'itemComments', w.item_comments, 'actorName', w.actor_name, 'at', w.at) ORDER BY w.at), '[]')
             FROM campaign_reviews w WHERE w.report_id = ${reportId}) AS reviews`,
  );
  const parse = <T>(v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as T[];
  return {
    entries: parse<EntryPart>(r.entries),
    values: parse<ValuePart>(r.values),
    reviews: parse<Omit<ReviewPart, 'at'> & { at: string }>(r.reviews).map((w) => ({ ...w, at: new Date(w.at) })),
  };
}

/**
 * Write new and changed entries of a report (the caller holds the report's row lock and passes only
 * those: ON CONFLICT DO UPDATE locks, and WAL-logs the lock of, every conflicting row even where its
 * WHERE then skips the update), in one statement per 5,000 (the items as one JSON parameter).
 */
export async function upsertEntries(
  tx: DbOrTx,
  report: { reportId: string; campaignId: string; unitId: string; period: string },
  entries: { itemId: string; status: string; narrative: string }[],
  now: Date,
): Promise<void> {
  for (let i = 0; i < entries.length; i += 5000) {
    const json = JSON.stringify(entries.slice(i, i + 5000).map((e) => ({ item_id: e.itemId, status: e.status, narrative: e.narrative })));
    await rows(
      tx,
      sql`INSERT INTO campaign_report_entries (report_id, campaign_id, unit_id, period, item_id, status, narrative, updated_at)
      SELECT ${report.reportId}::uuid, ${report.campaignId}::uuid, ${report.unitId}::uuid, ${report.period}, x.item_id, x.status, x.narrative, ${now.toISOString()}::timestamptz
      FROM jsonb_to_recordset(${json}::jsonb) AS x(item_id uuid, status text, narrative text)
      ON CONFLICT (report_id, item_id) DO UPDATE SET status = excluded.status, narrative = excluded.narrative, updated_at = excluded.updated_at`,
    );
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

