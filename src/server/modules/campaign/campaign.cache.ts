import type { DbOrTx, Tx } from '../../db';
import type { AppDeps } from '../../platform/deps';

/**
 * Read models of a campaign that are costly to compute and read far more often than the campaign
 * changes (the dashboard: ~30 ms of aggregates in PostgreSQL per call at 40 units × 36 months × 240
 * items), and the parts of a unit's monthly form that its own draft saves do not change (its duties,
 * the indicators, the lead's view of what the other units filed, last accepted values). They are
 * kept per database object and campaign, and dropped when this module commits a write to the
 * campaign (`campaignWrite`), so this instance never shows a figure older than its own last write.
 * A unit's draft save (`{ draftSave: true }`) drops only the views it can change — it writes nothing
 * but that draft. A load begun before such a commit is answered to its own callers but not kept
 * (generation check). Another app instance's write is seen within CAMPAIGN_VIEWS_TTL_MS.
 */

export const CAMPAIGN_VIEWS_TTL_MS = 5_000;
/** Views per campaign (a form's parts are per unit and month); beyond it the oldest go first. */
const MAX_VIEWS_PER_CAMPAIGN = 256;

interface View {
  at: number;
  value: Promise<unknown>;
  survivesDraftSaves: boolean;
}

interface Slot {
  /** committed writes of any kind */
  gen: number;
  /** committed writes other than draft saves: what the views that survive draft saves check */
  genBesidesDrafts: number;
  views: Map<string, View>;
}

const cache = new WeakMap<object, Map<string, Slot>>();

function slotOf(db: DbOrTx, campaignId: string): Slot {
  let byCampaign = cache.get(db);
  if (!byCampaign) cache.set(db, (byCampaign = new Map()));
  let slot = byCampaign.get(campaignId);
  if (!slot) byCampaign.set(campaignId, (slot = { gen: 0, genBesidesDrafts: 0, views: new Map() }));
  return slot;
}

/** Room for one more view: expired ones go, then the oldest. */
function makeRoom(views: Map<string, View>): void {
  if (views.size < MAX_VIEWS_PER_CAMPAIGN) return;
  const now = Date.now();
  for (const [key, v] of views) if (now - v.at >= CAMPAIGN_VIEWS_TTL_MS) views.delete(key);
  for (const key of views.keys()) {
    if (views.size < MAX_VIEWS_PER_CAMPAIGN) break;
    views.delete(key);
  }
}

/**
 * A view of a campaign under `key` (e.g. the dashboard of one scope on one day), loaded once and
 * shared: callers must not change what it gives. `survivesDraftSaves`: no draft save can change it
 * (it reads no draft), so only the campaign's other writes drop it.
 */
export function cachedCampaignView<T>(db: DbOrTx, campaignId: string, key: string, load: () => Promise<T>, opts: { survivesDraftSaves?: boolean } = {}): Promise<T> {
  const slot = slotOf(db, campaignId);
  const hit = slot.views.get(key);
  if (hit && Date.now() - hit.at < CAMPAIGN_VIEWS_TTL_MS) return hit.value as Promise<T>;
  const survivesDraftSaves = opts.survivesDraftSaves ?? false;
  const genOf = () => (survivesDraftSaves ? slot.genBesidesDrafts : slot.gen);
  const gen = genOf();
  const value = load();
  if (hit) slot.views.delete(key);
  makeRoom(slot.views);
  const entry: View = { at: Date.now(), value, survivesDraftSaves };
  slot.views.set(key, entry);
  value.then(
    () => {
      // Overtaken by a commit while loading: only its own callers see it.
      if (genOf() !== gen && slot.views.get(key) === entry) slot.views.delete(key);
    },
    () => {
      if (slot.views.get(key) === entry) slot.views.delete(key);
      // A campaign this caller may not see (or that does not exist) leaves nothing behind.
      if (!slot.views.size && cache.get(db)?.get(campaignId) === slot) cache.get(db)!.delete(campaignId);
    },
  );
  return value;
}

/**
 * After a committed write: the campaign's views (every campaign's without an id) load again; after
 * a draft save, those it can change.
 */
export function forgetCampaignViews(db: DbOrTx, campaignId?: string, opts: { draftSave?: boolean } = {}): void {
  const byCampaign = cache.get(db);
  if (!byCampaign) return;
  const slots = campaignId ? [byCampaign.get(campaignId)] : [...byCampaign.values()];
  for (const slot of slots) {
    if (!slot) continue;
    slot.gen++;
    if (opts.draftSave) {
      for (const [key, v] of slot.views) if (!v.survivesDraftSaves) slot.views.delete(key);
    } else {
      slot.genBesidesDrafts++;
      slot.views.clear();
    }
  }
}

/**
 * A write transaction of the ledger; the campaign's cached views are dropped after it commits (and
 * after it fails: a failed commit may still have reached the database). `campaignId` may be a
 * function of the transaction's result when the campaign is only known inside it; without one,
 * every campaign's views are dropped. `draftSave`: the transaction writes one unit's draft report
 * (its row, entries and indicator values) and nothing else.
 */
export async function campaignWrite<T>(
  deps: Pick<AppDeps, 'db'>,
  campaignId: string | ((result: NoInfer<T>) => string | undefined) | undefined,
  fn: (tx: Tx) => Promise<T>,
  opts: { draftSave?: boolean } = {},
): Promise<T> {
  let result: T;
  try {
    result = await deps.db.transaction(fn);
  } catch (e) {
    forgetCampaignViews(deps.db, typeof campaignId === 'string' ? campaignId : undefined, opts);
    throw e;
  }
  forgetCampaignViews(deps.db, typeof campaignId === 'function' ? campaignId(result) : campaignId, opts);
  return result;
}
