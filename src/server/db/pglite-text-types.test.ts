import path from 'node:path';
import os from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rows, sql, type Database } from './index';
import { DRIZZLE_TEXT_TYPES, withoutTextParsers } from './pglite-text-types';

// Every type drizzle reads as text, plain and in arrays, a NULL, and types it does not touch.
const Q = `SELECT timestamptz '2026-12-06 05:00:00.123+08' AS tz, timestamp '2026-12-06 05:00' AS ts, date '2026-12-06' AS d,
  interval '1 day 2 hours' AS i, ARRAY[timestamptz '2026-12-06 05:00+08', NULL] AS tza, ARRAY[timestamp '2026-01-02 03:04'] AS tsa,
  ARRAY[date '2026-12-06'] AS da, ARRAY[1.5::numeric, 2] AS na, ARRAY[interval '2 hours'] AS ia, NULL::timestamptz AS z,
  2.5::numeric AS n, 7::int8 AS big, 'text' AS t, ARRAY['a','b'] AS ta, '{"k":1}'::jsonb AS j, true AS b`;

/** Drizzle's PGlite driver passes these with every query (drizzle-orm/pglite/session.js). */
const drizzleOptions = (rowMode: 'array' | 'object') => ({ rowMode, parsers: Object.fromEntries(DRIZZLE_TEXT_TYPES.map((t) => [t, (v: string) => v])) });

let database: Database;
let plain: PGlite;
beforeAll(async () => {
  database = await openDatabase({ template: path.join(os.tmpdir(), 'anzhi-no-template') });
  // PGlite as it comes, with the same int8/numeric parsers: what the rows were before.
  plain = await PGlite.create({ parsers: { 20: (v: string) => Number(v), 1700: (v: string) => Number(v) } });
});
afterAll(async () => {
  await database?.close();
  await plain?.close();
});

describe('PGlite reads drizzle’s text types as text once, not per query', () => {
  it('Database.query gives the rows PGlite’s default parsing gives (timestamps as Date, numeric arrays as numbers)', async () => {
    const [got] = await database.query<Record<string, unknown>>(Q);
    const [want] = (await plain.query<Record<string, unknown>>(Q)).rows;
    expect(got).toEqual(want);
    expect(got.tz).toBeInstanceOf(Date);
    expect((got.tza as unknown[])[0]).toBeInstanceOf(Date);
    expect(got.na).toEqual([1.5, 2]);
    // Also inside a transaction's raw statement path (the embedded instance's own client).
    const [again] = await database.query<Record<string, unknown>>(Q);
    expect(again).toEqual(want);
  });

  it('drizzle gets the same text it got with its own per-query parsers, on the database and in a transaction', async () => {
    const want = (await plain.query<Record<string, unknown>>(Q, [], drizzleOptions('object'))).rows;
    expect(await rows(database.db, sql.raw(Q))).toEqual(want);
    const inTx = await database.db.transaction((tx) => rows(tx, sql.raw(Q)));
    expect(inTx).toEqual(want);
    expect(typeof want[0].tz).toBe('string');
  });

  it('the instance reads drizzle’s types as text; only drizzle’s identity parsers are dropped, any other per-query parser is kept', () => {
    expect(withoutTextParsers(drizzleOptions('array'))).toEqual({ rowMode: 'array' });
    const own = { parsers: { 1184: (v: string) => new Date(v) } };
    expect(withoutTextParsers(own)).toBe(own);
    const other = { parsers: { 25: (v: string) => v.toUpperCase() } };
    expect(withoutTextParsers(other)).toBe(other);
    expect(withoutTextParsers(undefined)).toBeUndefined();
    // The instance itself reads them as text, so dropping drizzle's parsers changes nothing.
    for (const t of DRIZZLE_TEXT_TYPES) expect(database.pglite!.parsers[t]('2026-12-06')).toBe('2026-12-06');
  });
});
