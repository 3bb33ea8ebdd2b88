import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import { campaigns } from './campaign.schema';

/**
 * Campaigns of a region (or under it) that came from a plan with this 文号: the plan module warns
 * before a second import of the same document.
 */
export async function campaignsWithDocNumber(db: DbOrTx, docNumber: string): Promise<{ id: string; name: string }[]> {
  const doc = docNumber.trim();
  if (!doc) return [];
  return db
    .select({ id: campaigns.id, name: campaigns.name })
    .from(campaigns)
    .where(and(eq(campaigns.docNumber, doc)))
    .orderBy(asc(campaigns.createdAt));
}
