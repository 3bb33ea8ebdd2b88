/**
 * Answers that are costly to read and asked again and again while they rarely change: totals of list
 * filters (a scan of every match) while people page through the same filter, the ids a search
 * matches, short lists read by every page (the 失信 flags in force), a public page. Kept per
 * database object and key for `ttlMs`:
 * - `forget()` drops every kept answer; the owner calls it at each write to what the answer reads
 *   and again once the writing transaction has ended, so a read begun between a write and its
 *   commit is not kept;
 * - concurrent requests for a missing answer share one read;
 * - an answer that only aged past the TTL (no write since) is given while it is read again in the
 *   background, so an answer expiring under load does not stall every request behind a new read.
 * Another app instance's write shows within the TTL and one read.
 */
export class KeptAnswers<T> {
  private generation = 0;
  private readonly byDatabase = new WeakMap<object, Map<string, { value: Promise<T>; at: number; generation: number }>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxKept = 500,
    /** what is kept, in a few words (e.g. 'ledger pages'): names the instance in profiles and benches */
    readonly what = '',
  ) {}

  forget(): void {
    this.generation++;
  }

  get(database: object, key: string, count: () => Promise<T>): Promise<T> {
    let kept = this.byDatabase.get(database);
    if (!kept) this.byDatabase.set(database, (kept = new Map()));
    const map = kept;
    const found = map.get(key);
    const current = found?.generation === this.generation ? found : undefined;
    if (current && Date.now() - current.at < this.ttlMs) return current.value;
    const generation = this.generation;
    const value = count();
    if (map.size >= this.maxKept) map.clear();
    const entry = { value, at: Date.now(), generation };
    if (current) {
      // Aged: the kept total answers until the new one is in (and stays if counting fails).
      current.at = Date.now();
      value.then(
        () => {
          if (generation === this.generation) map.set(key, entry);
        },
        () => undefined,
      );
      return current.value;
    }
    map.set(key, entry);
    value.catch(() => {
      if (map.get(key) === entry) map.delete(key);
    });
    return value;
  }
}

/**
 * Presentations of the rows a KeptAnswers page keeps (a list's items): formatted once and shared by
 * the requests that show them (nothing writes to a view). Keyed by the row object, so a row read
 * again after a write is a new key; a kept view is built again when `current` says that what it was
 * built from has changed meanwhile (a name, the day, a 失信 entry).
 */
export class KeptViews<R extends object, V> {
  private readonly views = new WeakMap<R, V>();

  view(row: R, current: (kept: V) => boolean, build: () => V): V {
    const kept = this.views.get(row);
    if (kept !== undefined && current(kept)) return kept;
    const built = build();
    this.views.set(row, built);
    return built;
  }
}
