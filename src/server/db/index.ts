import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { is, sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { PgTransaction, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema';
import { projectPath } from '../paths';
import { prepareStatements } from './pglite-statements';
import { readDrizzleTypesAsText } from './pglite-text-types';

export type Schema = typeof schema;
/** The drizzle database, the same type over PGlite and node-postgres. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Repos take either the database or an open transaction. */
export type DbOrTx = Db | Tx;

export const migrationsFolder = projectPath('src', 'server', 'db', 'migrations');

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
   * PostgreSQL a dedicated connection that reconnects by itself with back-off (LISTEN_RETRY_MS):
   * `onLost` says notifications may be missed until `onReady` is called again. Resolves once
   * listening, or once the first attempt failed (it keeps retrying; `onReady` tells when it
   * listens); returns the unlisten.
   */
  listen(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>>;
  /** Run migrations (forward-only, guarded by an advisory lock on PostgreSQL). */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Whether the database answers (the circuit breaker requests and jobs consult), and its error counts. */
  health: DbHealth;
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
  /** PGlite: the migrated template a never-initialised data dir starts from (default PGLITE_TEMPLATE). */
  template?: string;
}

// Stable key for pg_advisory_lock around migrations ("anzhi-migrate").
const MIGRATION_LOCK_KEY = 7_310_420_112;

// node-postgres: return int8 (count(*), bigint ids) as JS numbers when safe, numerics as numbers.
pg.types.setTypeParser(20, (v) => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
});
pg.types.setTypeParser(1700, (v) => Number(v));

// ---------- database availability (the circuit breaker's state) ----------

/** How a database call failed, when it is not the caller's fault: the server is gone, or its storage is. */
export type DbFailure = 'unavailable' | 'storage';

// Socket-level errors: the server (or the network to it) is gone.
const NET_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);
// Filesystem errors of the data directory (PGlite) or of the server's disk.
const STORAGE_ERRNO = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO']);
// SQLSTATE: 08xxx connection exception; 57P01 admin_shutdown (pg_terminate_backend, a fast stop),
// 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up, recovering), 53300 too_many_connections.
const UNAVAILABLE_SQLSTATE = new Set(['57P01', '57P02', '57P03', '53300']);
// SQLSTATE: 53100 disk_full, 58030 io_error.
const STORAGE_SQLSTATE = new Set(['53100', '58030']);
const UNAVAILABLE_MESSAGE = /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect|Connection terminated due to connection timeout/i;

/** The SQLSTATE of a query's error (or of the driver error it wraps, drizzle puts it on `cause`), pg and PGlite alike. */
export function sqlStateOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Classify an error (or the driver error it wraps, drizzle puts it on `cause`): 'unavailable' when
 * the database cannot be reached, 'storage' when its disk is full or unwritable, else undefined
 * (a query's own error: constraint, syntax, serialization — the caller's business).
 */
export function classifyDbError(err: unknown): DbFailure | undefined {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const code = (e as { code?: unknown }).code;
    const message = String((e as { message?: unknown }).message ?? '');
    if (typeof code === 'string') {
      if (STORAGE_ERRNO.has(code) || STORAGE_SQLSTATE.has(code)) return 'storage';
      if (NET_ERRNO.has(code) || UNAVAILABLE_SQLSTATE.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return 'unavailable';
    }
    if (/No space left on device|could not (extend|write to) file/i.test(message)) return 'storage';
    if (UNAVAILABLE_MESSAGE.test(message)) return 'unavailable';
    // Node's AggregateError (a host with several addresses all refusing) carries the errors.
    const inner = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.length) {
      const k = classifyDbError(inner[0]);
      if (k) return k;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** While the database is unreachable it is probed this often (and requests are told to retry after it). */
export const PROBE_INTERVAL_MS = 1_000;
/** A probe (a fresh connection and SELECT 1) that takes longer counts as a failure. */
const PROBE_TIMEOUT_MS = 1_500;

export type DbHealthState = { available: boolean; since: number; lastError?: string };

/**
 * The circuit breaker's state. A connection-level failure anywhere (a request's query, a job, a
 * pooled connection dropping) makes the next probe decide: if a fresh connection cannot run
 * `SELECT 1`, the database is marked unavailable — requests that need it are refused at once with
 * 503 instead of waiting for the driver — and it is probed every PROBE_INTERVAL_MS until it
 * answers again. A single connection killed (pg_terminate_backend) while the server is up costs
 * one probe, not an outage. Storage failures (disk full) are counted but do not open the breaker:
 * reads still work, and each write answers 507 by itself.
 */
export class DbHealth {
  private state: DbHealthState = { available: true, since: Date.now() };
  private readonly errors = { unavailable: 0, storage: 0 };
  private probing: Promise<boolean> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly listeners = new Set<(s: DbHealthState) => void>();

  constructor(private readonly probe: () => Promise<void>) {}

  get available(): boolean {
    return this.state.available;
  }
  get snapshot(): DbHealthState {
    return { ...this.state };
  }
  /** Database errors observed since start, by kind (connection losses, failed queries, failed probes). */
  get errorCounts(): Readonly<Record<DbFailure, number>> {
    return { ...this.errors };
  }
  /** Seconds a client should wait before retrying while the database is unavailable. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((PROBE_INTERVAL_MS * 2) / 1000));
  }

  onChange(fn: (s: DbHealthState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * A database call failed. Returns how (undefined: not the database's failure). A connection-level
   * failure starts a probe (deduplicated), which opens the breaker if the database does not answer.
   */
  report(err: unknown): DbFailure | undefined {
    const kind = classifyDbError(err);
    if (!kind) return undefined;
    this.errors[kind]++;
    if (kind === 'unavailable') {
      this.state.lastError = errorText(err);
      void this.check();
    }
    return kind;
  }

  /** Probe now (at most one probe at a time); resolves to whether the database answered. */
  check(): Promise<boolean> {
    if (this.closed) return Promise.resolve(this.state.available);
    this.probing ??= this.runProbe().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  private async runProbe(): Promise<boolean> {
    let ok = true;
    try {
      await withTimeout(this.probe(), PROBE_TIMEOUT_MS, '数据库探测超时');
    } catch (e) {
      ok = false;
      this.errors.unavailable++;
      this.state.lastError = errorText(e);
    }
    if (this.closed) return ok;
    this.set(ok);
    if (!ok) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.check(), PROBE_INTERVAL_MS);
      this.timer.unref();
    }
    return ok;
  }

  private set(available: boolean) {
    if (this.state.available === available) return;
    this.state = { available, since: Date.now(), lastError: available ? undefined : this.state.lastError };
    for (const fn of this.listeners) {
      try {
        fn(this.snapshot);
      } catch {
        /* a listener's failure is its own */
      }
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }
}

function errorText(e: unknown): string {
  const x = e as { code?: unknown; message?: unknown };
  return [x?.code, x?.message].filter(Boolean).join(' ').slice(0, 300) || String(e);
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise<never>((_, reject) => {
      t = setTimeout(() => reject(Object.assign(new Error(message), { code: 'ETIMEDOUT' })), ms);
      t.unref();
    }),
  ]);
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  return openPglite(opts.dataDir, opts.loadDataDir, opts.template ?? PGLITE_TEMPLATE);
}

/**
 * PGlite is one connection. A query on the database itself (deps.db, not the transaction's tx) made
 * while that code's own transaction is open waits for the transaction, which waits for the query:
 * forever, and every later request queues behind it. On PostgreSQL the same code works on a second
 * pooled connection, so only PGlite shows it. This guard makes the mistake fail at once, naming it,
 * instead of hanging the process: the transaction's callback runs in an async context marked open,
 * and the database's own query, exec and transaction refuse to run in it until it closes.
 */
export const PGLITE_SELF_WAIT = '在事务内直接访问了数据库（应使用事务对象 tx）：PGlite 只有一个连接，此查询会永远等待本事务';

function guardSelfWait(client: PGlite): void {
  const open = new AsyncLocalStorage<{ open: boolean }>();
  const refuse = () => {
    if (open.getStore()?.open) throw new Error(PGLITE_SELF_WAIT);
  };
  const transaction = client.transaction.bind(client);
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  client.transaction = (async (callback: Parameters<PGlite['transaction']>[0]) => {
    refuse();
    const state = { open: true };
    try {
      return await open.run(state, () => transaction(callback));
    } finally {
      state.open = false;
    }
  }) as PGlite['transaction'];
  client.query = (async (...args: Parameters<PGlite['query']>) => {
    refuse();
    return query(...args);
  }) as PGlite['query'];
  client.exec = (async (...args: Parameters<PGlite['exec']>) => {
    refuse();
    return exec(...args);
  }) as PGlite['exec'];
}

/**
 * An empty database with every migration applied, built at install (npm's prepare step runs
 * scripts/build-db-template.ts), kept as a data directory: a first start copies it (~0.3 s with
 * opening) instead of creating a cluster and migrating it (~3 s). It is used only when it was built from exactly the migrations of this
 * checkout (MIGRATIONS_KEY); otherwise the start creates and migrates as before.
 */
export const PGLITE_TEMPLATE = projectPath('dist', 'db', 'pglite-template');

/** A digest of the migration files (names and contents), naming the schema a template was built with. */
export function migrationsKey(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else h.update(`${path.relative(migrationsFolder, full)}\0`).update(readFileSync(full)).update('\0');
    }
  };
  walk(migrationsFolder);
  return h.digest('hex');
}

/** Whether the template directory holds a database of this checkout's migrations. */
function templateMatches(dir: string): boolean {
  try {
    const meta = JSON.parse(readFileSync(`${dir}.json`, 'utf8')) as { migrationsKey?: string };
    return meta.migrationsKey === migrationsKey() && existsSync(path.join(dir, 'PG_VERSION'));
  } catch {
    return false;
  }
}

/**
 * PGlite's own start parameters (single user, no fsync: the process is the server) with a buffer pool
 * of 32 MB instead of PostgreSQL's 128 MB default. In process, the pool is zeroed wasm memory: 128 MB
 * cost ~0.3 s at every open and ~110 MB of resident memory that the demo's ~60 MB database never fills
 * (pages not in the pool are read from the operating system's file cache).
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

async function openPglite(dataDir: string | undefined, loadDataDir: Blob | File | undefined, template: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // A data directory never initialised starts as a copy of the install's migrated template when it
  // matches (a file copy: ~0.1 s, where loading a dump took ~1.3 s). Copied aside, then renamed, so
  // a start stopped midway leaves no half database behind.
  const pgdata = dataDir ? path.join(dataDir, 'pgdata') : undefined;
  if (pgdata && !loadDataDir && !existsSync(pgdata) && templateMatches(template)) {
    const aside = `${pgdata}.copying`;
    rmSync(aside, { recursive: true, force: true });
    cpSync(template, aside, { recursive: true });
    renameSync(aside, pgdata);
  }
  const client = await PGlite.create({
    dataDir: pgdata,
    startParams: PGLITE_START_PARAMS,
    extensions: { pg_trgm },
    loadDataDir,
    // Numerics and int8 as JS numbers, as on node-postgres above.
    parsers: { 20: (v: string) => { const n = Number(v); return Number.isSafeInteger(n) ? n : v; }, 1700: (v: string) => Number(v) },
  });
  // Drizzle's types read as text, statements prepared once, then the self-wait guard around them
  // (a query on the database inside its own transaction fails at once, never waits).
  const defaultRows = readDrizzleTypesAsText(client);
  prepareStatements(client);
  guardSelfWait(client);
  const db = withTransactionEnds(drizzlePglite(client, { schema }) as unknown as Db);
  // In-process: "unavailable" only once closed; storage failures (disk full) are counted by report().
  const health = new DbHealth(async () => {
    await client.query('SELECT 1');
  });
  return {
    kind: 'pglite',
    db,
    health,
    pglite: client,
    async query<T>(text: string, params: unknown[] = []) {
      return defaultRows(await client.query<T>(text, params));
    },
    async queryPrepared<T>(_name: string, text: string, params: unknown[]) {
      return defaultRows(await client.query<T>(text, params));
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
      health.close();
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

/** The LISTEN connection's reconnect delays: doubling from the first to the last, then the last. */
const LISTEN_RETRY_MS = [250, 500, 1_000, 2_000, 4_000];
/**
 * Waiting for a pooled connection (a new one to a server that does not answer, or a free one in
 * a saturated pool) gives up after this, so a request that needs the database fails within 2 s.
 */
const CONNECT_TIMEOUT_MS = 1_500;

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const connectionString = withDefaultUser(url);
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // Dead peers (a host gone without a FIN) are noticed by the kernel instead of hanging forever.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: 'anzhi',
  });
  // Probes use their own short-lived connection: a saturated pool must not look like an outage.
  const health = new DbHealth(async () => {
    const c = new pg.Client({ connectionString, connectionTimeoutMillis: PROBE_TIMEOUT_MS, application_name: 'anzhi-probe' });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.query('SELECT 1');
    } finally {
      await c.end().catch(() => undefined);
    }
  });
  // node-postgres emits 'error' on a client whose connection dies (server stopped, backend
  // terminated); with no listener that event ends the process. The pool listens only while a
  // client is idle, so every client gets a listener of its own for its whole life, including
  // while a request or a transaction holds it (its query rejects too: the request answers 503).
  pool.on('connect', (client) => {
    client.on('error', (err) => health.report(err));
  });
  // An idle client that died: the pool drops it and re-emits here.
  pool.on('error', () => undefined);
  const db = withTransactionEnds(drizzlePg(pool, { schema }) as unknown as Db);
  const listeners = new Set<() => Promise<void>>();
  const namedStatements = new Set<string>();
  return {
    kind: 'postgres',
    db,
    health,
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
      let failures = 0;
      const lost = (c: pg.Client, err?: unknown) => {
        if (stopped || client !== c) return;
        client = null;
        if (err) health.report(err);
        h.onLost?.();
        // Back-off while the server is away; a listener that came back resets it.
        const delay = LISTEN_RETRY_MS[Math.min(failures, LISTEN_RETRY_MS.length - 1)];
        failures++;
        retry = setTimeout(() => void connect().catch(() => undefined), delay);
        retry.unref();
      };
      const connect = async () => {
        if (stopped) return;
        const c = new pg.Client({ connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true, application_name: 'anzhi-listen' });
        client = c;
        // Every error of this connection is handled here (never an unhandled 'error' event).
        c.on('error', (e) => lost(c, e));
        c.on('end', () => lost(c));
        c.on('notification', (m) => {
          if (m.channel === channel) h.onMessage(m.payload ?? '');
        });
        try {
          await c.connect();
          await c.query(`LISTEN ${channel}`);
        } catch (e) {
          lost(c, e);
          await c.end().catch(() => undefined);
          throw e;
        }
        if (stopped || client !== c) {
          await c.end().catch(() => undefined);
          return;
        }
        failures = 0;
        h.onReady?.();
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
      // A database that is down at start: the listener keeps retrying; onReady says when it is back.
      await connect().catch(() => undefined);
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
      health.close();
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
}

/** An open top-level transaction: its database, and what runs once it has ended. */
export interface OpenTransaction {
  /** the database object the transaction was begun on (deps.db) */
  db: Db;
  /** Run `f` once the transaction has ended: `committed` is true after its COMMIT succeeded. */
  onEnd(f: (committed: boolean) => void): void;
}
const openTransactions = new WeakMap<object, OpenTransaction>();

/**
 * `db.transaction` with its end observable (transactionOf): callbacks registered during the
 * transaction run after COMMIT succeeded, or after the rollback, in registration order. A callback's
 * error is dropped: callbacks keep caches, never data, and must not fail a committed write.
 */
function withTransactionEnds(db: Db): Db {
  const begin = db.transaction.bind(db);
  db.transaction = (async (work: (tx: Tx) => Promise<unknown>, config?: Parameters<Db['transaction']>[1]) => {
    const ends: ((committed: boolean) => void)[] = [];
    let committed = false;
    try {
      const result = await begin(async (tx) => {
        openTransactions.set(tx, { db, onEnd: (f) => void ends.push(f) });
        return work(tx);
      }, config);
      committed = true;
      return result;
    } finally {
      for (const f of ends) {
        try {
          f(committed);
        } catch {
          // a cache's bookkeeping must not turn a committed write into an error
        }
      }
    }
  }) as Db['transaction'];
  return db;
}

/**
 * After a write that kept answers depend on: `forget` now and, inside a transaction, again once it has
 * ended (a read begun between the write and the commit saw the rows before it).
 */
export function forgetAtWrite(tx: DbOrTx | undefined, forget: () => void): void {
  forget();
  if (tx) transactionOf(tx)?.onEnd(forget);
}

/** The open top-level transaction `tx` is (undefined for the database itself or a nested savepoint). */
export function transactionOf(tx: DbOrTx): OpenTransaction | undefined {
  return openTransactions.get(tx);
}

/** Whether repo code was handed an open transaction rather than the database itself. */
export function isTransaction(db: DbOrTx): db is Tx {
  return is(db, PgTransaction);
}

/**
 * Independent reads side by side: at once on the database (pooled connections), one after the
 * other on a transaction — its one connection would only queue them (node-postgres warns that
 * pg 9 refuses a query while another runs on the same client).
 */
export async function sideBySide<T extends readonly (() => PromiseLike<unknown>)[]>(db: DbOrTx, ...reads: T): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  type Out = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
  if (!isTransaction(db)) return (await Promise.all(reads.map((r) => r()))) as Out;
  const out: unknown[] = [];
  for (const r of reads) out.push(await r());
  return out as Out;
}

/** Rows of a raw drizzle `sql` query, the same on both drivers. */
export async function rows<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const r = (await db.execute(query)) as unknown as { rows: T[] };
  return r.rows;
}

/**
 * Rows of a statement written with `$n` placeholders (as `Database.query` takes), on the database or
 * on a transaction: arrays stay one parameter each. For a statement built as text that must run
 * inside a caller's transaction.
 */
export async function rowsOfText<T = Record<string, unknown>>(db: DbOrTx, text: string, params: unknown[]): Promise<T[]> {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${sql.param(params[Number(part) - 1])}`));
  return rows<T>(db, sql.join(chunks));
}

/** The driver's object under drizzle's database or transaction: a pg Pool or Client, a PGlite instance or transaction. */
function driverClientOf(db: DbOrTx): unknown {
  return (db as unknown as { session?: { client?: unknown } }).session?.client;
}

/**
 * Rows of a statement written with `$n` placeholders, on the database or on a transaction, as a
 * named prepared statement where the driver keeps one (node-postgres: parsed and planned once per
 * connection, then only bound and run). For a fixed statement on a hot write path; `name` must
 * stand for exactly one `text`. PGlite (one process, no network) runs it as it comes.
 */
export async function rowsNamed<T = Record<string, unknown>>(db: DbOrTx, name: string, text: string, params: unknown[]): Promise<T[]> {
  const client = driverClientOf(db);
  if (client instanceof pg.Client || client instanceof pg.Pool) {
    const r = await client.query({ name, text, values: params });
    return r.rows as T[];
  }
  return rowsOfText<T>(db, text, params);
}

/**
 * Add rows with `COPY target FROM STDIN (FORMAT binary)`, the data (PostgreSQL's binary copy format,
 * header and trailer included) in one buffer, inside an open transaction `tx` (the rows commit with
 * whatever else the caller writes in it). The cheapest way to add many rows: measured, 20,000 readings
 * into a table with a two-column primary key cost the server 2.1 instead of 3.1 µs per row and the
 * app 0.5 instead of 1.2 µs against `INSERT … SELECT FROM unnest(…)` (rows written in pages, no
 * statement text or array literals). On PGlite the same statement reads the buffer as a blob.
 * A row refused (a duplicate key…) fails the whole copy with the server's error.
 */
export async function copyBinary(tx: Tx, target: string, data: Buffer): Promise<void> {
  if (!isTransaction(tx)) throw new Error('copyBinary: 需要在事务中执行');
  const client = driverClientOf(tx);
  if (client instanceof pg.Client) {
    await new Promise<void>((resolve, reject) => {
      client.query(new CopyIn(`COPY ${target} FROM STDIN (FORMAT binary)`, data, resolve, reject) as unknown as pg.QueryConfig);
    });
    return;
  }
  // PGlite's transaction.
  const lite = client as { query: (text: string, params: unknown[], opts: { blob: Blob }) => Promise<unknown> };
  await lite.query(`COPY ${target} FROM '/dev/blob' (FORMAT binary)`, [], { blob: new Blob([new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.length)]) });
}

/**
 * node-postgres' extension point for a protocol exchange of its own (a "submittable"): sends the COPY,
 * answers the server's CopyInResponse with the data and CopyDone, and settles at ReadyForQuery — or at
 * the error (the server's, or the connection's: node-postgres then fails the active query).
 */
class CopyIn {
  private failed = false;
  constructor(
    private readonly text: string,
    private readonly data: Buffer,
    private readonly resolve: () => void,
    private readonly reject: (e: unknown) => void,
  ) {}
  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }): void {
    connection.sendCopyFromChunk(this.data);
    connection.endCopyFrom();
  }
  handleError(err: unknown): void {
    this.failed = true;
    this.reject(err);
  }
  handleReadyForQuery(): void {
    if (!this.failed) this.resolve();
  }
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

export { sql };
export { SqlText, statementName } from './sql-text';
export { KeptAnswers, KeptViews } from './kept-answers';
