/**
 * Totals of list filters (or another answer of a filter, such as the ids a search matches) that are
 * costly to count (a scan of every match) and asked again and again while people page through the
 * same filter. Kept per database object and key (the statement and
 * its parameters) for `ttlMs`:
 * - `forget()` drops every kept total; the owner calls it at each write to the table and again once
 *   the writing transaction has ended, so a count begun between a write and its commit is not kept;
 * - concurrent requests for a missing total share one count;
 * - a total that only aged past the TTL (no write since) answers while it is counted again in the
 *   background, so a total expiring under load does not stall every request behind a new count.
 * Another app instance's write shows within the TTL and one count.
 */
export class KeptCounts<T> {
  private generation = 0;
  private readonly byDatabase = new WeakMap<object, Map<string, { value: Promise<T>; at: number; generation: number }>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxKept = 500,
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
