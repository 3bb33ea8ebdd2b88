import { and, eq, sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../../db';
import { campaignPeriods } from '../campaign.schema';
import { ownedBy, type CampaignScope } from './scope';

/** Monthly periods: which are closed (封账) and how many reports each has. */

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

export async function closePeriodRow(tx: DbOrTx, campaignId: string, period: string, userId: string | null, note: string, now: Date): Promise<boolean> {
  const r = await tx.insert(campaignPeriods).values({ campaignId, period, closedBy: userId, note, closedAt: now }).onConflictDoNothing().returning({ p: campaignPeriods.period });
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

export async function insertClosedPeriods(tx: DbOrTx, values: (typeof campaignPeriods.$inferInsert)[]): Promise<void> {
  if (values.length) await tx.insert(campaignPeriods).values(values);
}
