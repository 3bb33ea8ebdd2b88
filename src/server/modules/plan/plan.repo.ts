import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import { scopeCondition, type Scope } from '../../platform/access';
import { displayNamesOf } from '../../platform/users.repo';
import type { PlanDraftQuery } from '../../../shared/contracts/plan';
import { planDrafts, type PlanDraftRow } from './plan.schema';

export type PlanDraftInsert = typeof planDrafts.$inferInsert;

/** Drafts belong to the region of the uploader's unit: the office of that region sees them. */
export function draftScope(scope: Scope): SQL {
  return scopeCondition(scope, { regionCode: planDrafts.regionCode });
}

const listColumns = {
  id: planDrafts.id,
  fileName: planDrafts.fileName,
  fileSize: planDrafts.fileSize,
  title: planDrafts.title,
  docNumber: planDrafts.docNumber,
  status: planDrafts.status,
  campaignId: planDrafts.campaignId,
  version: planDrafts.version,
  regionCode: planDrafts.regionCode,
  summary: planDrafts.summary,
  createdBy: planDrafts.createdBy,
  createdAt: planDrafts.createdAt,
  updatedAt: planDrafts.updatedAt,
};

export type PlanDraftListRow = { [K in keyof typeof listColumns]: PlanDraftRow[K & keyof PlanDraftRow] } & { createdByName: string };

export async function listDrafts(db: DbOrTx, scope: Scope, q: PlanDraftQuery): Promise<{ rows: PlanDraftListRow[]; total: number }> {
  const conds: SQL[] = [draftScope(scope)];
  if (q.status) conds.push(eq(planDrafts.status, q.status));
  const where = and(...conds);
  const [list, [{ total }]] = await Promise.all([
    db
      .select(listColumns)
      .from(planDrafts)
      .where(where)
      .orderBy(desc(planDrafts.createdAt), desc(planDrafts.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(planDrafts).where(where),
  ]);
  // the uploader's name from the platform (users are not the plan module's table)
  const names = await displayNamesOf(db, list.map((r) => r.createdBy));
  return { rows: list.map((r) => ({ ...r, createdByName: names.get(r.createdBy) ?? '' })), total };
}

export async function findDraft(db: DbOrTx, scope: Scope, id: string): Promise<(PlanDraftRow & { createdByName: string }) | undefined> {
  const [r] = await db
    .select()
    .from(planDrafts)
    .where(and(eq(planDrafts.id, id), draftScope(scope)));
  if (!r) return undefined;
  const names = await displayNamesOf(db, [r.createdBy]);
  return { ...r, createdByName: names.get(r.createdBy) ?? '' };
}

/** Lock the draft for an edit (inside a transaction), within scope. */
export async function lockDraft(tx: DbOrTx, scope: Scope, id: string): Promise<PlanDraftRow | undefined> {
  const [r] = await tx
    .select()
    .from(planDrafts)
    .where(and(eq(planDrafts.id, id), draftScope(scope)))
    .for('update');
  return r;
}

export async function insertDraft(tx: DbOrTx, values: PlanDraftInsert): Promise<PlanDraftRow> {
  const [r] = await tx.insert(planDrafts).values(values).returning();
  return r;
}

/** Write the corrected tree and bump the version. */
export async function updateDraftContent(
  tx: DbOrTx,
  id: string,
  values: Pick<PlanDraftInsert, 'parsed' | 'warnings' | 'summary' | 'title' | 'docNumber'>,
): Promise<PlanDraftRow> {
  const [r] = await tx
    .update(planDrafts)
    .set({ ...values, version: sql`${planDrafts.version} + 1`, updatedAt: new Date() })
    .where(eq(planDrafts.id, id))
    .returning();
  return r;
}

/**
 * Claim a draft for import: draft → importing, only when it is still a draft (conditional UPDATE,
 * so two clicks cannot create two campaigns). A claim older than `staleAfter` (a crashed import)
 * may be taken over.
 */
export async function claimForImport(tx: DbOrTx, scope: Scope, id: string, staleBefore: Date): Promise<PlanDraftRow | undefined> {
  const [r] = await tx
    .update(planDrafts)
    .set({ status: 'importing', updatedAt: new Date() })
    .where(
      and(
        eq(planDrafts.id, id),
        draftScope(scope),
        sql`(${planDrafts.status} = 'draft' OR (${planDrafts.status} = 'importing' AND ${planDrafts.updatedAt} < ${staleBefore}))`,
      ),
    )
    .returning();
  return r;
}

export async function releaseImportClaim(tx: DbOrTx, id: string): Promise<void> {
  await tx.update(planDrafts).set({ status: 'draft', updatedAt: new Date() }).where(and(eq(planDrafts.id, id), eq(planDrafts.status, 'importing')));
}

export async function markImported(tx: DbOrTx, id: string, campaignId: string): Promise<PlanDraftRow | undefined> {
  const [r] = await tx
    .update(planDrafts)
    .set({ status: 'imported', campaignId, importedAt: new Date(), version: sql`${planDrafts.version} + 1`, updatedAt: new Date() })
    .where(and(eq(planDrafts.id, id), eq(planDrafts.status, 'importing')))
    .returning();
  return r;
}

export async function deleteDraftRow(tx: DbOrTx, id: string): Promise<void> {
  await tx.delete(planDrafts).where(eq(planDrafts.id, id));
}
