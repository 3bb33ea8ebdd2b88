import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { loadConfig, testConfig } from '../src/server/config';
import { openDatabase, withDefaultUser } from '../src/server/db';
import { buildApp } from '../src/server/app';
import { seedDatabase } from '../src/server/platform/seed';
import { TEST_ADMIN_PASSWORD, TEST_PASSWORD, TEST_SECRET_KEY, testClock, type DbTemplate } from './template';

declare module 'vitest' {
  export interface ProvidedContext {
    dbTemplate: DbTemplate;
  }
}

/**
 * Build one migrated database seeded with the demo data, once per test run. Every test file then
 * starts from its own copy: PGlite loads the dumped data dir, PostgreSQL clones a template database.
 * `DATABASE_URL=postgres://… npm test` runs the whole suite on PostgreSQL.
 */
export default async function setup(project: TestProject) {
  const env = loadConfig();
  const runId = `${Date.now().toString(36)}${process.pid}`;
  const seed = async (database: Awaited<ReturnType<typeof openDatabase>>) => {
    await database.migrate();
    const { deps, modules } = await buildApp({ config: testConfig(), database, secretKey: TEST_SECRET_KEY, clock: testClock(), logger: false });
    await seedDatabase(deps, modules, { level: 'demo', adminPassword: TEST_ADMIN_PASSWORD, demoPassword: TEST_PASSWORD });
  };
  if (env.databaseUrl) {
    const admin = new pg.Client({ connectionString: withDefaultUser(env.databaseUrl) });
    await admin.connect();
    // Leftovers of interrupted runs: only those older than 6 hours. Several runs may share one
    // PostgreSQL (parallel sessions, CI jobs); dropping their databases would fail them mid-run.
    const old = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'anzhi_t%' AND datname NOT LIKE $1`, [`%${runId}%`]);
    for (const r of old.rows) {
      const started = runStartedAt(r.datname);
      if (started !== null && Date.now() - started < 6 * 3600_000) continue;
      await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`).catch(() => undefined);
    }
    const templateDb = `anzhi_tpl_${runId}`;
    await admin.query(`CREATE DATABASE "${templateDb}"`);
    const url = new URL(env.databaseUrl);
    url.pathname = `/${templateDb}`;
    const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
    await seed(database);
    await database.close();
    project.provide('dbTemplate', { kind: 'postgres', baseUrl: env.databaseUrl, templateDb, runId });
    return async () => {
      const dbs = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`anzhi_t%${runId}%`]);
      for (const r of dbs.rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`).catch(() => undefined);
      await admin.end();
    };
  }
  const database = await openDatabase({});
  await seed(database);
  const dump = await database.pglite!.dumpDataDir('gzip');
  await database.close();
  const dir = path.resolve('.tmp');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `pglite-template-${runId}.tar.gz`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('dbTemplate', { kind: 'pglite', file, runId });
  return async () => {
    const { rmSync } = await import('node:fs');
    rmSync(file, { force: true });
  };
}

/** When the run that named a test database started (run ids begin with Date.now() in base 36), or null. */
export function runStartedAt(datname: string): number | null {
  const m = /^anzhi_t(?:pl)?_([0-9a-z]{8})/.exec(datname);
  if (!m) return null;
  const t = parseInt(m[1], 36);
  return Number.isFinite(t) && t > Date.UTC(2020, 0, 1) && t < Date.now() + 86_400_000 ? t : null;
}
