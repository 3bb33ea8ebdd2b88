import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig } from '../src/server/config';
import { withDefaultUser } from '../src/server/db';
import { buildUscc, USCC_ALPHABET } from '../src/shared/org/uscc';
import { TEST_PASSWORD } from './template';
import { freePort } from './free-port';

/**
 * kill -9 of the server in the middle of a write load, then a restart: every write the server
 * answered 2xx must be there, the audit chain must verify, the data dir must open.
 * Runs against the embedded PGlite data dir, or PostgreSQL when the suite runs with DATABASE_URL.
 */

function startServer(env: Record<string, string>): { proc: ChildProcess; ready: Promise<void>; exited: Promise<number | null>; output: () => string } {
  const health = `http://127.0.0.1:${env.PORT}/api/health/ready`;
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const ready = new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const check = async () => {
      if (proc.exitCode !== null) {
        clearTimeout(t);
        return reject(new Error(`server exited:\n${out}`));
      }
      const ok = await fetch(health).then((r) => r.ok, () => false);
      if (ok) {
        clearTimeout(t);
        resolve();
      } else setTimeout(check, 150);
    };
    void check();
  });
  return { proc, ready, exited, output: () => out };
}

class Session {
  cookie = '';
  csrf = '';
  constructor(readonly base: string) {}
  async login(username: string, password: string) {
    const r = await fetch(`${this.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (!r.ok) throw new Error(`login ${r.status} ${await r.text()}`);
    this.cookie = /anzhi_sid=[^;]+/.exec(r.headers.get('set-cookie') ?? '')![0];
    this.csrf = (await r.json()).csrfToken;
  }
  async send(method: string, url: string, body?: unknown) {
    return fetch(`${this.base}${url}`, { method, headers: { 'content-type': 'application/json', cookie: this.cookie, 'x-csrf-token': this.csrf }, body: body === undefined ? undefined : JSON.stringify(body) });
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('crash durability', () => {
  it('keeps every acknowledged write across kill -9 and restarts cleanly', async () => {
    const template = inject('dbTemplate');
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'anzhi-crash-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = {
      DATA_DIR: dataDir,
      ANZHI_DEMO_PASSWORD: TEST_PASSWORD,
      ANZHI_ADMIN_PASSWORD: 'Admin@2026pass',
      ANZHI_SECRET_KEY: '0123456789abcdef0123456789abcdef',
      ANZHI_JOBS: 'false',
      LOG_LEVEL: 'warn',
      MQTT_PORT: '0',
      DATABASE_URL: '',
    };
    if (template.kind === 'postgres') {
      const name = `anzhi_t_${template.runId}_crash${randomBytes(3).toString('hex')}`;
      const admin = new pg.Client({ connectionString: withDefaultUser(template.baseUrl) });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      const url = new URL(loadConfig().databaseUrl!);
      url.pathname = `/${name}`;
      env.DATABASE_URL = url.toString();
      cleanups.push(async () => {
        const a = new pg.Client({ connectionString: withDefaultUser(template.baseUrl) });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
        await a.end();
      });
    }
    env.PORT = String(await freePort());
    const base = `http://127.0.0.1:${env.PORT}`;

    const first = startServer(env);
    cleanups.push(() => void first.proc.kill('SIGKILL'));
    await first.ready;
    const s = new Session(base);
    await s.login('anweiban', TEST_PASSWORD);

    // A campaign of last year with one item led by 区住建局: its monthly drafts are part of the load.
    const year = new Date().getFullYear() - 1;
    const units = (await (await s.send('GET', '/api/org/tree')).json()).units as { id: string; code: string }[];
    const housingUnit = units.find((u) => u.code === 'dept.housing')!.id;
    const c = await (await s.send('POST', '/api/campaigns', { name: '压测专项行动', startDate: `${year}-01-01`, endDate: `${year}-12-31` })).json();
    const task = await (await s.send('POST', `/api/campaigns/${c.id}/tasks`, { kind: 'task', title: '压测任务' })).json();
    const item = await (await s.send('POST', `/api/campaigns/${c.id}/tasks`, { kind: 'item', title: '压测事项', parentId: task.id })).json();
    expect((await s.send('PUT', `/api/campaigns/${c.id}/tasks/${task.id}/assignments`, { lead: [{ unitId: housingUnit }], co: [], territorial: false })).status).toBe(200);
    const unit = new Session(base);
    await unit.login('zhujianju', TEST_PASSWORD);
    const period = (w: number) => `${year}-${String(w + 1).padStart(2, '0')}`;

    // Mixed write load from 8 concurrent clients: enterprise creates and updates, hazard
    // registrations, monthly report drafts. Remember what got a 2xx.
    const created = new Map<string, string>(); // creditCode → name
    const updated = new Map<string, number>(); // enterprise id → employees
    const hazards = new Map<string, string>(); // hazard id → description
    const drafts = new Map<string, number>(); // period → number in the last acknowledged summary
    const list = (await (await s.send('GET', '/api/enterprises?pageSize=100')).json()).items as { id: string }[];
    let stop = false;
    let n = 0;
    const worker = async (w: number) => {
      while (!stop) {
        const i = n++;
        try {
          if (i % 4 === 0) {
            let body = '';
            for (let k = 0; k < 6; k++) body += USCC_ALPHABET[(i * 7 + k * 13 + w) % 31];
            const code = buildUscc('9', '1', '420112', `M${String.fromCharCode(65 + (w % 8))}${body}`);
            const name = `武汉压测企业${w}-${i}有限公司`;
            const r = await s.send('POST', '/api/enterprises', { creditCode: code, name, sector: 'fire', regionCode: '420112001' });
            if (r.status === 201) created.set(code, name);
          } else if (i % 4 === 1) {
            // Each worker owns its enterprises, so its updates to one of them are ordered.
            const e = list[w * 10 + (i % 10)];
            const r = await s.send('PATCH', `/api/enterprises/${e.id}`, { employees: i });
            if (r.status === 200) updated.set(e.id, i);
          } else if (i % 4 === 2) {
            const description = `压测隐患 ${w}-${i}：安全出口堵塞`;
            const r = await s.send('POST', '/api/hazards', { enterpriseId: list[w * 10 + (i % 10)].id, source: 'inspection', place: '一楼仓库', category: '消防安全', description });
            if (r.status === 201) hazards.set((await r.json()).id, description);
          } else {
            // Each worker saves the draft of its own month, so its saves are ordered.
            const r = await unit.send('PUT', `/api/campaigns/${c.id}/reports/${period(w)}`, { summary: `压测草稿 #${i}`, entries: [{ itemId: item.id, status: '推进中', narrative: `第 ${i} 次保存` }] });
            if (r.status === 200) drafts.set(period(w), i);
          }
        } catch {
          return; // connection refused: the server is gone
        }
      }
    };
    const workers = Array.from({ length: 8 }, (_, w) => worker(w));
    await new Promise((r) => setTimeout(r, 3000));
    first.proc.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    await first.exited;
    process.stdout.write(`durability: acknowledged ${created.size} creates, ${updated.size} updates, ${hazards.size} hazards, ${drafts.size} report drafts before kill -9\n`);
    expect(created.size + updated.size).toBeGreaterThan(10);
    expect(hazards.size).toBeGreaterThan(0);
    expect(drafts.size).toBeGreaterThan(0);

    // Restart on the same data: it opens, and every acknowledged write is there.
    const second = startServer(env);
    cleanups.push(() => void second.proc.kill('SIGKILL'));
    await second.ready;
    const s2 = new Session(base);
    await s2.login('anweiban', TEST_PASSWORD);
    for (const [code, name] of created) {
      const r = await (await s2.send('GET', `/api/enterprises?q=${code}`)).json();
      expect(r.items.map((e: { name: string }) => e.name), code).toContain(name);
    }
    for (const [id, employees] of updated) {
      const e = await (await s2.send('GET', `/api/enterprises/${id}`)).json();
      // A later write may have succeeded without its answer arriving; it can only be newer.
      expect(e.employees, id).toBeGreaterThanOrEqual(employees);
    }
    for (const [id, description] of hazards) {
      const r = await s2.send('GET', `/api/hazards/${id}`);
      expect(r.status, id).toBe(200);
      expect((await r.json()).description).toBe(description);
    }
    const unit2 = new Session(base);
    await unit2.login('zhujianju', TEST_PASSWORD);
    for (const [p, i] of drafts) {
      const f = await (await unit2.send('GET', `/api/campaigns/${c.id}/reports/${p}`)).json();
      expect(f.status, p).toBe('draft');
      expect(Number(/#(\d+)/.exec(f.summary)?.[1]), `${p}: ${f.summary}`).toBeGreaterThanOrEqual(i);
    }
    await s2.login('admin', 'Admin@2026pass');
    const v = await (await s2.send('POST', '/api/audit/verify')).json();
    expect(v.ok, JSON.stringify(v)).toBe(true);
    second.proc.kill('SIGTERM');
    const code = await second.exited;
    expect(code).toBe(0);
  }, 180_000);

  it('SIGTERM stops accepting, finishes the requests in flight and closes the database cleanly', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'anzhi-term-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = {
      DATA_DIR: dataDir,
      ANZHI_DEMO_PASSWORD: TEST_PASSWORD,
      ANZHI_ADMIN_PASSWORD: 'Admin@2026pass',
      ANZHI_SECRET_KEY: '0123456789abcdef0123456789abcdef',
      ANZHI_JOBS: 'false',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      PORT: String(await freePort()),
    };
    const base = `http://127.0.0.1:${env.PORT}`;
    const srv = startServer(env);
    cleanups.push(() => void srv.proc.kill('SIGKILL'));
    await srv.ready;
    const s = new Session(base);
    await s.login('anweiban', TEST_PASSWORD);
    const list = (await (await s.send('GET', '/api/enterprises?pageSize=30')).json()).items as { id: string }[];
    // 30 writes in flight, then SIGTERM while they run.
    const inflight = list.map((e, i) => s.send('PATCH', `/api/enterprises/${e.id}`, { employees: 500 + i }).then((r) => r.status, () => 'refused'));
    await new Promise((r) => setTimeout(r, 30));
    srv.proc.kill('SIGTERM');
    const answers = await Promise.all(inflight);
    const code = await srv.exited;
    expect(code).toBe(0);
    // Every request either completed (2xx) or was refused at the door (connection refused, or 503
    // for a request that arrived on a kept-alive connection after closing began) — none half-done.
    for (const a of answers) expect(a === 'refused' || a === 503 || a === 200, String(a)).toBe(true);
    const done = answers.filter((a) => a === 200).length;
    expect(done).toBeGreaterThan(0);
    // The data dir opens again and holds what was acknowledged.
    const again = startServer(env);
    cleanups.push(() => void again.proc.kill('SIGKILL'));
    await again.ready;
    const s2 = new Session(base);
    await s2.login('anweiban', TEST_PASSWORD);
    for (const [i, e] of list.entries()) {
      if (answers[i] !== 200) continue;
      const got = await (await s2.send('GET', `/api/enterprises/${e.id}`)).json();
      expect(got.employees).toBe(500 + i);
    }
    again.proc.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 180_000);
});
