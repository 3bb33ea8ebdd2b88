import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, PGLITE_SELF_WAIT, rows } from './index';

/** The message of an error and of its causes (drizzle wraps the driver's error as "Failed query"). */
async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const parts: string[] = [];
    for (let x: unknown = e; x instanceof Error; x = x.cause) parts.push(x.message);
    return parts.join(' ← ');
  }
  return 'no error';
}

describe('PGlite: a query on the database inside its own transaction', () => {
  it('fails at once naming the mistake, instead of waiting forever; the database stays usable', async () => {
    const database = await openDatabase({});
    try {
      const started = Date.now();
      expect(
        await failure(
          database.db.transaction(async () => {
            await database.db.execute(sql`SELECT 1`);
          }),
        ),
      ).toContain(PGLITE_SELF_WAIT);
      expect(Date.now() - started).toBeLessThan(2_000);
      // Nested transactions on the database (not savepoints on tx) are the same mistake.
      expect(await failure(database.db.transaction(async () => database.db.transaction(async () => undefined)))).toContain(PGLITE_SELF_WAIT);
      // The transaction's own queries work, and so does the database after the transaction.
      const inside = await database.db.transaction(async (tx) => (await rows<{ n: number }>(tx, sql`SELECT 2 AS n`))[0]);
      expect(inside).toEqual({ n: 2 });
      expect(await database.query('SELECT 3 AS n')).toEqual([{ n: 3 }]);
      // Work started inside a transaction but run after it closed is not refused.
      let later: Promise<unknown> | undefined;
      await database.db.transaction(async () => {
        later = new Promise((resolve) => setTimeout(resolve, 20)).then(() => database.query('SELECT 4 AS n'));
      });
      expect(await later).toEqual([{ n: 4 }]);
    } finally {
      await database.close();
    }
  });
});
