import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { inject } from 'vitest';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { testConfig, type Config } from '../src/server/config';
import { openDatabase, withDefaultUser, type Database } from '../src/server/db';
import { buildApp, type BuiltApp } from '../src/server/app';
import { TEST_ADMIN_PASSWORD, TEST_PASSWORD, TEST_SECRET_KEY, TEST_TODAY, testClock } from './template';

export { TEST_PASSWORD, TEST_ADMIN_PASSWORD, TEST_SECRET_KEY, TEST_TODAY, testClock };

/** A fresh database for this test file: a copy of the migrated, demo-seeded template. */
export async function testDatabase(): Promise<Database> {
  const t = inject('dbTemplate');
  if (t.kind === 'pglite') {
    const blob = new Blob([readFileSync(t.file)]);
    return openDatabase({ loadDataDir: blob });
  }
  const name = `anzhi_t_${t.runId}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: withDefaultUser(t.baseUrl) });
  await admin.connect();
  try {
    // Template copies are serialised by PostgreSQL only per template; retry on a busy template.
    for (let i = 0; ; i++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${t.templateDb}"`);
        break;
      } catch (e) {
        if (i > 120 || !/being accessed by other users/.test((e as Error).message)) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 400));
      }
    }
  } finally {
    await admin.end();
  }
  const url = new URL(t.baseUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
  const close = database.close.bind(database);
  database.close = async () => {
    await close();
    const a = new pg.Client({ connectionString: withDefaultUser(t.baseUrl) });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await a.end();
  };
  return database;
}

/** A migrated database with no data at all (restore targets, first-run tests). */
export async function emptyTestDatabase(): Promise<Database> {
  const t = inject('dbTemplate');
  let database: Database;
  if (t.kind === 'pglite') database = await openDatabase({});
  else {
    const name = `anzhi_t_${t.runId}_e${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: withDefaultUser(t.baseUrl) });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(t.baseUrl);
    url.pathname = `/${name}`;
    database = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
    const close = database.close.bind(database);
    database.close = async () => {
      await close();
      const a = new pg.Client({ connectionString: withDefaultUser(t.baseUrl) });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      await a.end();
    };
  }
  await database.migrate();
  return database;
}

export interface TestApp extends BuiltApp {
  database: Database;
  close(): Promise<void>;
  /** log in as a demo user (password TEST_PASSWORD; admin: TEST_ADMIN_PASSWORD) */
  login(username: string, password?: string): Promise<Client>;
  anonymous(): Client;
}

export async function testApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await testDatabase();
  const built = await buildApp({ config: testConfig(overrides), database, secretKey: TEST_SECRET_KEY, clock: testClock(), validateResponses: true, logger: overrides.logLevel && overrides.logLevel !== 'silent' ? { level: overrides.logLevel } : false });
  await built.app.ready();
  return {
    ...built,
    database,
    async close() {
      await built.app.close();
      await database.close();
    },
    anonymous: () => new Client(built.app),
    async login(username: string, password?: string) {
      const c = new Client(built.app);
      const res = await c.post('/api/auth/login', { username, password: password ?? (username === 'admin' ? TEST_ADMIN_PASSWORD : TEST_PASSWORD) });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      return c;
    },
  };
}

/** An HTTP client over app.inject that keeps the session cookie and sends the CSRF header. */
export class Client {
  cookie?: string;
  csrf?: string;
  user?: { id: string; username: string; unitId: string | null; enterpriseId: string | null; regionCode: string };
  constructor(private readonly app: FastifyInstance) {}

  async request(opts: InjectOptions & { csrf?: boolean }): Promise<LightMyRequestResponse & { json<T = any>(): T }> {
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string>) };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && opts.csrf !== false && opts.method && opts.method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await this.app.inject({ ...opts, headers });
    const set = res.headers['set-cookie'];
    const cookies = Array.isArray(set) ? set : set ? [set] : [];
    for (const c of cookies) {
      const m = /^anzhi_sid=([^;]*)/.exec(c);
      if (m) this.cookie = m[1] ? `anzhi_sid=${m[1]}` : undefined;
    }
    if (opts.url === '/api/auth/login' && res.statusCode === 200) {
      const body = res.json();
      this.csrf = body.csrfToken;
      this.user = body.user;
    }
    return res as never;
  }
  get(url: string, query?: Record<string, string | number | boolean | undefined>) {
    const q = query ? `?${new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString()}` : '';
    return this.request({ method: 'GET', url: url + q });
  }
  post(url: string, payload?: unknown, opts: Partial<InjectOptions> & { csrf?: boolean } = {}) {
    return this.request({ method: 'POST', url, payload: payload as never, ...opts });
  }
  patch(url: string, payload?: unknown, opts: Partial<InjectOptions> & { csrf?: boolean } = {}) {
    return this.request({ method: 'PATCH', url, payload: payload as never, ...opts });
  }
  put(url: string, payload?: unknown, opts: Partial<InjectOptions> & { csrf?: boolean } = {}) {
    return this.request({ method: 'PUT', url, payload: payload as never, ...opts });
  }
  delete(url: string, opts: Partial<InjectOptions> & { csrf?: boolean } = {}) {
    return this.request({ method: 'DELETE', url, ...opts });
  }
}

/** Build a multipart/form-data body for app.inject. */
export function multipart(files: { field: string; name: string; data: Buffer; type?: string }[], fields: Record<string, string> = {}) {
  const boundary = `----anzhi${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(f.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * A Python interpreter that has openpyxl (to check that exports open in it), or null. The one on
 * PATH first, then Debian's (`apt-get install python3-openpyxl`, which .ci/run does).
 */
export function pythonWithOpenpyxl(): string | null {
  for (const py of ['python3', '/usr/bin/python3']) {
    if (spawnSync(py, ['-c', 'import openpyxl']).status === 0) return py;
  }
  return null;
}

/**
 * A small JPEG as a phone writes it: APP0 (JFIF); APP1 Exif whose IFD0 points to a GPS IFD
 * (GPSLatitudeRef N, GPSLatitude 30°37'12", GPSLongitudeRef E, GPSLongitude 114°8'24"); APP1 XMP with
 * exif:GPSLatitude; a comment; then a frame header and a scan. `marks` are byte strings only the
 * metadata holds (a stripped copy has none of them); `image` is what must survive (frame and scan).
 */
export function jpegWithGps(): { data: Buffer; marks: Buffer[]; image: Buffer } {
  const seg = (marker: number, body: Buffer) => {
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(body.length + 2, 2);
    return Buffer.concat([head, body]);
  };
  // TIFF, little endian: header, IFD0 (1 entry: GPSInfo → 26), GPS IFD at 26 (4 entries), rationals at 80 and 104.
  const tiff = Buffer.alloc(128);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(1, 8);
  const entry = (at: number, tag: number, type: number, count: number, value: number | string) => {
    tiff.writeUInt16LE(tag, at);
    tiff.writeUInt16LE(type, at + 2);
    tiff.writeUInt32LE(count, at + 4);
    if (typeof value === 'string') tiff.write(value, at + 8, 'latin1');
    else tiff.writeUInt32LE(value, at + 8);
  };
  entry(10, 0x8825, 4, 1, 26);
  tiff.writeUInt16LE(4, 26);
  entry(28, 0x0001, 2, 2, 'N\0');
  entry(40, 0x0002, 5, 3, 80);
  entry(52, 0x0003, 2, 2, 'E\0');
  entry(64, 0x0004, 5, 3, 104);
  [30, 1, 37, 1, 12, 1].forEach((v, i) => tiff.writeUInt32LE(v, 80 + 4 * i));
  [114, 1, 8, 1, 24, 1].forEach((v, i) => tiff.writeUInt32LE(v, 104 + 4 * i));
  const exif = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const xmp = Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description exif:GPSLatitude="30,37.2N" exif:GPSLongitude="114,8.4E"/></x:xmpmeta>', 'utf8');
  const comment = Buffer.from('taken at 42 Home Street', 'latin1');
  const sof = seg(0xc0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0]));
  const scan = Buffer.concat([seg(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])), Buffer.from([0x12, 0x34, 0x56, 0x78]), Buffer.from([0xff, 0xd9])]);
  const data = Buffer.concat([Buffer.from([0xff, 0xd8]), seg(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')), seg(0xe1, exif), seg(0xe1, xmp), seg(0xfe, comment), sof, scan]);
  return { data, marks: [Buffer.from('Exif\0\0', 'latin1'), tiff.subarray(80, 128), Buffer.from('GPSLatitude'), comment], image: Buffer.concat([sof, scan]) };
}

/**
 * The database stops answering writes to a table: another session holds ACCESS EXCLUSIVE on it in an
 * open transaction. Resolves once the lock is held, with the function that ends that transaction.
 */
export async function holdTableLock(t: TestApp, table: string): Promise<() => Promise<void>> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const done = t.deps.db.transaction(async (tx) => {
    await tx.execute(sql.raw(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`));
    locked();
    await held;
  });
  await isLocked;
  return async () => {
    release();
    await done;
  };
}
