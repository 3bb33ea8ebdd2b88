import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { and, asc, eq, inArray, like } from 'drizzle-orm';
import { SYSTEM_CONTEXT, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { sm3 } from '../../platform/crypto';
import type { AppDeps } from '../../platform/deps';
import { listEnterprises } from '../org';
import { defaultSensorLimits, SENSOR_KIND_DEFAULTS, type SensorKind } from '../../../shared/monitoring/rules';
import { topicOf } from '../../../shared/monitoring/payload';
import { ingesterOf } from './monitoring.ingest';
import * as repo from './monitoring.repo';
import { monitoringDevices, monitoringSensors } from './monitoring.schema';

/**
 * `npx anzhi simulate`: gateways of 危险化学品 enterprises publishing realistic readings over MQTT
 * (QoS 1) — per-kind baselines with noise, a daily cycle and slow drift; now and then a gas leak
 * that builds up past 高报 and 高高报 and dies down; now and then a gateway that falls silent for a
 * while (its offline alarm comes from the app's offline job). The generator (`SimulatedPlant`) is
 * pure and seeded; the benchmark uses it too.
 *
 * Devices: `provisionSimulator` registers (or reuses) gateways coded `SIM-0001`… with four sensors
 * each in the database the app uses, spread over the district's enterprises (危险化学品 first).
 * Each run issues them new secrets, stored as SM3 digests like every device's; the plain secrets
 * are kept only in `DATA_DIR/simulator-devices.json` (mode 0600, beside `secret.key`), so a later
 * run can publish while the server holds the embedded database.
 */

export const SIM_PREFIX = 'SIM-';
export const SENSORS_PER_DEVICE = 4;

/** The four sensors of a simulated gateway: tag, name, kind and its normal behaviour. */
export const SIM_SENSORS: { tag: string; name: string; kind: SensorKind; base: number; noise: number; amp: number; drift: number }[] = [
  { tag: 'GT-101', name: '罐区可燃气体', kind: 'gas_lel', base: 1.5, noise: 0.6, amp: 0.5, drift: 0.2 },
  { tag: 'LT-201', name: '储罐液位', kind: 'level', base: 6.5, noise: 0.05, amp: 0.6, drift: 0.3 },
  { tag: 'TT-301', name: '储罐温度', kind: 'temperature', base: 24, noise: 0.4, amp: 5, drift: 1 },
  { tag: 'PT-401', name: '储罐压力', kind: 'pressure', base: 0.8, noise: 0.02, amp: 0.05, drift: 0.03 },
];

export interface SimDevice {
  id: string;
  enterpriseId: string;
  secret: string;
  /** how many of SIM_SENSORS it has (the last gateway may have fewer) */
  sensors: number;
}

/** A small seeded generator (mulberry32): the same seed, the same plant. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Leak {
  device: number;
  start: number;
  /** seconds to build up, to stay, to die down */
  rise: number;
  hold: number;
  fall: number;
  peak: number;
}

/**
 * The plant: what each sensor reads at an instant. Leaks and outages are decided per second by the
 * caller's `step` (on average one leak every `leakEverySeconds`, one outage every
 * `offlineEverySeconds`).
 */
export class SimulatedPlant {
  readonly leaks: Leak[] = [];
  /** device index → silent until (ms) */
  readonly silent = new Map<number, number>();
  private readonly phase: number[];
  private readonly driftOf: number[];
  private readonly random: () => number;
  counters = { leaks: 0, outages: 0 };

  constructor(
    readonly devices: SimDevice[],
    readonly opts: { seed?: number; leakEverySeconds?: number; offlineEverySeconds?: number } = {},
  ) {
    this.random = rng(opts.seed ?? 20261205);
    this.phase = devices.map(() => this.random() * Math.PI * 2);
    this.driftOf = devices.map(() => this.random() * 2 - 1);
  }

  /** Once a second: maybe a new leak, maybe a gateway falling silent; forget what ended. */
  step(now: number): { leak?: number; outage?: number } {
    const out: { leak?: number; outage?: number } = {};
    for (let i = this.leaks.length - 1; i >= 0; i--) {
      const l = this.leaks[i];
      if (now > l.start + (l.rise + l.hold + l.fall) * 1000) this.leaks.splice(i, 1);
    }
    for (const [d, until] of this.silent) if (now >= until) this.silent.delete(d);
    const n = this.devices.length;
    if (n === 0) return out;
    const leakEvery = this.opts.leakEverySeconds ?? 60;
    if (leakEvery > 0 && this.random() < 1 / leakEvery) {
      const device = Math.floor(this.random() * n);
      if (!this.leaks.some((l) => l.device === device)) {
        // Past 高高 (50 %LEL) for a while, then back to normal: a 一级 alarm that clears by itself.
        this.leaks.push({ device, start: now, rise: 3 + this.random() * 5, hold: 10 + this.random() * 20, fall: 10 + this.random() * 10, peak: 55 + this.random() * 30 });
        this.counters.leaks++;
        out.leak = device;
      }
    }
    const offlineEvery = this.opts.offlineEverySeconds ?? 90;
    if (offlineEvery > 0 && n > 1 && this.random() < 1 / offlineEvery) {
      const device = Math.floor(this.random() * n);
      if (!this.silent.has(device)) {
        this.silent.set(device, now + (120 + this.random() * 240) * 1000);
        this.counters.outages++;
        out.outage = device;
      }
    }
    return out;
  }

  /** A leak on gateway `device` from `now`: past 高高 within 3 s, held 20 s, gone 10 s later. */
  startLeak(device: number, now: number): void {
    if (this.leaks.some((l) => l.device === device)) return;
    this.leaks.push({ device, start: now, rise: 2, hold: 20, fall: 10, peak: 70 });
    this.counters.leaks++;
  }

  isSilent(device: number): boolean {
    return this.silent.has(device);
  }

  /** The value of sensor `s` of device `d` at `t` (ms): baseline, daily cycle, drift, noise, leak. */
  value(d: number, s: number, t: number): number {
    const k = SIM_SENSORS[s];
    const day = Math.sin((t / 86_400_000) * 2 * Math.PI + this.phase[d]);
    const drift = Math.sin((t / 3_600_000) * 2 * Math.PI * 0.3 + this.phase[d] * 2) * k.drift * this.driftOf[d];
    let v = k.base + k.amp * day + drift + (this.random() - 0.5) * 2 * k.noise;
    if (k.kind === 'gas_lel') {
      const l = this.leaks.find((x) => x.device === d);
      if (l) {
        const e = (t - l.start) / 1000;
        const f = e < l.rise ? e / l.rise : e < l.rise + l.hold ? 1 : Math.max(0, 1 - (e - l.rise - l.hold) / l.fall);
        v += f * l.peak;
      }
    }
    const r = SENSOR_KIND_DEFAULTS[k.kind];
    return Math.round(Math.min(r.max, Math.max(r.min, v)) * 1000) / 1000;
  }

  /** The payload of device `d` at `t`: one instant, all its sensors. */
  payload(d: number, t: number): { ts: number; values: Record<string, number> } {
    const values: Record<string, number> = {};
    for (let s = 0; s < this.devices[d].sensors; s++) values[SIM_SENSORS[s].tag] = this.value(d, s, t);
    return { ts: t, values };
  }
}

// ---------- provisioning ----------

const newSecret = () => randomBytes(24).toString('base64url');

/**
 * Register (or reuse) the gateways for `sensors` sensors and issue each a new secret (stored as its
 * SM3 digest; audited). Enterprises: 危险化学品 first, then the others, in credit-code order.
 */
export async function provisionSimulator(deps: AppDeps, sensors: number): Promise<SimDevice[]> {
  const want = Math.max(1, Math.ceil(sensors / SENSORS_PER_DEVICE));
  // Read through org's service as a district-wide reader (the simulator is an operator's tool).
  const reader: RequestContext = {
    actor: { userId: '', username: 'anzhi-simulate', displayName: '监测模拟器', roles: ['admin'], unitId: null, unitCode: null, unitName: null, unitKind: null, enterpriseId: null, regionCode: '', sectors: [], scope: { kind: 'all' } },
    ip: null,
    requestId: null,
  };
  const page = (sector?: string) => listEnterprises(deps, reader, { sector, sort: 'name', page: 1, pageSize: 50 });
  const ents = [...(await page('hazchem')).items];
  if (ents.length < 50) for (const e of (await page()).items) if (ents.length < 50 && !ents.some((x) => x.id === e.id)) ents.push(e);
  if (ents.length === 0) throw new Error('数据库中没有企业：请先写入组织机构与企业（npx anzhi seed）');
  const existing = await deps.db
    .select({ id: monitoringDevices.id, code: monitoringDevices.code, enterpriseId: monitoringDevices.enterpriseId })
    .from(monitoringDevices)
    .where(like(monitoringDevices.code, `${SIM_PREFIX}%`))
    .orderBy(asc(monitoringDevices.code));
  const byCode = new Map(existing.map((d) => [d.code, d]));
  const out: SimDevice[] = [];
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    for (let i = 0; i < want; i++) {
      const code = `${SIM_PREFIX}${String(i + 1).padStart(4, '0')}`;
      const n = Math.min(SENSORS_PER_DEVICE, sensors - i * SENSORS_PER_DEVICE);
      const secret = newSecret();
      let d = byCode.get(code);
      if (!d) {
        const e = ents[i % ents.length];
        const row = await repo.insertDevice(tx, {
          enterpriseId: e.id,
          regionCode: e.regionCode,
          sector: e.sector,
          code,
          name: `模拟采集终端 ${code}`,
          location: '模拟罐区',
          intervalSeconds: 10,
          secretHash: sm3(secret),
          secretIssuedAt: now,
          createdAt: now,
        });
        await recordAudit(tx, SYSTEM_CONTEXT, { action: 'monitoring.device.create', entity: 'monitoring_device', entityId: row.id, regionCode: row.regionCode, after: { code, name: row.name, by: 'anzhi simulate' } });
        d = { id: row.id, code, enterpriseId: e.id };
      } else {
        await tx.update(monitoringDevices).set({ secretHash: sm3(secret), secretIssuedAt: now, enabled: true }).where(eq(monitoringDevices.id, d.id));
        await recordAudit(tx, SYSTEM_CONTEXT, { action: 'monitoring.device.rotate_secret', entity: 'monitoring_device', entityId: d.id, regionCode: null, after: { by: 'anzhi simulate' } });
      }
      out.push({ id: d.id, enterpriseId: d.enterpriseId, secret, sensors: Math.max(1, n) });
    }
    // The sensors each gateway lacks.
    const have = await tx
      .select({ deviceId: monitoringSensors.deviceId, tag: monitoringSensors.tag })
      .from(monitoringSensors)
      .where(inArray(monitoringSensors.deviceId, out.map((d) => d.id)));
    const tags = new Set(have.map((h) => `${h.deviceId}|${h.tag}`));
    const devRows = await tx.select().from(monitoringDevices).where(and(inArray(monitoringDevices.id, out.map((d) => d.id))));
    const rowOf = new Map(devRows.map((r) => [r.id, r]));
    const missing = [];
    for (const d of out) {
      for (let s = 0; s < d.sensors; s++) {
        const k = SIM_SENSORS[s];
        if (tags.has(`${d.id}|${k.tag}`)) continue;
        missing.push(
          repo.sensorValues(rowOf.get(d.id)!, {
            tag: k.tag,
            name: k.name,
            kind: k.kind,
            ...defaultSensorLimits(k.kind),
          }),
        );
      }
    }
    for (let i = 0; i < missing.length; i += 500) await tx.insert(monitoringSensors).values(missing.slice(i, i + 500));
  });
  // The old secrets end now in this process (another process reads the new digest on a mismatch).
  const ing = ingesterOf(deps);
  for (const d of out) ing.invalidate(d.id, true);
  return out;
}

const credentialsFile = (dataDir: string) => path.join(dataDir, 'simulator-devices.json');

/** Keep the plain secrets for later runs (beside secret.key, readable by the owner only). */
export function saveCredentials(dataDir: string, devices: SimDevice[]): string {
  const f = credentialsFile(dataDir);
  writeFileSync(f, JSON.stringify({ devices }, null, 1), { mode: 0o600 });
  chmodSync(f, 0o600);
  return f;
}

export function loadCredentials(dataDir: string): SimDevice[] | undefined {
  const f = credentialsFile(dataDir);
  if (!existsSync(f)) return undefined;
  try {
    return (JSON.parse(readFileSync(f, 'utf8')) as { devices: SimDevice[] }).devices;
  } catch {
    return undefined;
  }
}

// ---------- publishing ----------

export interface SimulateOptions {
  url: string;
  devices: SimDevice[];
  sensors: number;
  /** readings per second in all */
  rate: number;
  /** stop after this many seconds (undefined: until `stop()` / Ctrl-C) */
  seconds?: number;
  seed?: number;
  leakEverySeconds?: number;
  offlineEverySeconds?: number;
  /** the clock of the readings' timestamps (default: this machine's) */
  now?: () => number;
  /** begin with a leak on the first gateway (default true: a short run shows one) */
  startWithLeak?: boolean;
  /** a line a second (the CLI prints it) */
  onSecond?: (s: SecondSummary) => void;
  /** a leak began / a gateway fell silent (device index) */
  onEvent?: (e: { kind: 'leak' | 'outage'; device: SimDevice }) => void;
}

export interface SecondSummary {
  second: number;
  published: number;
  acknowledged: number;
  failed: number;
  inFlight: number;
  leaks: number;
  silent: number;
}

export interface SimulateTotals {
  seconds: number;
  published: number;
  acknowledged: number;
  failed: number;
  messages: number;
  leaks: number;
  outages: number;
  /** readings acknowledged per second over the run */
  rate: number;
}

/** At most this many unacknowledged messages per gateway: past it the gateway skips an instant (back-pressure). */
const MAX_IN_FLIGHT = 20;

/**
 * Connect every gateway (its own credentials) and publish `rate` readings a second in all, QoS 1,
 * spread over the second in 10 slices; each gateway sends all its sensors at one instant per message.
 */
export async function runSimulation(o: SimulateOptions): Promise<{ done: Promise<SimulateTotals>; stop: () => void }> {
  const sensorsUsed = o.devices.reduce((s, d) => s + d.sensors, 0);
  const plant = new SimulatedPlant(o.devices, { seed: o.seed, leakEverySeconds: o.leakEverySeconds, offlineEverySeconds: o.offlineEverySeconds });
  const mqtt = (await import('mqtt')).default;
  const clients = await Promise.all(
    o.devices.map((d) => mqtt.connectAsync(o.url, { username: d.id, password: d.secret, clientId: `anzhi-sim-${d.id}`, clean: true, reconnectPeriod: 2000, connectTimeout: 10_000 })),
  );
  const inFlight = new Array<number>(o.devices.length).fill(0);
  const totals = { published: 0, acknowledged: 0, failed: 0, messages: 0 };
  let sec = { published: 0, acknowledged: 0, failed: 0 };
  // Messages per second: each carries one gateway's sensors (≈ 4 readings).
  const perMessage = sensorsUsed / o.devices.length;
  const msgsPerSecond = Math.max(1, Math.round(o.rate / perMessage));
  let cursor = 0;
  let stopped = false;
  const t0 = Date.now();
  let second = 0;
  // The last instant sent per gateway (not one for all: at 2,000 messages a second a shared +1 ms
  // ran the instants ahead of the clock by a second every second, into the future after 5 minutes).
  const lastTs = new Array<number>(o.devices.length).fill(0);
  const clock = o.now ?? Date.now;
  const slice = () => {
    const now = clock();
    const n = Math.round(msgsPerSecond / 10);
    for (let i = 0; i < n; i++) {
      const d = cursor++ % o.devices.length;
      if (plant.isSilent(d) || inFlight[d] >= MAX_IN_FLIGHT || !clients[d].connected) continue;
      // Distinct instants per message (a gateway's readings of one instant are stored once).
      const ts = Math.max(now, lastTs[d] + 1);
      lastTs[d] = ts;
      const p = plant.payload(d, ts);
      const count = Object.keys(p.values).length;
      inFlight[d]++;
      totals.messages++;
      totals.published += count;
      sec.published += count;
      clients[d]
        .publishAsync(topicOf(o.devices[d].enterpriseId, o.devices[d].id), JSON.stringify(p), { qos: 1 })
        .then(
          () => {
            totals.acknowledged += count;
            sec.acknowledged += count;
          },
          () => {
            totals.failed += count;
            sec.failed += count;
          },
        )
        .finally(() => inFlight[d]--);
    }
  };
  let timer: NodeJS.Timeout;
  let finish!: (t: SimulateTotals) => void;
  const done = new Promise<SimulateTotals>((r) => (finish = r));
  let ticks = 0;
  const tick = async () => {
    if (stopped) return;
    slice();
    ticks++;
    if (ticks % 10 === 0) {
      second++;
      const e = plant.step(clock());
      if (e.leak !== undefined) o.onEvent?.({ kind: 'leak', device: o.devices[e.leak] });
      if (e.outage !== undefined) o.onEvent?.({ kind: 'outage', device: o.devices[e.outage] });
      o.onSecond?.({ second, ...sec, inFlight: inFlight.reduce((a, b) => a + b, 0), leaks: plant.leaks.length, silent: plant.silent.size });
      sec = { published: 0, acknowledged: 0, failed: 0 };
      if (o.seconds !== undefined && second >= o.seconds) return void stop();
    }
    timer = setTimeout(tick, Math.max(0, t0 + (ticks + 1) * 100 - Date.now()));
  };
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    void (async () => {
      // Wait (≤ 10 s) for the outstanding PUBACKs, then disconnect.
      const until = Date.now() + 10_000;
      while (inFlight.some((x) => x > 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
      const seconds = (Date.now() - t0) / 1000;
      finish({ seconds, ...totals, leaks: plant.counters.leaks, outages: plant.counters.outages, rate: totals.acknowledged / Math.max(0.001, seconds) });
    })();
  };
  // The first leak at once, so a short run shows one (then on average every leakEverySeconds).
  if (o.startWithLeak !== false) {
    plant.startLeak(0, clock());
    o.onEvent?.({ kind: 'leak', device: o.devices[0] });
  }
  timer = setTimeout(tick, 100);
  return { done, stop };
}
