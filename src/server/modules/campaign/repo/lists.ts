import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../../db';
import { escapeLike } from '../../../platform/access';
import { campaignListEntries, campaignTasks } from '../campaign.schema';
import { ownedBy, unitRank, type CampaignScope } from './scope';

/** 三个清单: each unit's 问题隐患清单, 自查自纠清单 and 制度措施清单. */

export type ListEntryRow = typeof campaignListEntries.$inferSelect;

/** A page of list entries, units in the organisation's order (`unitOrder`), then list and 序号. */
export async function listListEntries(
  db: DbOrTx,
  scope: CampaignScope,
  campaignId: string,
  q: { kind?: string; unitId?: string; status?: string; q?: string; page: number; pageSize: number },
  unitOrder: readonly string[],
): Promise<{ items: ListEntryRow[]; total: number }> {
  const conds: SQL[] = [eq(campaignListEntries.campaignId, campaignId), ownedBy(scope, campaignListEntries)];
  if (q.kind) conds.push(eq(campaignListEntries.kind, q.kind));
  if (q.unitId) conds.push(eq(campaignListEntries.unitId, q.unitId));
  if (q.status) conds.push(eq(campaignListEntries.status, q.status));
  if (q.q) conds.push(sql`(${campaignListEntries.title} || ' ' || ${campaignListEntries.description}) ILIKE ${`%${escapeLike(q.q)}%`}`);
  const where = and(...conds);
  const [items, [{ total }]] = await Promise.all([
    db
      .select()
      .from(campaignListEntries)
      .where(where)
      .orderBy(unitRank(unitOrder, campaignListEntries.unitId), asc(campaignListEntries.unitId), asc(campaignListEntries.kind), asc(campaignListEntries.seq))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(campaignListEntries).where(where),
  ]);
  return { items, total: Number(total) };
}

/** Every entry of one list (the Excel export), with its task. */
export async function allListEntries(db: DbOrTx, scope: CampaignScope, campaignId: string, kind: string, unitId: string | undefined, unitOrder: readonly string[]) {
  const conds: SQL[] = [eq(campaignListEntries.campaignId, campaignId), eq(campaignListEntries.kind, kind), ownedBy(scope, campaignListEntries)];
  if (unitId) conds.push(eq(campaignListEntries.unitId, unitId));
  return db
    .select({ e: campaignListEntries, taskNodeId: campaignTasks.nodeId, taskTitle: campaignTasks.title })
    .from(campaignListEntries)
    .leftJoin(campaignTasks, eq(campaignTasks.id, campaignListEntries.taskId))
    .where(and(...conds))
    .orderBy(unitRank(unitOrder, campaignListEntries.unitId), asc(campaignListEntries.unitId), asc(campaignListEntries.seq))
    .limit(20000);
}

export async function findListEntry(db: DbOrTx, scope: CampaignScope, id: string): Promise<ListEntryRow | undefined> {
  const [r] = await db.select().from(campaignListEntries).where(and(eq(campaignListEntries.id, id), ownedBy(scope, campaignListEntries)));
  return r;
}

export async function lockListEntry(tx: DbOrTx, scope: CampaignScope, id: string): Promise<ListEntryRow | undefined> {
  const [r] = await tx.select().from(campaignListEntries).where(and(eq(campaignListEntries.id, id), ownedBy(scope, campaignListEntries))).for('update');
  return r;
}

export async function nextListSeq(tx: DbOrTx, campaignId: string, unitId: string, kind: string): Promise<number> {
  // Serialise numbering per unit and list: two clerks adding at once get 序号 n and n+1.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`campaign-list:${campaignId}:${unitId}:${kind}`}))`);
  const [r] = await tx
    .select({ m: sql<number>`coalesce(max(${campaignListEntries.seq}), 0)::int` })
    .from(campaignListEntries)
    .where(and(eq(campaignListEntries.campaignId, campaignId), eq(campaignListEntries.unitId, unitId), eq(campaignListEntries.kind, kind)));
  return Number(r.m) + 1;
}

export async function insertListEntry(tx: DbOrTx, values: typeof campaignListEntries.$inferInsert): Promise<ListEntryRow> {
  const [r] = await tx.insert(campaignListEntries).values(values).returning();
  return r;
}

export async function updateListEntryRow(tx: DbOrTx, id: string, values: Partial<typeof campaignListEntries.$inferInsert>, now: Date): Promise<ListEntryRow> {
  const [r] = await tx
    .update(campaignListEntries)
    .set({ ...values, version: sql`${campaignListEntries.version} + 1`, updatedAt: now })
    .where(eq(campaignListEntries.id, id))
    .returning();
  return r;
}

export async function deleteListEntryRow(tx: DbOrTx, id: string): Promise<void> {
  await tx.delete(campaignListEntries).where(eq(campaignListEntries.id, id));
}

export async function listStats(db: DbOrTx, scope: CampaignScope, campaignId: string) {
  return rows<{ kind: string; status: string; n: number }>(
    db,
    sql`SELECT kind, status, count(*)::int AS n FROM campaign_list_entries l
        WHERE campaign_id = ${campaignId} AND ${ownedBy(scope, { unitId: sql`l.unit_id`, regionCode: sql`l.region_code` })} GROUP BY kind, status`,
  );
}
