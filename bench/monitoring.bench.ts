/**
 * Monitoring (重大危险源在线监测预警, issue 15) on PostgreSQL, demo data plus bench devices, every figure
 * beside a bare Fastify route measured in the same run:
 *   1. HTTP batch ingestion `POST /api/monitoring/ingest`: 200 devices × 4 sensors registered through
 *      the API (each with its own credentials, HTTP Basic), each request the next device's batch of 50
 *      readings with fresh timestamps (new rows + both rollups + the rules every time), 50 connections;
 *      req/s, readings/s (rows actually added), p50/p99.
 *   2. MQTT through the embedded aedes broker (on a free port, as main starts it): 50 device clients in
 *      a child process publish 1,000,000 readings, QoS 1, messages of 20, each device waiting for its
 *      PUBACK (sent once the readings are stored) before the next; readings/s from "go" until
 *      ingest-stats counts all of them stored (checked against the rows). Then the alarm latency: a
 *      connected device publishes one gas reading above 高高, the alarms API is polled until the 一级
 *      alarm is open (and the PUBACK time), 20 trials on 20 devices, once idle and once while the 50
 *      clients keep publishing.
 *   2b. The raw broker, same run: the same 50 publisher clients and payloads against a bare aedes (no
 *      authentication, no processing) with one subscriber counting the messages: end-to-end readings/s
 *      (published → rules → stored) beside it, and the ratio (issue 15: ≥ 20,000 readings/s, ≥ 0.5).
 *      Beside the rates, the CPU time each spent per reading — the server process (all its threads;
 *      of them the event loop), PostgreSQL's processes when the server runs on this machine (/proc),
 *      the publishers' process — which shows where a reading's cost lies.
 *   2c. Alarm latency on the live stream: the office's `GET /api/monitoring/stream` open; a device
 *      publishes a reading above 高高; the time until `event: alarm` (opened, 一级) arrives — idle and
 *      while the 50 clients publish (p50/p95/p99; target p99 < 250 ms).
 *   2d. Soak: `anzhi simulate`'s publisher (provisioned gateways, realistic readings, leaks) for 10 min
 *      (30 s with --quick) with a stream open; the server process's RSS and heap (after a full GC) at
 *      the start, every minute and the end, and their slope.
 *   3. Reads after 1,008,000 readings generated with SQL (100 sensors × 7 days × 1/min, in the month
 *      partitions the product creates, the 1-minute and hourly rollups built from them as ingestion
 *      writes them): the monitoring wall `GET /api/monitoring/overview` (what the wall page reads on
 *      opening and on reconnection, and every 5 s while its stream is down; district and one enterprise) and a sensor's curve `GET /api/monitoring/sensors/:id/series`
 *      over 7 days (hourly rollup: what the API reads for that span), 24 h (1-minute) and 6 h (raw).
 * `--quick`: 70 devices, 100,000 MQTT readings (BENCH_MQTT_READINGS=N to change), 10 trials each, 201,600 generated readings, 4 s loads.
 *
 *   node --import tsx bench/monitoring.bench.ts [--quick]
 *
 * The HTTP ingestion load needs one Authorization header per device, which bench/load-worker.mjs does
 * not vary: this file runs autocannon itself in a child process (`--ingest-load`), and the MQTT device
 * clients in another (`--mqtt-publish`), so neither shares the server's event loop.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import mqtt from 'mqtt';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ingesterOf, startEmbeddedBroker } from '../src/server/modules/monitoring';
import { ensurePartitions } from '../src/server/modules/monitoring/monitoring.series';
import { provisionSimulator, runSimulation, type SimDevice } from '../src/server/modules/monitoring/monitoring.simulate';
import net from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Aedes } from 'aedes';
import { defaultSensorLimits, type SensorKind } from '../src/shared/monitoring/rules';
import { bareBaseline, benchArgs, fmt, freshPgDatabase, load, loginHeaders, report, startBenchServer, timeCalls, type LoadResult } from './lib';

// ---------- shared by the parent and its child processes ----------

/** The four sensors of every bench device (thresholds: the kind's defaults; no rate or frozen rule). */
const SENSORS: { tag: string; name: string; kind: SensorKind; base: number; noise: number; amp: number }[] = [
  { tag: 'GT-1', name: '可燃气体', kind: 'gas_lel', base: 2, noise: 1, amp: 0 },
  { tag: 'LT-1', name: '储罐液位', kind: 'level', base: 6.5, noise: 0.15, amp: 0.3 },
  { tag: 'TT-1', name: '储罐温度', kind: 'temperature', base: 22, noise: 1.5, amp: 6 },
  { tag: 'PT-1', name: '储罐压力', kind: 'pressure', base: 0.8, noise: 0.05, amp: 0.05 },
];

/** n normal readings of a device's four sensors, one instant per second from `from`: (sensor, instant) unique. */
function batchOf(n: number, from: number): { readings: { sensor: string; ts: number; value: number }[] } {
  const readings = [];
  for (let j = 0; j < n; j++) {
    const s = SENSORS[j % SENSORS.length];
    readings.push({ sensor: s.tag, ts: from + Math.floor(j / SENSORS.length) * 1000, value: Math.round((s.base + (Math.random() - 0.5) * 2 * s.noise) * 1000) / 1000 });
  }
  return { readings };
}
/** The time a batch of n readings spans (its instants, one second apart). */
const spanOf = (n: number) => Math.ceil(n / SENSORS.length) * 1000;

interface DeviceCreds {
  id: string;
  secret: string;
  topic: string;
  sensorIds: string[];
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// ---------- child: autocannon against the ingestion endpoint, one device per request in turn ----------

if (process.argv[2] === '--ingest-load') {
  const o = JSON.parse(await readAll(process.stdin)) as { url: string; connections: number; seconds: number; devices: { id: string; secret: string }[]; batch: number; from: number };
  const u = new URL(o.url);
  const auth = o.devices.map((d) => `Basic ${Buffer.from(`${d.id}:${d.secret}`).toString('base64')}`);
  let k = 0;
  const result = await autocannon({
    url: `${u.protocol}//${u.host}`,
    connections: o.connections,
    duration: o.seconds,
    requests: [
      {
        method: 'POST',
        path: u.pathname,
        // Device k % n, its round-th batch: fresh instants, so every request stores new rows.
        setupRequest: (req) => {
          const i = k++;
          const round = Math.floor(i / auth.length);
          return { ...req, headers: { ...req.headers, 'content-type': 'application/json', authorization: auth[i % auth.length] }, body: JSON.stringify(batchOf(o.batch, o.from + round * spanOf(o.batch))) };
        },
      },
    ],
  });
  process.stdout.write(
    JSON.stringify({
      rps: result.requests.average,
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      requests: result.requests.total,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      statuses: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, v]) => [code, v.count ?? 0])),
    } satisfies LoadResult),
  );
  process.exit(0);
}

// ---------- child: MQTT device clients (connect, "ready", wait for "go", publish, "done") ----------

if (process.argv[2] === '--mqtt-publish') {
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  const o = JSON.parse((await lines.next()).value as string) as { url: string; devices: DeviceCreds[]; messages: number; perMessage: number; from: number };
  const say = (x: object) => process.stdout.write(`${JSON.stringify(x)}\n`);
  const clients = await Promise.all(
    // A refused message (the server's queue at its bound: no PUBACK, the connection closed) is sent
    // again after reconnecting, as a gateway does: mqtt.js keeps unacknowledged QoS 1 messages.
    o.devices.map((d) => mqtt.connectAsync(o.url, { username: d.id, password: d.secret, clientId: `bench-${d.id}`, clean: true, reconnectPeriod: 100, connectTimeout: 10_000 })),
  );
  say({ ready: true });
  await lines.next(); // "go"
  let stop = false;
  void lines.next().then(() => (stop = true)); // "stop" (a background load ends when told)
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const acks: number[] = [];
  await Promise.all(
    clients.map(async (c, ci) => {
      // A gateway with a store-and-forward buffer: the next message after the PUBACK of this one.
      for (let m = 0; m < o.messages && !stop; m++) {
        const t = performance.now();
        await c.publishAsync(o.devices[ci].topic, JSON.stringify(batchOf(o.perMessage, o.from + m * spanOf(o.perMessage))), { qos: 1 });
        acks.push(performance.now() - t);
      }
    }),
  );
  const ms = performance.now() - t0;
  acks.sort((a, b) => a - b);
  const at = (q: number) => acks[Math.min(acks.length - 1, Math.floor(q * acks.length))];
  const cpu = process.cpuUsage(cpu0);
  say({ done: true, ms, published: acks.length * o.perMessage, pubackP50: at(0.5), pubackP99: at(0.99), cpuUs: cpu.user + cpu.system });
  await Promise.all(clients.map((c) => c.endAsync()));
  process.exit(0);
}

// ---------- child: `anzhi simulate`'s publisher (the soak's load) ----------

if (process.argv[2] === '--simulate') {
  const o = JSON.parse(await readAll(process.stdin)) as { url: string; devices: SimDevice[]; sensors: number; rate: number; seconds: number };
  const sim = await runSimulation({ ...o, seed: 15, leakEverySeconds: 30, offlineEverySeconds: 0 });
  process.stdout.write(JSON.stringify(await sim.done));
  process.exit(0);
}

// ---------- the bench ----------

const args = benchArgs();
const seconds = args.quick ? 4 : 15;
const connections = 50;
const size = args.quick
  ? { devices: 70, mqttClients: 50, mqttReadings: Number(process.env.BENCH_MQTT_READINGS ?? 100_000), trials: 10, seriesSensors: 20, sseTrials: 40, soakSeconds: 30, soakEvery: 5, soakSensors: 400, soakRate: 4_000 }
  : { devices: 200, mqttClients: 50, mqttReadings: 1_000_000, trials: 20, seriesSensors: 100, sseTrials: 150, soakSeconds: 600, soakEvery: 60, soakSensors: 800, soakRate: 8_000 };
const HTTP_BATCH = 50;
const MQTT_BATCH = 20;
const SERIES_DAYS = 7;
const log = (m: string) => process.stdout.write(`  ${m}\n`);
const self = fileURLToPath(import.meta.url);
const started = Date.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** CPU time (µs, user + system) of this process, all of its threads. */
const ownCpuUs = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};
/** utime + stime of a /proc stat line, µs (USER_HZ = 100 ticks per second) */
const statCpuUs = (stat: string) => {
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10_000;
};
/** CPU time (µs) of this process's event loop thread (its main thread: /proc/self/task/<pid>), or undefined off Linux. */
const loopCpuUs = (): number | undefined => {
  try {
    return statCpuUs(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
};
/**
 * CPU time (µs) the PostgreSQL processes on this machine have used so far (/proc/<pid>/stat,
 * utime + stime in USER_HZ = 100 ticks), or undefined when none runs here (a remote server).
 */
function postgresCpuUs(): number | undefined {
  let total = 0;
  let found = false;
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((x) => /^\d+$/.test(x));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    try {
      const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (st.slice(st.indexOf('(') + 1, st.lastIndexOf(')')) !== 'postgres') continue;
      total += statCpuUs(st);
      found = true;
    } catch {
      // gone meanwhile
    }
  }
  return found ? total : undefined;
}
/** CPU used during a load, µs: the server process (aedes, the app and the bench's polling), PostgreSQL (when local), the publishers' process. */
interface CpuSpent {
  server: number;
  /** of which the event loop thread (the rest: the thread pool's journal writes, the garbage collector's helpers) */
  loop?: number;
  postgres?: number;
  publishers: number;
}
type CpuMark = Omit<CpuSpent, 'publishers'>;
/** The CPU this process, its event loop and PostgreSQL have used so far (read when a load starts). */
const cpuMark = (): CpuMark => ({ server: ownCpuUs(), loop: loopCpuUs(), postgres: postgresCpuUs() });
/** The CPU this process, its event loop and PostgreSQL used since `from` (the publishers' own figure is theirs to report). */
function cpuSince(from: CpuMark): CpuMark {
  const now = cpuMark();
  const since = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? a - b : undefined);
  return { server: now.server - from.server, loop: since(now.loop, from.loop), postgres: since(now.postgres, from.postgres) };
}

const db = await freshPgDatabase(args.pgUrl, 'anzhi_bench_monitoring');
const server = await startBenchServer({ databaseUrl: db.url, seed: 'demo' });
const q = server.database.query.bind(server.database);
// As the product runs by default (MONITORING_JOURNAL): devices are acknowledged from the local
// journal, synced to disk; the readings are stored behind it. The figures count readings stored.
const journalDir = mkdtempSync(path.join(os.tmpdir(), 'anzhi-bench-journal-'));
await ingesterOf(server.deps).openJournal(journalDir);
const broker = await startEmbeddedBroker(server.deps, 0, '127.0.0.1');
const trialClients: mqtt.MqttClient[] = [];
try {
  log(`server with demo data up in ${((Date.now() - started) / 1000).toFixed(0)} s; embedded MQTT broker on port ${broker.port}`);
  const office = await loginHeaders(server.base, 'anweiban');
  const qiye = await loginHeaders(server.base, 'qiye');
  const api = async <T>(h: Record<string, string>, method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${server.base}${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  const ownEnterprise = (await api<{ user: { enterpriseId: string | null } }>(qiye, 'GET', '/api/auth/me')).user.enterpriseId!;
  const enterpriseIds = (await api<{ items: { id: string }[] }>(office, 'GET', '/api/enterprises?pageSize=100')).items.map((e) => e.id);
  const stats = () => api<{ stored: number; received: number; refused: number; alarmsRaised: number; queued: number; future: number; tooOld: number }>(office, 'GET', '/api/monitoring/ingest-stats');
  const readingsCount = async () => (await q<{ n: number }>('SELECT count(*)::int AS n FROM monitoring_readings'))[0].n;
  /** until every acknowledged reading is stored (the journal's queue is empty) */
  const allStored = async () => {
    const t0 = Date.now();
    while ((await stats()).queued > 0) {
      if (Date.now() - t0 > 600_000) throw new Error('acknowledged readings not stored within 10 minutes');
      await sleep(20);
    }
    return Date.now() - t0;
  };

  // ---------- devices and sensors, through the API (the office registers them for 50 enterprises) ----------
  async function createDevices(n: number, prefix: string, enterpriseOf: (i: number) => string): Promise<DeviceCreds[]> {
    const out: DeviceCreds[] = new Array(n);
    let next = 0;
    const worker = async () => {
      while (next < n) {
        const i = next++;
        const c = await api<{ device: { id: string }; secret: string; topic: string }>(office, 'POST', '/api/monitoring/devices', {
          enterpriseId: enterpriseOf(i),
          code: `${prefix}-${String(i + 1).padStart(3, '0')}`,
          name: `压测采集终端 ${prefix}-${i + 1}`,
          intervalSeconds: 60,
        });
        const sensorIds: string[] = [];
        for (const s of SENSORS) {
          const r = await api<{ id: string }>(office, 'POST', `/api/monitoring/devices/${c.device.id}/sensors`, {
            tag: s.tag,
            name: s.name,
            kind: s.kind,
            ...defaultSensorLimits(s.kind),
          });
          sensorIds.push(r.id);
        }
        out[i] = { id: c.device.id, secret: c.secret, topic: c.topic, sensorIds };
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    return out;
  }
  let t = Date.now();
  const devices = await createDevices(size.devices, 'BM', (i) => enterpriseIds[i % Math.min(50, enterpriseIds.length)]);
  log(`${size.devices} devices × ${SENSORS.length} sensors registered through the API in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  // ---------- baselines ----------
  const bare = await bareBaseline(connections, seconds);
  const bareSeq = await (async () => {
    const app = Fastify({ logger: false });
    app.get('/bare', async () => ({ status: 'ok', items: [1, 2, 3] }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/bare`;
    for (let i = 0; i < 20; i++) await fetch(url).then((r) => r.arrayBuffer());
    const r = await timeCalls(200, () => fetch(url).then((x) => x.arrayBuffer()));
    await app.close();
    return r;
  })();

  // ---------- 1. HTTP batch ingestion ----------
  const ingestLoad = (secs: number, from: number) =>
    new Promise<LoadResult>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', self, '--ingest-load'], { stdio: ['pipe', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('error', reject);
      child.on('exit', (code) => {
        if (code !== 0) return reject(new Error(`ingestion load generator exited with ${code}`));
        resolve(JSON.parse(out) as LoadResult);
      });
      child.stdin.end(JSON.stringify({ url: `${server.base}/api/monitoring/ingest`, connections, seconds: secs, devices: devices.map((d) => ({ id: d.id, secret: d.secret })), batch: HTTP_BATCH, from }));
    });
  const now0 = Date.now();
  // Warm-up (device cache, prepared statements), three days ago; then the measured run, two days ago.
  await ingestLoad(2, now0 - 3 * 86_400_000);
  await allStored();
  const rows0 = await readingsCount();
  const ingestT0 = Date.now();
  const ingest = await ingestLoad(seconds, now0 - 2 * 86_400_000);
  const ingestBehindMs = await allStored();
  const ingestRows = (await readingsCount()) - rows0;
  const ingestSeconds = (Date.now() - ingestT0) / 1000;

  // ---------- 2. MQTT: 50 device clients publishing, then the alarm latency (idle and under that load) ----------
  interface Flood {
    /** from "go" until ingest-stats counted every published reading as stored */
    ms: number;
    /** the devices' view: from their first publish to their last PUBACK */
    childMs: number;
    published: number;
    pubackP50: number;
    pubackP99: number;
    cpu: CpuSpent;
  }
  /** Publishers in a child process; with `whileRunning`, they publish until it resolves (a background load). */
  const mqttFlood = (devs: DeviceCreds[], messages: number, from: number, whileRunning?: () => Promise<void>) =>
    new Promise<Flood>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', self, '--mqtt-publish'], { stdio: ['pipe', 'pipe', 'inherit'] });
      const lines = createInterface({ input: child.stdout });
      let before = 0;
      let t0 = 0;
      let cpu0 = cpuMark();
      let target = whileRunning ? Infinity : devs.length * messages * MQTT_BATCH;
      child.on('error', reject);
      child.on('exit', (code) => {
        if (code !== 0) reject(new Error(`MQTT publishers exited with ${code}`));
      });
      /** until every published reading is stored: the time, and the CPU used meanwhile */
      const untilStored = async (): Promise<{ ms: number; cpu: CpuMark }> => {
        while (performance.now() - t0 < 600_000) {
          if ((await stats()).stored - before >= target) return { ms: performance.now() - t0, cpu: cpuSince(cpu0) };
          await sleep(25);
        }
        throw new Error('MQTT readings not stored within 10 minutes');
      };
      let stored: ReturnType<typeof untilStored> | undefined;
      lines.on('line', (line) => {
        const m = JSON.parse(line) as { ready?: boolean; done?: boolean; ms: number; published: number; pubackP50: number; pubackP99: number; cpuUs: number };
        if (m.ready) {
          void (async () => {
            before = (await stats()).stored;
            t0 = performance.now();
            cpu0 = cpuMark();
            child.stdin.write('go\n');
            if (whileRunning) {
              await whileRunning();
              child.stdin.write('stop\n');
            } else stored = untilStored();
          })().catch(reject);
        } else if (m.done) {
          target = m.published;
          stored ??= untilStored();
          stored.then(({ ms, cpu }) => resolve({ ms, childMs: m.ms, published: m.published, pubackP50: m.pubackP50, pubackP99: m.pubackP99, cpu: { ...cpu, publishers: m.cpuUs } }), reject);
        }
      });
      child.stdin.write(`${JSON.stringify({ url: `mqtt://127.0.0.1:${broker.port}`, devices: devs, messages, perMessage: MQTT_BATCH, from })}\n`);
    });
  const perClient = Math.ceil(size.mqttReadings / MQTT_BATCH / size.mqttClients);
  const rowsBeforeMqtt = await readingsCount();
  const flood = await mqttFlood(devices.slice(0, size.mqttClients), perClient, now0 - 86_400_000);
  const mqttRows = (await readingsCount()) - rowsBeforeMqtt;

  // Alarm latency: a connected device publishes one gas reading above 高高 (50 %LEL); the alarms API is
  // polled until the 一级 alarm is open. Each trial on its own device (a new alarm each time).
  const idleDevices = devices.slice(devices.length - size.trials);
  const busyDevices = devices.slice(devices.length - 2 * size.trials, devices.length - size.trials);
  const clientOf = new Map<string, mqtt.MqttClient>();
  for (const d of [...idleDevices, ...busyDevices]) {
    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { username: d.id, password: d.secret, clientId: `trial-${d.id}`, reconnectPeriod: 0, connectTimeout: 10_000 });
    trialClients.push(c);
    clientOf.set(d.id, c);
  }
  const alarmTrials = async (devs: DeviceCreds[]) => {
    const toAck: number[] = [];
    const toVisible: number[] = [];
    for (let i = 0; i < devs.length; i++) {
      const d = devs[i];
      await sleep(100);
      const t0 = performance.now();
      const ack = clientOf
        .get(d.id)!
        .publishAsync(d.topic, JSON.stringify({ readings: [{ sensor: 'GT-1', value: 60 + i / 10 }] }), { qos: 1 })
        .then(() => toAck.push(performance.now() - t0));
      for (;;) {
        const page = await api<{ total: number; items: { severity: number; type: string }[] }>(office, 'GET', `/api/monitoring/alarms?deviceId=${d.id}&status=open`);
        // items, not total: the list and its count are two queries, the count may see the alarm first.
        if (page.items.length > 0) {
          if (page.items[0].severity !== 1 || page.items[0].type !== 'threshold') throw new Error(`unexpected alarm ${JSON.stringify(page.items[0])}`);
          toVisible.push(performance.now() - t0);
          break;
        }
        if (performance.now() - t0 > 30_000) throw new Error(`no alarm for device ${d.id} within 30 s`);
        await sleep(2);
      }
      await ack;
    }
    return { toAck, toVisible };
  };
  const idle = await alarmTrials(idleDevices);
  let busy: Awaited<ReturnType<typeof alarmTrials>> | undefined;
  const busyFlood = await mqttFlood(devices.slice(0, size.mqttClients), 10_000, now0 - 20 * 3600_000, async () => {
    await sleep(500);
    busy = await alarmTrials(busyDevices);
  });
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

  // ---------- 2b. the same publishers against a bare aedes broker: no auth, no processing ----------
  // A subscriber counts the messages (QoS 1); the figure is the broker's own ceiling on this machine.
  const rawFlood = async (devs: DeviceCreds[], messages: number, from: number) => {
    const rawBroker = await Aedes.createBroker();
    const rawServer = net.createServer(rawBroker.handle);
    await new Promise<void>((r) => rawServer.listen(0, '127.0.0.1', () => r()));
    const port = (rawServer.address() as net.AddressInfo).port;
    const counter = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: 'raw-counter', reconnectPeriod: 0 });
    let received = 0;
    let lastAt = 0;
    counter.on('message', () => {
      received++;
      lastAt = performance.now();
    });
    await counter.subscribeAsync('anzhi/+/+/data', { qos: 1 });
    try {
      return await new Promise<{ ms: number; readings: number; cpu: CpuSpent }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', self, '--mqtt-publish'], { stdio: ['pipe', 'pipe', 'inherit'] });
        const lines = createInterface({ input: child.stdout });
        let t0 = 0;
        let cpu0 = cpuMark();
        child.on('error', reject);
        lines.on('line', (line) => {
          const m = JSON.parse(line) as { ready?: boolean; done?: boolean; published: number; cpuUs: number };
          if (m.ready) {
            t0 = performance.now();
            cpu0 = cpuMark();
            child.stdin.write('go\n');
          } else if (m.done) {
            void (async () => {
              const want = m.published / MQTT_BATCH;
              const end = performance.now() + 60_000;
              while (received < want && performance.now() < end) await sleep(10);
              resolve({ ms: lastAt - t0, readings: received * MQTT_BATCH, cpu: { ...cpuSince(cpu0), postgres: undefined, publishers: m.cpuUs } }); // the bare broker uses no database
            })();
          }
        });
        child.stdin.write(`${JSON.stringify({ url: `mqtt://127.0.0.1:${port}`, devices: devs, messages, perMessage: MQTT_BATCH, from })}\n`);
      });
    } finally {
      await counter.endAsync().catch(() => undefined);
      await new Promise<void>((r) => rawBroker.close(() => r()));
      await new Promise<void>((r) => rawServer.close(() => r()));
    }
  };
  const raw = await rawFlood(devices.slice(0, size.mqttClients), perClient, now0 - 86_400_000);
  const rawRate = raw.readings / (raw.ms / 1000);

  // ---------- 2c. alarm latency on the live stream: published → `event: alarm` received by the office's SSE ----------
  const sseDevices = await createDevices(2 * size.sseTrials, 'SSE', (i) => enterpriseIds[i % Math.min(50, enterpriseIds.length)]);
  const sseCtrl = new AbortController();
  const alarmSeen = new Map<string, () => void>();
  let sseEvents = 0;
  const sseReady = new Promise<void>((resolveReady, rejectReady) => {
    void (async () => {
      const res = await fetch(`${server.base}/api/monitoring/stream?values=false`, { headers: { ...office, accept: 'text/event-stream' }, signal: sseCtrl.signal });
      if (res.status !== 200) return rejectReady(new Error(`stream: ${res.status}`));
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (block.startsWith('retry') || block.includes('event: ready')) resolveReady();
          if (!block.includes('event: alarm')) continue;
          sseEvents++;
          const e = JSON.parse(/^data: (.+)$/m.exec(block)![1]) as { action: string; alarm: { deviceId: string; severity: number } };
          if (e.action === 'opened' && e.alarm.severity === 1) alarmSeen.get(e.alarm.deviceId)?.();
        }
      }
    })().catch((e: Error) => {
      if (e.name !== 'AbortError') rejectReady(e);
    });
  });
  await sseReady;
  const sseClients = new Map<string, mqtt.MqttClient>();
  for (const d of sseDevices) {
    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { username: d.id, password: d.secret, clientId: `sse-${d.id}`, reconnectPeriod: 0, connectTimeout: 10_000 });
    trialClients.push(c);
    sseClients.set(d.id, c);
  }
  const sseTrials = async (devs: DeviceCreds[]) => {
    const ms: number[] = [];
    for (const d of devs) {
      await sleep(20);
      const seen = new Promise<void>((r) => alarmSeen.set(d.id, r));
      const t0 = performance.now();
      void sseClients.get(d.id)!.publishAsync(d.topic, JSON.stringify({ readings: [{ sensor: 'GT-1', value: 65 }] }), { qos: 1 });
      await Promise.race([seen, sleep(30_000).then(() => Promise.reject(new Error(`no alarm event for ${d.id} within 30 s`)))]);
      ms.push(performance.now() - t0);
    }
    return ms;
  };
  const sseIdle = await sseTrials(sseDevices.slice(0, size.sseTrials));
  let sseBusy: number[] = [];
  // Instants 5 s apart from 60 h ago: 10,000 messages stay in the past (a future reading is dropped, which costs nothing).
  const sseBusyFlood = await mqttFlood(devices.slice(0, size.mqttClients), 10_000, now0 - 60 * 3600_000, async () => {
    await sleep(500);
    sseBusy = await sseTrials(sseDevices.slice(size.sseTrials));
  });
  const sseBusyRate = sseBusyFlood.published / (sseBusyFlood.ms / 1000);
  sseCtrl.abort();
  log(`live stream: ${sseEvents} alarm events received by the office's stream during ${sseIdle.length + sseBusy.length} trials`);

  // ---------- 2d. soak: `anzhi simulate`'s publisher for N minutes with a stream open; memory of the server process ----------
  const simDevices = await provisionSimulator(server.deps, size.soakSensors);
  const soakCtrl = new AbortController();
  void fetch(`${server.base}/api/monitoring/stream`, { headers: { ...office, accept: 'text/event-stream' }, signal: soakCtrl.signal })
    .then(async (r) => {
      for await (const _ of r.body as unknown as AsyncIterable<unknown>) void _;
    })
    .catch(() => undefined);
  // Memory after a full collection (gc exposed at run time), so the samples show what is kept, not garbage.
  v8.setFlagsFromString('--expose_gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const mem = () => {
    gc();
    const m = process.memoryUsage();
    return { rss: m.rss / 1048576, heap: m.heapUsed / 1048576 };
  };
  const soakSamples: { s: number; rss: number; heap: number }[] = [];
  const beforeSoak = await stats();
  const storedBeforeSoak = beforeSoak.stored;
  const soakT0 = Date.now();
  soakSamples.push({ s: 0, ...mem() });
  log(`soak: ${size.soakSensors} sensors (${simDevices.length} gateways), ${size.soakRate.toLocaleString('en-US')} readings/s for ${size.soakSeconds} s; start rss ${soakSamples[0].rss.toFixed(0)} MB, heap ${soakSamples[0].heap.toFixed(0)} MB`);
  const soakTotals = await new Promise<{ acknowledged: number; published: number; failed: number; leaks: number; rate: number }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', self, '--simulate'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    const sampler = setInterval(() => {
      const x = { s: Math.round((Date.now() - soakT0) / 1000), ...mem() };
      soakSamples.push(x);
      log(`soak ${x.s} s: rss ${x.rss.toFixed(0)} MB, heap ${x.heap.toFixed(0)} MB`);
    }, size.soakEvery * 1000);
    child.on('exit', (code) => {
      clearInterval(sampler);
      if (code !== 0) return reject(new Error(`simulator exited with ${code}`));
      resolve(JSON.parse(out));
    });
    child.stdin.end(JSON.stringify({ url: `mqtt://127.0.0.1:${broker.port}`, devices: simDevices, sensors: size.soakSensors, rate: size.soakRate, seconds: size.soakSeconds }));
  });
  soakCtrl.abort();
  soakSamples.push({ s: Math.round((Date.now() - soakT0) / 1000), ...mem() });
  await allStored();
  const afterSoak = await stats();
  const soakStored = afterSoak.stored - storedBeforeSoak;
  // Every acknowledged reading of the soak must be stored, none dropped (e.g. as in the future).
  const soakDropped = afterSoak.future - beforeSoak.future + (afterSoak.tooOld - beforeSoak.tooOld);
  // Least-squares slope after the first sample (warm-up), MB per minute.
  const slope = (key: 'rss' | 'heap') => {
    const xs = soakSamples.slice(1);
    if (xs.length < 2) return 0;
    const mx = xs.reduce((a, b) => a + b.s, 0) / xs.length;
    const my = xs.reduce((a, b) => a + b[key], 0) / xs.length;
    const num = xs.reduce((a, b) => a + (b.s - mx) * (b[key] - my), 0);
    const den = xs.reduce((a, b) => a + (b.s - mx) ** 2, 0);
    return den ? (num / den) * 60 : 0;
  };
  const soakFirst = soakSamples[0];
  const soakLast = soakSamples[soakSamples.length - 1];

  // ---------- 3. a million readings, then the wall and the curves ----------
  t = Date.now();
  const seriesDevices = await createDevices(size.seriesSensors / SENSORS.length, 'SER', (i) => (i % 5 === 0 ? ownEnterprise : enterpriseIds[(i * 7) % enterpriseIds.length]));
  const seriesSensors = seriesDevices.flatMap((d) => d.sensorIds);
  const to = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
  const from = to - SERIES_DAYS * 86_400_000 + 60_000;
  await ensurePartitions(server.database, from, to);
  const kindOf = (i: number) => SENSORS[i % SENSORS.length];
  for (let i = 0; i < seriesSensors.length; i += 10) {
    const ids = seriesSensors.slice(i, i + 10);
    const ks = ids.map((_, j) => kindOf(i + j));
    // Once a minute; a daily cycle plus noise around the kind's normal value.
    await q(
      `INSERT INTO monitoring_readings (sensor_id, at, value)
       SELECT s.id, g.at, round((s.base + s.amp * sin(extract(epoch FROM g.at) / 86400 * 2 * pi()) + (random() - 0.5) * 2 * s.noise)::numeric, 3)::float8
       FROM unnest($1::uuid[], $2::float8[], $3::float8[], $4::float8[]) AS s(id, base, amp, noise)
       CROSS JOIN generate_series($5::timestamptz, $6::timestamptz, interval '1 minute') AS g(at)`,
      [ids, ks.map((k) => k.base), ks.map((k) => k.amp), ks.map((k) => k.noise), new Date(from).toISOString(), new Date(to).toISOString()],
    );
  }
  // The rollups as ingestion writes them (monitoring.series.ts: same buckets, same merge).
  for (const [table, unit] of [
    ['monitoring_rollup_1m', 'minute'],
    ['monitoring_rollup_1h', 'hour'],
  ]) {
    await q(
      `INSERT INTO ${table} AS r (sensor_id, bucket, min, max, sum, count)
       SELECT sensor_id, date_trunc('${unit}', at), min(value), max(value), sum(value), count(*) FROM monitoring_readings WHERE sensor_id = ANY($1::uuid[]) GROUP BY 1, 2
       ON CONFLICT (sensor_id, bucket) DO UPDATE SET min = least(r.min, excluded.min), max = greatest(r.max, excluded.max), sum = r.sum + excluded.sum, count = r.count + excluded.count`,
      [seriesSensors],
    );
  }
  // The wall shows the last value and the device online, as after ingestion.
  await q(
    `UPDATE monitoring_sensors s SET last_value = r.value, last_at = r.at
     FROM (SELECT DISTINCT ON (sensor_id) sensor_id, at, value FROM monitoring_readings WHERE sensor_id = ANY($1::uuid[]) ORDER BY sensor_id, at DESC) r WHERE s.id = r.sensor_id`,
    [seriesSensors],
  );
  await q(`UPDATE monitoring_devices SET online = true, last_seen_at = $2 WHERE id = ANY($1::uuid[])`, [seriesDevices.map((d) => d.id), new Date(to).toISOString()]);
  await q('ANALYZE monitoring_readings');
  await q('ANALYZE monitoring_rollup_1m');
  await q('ANALYZE monitoring_rollup_1h');
  const generated = seriesSensors.length * SERIES_DAYS * 1440;
  const [{ readings: totalReadings, sensors: totalSensors, devices: totalDevices, alarms: openAlarms }] = await q<{ readings: number; sensors: number; devices: number; alarms: number }>(
    `SELECT (SELECT count(*) FROM monitoring_readings)::int AS readings, (SELECT count(*) FROM monitoring_sensors)::int AS sensors,
            (SELECT count(*) FROM monitoring_devices)::int AS devices, (SELECT count(*) FROM monitoring_alarms WHERE NOT closed)::int AS alarms`,
  );
  log(
    `series dataset: ${generated.toLocaleString('en-US')} readings of ${seriesSensors.length} sensors (${SERIES_DAYS} days, 1/min) + rollups in ${((Date.now() - t) / 1000).toFixed(0)} s; ` +
      `${totalReadings.toLocaleString('en-US')} readings, ${totalDevices} devices, ${totalSensors} sensors, ${openAlarms} open alarms in all`,
  );

  // What the wall and each curve span return (size, resolution, points), as a check and for the labels.
  const wallShape = async (h: Record<string, string>) => {
    const r = await fetch(`${server.base}/api/monitoring/overview`, { headers: h });
    const text = await r.text();
    const o = JSON.parse(text) as { live: unknown[]; alarms: unknown[]; enterprises: unknown[] };
    return `${Math.round(text.length / 1024)} KB: ${o.live.length} live sensors, ${o.alarms.length} open alarms, ${o.enterprises.length} enterprises`;
  };
  const shape = async (query: string) => {
    const r = await fetch(`${server.base}/api/monitoring/sensors/${seriesSensors[0]}/series?${query}`, { headers: office });
    const text = await r.text();
    if (!r.ok) throw new Error(`series ${query}: ${r.status} ${text}`);
    const s = JSON.parse(text) as { resolution: string; points: unknown[] };
    return `${s.resolution}, ${s.points.length} points, ${Math.round(text.length / 1024)} KB`;
  };
  const shapes = { district: await wallShape(office), enterprise: await wallShape(qiye), d7: await shape('days=7'), h24: await shape('hours=24'), h6: await shape('hours=6') };
  const wallDistrict = await load({ url: `${server.base}/api/monitoring/overview`, connections, seconds, headers: office });
  const wallEnterprise = await load({ url: `${server.base}/api/monitoring/overview`, connections, seconds, headers: qiye });
  const seriesLoad = (query: string) =>
    load({ url: `${server.base}/api/monitoring/sensors/${seriesSensors[0]}/series?${query}`, connections, seconds, headers: office, variants: seriesSensors.map((id) => ({ path: `/api/monitoring/sensors/${id}/series?${query}` })) });
  const series7d = await seriesLoad('days=7');
  const series24h = await seriesLoad('hours=24');
  const series6h = await seriesLoad('hours=6');
  const final = await stats();

  const ofBare = (r: LoadResult) => fmt.ofBare(r.rps, bare.rps);
  const base = `${Math.round(bare.rps).toLocaleString('en-US')} req/s`;
  const n = (v: number) => Math.round(v).toLocaleString('en-US');
  const floodRate = flood.published / (flood.ms / 1000);
  const busyRate = busyFlood.published / (busyFlood.ms / 1000);
  const x = (ms: number) => `${(ms / Math.max(0.01, bareSeq.p50)).toFixed(0)}× bare p50`;
  const latency = (r: { toAck: number[]; toVisible: number[] }) =>
    `alarm open p50 ${fmt.ms(pct(r.toVisible, 0.5))}, p95 ${fmt.ms(pct(r.toVisible, 0.95))}, max ${fmt.ms(Math.max(...r.toVisible))}; PUBACK p50 ${fmt.ms(pct(r.toAck, 0.5))}, p95 ${fmt.ms(pct(r.toAck, 0.95))}`;
  const cpuTotal = (c: CpuSpent) => c.server + (c.postgres ?? 0) + c.publishers;
  const cpuLine = (c: CpuSpent, readings: number, server: string) => {
    const us = (x: number) => (x / readings).toFixed(2);
    const parts = [`${server} process ${us(c.server)}${c.loop !== undefined ? ` (event loop ${us(c.loop)})` : ''}`, ...(c.postgres !== undefined ? [`PostgreSQL ${us(c.postgres)}`] : []), `publishers ${us(c.publishers)}`];
    return `${us(cpuTotal(c))} µs (${parts.join(', ')})`;
  };
  report('monitoring', [
    { scenario: `bare Fastify route, ${connections} connections`, figure: fmt.rps(bare) },
    { scenario: 'bare Fastify route, sequential', figure: `p50 ${fmt.ms(bareSeq.p50)}, p95 ${fmt.ms(bareSeq.p95)}` },
    {
      scenario: `HTTP ingestion POST /api/monitoring/ingest, ${devices.length} devices × ${SENSORS.length} sensors in turn, batches of ${HTTP_BATCH} readings, ${connections} conn.`,
      figure: `${fmt.rps(ingest)}; ${n(ingestRows / ingestSeconds)} readings/s stored (all stored ${(ingestBehindMs / 1000).toFixed(1)} s after the load)`,
      baseline: base,
      ratio: ofBare(ingest),
    },
    {
      scenario: `MQTT QoS 1, ${size.mqttClients} device clients, ${n(flood.published)} readings in messages of ${MQTT_BATCH} (next after PUBACK)`,
      figure: `${n(floodRate)} readings/s until stored (${(flood.ms / 1000).toFixed(1)} s, ${n(floodRate / MQTT_BATCH)} msg/s); PUBACK p50 ${fmt.ms(flood.pubackP50)}, p99 ${fmt.ms(flood.pubackP99)}`,
      baseline: base,
      ratio: `${fmt.ofBare(floodRate / MQTT_BATCH, bare.rps)} (messages)`,
    },
    {
      scenario: `raw broker, same run: the same ${size.mqttClients} clients and payloads to a bare aedes (no auth, no processing), a subscriber counting`,
      figure: `${n(rawRate)} readings/s (${(raw.ms / 1000).toFixed(1)} s, ${n(raw.readings)} readings)`,
    },
    {
      scenario: `CPU time per reading on this machine's ${os.cpus().length} cores, end-to-end and raw broker (from /proc and process.cpuUsage)`,
      figure: `end-to-end ${cpuLine(flood.cpu, flood.published, 'server')}; raw broker ${cpuLine(raw.cpu, raw.readings, 'broker')}`,
      ratio: `raw / end-to-end ${(cpuTotal(raw.cpu) / raw.readings / (cpuTotal(flood.cpu) / flood.published)).toFixed(2)}`,
    },
    {
      scenario: `end-to-end ingestion (published → rules → stored, QoS 1) beside the raw broker`,
      figure: `${n(floodRate)} readings/s vs ${n(rawRate)}`,
      target: '≥ 20,000 readings/s, ratio ≥ 0.5',
      ratio: (floodRate / rawRate).toFixed(2),
      pass: floodRate >= 20_000 && floodRate / rawRate >= 0.5,
    },
    {
      scenario: `alarm latency on the live stream, idle: reading > 高高 published → \`event: alarm\` (opened, 一级) received on the office's SSE (${sseIdle.length} trials)`,
      figure: `p50 ${fmt.ms(pct(sseIdle, 0.5))}, p95 ${fmt.ms(pct(sseIdle, 0.95))}, p99 ${fmt.ms(pct(sseIdle, 0.99))}, max ${fmt.ms(Math.max(...sseIdle))}`,
      target: 'p99 < 250 ms',
      pass: pct(sseIdle, 0.99) < 250,
    },
    {
      scenario: `the same while ${size.mqttClients} MQTT clients publish (${n(sseBusyRate)} readings/s meanwhile) (${sseBusy.length} trials)`,
      figure: `p50 ${fmt.ms(pct(sseBusy, 0.5))}, p95 ${fmt.ms(pct(sseBusy, 0.95))}, p99 ${fmt.ms(pct(sseBusy, 0.99))}, max ${fmt.ms(Math.max(...sseBusy))}`,
      target: 'p99 < 250 ms',
      pass: pct(sseBusy, 0.99) < 250,
    },
    {
      scenario: `soak ${size.soakSeconds / 60 >= 1 ? `${size.soakSeconds / 60} min` : `${size.soakSeconds} s`}: \`anzhi simulate\` ${size.soakSensors} sensors at ${n(size.soakRate)} readings/s (leaks every ~30 s), an SSE stream open; server process memory`,
      figure:
        `${n(soakTotals.rate)} readings/s acknowledged, ${n(soakStored)} stored, ${n(soakDropped)} dropped (future/too old), ${soakTotals.leaks} leaks; rss ${soakFirst.rss.toFixed(0)} → ${soakLast.rss.toFixed(0)} MB, heap ${soakFirst.heap.toFixed(0)} → ${soakLast.heap.toFixed(0)} MB; ` +
        `slope (after the first sample, heap after a full GC) rss ${slope('rss').toFixed(2)} MB/min, heap ${slope('heap').toFixed(2)} MB/min`,
      target: 'flat (heap slope < 1 MB/min over 10 min)',
      // 30 s (--quick) is too short to call a trend: printed, not judged.
      pass: args.quick ? undefined : Math.abs(slope('heap')) < 1 && soakTotals.failed === 0 && soakDropped === 0,
    },
    {
      scenario: `alarm latency, idle: one reading > 高高 published (QoS 1) → 一级 alarm open in GET /api/monitoring/alarms (${idle.toVisible.length} trials)`,
      figure: latency(idle),
      baseline: `p50 ${fmt.ms(bareSeq.p50)}`,
      ratio: x(pct(idle.toVisible, 0.5)),
    },
    {
      scenario: `alarm latency while ${size.mqttClients} MQTT clients publish (${n(busyRate)} readings/s meanwhile) (${busy!.toVisible.length} trials)`,
      figure: latency(busy!),
      baseline: `p50 ${fmt.ms(bareSeq.p50)}`,
      ratio: x(pct(busy!.toVisible, 0.5)),
    },
    { scenario: `monitoring wall GET /api/monitoring/overview, district (office; ${shapes.district}), ${connections} conn.`, figure: fmt.rps(wallDistrict), baseline: base, ratio: ofBare(wallDistrict) },
    { scenario: `monitoring wall, one enterprise (qiye; ${shapes.enterprise}), ${connections} conn.`, figure: fmt.rps(wallEnterprise), baseline: base, ratio: ofBare(wallEnterprise) },
    { scenario: `sensor curve GET …/sensors/:id/series?days=7 (${shapes.d7}), ${seriesSensors.length} sensors in turn, ${connections} conn.`, figure: fmt.rps(series7d), baseline: base, ratio: ofBare(series7d) },
    { scenario: `sensor curve hours=24 (${shapes.h24}), ${connections} conn.`, figure: fmt.rps(series24h), baseline: base, ratio: ofBare(series24h) },
    { scenario: `sensor curve hours=6 (${shapes.h6}), ${connections} conn.`, figure: fmt.rps(series6h), baseline: base, ratio: ofBare(series6h) },
  ]);
  log(
    `readings: HTTP ${n(ingestRows)} rows added (${n(ingest.requests * HTTP_BATCH)} answered 202 within the ${seconds} s); MQTT ${n(mqttRows)} rows added for ${n(flood.published)} published ` +
      `(the devices saw their last PUBACK after ${(flood.childMs / 1000).toFixed(1)} s); generated ${n(generated)}; ingest-stats: ${JSON.stringify(final)}`,
  );
  if (mqttRows !== flood.published) process.stdout.write(`warning: ${flood.published} MQTT readings acknowledged, ${mqttRows} rows added\n`);
  const loads = [ingest, wallDistrict, wallEnterprise, series7d, series24h, series6h];
  const errors = loads.reduce((s, r) => s + r.errors + r.non2xx, 0);
  if (errors) process.stdout.write(`warning: ${errors} errors/non-2xx answers during the load (${loads.map((r) => JSON.stringify(r.statuses)).join(' ')})\n`);
  log(`bench done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} finally {
  await Promise.all(trialClients.map((c) => c.endAsync().catch(() => undefined)));
  await broker.close();
  await ingesterOf(server.deps).closeJournal();
  rmSync(journalDir, { recursive: true, force: true });
  await server.close();
  await db.drop();
}
