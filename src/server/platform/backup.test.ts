import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { emptyTestDatabase, testApp, type TestApp } from '../../../test/helpers';
import { backupDatabase, restoreDatabase, tableChecksums } from './backup';
import { verifyAuditChain } from './audit';
import { storeFile } from './files';

let t: TestApp;
let dir: string;
beforeAll(async () => {
  t = await testApp();
  dir = mkdtempSync(path.join(os.tmpdir(), 'anzhi-backup-'));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('backup → restore', () => {
  it('restores into an empty database with identical row counts and content checksums', async () => {
    // Some activity first: an edit, a login (sessions), a binary attachment.
    const c = await t.login('anweiban');
    const list = (await c.get('/api/enterprises', { pageSize: 3 })).json().items;
    await c.patch(`/api/enterprises/${list[0].id}`, { address: '备份测试路 8 号', lng: 114.123456 });
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from([0, 1, 2, 255, 254])]);
    await t.database.db.transaction((tx) => storeFile(tx, { actor: c.user as never, ip: null, requestId: null }, { name: '现场照片.png', data: png, purpose: 'test', allowed: ['png'], maxBytes: 1024 }));

    const file = path.join(dir, 'anzhi.backup.gz');
    const header = await backupDatabase(t.database, file);
    expect(header.tables.find((x) => x.name === 'enterprises')!.rows).toBeGreaterThan(250);

    const target = await emptyTestDatabase();
    try {
      const r = await restoreDatabase(target, file);
      const src = await tableChecksums(t.database);
      const dst = await tableChecksums(target);
      expect(dst).toEqual(src);
      expect(r.verified).toEqual(src);
      // The audit chain, sequences and binary data survive.
      expect((await verifyAuditChain(target)).ok).toBe(true);
      const [f] = await target.query<{ data: Buffer }>(`SELECT data FROM files WHERE name = '现场照片.png'`);
      expect(Buffer.from(f.data).equals(png)).toBe(true);
      const [{ next }] = await target.query<{ next: number }>(`SELECT nextval(pg_get_serial_sequence('audit_log','id'))::int AS next`);
      const [{ max }] = await target.query<{ max: number }>(`SELECT max(id)::int AS max FROM audit_log`);
      expect(next).toBeGreaterThan(max);
    } finally {
      await target.close();
    }
  });

  it('refuses to restore over existing data, and refuses a truncated or foreign file', async () => {
    const file = path.join(dir, 'b2.gz');
    await backupDatabase(t.database, file);
    await expect(restoreDatabase(t.database, file)).rejects.toThrow('不是空库');
    const target = await emptyTestDatabase();
    try {
      const bad = path.join(dir, 'bad.gz');
      writeFileSync(bad, gzipSync('{"format":"other"}\n'));
      await expect(restoreDatabase(target, bad)).rejects.toThrow('不是安治的备份文件');
      const truncated = path.join(dir, 'trunc.gz');
      writeFileSync(truncated, gzipSync(`${JSON.stringify({ format: 'anzhi-backup', version: 1, migrations: [], tables: [] })}\n`));
      await expect(restoreDatabase(target, truncated)).rejects.toThrow('不完整');
      // Nothing was left behind by the failed attempts.
      const [{ n }] = await target.query<{ n: number }>('SELECT count(*)::int AS n FROM regions');
      expect(n).toBe(0);
    } finally {
      await target.close();
    }
  });
});
