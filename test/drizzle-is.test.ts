import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as drizzle from 'drizzle-orm';
import * as pgCore from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../src/server/db/schema';
import { MARK } from '../scripts/patch-deps.mjs';

const { entityKind, is, sql, Param } = drizzle;

/** drizzle-orm's `is` as published (entity.js), the reference the patched one must agree with. */
function publishedIs(value: unknown, type: { [k: symbol]: unknown; name?: string }): boolean {
  if (!value || typeof value !== 'object') return false;
  if (value instanceof (type as unknown as new () => unknown)) return true;
  if (!Object.prototype.hasOwnProperty.call(type, entityKind)) throw new Error(`Class "${type.name ?? '<unknown>'}" doesn't look like a Drizzle entity.`);
  let cls = Object.getPrototypeOf(value).constructor;
  if (cls) {
    while (cls) {
      if (entityKind in cls && cls[entityKind] === type[entityKind]) return true;
      cls = Object.getPrototypeOf(cls);
    }
  }
  return false;
}

describe('drizzle-orm is(), patched at install (scripts/patch-deps.mjs)', () => {
  it('the installed package carries the patch (ESM and CommonJS)', () => {
    const dir = path.dirname(createRequire(import.meta.url).resolve('drizzle-orm/entity'));
    for (const f of ['entity.js', 'entity.cjs']) expect(readFileSync(path.join(dir, f), 'utf8')).toContain(MARK);
  });

  it('answers exactly as the published walk, for drizzle’s own classes and every column and table of the schema', () => {
    type EntityClass = drizzle.DrizzleEntityClass<unknown> & { [k: symbol]: unknown };
    const types = ([...Object.values(drizzle), ...Object.values(pgCore)] as unknown[]).filter(
      (t): t is EntityClass => typeof t === 'function' && Object.prototype.hasOwnProperty.call(t, entityKind),
    );
    expect(types.length).toBeGreaterThan(50);
    const tables = Object.values(schema).filter((t) => drizzle.is(t, drizzle.Table));
    const values: unknown[] = [
      sql`select 1`,
      sql.raw('x'),
      sql.identifier('t'),
      sql.placeholder('p'),
      new Param(1),
      sql`a`.as('b'),
      ...tables,
      ...tables.flatMap((t) => Object.values(drizzle.getTableColumns(t as drizzle.Table))),
      {},
      [],
      new Date(),
      { constructor: 'not a class' },
      Object.create({ constructor: undefined }),
      'text',
      1,
      null,
      undefined,
    ];
    let compared = 0;
    const differ: string[] = [];
    // Twice: the first answer of each (class, kind) is computed, the second remembered.
    for (let round = 0; round < 2; round++) {
      for (const v of values) {
        for (const t of types) {
          if (is(v, t) !== publishedIs(v, t)) differ.push(`${String((v as object)?.constructor?.name)} / ${String(t[entityKind])}`);
          compared++;
        }
      }
    }
    expect(differ).toEqual([]);
    expect(compared).toBeGreaterThan(10_000);
    // A value whose prototype is null fails the same way in both.
    expect(() => publishedIs(Object.create(null), drizzle.SQL as never)).toThrow(TypeError);
    expect(() => is(Object.create(null), drizzle.SQL)).toThrow(TypeError);
    // So does one whose prototype names a constructor that is not a class.
    expect(() => publishedIs(Object.create({ constructor: 'x' }), drizzle.SQL as never)).toThrow(TypeError);
    expect(() => is(Object.create({ constructor: 'x' }), drizzle.SQL)).toThrow(TypeError);
  });
});
