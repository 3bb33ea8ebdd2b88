import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsKey, openDatabase } from './index';

const dir = mkdtempSync(path.join(os.tmpdir(), 'anzhi-template-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A migrated template holding a marker row, written as scripts/build-db-template.ts writes it: a shut-down data directory. */
async function writeTemplate(name: string, key: string): Promise<string> {
  const building = path.join(dir, `${name}.building`);
  const db = await openDatabase({ dataDir: building, template: path.join(dir, 'none') });
  await db.migrate();
  await db.query(`CREATE TABLE template_marker (v text)`);
  await db.query(`INSERT INTO template_marker VALUES ('from the template')`);
  await db.close();
  const template = path.join(dir, name);
  renameSync(path.join(building, 'pgdata'), template);
  writeFileSync(`${template}.json`, JSON.stringify({ migrationsKey: key }));
  return template;
}

const hasMarker = async (dataDir: string, template: string) => {
  const db = await openDatabase({ dataDir, template });
  try {
    await db.migrate();
    const [r] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'template_marker'`);
    const [u] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users`);
    expect(u.n).toBe(0);
    return r.n === 1;
  } finally {
    await db.close();
  }
};

describe('first start from the install’s migrated template', () => {
  it('a never-initialised data dir starts from a template of these migrations; a stale template or an existing database is left alone', async () => {
    const good = await writeTemplate('good', migrationsKey());
    const stale = await writeTemplate('stale', 'built-from-other-migrations');
    expect(await hasMarker(path.join(dir, 'a'), good)).toBe(true);
    // Built from other migrations: created and migrated as without a template.
    expect(await hasMarker(path.join(dir, 'b'), stale)).toBe(false);
    // No template at all.
    expect(await hasMarker(path.join(dir, 'c'), path.join(dir, 'missing'))).toBe(false);
    // An existing database is never replaced by the template.
    expect(await hasMarker(path.join(dir, 'b'), good)).toBe(false);
  }, 240_000); // three databases opened from templates: minutes on a loaded machine
});

describe('the embedded database’s buffer pool', () => {
  it('is 32 MB, not PostgreSQL’s 128 MB default (zeroed wasm memory at every open: ~0.3 s and ~110 MB resident)', async () => {
    const db = await openDatabase({ dataDir: path.join(dir, 'buffers'), template: path.join(dir, 'none') });
    try {
      const [r] = await db.query<{ shared_buffers: string; search_path: string }>(`SELECT current_setting('shared_buffers') AS shared_buffers, current_setting('search_path') AS search_path`);
      // PGlite's own start parameters are kept (search_path is one of them).
      expect(r).toEqual({ shared_buffers: '32MB', search_path: 'public' });
    } finally {
      await db.close();
    }
  });
});
