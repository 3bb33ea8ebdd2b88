import type { DbOrTx, Tx } from '../../db';
import type { AppDeps } from '../../platform/deps';

/**
 * Read models of a campaign that are costly to compute and read far more often than the campaign
 * changes (the dashboard: ~30 ms of aggregates in PostgreSQL per call at 40 units × 36 months × 240
 * items). They are kept per database object and campaign, and dropped when this module commits a
 * write to the campaign (`campaignWrite`), so this instance never shows a figure older than its
 * own last write. A load begun before such a commit is answered to its own callers but not kept
 * (generation check). Another app instance's write is seen within CAMPAIGN_VIEWS_TTL_MS.
 */

export const CAMPAIGN_VIEWS_TTL_MS = 5_000;
const MAX_VIEWS_PER_CAMPAIGN = 64;

interface Slot {
  gen: number;
  views: Map<string, { at: number; value: Promise<unknown> }>;
}

const cache = new WeakMap<object, Map<string, Slot>>();

function slotOf(db: DbOrTx, campaignId: string): Slot {
  let byCampaign = cache.get(db);
  if (!byCampaign) cache.set(db, (byCampaign = new Map()));
  let slot = byCampaign.get(campaignId);
  if (!slot) byCampaign.set(campaignId, (slot = { gen: 0, views: new Map() }));
  return slot;
}

/** A view of a campaign under `key` (e.g. the dashboard of one scope on one day), loaded once and shared. */
export function cachedCampaignView<T>(db: DbOrTx, campaignId: string, key: string, load: () => Promise<T>): Promise<T> {
  const slot = slotOf(db, campaignId);
  const hit = slot.views.get(key);
  if (hit && Date.now() - hit.at < CAMPAIGN_VIEWS_TTL_MS) return hit.value as Promise<T>;
  const gen = slot.gen;
  const value = load();
  if (slot.views.size >= MAX_VIEWS_PER_CAMPAIGN) slot.views.clear();
  const entry = { at: Date.now(), value };
  slot.views.set(key, entry);
  value.then(
    () => {
      // Overtaken by a commit while loading: only its own callers see it.
      if (slot.gen !== gen && slot.views.get(key) === entry) slot.views.delete(key);
    },
    () => {
      if (slot.views.get(key) === entry) slot.views.delete(key);
      // A campaign this caller may not see (or that does not exist) leaves nothing behind.
      if (!slot.views.size && cache.get(db)?.get(campaignId) === slot) cache.get(db)!.delete(campaignId);
    },
  );
  return value;
}

/** After a committed write: the campaign's views (every campaign's without an id) load again. */
export function forgetCampaignViews(db: DbOrTx, campaignId?: string): void {
  const byCampaign = cache.get(db);
  if (!byCampaign) return;
  const slots = campaignId ? [byCampaign.get(campaignId)] : [...byCampaign.values()];
  for (const slot of slots) {
    if (!slot) continue;
    slot.gen++;
    slot.views.clear();
  }
}

/**
 * A write transaction of the ledger; the campaign's cached views are dropped after it commits (and
 * after it fails: a failed commit may still have reached the database). `campaignId` may be a
 * function of the transaction's result when the campaign is only known inside it; without one,
 * every campaign's views are dropped.
 */
export async function campaignWrite<T>(deps: Pick<AppDeps, 'db'>, campaignId: string | ((result: NoInfer<T>) => string | undefined) | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await deps.db.transaction(fn);
  } catch (e) {
    forgetCampaignViews(deps.db, typeof campaignId === 'string' ? campaignId : undefined);
    throw e;
  }
  forgetCampaignViews(deps.db, typeof campaignId === 'function' ? campaignId(result) : campaignId);
  return result;
}
