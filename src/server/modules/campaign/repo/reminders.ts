import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../../db';
import { campaignWebhookOutbox } from '../campaign.schema';
import { unitRank } from './scope';

/** Reminders (督办提醒): who has not filed, who is past a deadline; the webhook outbox. */

/** Units with duties and no submitted/accepted report for a period (missing, draft or returned). */
export async function unitsNotSubmitted(db: DbOrTx, campaignId: string, period: string, unitOrder: readonly string[]) {
  return rows<{ unitId: string; status: string | null }>(
    db,
    sql`SELECT d.unit_id AS "unitId", r.status
        FROM (SELECT DISTINCT unit_id FROM campaign_duties WHERE campaign_id = ${campaignId}) d
        LEFT JOIN campaign_reports r ON r.campaign_id = ${campaignId} AND r.unit_id = d.unit_id AND r.period = ${period}
        WHERE r.id IS NULL OR r.status IN ('draft','returned')
        ORDER BY ${unitRank(unitOrder, sql`d.unit_id`)}, d.unit_id`,
  );
}

export async function overdueDutyCountsByUnit(db: DbOrTx, campaignId: string, today: string) {
  return rows<{ unitId: string; n: number; earliest: string }>(
    db,
    sql`SELECT d.unit_id AS "unitId", count(*)::int AS n, to_char(min(d.due_date), 'YYYY-MM-DD') AS earliest
        FROM campaign_duties d
        WHERE d.campaign_id = ${campaignId} AND d.status <> '已完成' AND d.due_date < ${today}::date AND d.role <> 'territorial'
        GROUP BY d.unit_id`,
  );
}

export async function enqueueWebhook(tx: DbOrTx, dedupeKey: string, payload: unknown, now: Date): Promise<boolean> {
  const r = await tx.insert(campaignWebhookOutbox).values({ dedupeKey, payload, createdAt: now }).onConflictDoNothing().returning({ id: campaignWebhookOutbox.id });
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

export async function markWebhook(tx: DbOrTx, id: string, ok: boolean, error: string | null, now: Date): Promise<void> {
  await tx
    .update(campaignWebhookOutbox)
    .set(ok ? { deliveredAt: now, attempts: sql`${campaignWebhookOutbox.attempts} + 1`, lastError: null } : { attempts: sql`${campaignWebhookOutbox.attempts} + 1`, lastError: error })
    .where(eq(campaignWebhookOutbox.id, id));
}
