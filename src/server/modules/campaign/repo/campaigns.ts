import { and, asc, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../../db';
import { campaignPhases, campaigns } from '../campaign.schema';
import { campaignVisible, type CampaignScope } from './scope';

/**
 * A campaign as the module works with it: every column but the plan's source text (30+ KB for the
 * reference plan), kept only as the record of what was imported and read by no request — it was
 * fetched and decoded at every campaign read, a report save among them.
 */
export type CampaignRow = Omit<typeof campaigns.$inferSelect, 'sourceText'>;
const { sourceText: _sourceText, ...campaignColumns } = getTableColumns(campaigns);
export type PhaseRow = typeof campaignPhases.$inferSelect;

export async function insertCampaign(tx: DbOrTx, values: typeof campaigns.$inferInsert): Promise<CampaignRow> {
  const [r] = await tx.insert(campaigns).values(values).returning(campaignColumns);
  return r;
}

export async function findCampaign(db: DbOrTx, scope: CampaignScope, id: string): Promise<CampaignRow | undefined> {
  const [r] = await db.select(campaignColumns).from(campaigns).where(and(eq(campaigns.id, id), campaignVisible(scope)));
  return r;
}

/** The campaign (within scope) and whether a month of it is closed (封账), in one statement. */
export async function findCampaignAndPeriod(db: DbOrTx, scope: CampaignScope, id: string, period: string): Promise<{ campaign: CampaignRow; closed: boolean } | undefined> {
  const [r] = await db
    .select({ ...campaignColumns, closed: sql<boolean>`exists (select 1 from campaign_periods p where p.campaign_id = ${campaigns.id} and p.period = ${period})` })
    .from(campaigns)
    .where(and(eq(campaigns.id, id), campaignVisible(scope)));
  if (!r) return undefined;
  const { closed, ...campaign } = r;
  return { campaign, closed };
}

export async function lockCampaign(tx: DbOrTx, scope: CampaignScope, id: string): Promise<CampaignRow | undefined> {
  const [r] = await tx.select(campaignColumns).from(campaigns).where(and(eq(campaigns.id, id), campaignVisible(scope))).for('update');
  return r;
}

export async function listCampaigns(db: DbOrTx, scope: CampaignScope): Promise<CampaignRow[]> {
  return db.select(campaignColumns).from(campaigns).where(campaignVisible(scope)).orderBy(desc(campaigns.startDate), asc(campaigns.name));
}

export async function listActiveCampaigns(db: DbOrTx): Promise<CampaignRow[]> {
  return db.select(campaignColumns).from(campaigns).where(eq(campaigns.status, 'active')).orderBy(asc(campaigns.createdAt));
}

export async function updateCampaignRow(tx: DbOrTx, id: string, values: Partial<typeof campaigns.$inferInsert>, now: Date): Promise<CampaignRow> {
  const [r] = await tx
    .update(campaigns)
    .set({ ...values, version: sql`${campaigns.version} + 1`, updatedAt: now })
    .where(eq(campaigns.id, id))
    .returning(campaignColumns);
  return r;
}

export async function campaignCounts(db: DbOrTx, ids: string[]): Promise<Map<string, { tasks: number; items: number; units: number; indicators: number }>> {
  if (!ids.length) return new Map();
  const r = await rows<{ id: string; tasks: number; items: number; units: number; indicators: number }>(
    db,
    sql`SELECT c.id,
          (SELECT count(*) FROM campaign_tasks t WHERE t.campaign_id = c.id AND t.kind = 'task')::int AS tasks,
          (SELECT count(*) FROM campaign_tasks t WHERE t.campaign_id = c.id AND t.is_work)::int AS items,
          (SELECT count(DISTINCT d.unit_id) FROM campaign_duties d WHERE d.campaign_id = c.id)::int AS units,
          (SELECT count(*) FROM campaign_indicators i WHERE i.campaign_id = c.id)::int AS indicators
        FROM campaigns c WHERE c.id IN (${sql.join(
          ids.map((i) => sql`${i}::uuid`),
          sql`, `,
        )})`,
  );
  return new Map(r.map((x) => [x.id, { tasks: Number(x.tasks), items: Number(x.items), units: Number(x.units), indicators: Number(x.indicators) }]));
}

export async function listPhases(db: DbOrTx, campaignId: string): Promise<PhaseRow[]> {
  return db.select().from(campaignPhases).where(eq(campaignPhases.campaignId, campaignId)).orderBy(asc(campaignPhases.ordinal));
}

export async function replacePhases(tx: DbOrTx, campaignId: string, values: (typeof campaignPhases.$inferInsert)[]): Promise<PhaseRow[]> {
  const before = await listPhases(tx, campaignId);
  await tx.delete(campaignPhases).where(eq(campaignPhases.campaignId, campaignId));
  await insertPhases(tx, values);
  return before;
}

export async function insertPhases(tx: DbOrTx, values: (typeof campaignPhases.$inferInsert)[]): Promise<void> {
  if (values.length) await tx.insert(campaignPhases).values(values);
}
