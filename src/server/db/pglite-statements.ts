import { messages, protocol, types, type PGlite, type Results, type Transaction } from '@electric-sql/pglite';
import { withoutTextParsers } from './pglite-text-types';

/**
 * PGlite runs every `query` as an unnamed statement: parsed, described and planned again at each
 * call, in six separate calls into the database (parse, describe, bind, describe, execute, sync).
 * A primary-key read of an enterprise took ~400-600 µs that way and ~80 µs as a named statement
 * bound and executed in one call — most of a first start (~3,500 demo statements) and of every
 * request on the embedded database. This keeps each distinct statement text prepared once (named,
 * its parameter and column types described once) and runs it in one call; PostgreSQL itself decides,
 * as for node-postgres' named statements, when a generic plan serves.
 *
 * The answer is PGlite's own (`Results`: rows parsed by the instance's parsers — drizzle's text types
 * stay text, see pglite-text-types.ts —, fields, affectedRows), and errors are PGlite's DatabaseError
 * with the query attached. At most MAX_STATEMENTS stay prepared: the least recently used is closed
 * when a new one needs the room. Only data statements (SELECT, INSERT, UPDATE, DELETE, WITH) are
 * kept; the rest (migrations' DDL, SET, LISTEN) and calls this path does not cover (a blob,
 * per-query serializers or parameter types) run as PGlite runs them. Both paths go without drizzle's
 * per-query identity parsers (see pglite-text-types.ts): this is the one wrapper of the instance's
 * queries and of each transaction's.
 */
export const MAX_STATEMENTS = 400;

type QueryOptions = Parameters<PGlite['query']>[2];
type Parse = (value: string, typeId: number) => unknown;
type Serialize = (value: unknown) => string;
interface Prepared {
  name: string;
  fields: { name: string; dataTypeID: number }[];
  /** Per parameter, the instance's serializer for its described type (undefined: String). */
  serializers: (Serialize | undefined)[];
  /** Per column, the instance's parser for its type (undefined: the text as it comes). */
  parsers: (Parse | undefined)[];
}
/** PGlite's mutexes and file sync (public methods, underscored: the ones its own `query` takes). */
interface PGliteInternals {
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
}

const S = protocol.serialize;
const TALLIED = new Set(['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE']);

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Statements that are worth keeping: reads and writes of data (not DDL, SET, LISTEN, one-off utility statements). */
const DML = /^\s*(select|insert|update|delete|with)\b/i;

/** Whether the prepared path runs `text` with `opts` (data statements; a row mode; parsers looked up per type). */
function covered(text: string, opts: QueryOptions): boolean {
  if (!DML.test(text)) return false;
  if (!opts) return true;
  for (const k in opts) {
    const v = (opts as Record<string, unknown>)[k];
    if (v === undefined) continue;
    if (k !== 'rowMode' && k !== 'parsers') return false;
  }
  return true;
}

export function prepareStatements(client: PGlite): void {
  const internals = client as unknown as PGliteInternals;
  const prepared = new Map<string, Prepared>();
  let next = 0;

  /** Parse and describe `text` as a named statement (closing the least recently used past the cap). */
  async function prepare(text: string): Promise<Prepared> {
    const parts: Uint8Array[] = [];
    if (prepared.size >= MAX_STATEMENTS) {
      const [oldest, st] = prepared.entries().next().value!;
      prepared.delete(oldest);
      parts.push(S.close({ type: 'S', name: st.name }));
    }
    const name = `anzhi_${++next}`;
    parts.push(S.parse({ name, text, types: [] }), S.describe({ type: 'S', name }), S.sync());
    const answer = await client.execProtocolStream(concat(parts), { syncToFs: false });
    let paramTypes: number[] = [];
    let fields: Prepared['fields'] = [];
    for (const m of answer) {
      if (m instanceof messages.ParameterDescriptionMessage) paramTypes = m.dataTypeIDs;
      else if (m instanceof messages.RowDescriptionMessage) fields = m.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
    }
    const st: Prepared = {
      name,
      fields,
      serializers: paramTypes.map((t) => client.serializers[t] as Serialize | undefined),
      parsers: fields.map((f) => (client.parsers[f.dataTypeID] ?? types.parsers[f.dataTypeID]) as Parse | undefined),
    };
    prepared.set(text, st);
    return st;
  }

  async function run<T>(text: string, params: unknown[], opts: QueryOptions): Promise<Results<T>> {
    let st = prepared.get(text);
    if (st) {
      // Most recently used last: the first entry is the one to close when room is needed.
      prepared.delete(text);
      prepared.set(text, st);
    } else st = await prepare(text);
    const values = params.map((v, i) => {
      if (v === null || v === undefined) return null;
      const serialize = st.serializers[i];
      return serialize ? serialize(v) : String(v);
    });
    const answer = await client.execProtocolStream(concat([S.bind({ statement: st.name, values: values as string[] }), S.execute({}), S.sync()]), { syncToFs: false });
    // A caller's own parsers (not drizzle's, dropped before) take precedence for their types.
    const own = opts?.parsers;
    const parse = own ? st.fields.map((f, i) => (own[f.dataTypeID] as Parse | undefined) ?? st.parsers[i]) : st.parsers;
    const asArrays = opts?.rowMode === 'array';
    const rows: unknown[] = [];
    let affectedRows = 0;
    let command: string | undefined;
    let rowCount: number | undefined;
    for (const m of answer) {
      if (m instanceof messages.DataRowMessage) {
        const values = m.fields.map((v, i) => (v === null ? null : parse[i] ? parse[i](v, st.fields[i].dataTypeID) : v));
        rows.push(asArrays ? values : Object.fromEntries(st.fields.map((f, i) => [f.name, values[i]])));
      } else if (m instanceof messages.CommandCompleteMessage) {
        const words = m.text.split(' ');
        command = words[0];
        const n = parseInt(words[words.length - 1], 10);
        if (TALLIED.has(command) && !Number.isNaN(n)) affectedRows += n;
        if (!Number.isNaN(n)) rowCount = n;
      }
    }
    const result: Results<T> & { command?: string; rowCount?: number } = { rows: rows as T[], fields: st.fields, affectedRows, command };
    if (rowCount !== undefined) result.rowCount = rowCount;
    return result;
  }

  /** Run on the prepared path inside PGlite's query mutex; a DatabaseError carries the query as PGlite's own does. */
  async function exclusive<T>(text: string, params: unknown[], opts: QueryOptions): Promise<Results<T>> {
    return internals._runExclusiveQuery(async () => {
      try {
        return await run<T>(text, params, opts);
      } catch (e) {
        if (e instanceof messages.DatabaseError) Object.assign(e, { query: text, params, queryOptions: opts });
        throw e;
      }
    });
  }

  const query = client.query.bind(client);
  client.query = (async <T>(text: string, params: unknown[] = [], given?: QueryOptions) => {
    const opts = withoutTextParsers(given);
    if (!covered(text, opts)) return query<T>(text, params, opts);
    // As PGlite's own query: the transaction mutex (no transaction of another caller is open), then
    // the query mutex; the data directory synced after.
    const r = await internals._runExclusiveTransaction(() => exclusive<T>(text, params, opts));
    await client.syncToFs();
    return r;
  }) as PGlite['query'];

  const transaction = client.transaction.bind(client);
  client.transaction = ((callback: (tx: Transaction) => Promise<unknown>) =>
    transaction((tx) => {
      const txQuery = tx.query.bind(tx);
      tx.query = (async <T>(text: string, params: unknown[] = [], given?: QueryOptions) => {
        const opts = withoutTextParsers(given);
        if (!covered(text, opts) || tx.closed) return txQuery<T>(text, params, opts);
        return exclusive<T>(text, params, opts);
      }) as Transaction['query'];
      return callback(tx);
    })) as PGlite['transaction'];
}
