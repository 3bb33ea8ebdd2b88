import { sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../../db';
import { campaignIndicatorValues, campaignListEntries } from '../campaign.schema';
import { unitRank } from './scope';

/** Rows the demo seed writes in bulk (campaign.seed.ts). */

/** Every duty with its item, units in the organisation's order then items in document order (demo history). */
export async function dutiesForSeed(db: DbOrTx, campaignId: string, unitOrder: readonly string[]) {
  return rows<{ unitId: string; itemId: string; taskId: string; role: string; dueDate: string | null; regionCode: string; title: string }>(
    db,
    sql`SELECT d.unit_id AS "unitId", d.item_id AS "itemId", d.task_id AS "taskId", d.role, to_char(d.due_date, 'YYYY-MM-DD') AS "dueDate", d.region_code AS "regionCode", i.title
        FROM campaign_duties d JOIN campaign_tasks i ON i.id = d.item_id
        WHERE d.campaign_id = ${campaignId} ORDER BY ${unitRank(unitOrder, sql`d.unit_id`)}, i.sort`,
  );
}

export async function insertIndicatorValueRows(tx: DbOrTx, values: (typeof campaignIndicatorValues.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < values.length; i += 1000) await tx.insert(campaignIndicatorValues).values(values.slice(i, i + 1000));
}

export async function insertListEntryRows(tx: DbOrTx, values: (typeof campaignListEntries.$inferInsert)[]): Promise<void> {
  if (values.length) await tx.insert(campaignListEntries).values(values);
}

