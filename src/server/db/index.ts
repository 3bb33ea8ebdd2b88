import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema';

export type Schema = typeof schema;
/** The drizzle database, the same type over PGlite and node-postgres. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Repos take either the database or an open transaction. */
export type DbOrTx = Db | Tx;

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Raw query with positional parameters; rows as plain objects. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * A hot-path query as a named prepared statement (PostgreSQL plans it once per connection;
   * PGlite runs it as a plain query). `name` must be unique per distinct `text`.
   */
  queryPrepared<T = Record<string, unknown>>(name: string, text: string, params: unknown[]): Promise<T[]>;
  /**
   * LISTEN on a channel (NOTIFY payloads arrive after the notifying transaction commits). On
   * PostgreSQL a dedicated connection that reconnects by itself: `onLost` says notifications may
   * be missed until `onReady` is called again. Resolves once listening; returns the unlisten.
   */
  listen(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>>;
  /** Run migrations (forward-only, guarded by an advisory lock on PostgreSQL). */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the underlying instance (for dumps in tests/backup). */
  pglite?: PGlite;
  /** PostgreSQL only: the pool. */
  pool?: pg.Pool;
}

export interface ListenHandlers {
  onMessage(payload: string): void;
  onReady?(): void;
  onLost?(): void;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
/** Distinct prepared statements per pool (see queryPrepared); a statement's plan is some tens of KB per connection. */
const MAX_NAMED_STATEMENTS = 400;

export interface OpenOptions {
  /** postgres://… → PostgreSQL; otherwise PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; undefined = in memory. */
  dataDir?: string;
  poolSize?: number;
  /** PGlite: start from a dumped data dir (tests copy a migrated, seeded template). */
  loadDataDir?: Blob | File;
}

// Stable key for pg_advisory_lock around migrations ("anzhi-migrate").
const MIGRATION_LOCK_KEY = 7_310_420_112;

// node-postgres: return int8 (count(*), bigint ids) as JS numbers when safe, numerics as numbers.
pg.types.setTypeParser(20, (v) => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
});
pg.types.setTypeParser(1700, (v) => Number(v));

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  return openPglite(opts.dataDir, opts.loadDataDir);
}

async function openPglite(dataDir: string | undefined, loadDataDir?: Blob | File): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({
    dataDir: dataDir ? path.join(dataDir, 'pgdata') : undefined,
    extensions: { pg_trgm },
    loadDataDir,
    // Numerics and int8 as JS numbers, as on node-postgres above.
    parsers: { 20: (v: string) => { const n = Number(v); return Number.isSafeInteger(n) ? n : v; }, 1700: (v: string) => Number(v) },
  });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pglite: client,
    async query<T>(text: string, params: unknown[] = []) {
      const r = await client.query<T>(text, params);
      return r.rows;
    },
    async queryPrepared<T>(_name: string, text: string, params: unknown[]) {
      const r = await client.query<T>(text, params);
      return r.rows;
    },
    async listen(channel, h) {
      if (!CHANNEL.test(channel)) throw new Error(`bad channel name ${channel}`);
      // One process, one database: notifications are never lost while it is open.
      const unlisten = await client.listen(channel, (payload) => h.onMessage(payload));
      h.onReady?.();
      return async () => {
        if (!client.closed) await unlisten();
      };
    },
    async migrate() {
      await migratePglite(db as never, { migrationsFolder });
    },
    async close() {
      if (!client.closed) await client.close();
    },
  };
}

/** A URL without a user name connects as the OS user, as psql does (node-postgres would need $USER). */
export function withDefaultUser(url: string): string {
  const u = new URL(url);
  if (!u.username) u.username = userInfo().username;
  return u.toString();
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: withDefaultUser(url), max: poolSize, idleTimeoutMillis: 30_000, application_name: 'anzhi' });
  // A broken idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const listeners = new Set<() => Promise<void>>();
  const namedStatements = new Set<string>();
  return {
    kind: 'postgres',
    db,
    pool,
    async query<T>(text: string, params: unknown[] = []) {
      const r = await pool.query(text, params as unknown[]);
      return r.rows as T[];
    },
    async queryPrepared<T>(name: string, text: string, params: unknown[]) {
      // Each connection keeps every named statement it prepared (node-postgres never deallocates):
      // past MAX_NAMED_STATEMENTS distinct names, further ones run unnamed (planned per call).
      if (!namedStatements.has(name)) {
        if (namedStatements.size >= MAX_NAMED_STATEMENTS) {
          const r = await pool.query(text, params as unknown[]);
          return r.rows as T[];
        }
        namedStatements.add(name);
      }
      const r = await pool.query({ name, text, values: params as unknown[] });
      return r.rows as T[];
    },
    async listen(channel, h) {
      if (!CHANNEL.test(channel)) throw new Error(`bad channel name ${channel}`);
      let stopped = false;
      let client: pg.Client | null = null;
      let retry: NodeJS.Timeout | undefined;
      const lost = (c: pg.Client) => {
        if (stopped || client !== c) return;
        client = null;
        h.onLost?.();
        retry = setTimeout(() => void connect().catch(() => undefined), 1000);
        retry.unref();
      };
      const connect = async () => {
        const c = new pg.Client({ connectionString: withDefaultUser(url), application_name: 'anzhi-listen' });
        client = c;
        c.on('error', () => lost(c));
        c.on('end', () => lost(c));
        c.on('notification', (m) => {
          if (m.channel === channel) h.onMessage(m.payload ?? '');
        });
        try {
          await c.connect();
          await c.query(`LISTEN ${channel}`);
        } catch (e) {
          lost(c);
          await c.end().catch(() => undefined);
          throw e;
        }
        if (!stopped) h.onReady?.();
      };
      const stop = async () => {
        stopped = true;
        clearTimeout(retry);
        listeners.delete(stop);
        const c = client;
        client = null;
        await c?.end().catch(() => undefined);
      };
      listeners.add(stop);
      await connect();
      return stop;
    },
    async migrate() {
      // Several app instances may start at once: one migrates, the others wait for it.
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        // On the locked connection itself: a pool of one would otherwise wait for itself.
        await migratePg(drizzlePg(client, { schema }) as never, { migrationsFolder });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        client.release();
      }
    },
    async close() {
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
}

/** Rows of a raw drizzle `sql` query, the same on both drivers. */
export async function rows<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const r = (await db.execute(query)) as unknown as { rows: T[] };
  return r.rows;
}

export { sql };
