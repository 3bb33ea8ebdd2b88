import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rows, sql, type Database } from './index';
import { MAX_STATEMENTS } from './pglite-statements';

let database: Database;
let plain: PGlite;
const prepared = async () => (await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'anzhi\\_%'`))[0].n;

beforeAll(async () => {
  database = await openDatabase({ template: path.join(os.tmpdir(), 'anzhi-no-template') });
  await database.query(`CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL, at timestamptz, tags text[], doc jsonb, n numeric)`);
  plain = await PGlite.create({ parsers: { 20: (v: string) => Number(v), 1700: (v: string) => Number(v) } });
  await plain.query(`CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL, at timestamptz, tags text[], doc jsonb, n numeric)`);
});
afterAll(async () => {
  await database?.close();
  await plain?.close();
});

describe('PGlite statements prepared once, run in one call', () => {
  it('answers as PGlite’s own query does: rows in both row modes, fields, affected rows, parameters of every kind', async () => {
    const insert = `INSERT INTO t (id, name, at, tags, doc, n) VALUES ($1, $2, $3, $4, $5, $6), ($7, $8, NULL, NULL, NULL, NULL) RETURNING id, name`;
    const params = [1, '甲', new Date('2026-12-06T05:00:00Z'), ['a', 'b,c', '"q"'], { k: [1, 2], s: '中' }, 2.5, 2, '乙'];
    const mine = await database.pglite!.query(insert, params);
    const theirs = await plain.query(insert, params);
    expect(mine).toMatchObject({ rows: theirs.rows, fields: theirs.fields, affectedRows: 2 });
    for (const rowMode of ['array', 'object'] as const) {
      const q = `SELECT * FROM t WHERE id = ANY($1::int[]) ORDER BY id`;
      const a = await database.pglite!.query(q, [[1, 2]], { rowMode });
      const b = await plain.query(q, [[1, 2]], { rowMode });
      // Timestamps: text on the application's instance (drizzle parses them), Date on a plain one.
      const at = (r: unknown) => (rowMode === 'array' ? (r as unknown[])[2] : (r as { at: unknown }).at);
      expect(new Date(at(a.rows[0]) as string).toISOString()).toBe((at(b.rows[0]) as Date).toISOString());
      const strip = (r: unknown) => (rowMode === 'array' ? (r as unknown[]).filter((_, i) => i !== 2) : { ...(r as object), at: undefined });
      expect(a.rows.map(strip)).toEqual(b.rows.map(strip));
      expect(a.fields).toEqual(b.fields);
    }
    const upd = await database.pglite!.query(`UPDATE t SET name = name || $1`, ['!']);
    expect(upd.affectedRows).toBe(2);
    expect(await rows(database.db, sql`SELECT name FROM t ORDER BY id`)).toEqual([{ name: '甲!' }, { name: '乙!' }]);
  });

  it('prepares a data statement once: the second run adds none; DDL and SET are not kept', async () => {
    const before = await prepared();
    await database.query(`SELECT name FROM t WHERE id = $1`, [1]);
    const once = await prepared();
    await database.query(`SELECT name FROM t WHERE id = $1`, [2]);
    expect(once).toBe(before + 1);
    expect(await prepared()).toBe(once);
    // Statements that are not data reads or writes are not kept.
    await database.query(`CREATE TABLE u (x int)`);
    await database.query(`SET application_name = 'anzhi'`);
    expect(await prepared()).toBe(once);
  });

  it('a failing statement fails as before (SQLSTATE, the query attached), its transaction rolls back, the database goes on', async () => {
    const dup = database.pglite!.query(`INSERT INTO t (id, name) VALUES ($1, $2)`, [1, 'dup']);
    await expect(dup).rejects.toMatchObject({ code: '23505', query: `INSERT INTO t (id, name) VALUES ($1, $2)` });
    await expect(database.pglite!.query(`SELECT nope FROM t`)).rejects.toMatchObject({ code: '42703' });
    await expect(database.pglite!.query(`SELECT $1::int`, ['x'])).rejects.toMatchObject({ code: '22P02' });
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO t (id, name) VALUES (10, 'in tx')`);
        await tx.execute(sql`INSERT INTO t (id, name) VALUES (1, 'dup')`);
      }),
    ).rejects.toThrow();
    expect(await database.query(`SELECT count(*)::int AS n FROM t WHERE id = 10`)).toEqual([{ n: 0 }]);
    expect(await database.query(`SELECT name FROM t WHERE id = $1`, [1])).toEqual([{ name: '甲!' }]);
  });

  it(`keeps at most ${MAX_STATEMENTS} prepared, closing the least recently used`, async () => {
    const hot = `SELECT name FROM t WHERE id = $1 AND true`;
    await database.query(hot, [1]);
    for (let i = 0; i < MAX_STATEMENTS + 50; i++) {
      expect(await database.query<{ v: number }>(`SELECT $1::int + ${i} AS v`, [1])).toEqual([{ v: 1 + i }]);
      if (i % 100 === 0) await database.query(hot, [1]);
    }
    expect(await prepared()).toBe(MAX_STATEMENTS);
    // The early ones were closed; run again, they are prepared anew.
    expect(await database.query(`SELECT $1::int + 0 AS v`, [5])).toEqual([{ v: 5 }]);
    expect(await database.query(hot, [2])).toEqual([{ name: '乙!' }]);
  });
});
