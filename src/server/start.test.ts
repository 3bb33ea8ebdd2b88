import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVER_BUNDLE } from '../../scripts/build-server.mjs';
import { freePort } from '../../test/free-port';

/**
 * `npm start` runs the server's bundle (scripts/start.mjs), not the sources the other tests load: a
 * path that only holds inside src/ (migrations, the database template, the reference plan and
 * checklists, the demo photo) would break a newcomer's first start and nothing else. This starts it
 * as `npm start` does, on an empty data directory, to the end of the demo seed.
 */
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'anzhi-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start (the bundle)', () => {
  it('builds the bundle if needed and serves a first start to the end of the demo data', async () => {
    const port = await freePort();
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', PORT: String(port), MQTT_PORT: String(await freePort()), ANZHI_JOBS: 'false', LOG_LEVEL: 'warn' };
    const proc = spawn(process.execPath, [path.resolve('scripts/start.mjs')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout!.on('data', (d) => (out += d));
    proc.stderr!.on('data', (d) => (out += d));
    const base = `http://127.0.0.1:${port}`;
    try {
      const deadline = Date.now() + 150_000;
      let ready = false;
      while (!ready) {
        if (proc.exitCode !== null) throw new Error(`npm start exited (${proc.exitCode}):\n${out}`);
        if (Date.now() > deadline) throw new Error(`not ready:\n${out}`);
        ready = await fetch(`${base}/api/health/ready`).then((r) => r.ok, () => false);
        if (!ready) await new Promise((r) => setTimeout(r, 200));
      }
      expect(existsSync(SERVER_BUNDLE)).toBe(true);
      // Every module's demo data was written, including those read from files of the checkout (the
      // reference plan, the shipped checklists, the demo photo): a seed that fails logs this line.
      expect(out).toContain('安治 Anzhi：首次启动');
      expect(out).not.toMatch(/写入演示数据失败|启动失败/);
      if (existsSync(path.resolve('dist/web/index.html'))) expect((await fetch(`${base}/`)).headers.get('content-type')).toContain('text/html');
    } finally {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
    }
  }, 180_000);
});
