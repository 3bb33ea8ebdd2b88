import { types, type PGlite, type Results } from '@electric-sql/pglite';

/**
 * The column types drizzle reads as text and parses itself: timestamps, intervals, dates and
 * numeric arrays. Its PGlite driver passes identity parsers for them with every query, and PGlite
 * merges per-query parsers into a copy of the instance's whole table (~320 types, array types
 * included): ~120 µs of every statement, more than many statements take to run. The database is
 * opened with these types read as text instead, and drizzle's per-query parsers are dropped (by the
 * one wrapper of the instance's queries, pglite-statements.ts): the same rows, without the copy.
 *
 * `Database.query` (rows as PGlite parses them by default, as node-postgres does: timestamps as
 * Date) converts the columns of these types back with PGlite's own parsers.
 */
const ARRAY_ELEMENT: Readonly<Record<number, number>> = {
  1231: 1700, // numeric[]
  1115: 1114, // timestamp[]
  1185: 1184, // timestamptz[]
  1187: 1186, // interval[]
  1182: 1082, // date[]
};
export const DRIZZLE_TEXT_TYPES: readonly number[] = [1114, 1184, 1186, 1082, ...Object.keys(ARRAY_ELEMENT).map(Number)];
const TEXT_TYPES = new Set(DRIZZLE_TEXT_TYPES);
const asText = (v: string) => v;

type Parser = (value: string, typeId?: number) => unknown;
type QueryOptions = Parameters<PGlite['query']>[2];

/** Per-query options without parsers that only read drizzle's text types as text (already so). */
export function withoutTextParsers(opts: QueryOptions): QueryOptions {
  const parsers = opts?.parsers;
  if (!parsers) return opts;
  // Only drizzle's: every parser for one of its text types, and each returns the text it is given.
  for (const k in parsers) if (!TEXT_TYPES.has(Number(k)) || parsers[Number(k)](k) !== k) return opts;
  const { parsers: _dropped, ...rest } = opts!;
  return rest;
}

/**
 * Read drizzle's types as text on `client`; returns the function that turns a result's rows back into
 * PGlite's default parsing for the plain `Database.query`.
 */
export function readDrizzleTypesAsText(client: PGlite): <T>(r: Results<T>) => T[] {
  const defaults: Record<number, Parser> = {};
  for (const oid of DRIZZLE_TEXT_TYPES) {
    const base = ARRAY_ELEMENT[oid];
    // An array type's parser looks its element's parser up at each call: bind the element's default.
    defaults[oid] = base === undefined ? (client.parsers[oid] ?? types.parsers[oid] ?? asText) : (v) => types.arrayParser(v, defaults[base] ?? client.parsers[base], oid);
  }
  for (const oid of DRIZZLE_TEXT_TYPES) client.parsers[oid] = asText;

  return <T>(r: Results<T>): T[] => {
    const converted = r.fields.filter((f) => TEXT_TYPES.has(f.dataTypeID));
    if (!converted.length) return r.rows;
    for (const row of r.rows as Record<string, unknown>[]) {
      for (const f of converted) {
        const v = row[f.name];
        if (typeof v === 'string') row[f.name] = defaults[f.dataTypeID](v, f.dataTypeID);
      }
    }
    return r.rows;
  };
}
