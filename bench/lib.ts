/**
 * Shared benchmark tooling. Every figure is printed beside a baseline measured in the same run
 * (a bare Fastify route on the same machine), so results compare across machines.
 *
 * A bench script: `node --import tsx bench/<name>.bench.ts [--quick]`; `npm run bench` runs them all.
 * PostgreSQL comes from BENCH_DATABASE_URL (default postgres://127.0.0.1:5432/test); each script
 * creates and drops its own database.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import pg from 'pg';
import { testConfig } from '../src/server/config';
import { openDatabase, withDefaultUser, type Database } from '../src/server/db';
import { buildApp, type BuiltApp } from '../src/server/app';
import { seedDatabase } from '../src/server/platform/seed';
import { BELOW_TARGET_EXIT } from './exit-codes';

export const BENCH_PASSWORD = 'Bench@2026pass';
export const BENCH_SECRET = 'fedcba9876543210fedcba9876543210';

export interface BenchArgs {
  quick: boolean;
  pgUrl: string;
}

export function benchArgs(): BenchArgs {
  // Benchmarks are tools, not the product: they read their own two settings directly.
  const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
  const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://127.0.0.1:5432/test';
  return { quick, pgUrl };
}

/** Create (or recreate) a database for a bench and return its URL. */
export async function freshPgDatabase(baseUrl: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: withDefaultUser(baseUrl) });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: withDefaultUser(baseUrl) });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      await a.end();
    },
  };
}

export interface BenchServer extends BuiltApp {
  base: string;
  database: Database;
  close(): Promise<void>;
}

/** The real app on a real database, listening on a free port; demo-seeded unless told otherwise. */
export async function startBenchServer(opts: { databaseUrl?: string; poolSize?: number; seed?: 'demo' | 'org' | 'none' }): Promise<BenchServer> {
  // The product's default pool (DATABASE_POOL_SIZE) unless a bench says otherwise.
  const poolSize = opts.poolSize ?? testConfig().databasePoolSize;
  const database = await openDatabase({ databaseUrl: opts.databaseUrl, poolSize });
  await database.migrate();
  const built = await buildApp({
    config: testConfig({ databasePoolSize: poolSize, loginRatePerMinute: 100_000 }),
    database,
    secretKey: BENCH_SECRET,
    logger: false,
  });
  if ((opts.seed ?? 'demo') !== 'none') {
    await seedDatabase(built.deps, built.modules, { level: opts.seed === 'org' ? 'org' : 'demo', adminPassword: BENCH_PASSWORD, demoPassword: BENCH_PASSWORD });
  }
  if (process.env.BENCH_TRACE_4XX) {
    // Debugging a bench: print the refused requests' answers (first 20).
    let shown = 0;
    built.app.addHook('onSend', async (req, reply, payload) => {
      if (reply.statusCode >= 400 && shown++ < 20) process.stderr.write(`${reply.statusCode} ${req.method} ${req.url}: ${String(payload).slice(0, 300)}\n`);
      return payload;
    });
  }
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (built.app.server.address() as { port: number }).port;
  return {
    ...built,
    base: `http://127.0.0.1:${port}`,
    database,
    async close() {
      await built.app.close();
      await database.close();
    },
  };
}

/**
 * The app in a child process on an existing (seeded) database, e.g. with a seam hook that only
 * benchmarks load (`seams: ['no-audit']` → bench/seams/no-audit.register.mjs).
 */
export async function spawnBenchServer(opts: { databaseUrl: string; seams?: string[] }): Promise<{ base: string; close(): Promise<void> }> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const hooks = (opts.seams ?? []).flatMap((s) => ['--import', path.join(here, 'seams', `${s}.register.mjs`)]);
  const child = spawn(process.execPath, ['--import', 'tsx', ...hooks, path.join(here, 'server.ts'), opts.databaseUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /\{"port":(\d+)\}/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Log in over HTTP; the headers to send with every request of that user. */
export async function loginHeaders(base: string, username: string, password = BENCH_PASSWORD): Promise<Record<string, string>> {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!r.ok) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  const cookie = /anzhi_sid=[^;]+/.exec(r.headers.get('set-cookie') ?? '')![0];
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
}

export interface LoadResult {
  rps: number;
  p50: number;
  p97_5: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** answers by HTTP status */
  statuses?: Record<string, number>;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT';
  headers?: Record<string, string>;
  body?: string;
  /** different requests in turn (ids, filters, bodies), cycled across all connections */
  variants?: { method?: string; path?: string; body?: string }[];
}

/**
 * Load one endpoint with autocannon running in a separate process, so the load generator does
 * not steal the server's event loop; latency figures in milliseconds.
 */
export async function load(o: LoadOptions): Promise<LoadResult> {
  const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-worker.mjs');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      try {
        resolve(JSON.parse(out) as LoadResult);
      } catch (e) {
        reject(e);
      }
    });
    child.stdin.end(JSON.stringify(o));
  });
}

/** A bare Fastify route on this machine, loaded the same way: the yardstick for every figure. */
export async function bareBaseline(connections: number, seconds: number): Promise<LoadResult> {
  const app = Fastify({ logger: false });
  app.get('/bare', async () => ({ status: 'ok', items: [1, 2, 3] }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  try {
    return await load({ url: `http://127.0.0.1:${port}/bare`, connections, seconds });
  } finally {
    await app.close();
  }
}

/** Latency percentiles of N sequential calls of an async function (ms). */
export async function timeCalls(n: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number; p99: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: times[times.length - 1] };
}

export interface ReportRow {
  scenario: string;
  figure: string;
  target?: string;
  baseline?: string;
  ratio?: string;
  pass?: boolean;
}

/** Print a markdown table and append the rows to bench/results/<bench>.jsonl. */
export function report(bench: string, rows: ReportRow[]): void {
  const lines = [
    `\n### ${bench}\n`,
    '| scenario | figure | target | baseline (bare Fastify, same run) | ratio | pass |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.scenario} | ${r.figure} | ${r.target ?? ''} | ${r.baseline ?? ''} | ${r.ratio ?? ''} | ${r.pass === undefined ? '' : r.pass ? 'yes' : '**no**'} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const below = rows.filter((r) => r.pass === false);
  if (below.length && (process.argv.includes('--check') || process.env.BENCH_CHECK === '1')) {
    // `--check`: a figure below its target fails the script (exit 3), after the whole table is printed.
    process.stdout.write(`!! below target: ${below.map((r) => r.scenario).join('; ')}\n`);
    process.exitCode = BELOW_TARGET_EXIT;
  }
  const dir = path.join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  appendFileSync(path.join(dir, `${bench}.jsonl`), `${JSON.stringify({ at: new Date().toISOString(), rows })}\n`);
}

export const fmt = {
  rps: (r: LoadResult) => `${Math.round(r.rps).toLocaleString('en-US')} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms`,
  ms: (n: number) => `${n.toFixed(1)} ms`,
  /** throughput as a share of the bare route's (same connections, same run) */
  ofBare: (rps: number, bareRps: number) => {
    const pct = (rps / bareRps) * 100;
    return `${pct.toFixed(pct < 1 ? 2 : 1)}% of bare`;
  },
};
