/**
 * npm's prepare step (after the web build): an empty PGlite database with every migration applied,
 * written as a data directory to dist/db/pglite-template/ with the digest of the migrations it holds
 * (pglite-template.json). A first start on the embedded database copies it instead of creating and
 * migrating a cluster (src/server/db/index.ts, PGLITE_TEMPLATE). A template that does not match the
 * checkout's migrations is ignored, so a stale one costs only the time it would have saved.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { migrationsKey, openDatabase, PGLITE_TEMPLATE } from '../src/server/db';

const started = Date.now();
const building = `${PGLITE_TEMPLATE}.building`;
mkdirSync(path.dirname(PGLITE_TEMPLATE), { recursive: true });
rmSync(building, { recursive: true, force: true });
rmSync(`${PGLITE_TEMPLATE}.json`, { force: true });
// The dumped form of earlier versions, if present, is no longer read.
rmSync(`${PGLITE_TEMPLATE}.tar.gz`, { force: true });
rmSync(`${PGLITE_TEMPLATE}.tar.gz.json`, { force: true });
mkdirSync(building);
const database = await openDatabase({ dataDir: building, template: path.join(building, 'none') });
try {
  await database.migrate();
} finally {
  // Closed cleanly: the directory on disk is a consistent, shut-down cluster.
  await database.close();
}
// Built aside and renamed: a start never copies a half-written template.
rmSync(PGLITE_TEMPLATE, { recursive: true, force: true });
renameSync(path.join(building, 'pgdata'), PGLITE_TEMPLATE);
rmSync(building, { recursive: true, force: true });
writeFileSync(`${PGLITE_TEMPLATE}.json`, `${JSON.stringify({ migrationsKey: migrationsKey(), builtAt: new Date().toISOString() })}\n`);
process.stdout.write(`database template: ${path.relative(process.cwd(), PGLITE_TEMPLATE)}/ in ${Date.now() - started} ms\n`);
