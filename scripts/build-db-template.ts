/**
 * npm's prepare step (after the web build): an empty PGlite database with every migration applied,
 * written to dist/db/pglite-template.tar.gz with the digest of the migrations it holds. A first
 * start on the embedded database loads it instead of creating and migrating a cluster
 * (src/server/db/index.ts, PGLITE_TEMPLATE). A template that does not match the checkout's
 * migrations is ignored, so a stale one costs only the time it would have saved.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { migrationsKey, openDatabase, PGLITE_TEMPLATE } from '../src/server/db';

const started = Date.now();
const database = await openDatabase({});
try {
  await database.migrate();
  const dump = await database.pglite!.dumpDataDir('gzip');
  mkdirSync(path.dirname(PGLITE_TEMPLATE), { recursive: true });
  // Written aside and renamed: a start never reads a half-written template.
  writeFileSync(`${PGLITE_TEMPLATE}.tmp`, Buffer.from(await dump.arrayBuffer()));
  renameSync(`${PGLITE_TEMPLATE}.tmp`, PGLITE_TEMPLATE);
  writeFileSync(`${PGLITE_TEMPLATE}.json`, `${JSON.stringify({ migrationsKey: migrationsKey(), builtAt: new Date().toISOString() })}\n`);
  process.stdout.write(`database template: ${path.relative(process.cwd(), PGLITE_TEMPLATE)} (${(dump.size / 1e6).toFixed(1)} MB) in ${Date.now() - started} ms\n`);
} finally {
  await database.close();
}
