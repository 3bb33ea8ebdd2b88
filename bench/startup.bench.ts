/**
 * A newcomer's first start (`npm start` on the embedded default, an empty DATA_DIR, the server's
 * bundle built as `npm install` leaves it): the time from
 * spawning the process to `/api/health` answering and to `/api/health/ready` (the demo data complete),
 * and each module's seed as the server logs it. Target (issue 11): ready in < 10 s. The baseline is
 * a bare Fastify server started the same way (node + tsx) in the same run, i.e. what any start costs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs, report } from './lib';
import { buildServer } from '../scripts/build-server.mjs';
import { freePort } from '../test/free-port';

const args = benchArgs();
const runs = args.quick ? 1 : 3;


interface Start {
  healthMs: number;
  readyMs: number;
  seeds: Record<string, number>;
}

/** Spawn `node <args>` and poll until `readyPath` answers 200 (health on the way). */
async function timeStart(nodeArgs: string[], env: Record<string, string>, readyPath: string): Promise<Start & { log: string }> {
  const port = await freePort();
  const t0 = performance.now();
  const proc = spawn(process.execPath, nodeArgs, { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout!.on('data', (d) => (log += d));
  proc.stderr!.on('data', (d) => (log += d));
  const ok = (p: string) => fetch(`http://127.0.0.1:${port}${p}`).then((r) => r.ok, () => false);
  let healthMs = NaN;
  try {
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`the server exited:\n${log}`);
      const now = performance.now() - t0;
      if (now > 120_000) throw new Error(`not ready after 120 s:\n${log}`);
      if (Number.isNaN(healthMs) && (await ok('/api/health'))) healthMs = performance.now() - t0;
      if (await ok(readyPath)) break;
      // Every 100 ms: polling faster would load the server it measures (each answer costs it ~1 ms).
      await new Promise((r) => setTimeout(r, 100));
    }
    const readyMs = performance.now() - t0;
    const seeds: Record<string, number> = {};
    for (const m of log.matchAll(/"module":"(\w+)","ms":(\d+)/g)) seeds[m[1]] = Number(m[2]);
    return { healthMs, readyMs, seeds, log };
  } finally {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
  }
}

await buildServer();
const scratch = mkdtempSync(path.join(os.tmpdir(), 'anzhi-bench-startup-'));
try {
  const bareEntry = path.join(scratch, 'bare.mts');
  writeFileSync(
    bareEntry,
    `import Fastify from '${path.join(process.cwd(), 'node_modules/fastify/fastify.js')}';\nconst app = Fastify();\napp.get('/api/health', async () => ({ status: 'ok' }));\nawait app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });\n`,
  );
  const bare: number[] = [];
  const starts: Start[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternated, so a drift of the machine touches both alike.
    bare.push((await timeStart(['--import', 'tsx', bareEntry], {}, '/api/health')).readyMs);
    const dataDir = path.join(scratch, `data-${i}`);
    const env = { DATA_DIR: dataDir, DATABASE_URL: '', ANZHI_JOBS: 'false', LOG_LEVEL: 'info', MQTT_PORT: String(await freePort()) };
    // What `npm start` runs: the server's bundle (built beforehand, as a first start after install finds it).
    const s = await timeStart([path.join(process.cwd(), 'scripts/start.mjs')], env, '/api/health/ready');
    starts.push(s);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const bareMs = median(bare);
  const ready = starts.map((x) => x.readyMs);
  const health = starts.map((x) => x.healthMs);
  const modules = Object.keys(starts[0].seeds);
  const seedLine = modules.map((m) => `${m} ${s(median(starts.map((x) => x.seeds[m] ?? NaN)))}`).join(', ');
  report('startup', [
    { scenario: 'bare Fastify process (node + tsx), spawn → answers', figure: bare.map(s).join(' / ') },
    { scenario: `first start on PGlite, spawn → /api/health (${runs} run${runs > 1 ? 's' : ''})`, figure: health.map(s).join(' / '), baseline: s(bareMs), ratio: `${(median(health) / bareMs).toFixed(1)}× bare` },
    {
      scenario: 'first start on PGlite, spawn → ready (demo data complete)',
      figure: ready.map(s).join(' / '),
      target: '< 10 s',
      baseline: s(bareMs),
      ratio: `${(median(ready) / bareMs).toFixed(1)}× bare`,
      pass: median(ready) < 10_000,
    },
    { scenario: 'seed per module (median; org before listening, the rest in the background)', figure: seedLine },
  ]);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
