import type { AppDeps } from '../../platform/deps';
import { sm3 } from '../../platform/crypto';
import { listInstallations, listSources } from '../risk';
import { prng, type Rng } from '../org';
import { defaultSensorLimits, SENSOR_KIND_DEFAULTS, type SensorKind } from '../../../shared/monitoring/rules';
import { ingesterOf, sweepOffline } from './monitoring.ingest';
import * as repo from './monitoring.repo';
import { monitoringAlarms } from './monitoring.schema';
import { eq } from 'drizzle-orm';

/**
 * Demo data: a device (数据采集网关) at each demo 重大危险源 with sensors on its installations, and a
 * simulated gateway feeding a week of readings (the last day every 5 minutes, relative to deps.clock)
 * through the real ingestion path — so the rules raise the demo alarms: a gas leak building up in
 * the last hour (一级, open), a high temperature in the afternoon that came back (acknowledged and
 * cleared), a tank level over 高报 (open), and one device that went silent two hours ago (offline).
 */
const TOXIC = /氯|氨|硫化氢|氰|光气|一氧化碳/;
/** The last day every 5 minutes (the wall's 24-hour charts), the six days before hourly (the week and 30-day charts). */
const STEP_MS = 5 * 60_000;
const DAYS = 7;
function instants(now: number): number[] {
  const out: number[] = [];
  const dayAgo = now - 86_400_000;
  for (let t = now - DAYS * 86_400_000; t < dayAgo; t += 3600_000) out.push(t);
  for (let t = dayAgo; t < now; t += STEP_MS) out.push(t);
  return out;
}

interface Plan {
  tag: string;
  name: string;
  kind: SensorKind;
  installationId: string | null;
  base: number;
  noise: number;
}

function sensorsFor(inst: { id: string; tag: string; name: string; kind: string; medium: string }): Plan[] {
  const n = inst.tag.replace(/[^A-Za-z0-9]/g, '');
  const toxic = TOXIC.test(inst.medium);
  const gas: Plan = toxic
    ? { tag: `AT-${n}`, name: `${inst.name}有毒气体`, kind: 'toxic_ppm', installationId: inst.id, base: 1.2, noise: 0.4 }
    : { tag: `GT-${n}`, name: `${inst.name}可燃气体`, kind: 'gas_lel', installationId: inst.id, base: 2, noise: 1 };
  if (inst.kind === '储罐')
    return [
      { tag: `LT-${n}`, name: `${inst.name}液位`, kind: 'level', installationId: inst.id, base: 6.5, noise: 0.15 },
      { tag: `TT-${n}`, name: `${inst.name}温度`, kind: 'temperature', installationId: inst.id, base: 22, noise: 1.5 },
      { tag: `PT-${n}`, name: `${inst.name}压力`, kind: 'pressure', installationId: inst.id, base: 0.8, noise: 0.05 },
      gas,
    ];
  if (inst.kind === '装卸设施') return [{ tag: `FT-${n}`, name: `${inst.name}流量`, kind: 'flow', installationId: inst.id, base: 180, noise: 30 }, gas];
  return [{ tag: `PT-${n}`, name: `${inst.name}压力`, kind: 'pressure', installationId: inst.id, base: 0.9, noise: 0.05 }, { tag: `TT-${n}`, name: `${inst.name}温度`, kind: 'temperature', installationId: inst.id, base: 28, noise: 2 }, gas];
}

/** A value of a sensor at time t (daily cycle + noise), with the demo's scripted events. */
function valueAt(p: Plan, t: number, now: number, rng: Rng, script: { leak?: string; hot?: string; high?: string }): number {
  const hour = ((t / 3600_000 + 8) % 24) / 24;
  const cycle = Math.sin(hour * 2 * Math.PI - Math.PI / 2);
  const noise = (rng.next() - 0.5) * 2 * p.noise;
  let v = p.base + noise;
  if (p.kind === 'temperature') v += cycle * 6;
  if (p.kind === 'level') v += ((now - t) / 86_400_000) * -0.4;
  if (p.kind === 'video') return 1;
  const ago = now - t;
  // A leak building up over the last hour to 1.25× the 高高 limit.
  if (script.leak === p.tag && ago < 60 * 60_000) v = p.base + ((60 * 60_000 - ago) / (60 * 60_000)) * ((SENSOR_KIND_DEFAULTS[p.kind].hh ?? 50) * 1.25 - p.base);
  if (script.hot === p.tag && ago > 20 * 3600_000 && ago < 21 * 3600_000) v = 62 + rng.next() * 3; // 高高 for an hour, 20 hours ago
  if (script.high === p.tag && ago < 3 * 3600_000) v = 9.3 + rng.next() * 0.2; // over 高报 for the last 3 hours
  const range = SENSOR_KIND_DEFAULTS[p.kind];
  return Math.round(Math.min(range.max, Math.max(range.min, v)) * 1000) / 1000;
}

export async function seedMonitoring(deps: AppDeps, randomSeed: number): Promise<void> {
  const rng = prng(randomSeed + 15);
  const all = { kind: 'all' as const };
  const sources = (await listSources(deps.db, all, { page: 1, pageSize: 8 })).rows;
  const now = deps.clock.now().getTime();
  const devices: { id: string; enterpriseId: string; plans: Plan[]; silentFrom?: number; script: { leak?: string; hot?: string; high?: string } }[] = [];
  let i = 0;
  for (const s of sources) {
    const insts = await listInstallations(deps.db, s.s.id);
    const plans = insts.slice(0, 3).flatMap(sensorsFor);
    plans.push({ tag: 'CAM-01', name: '视频监控', kind: 'video', installationId: null, base: 1, noise: 0 });
    const createdAt = new Date(now - (DAYS + 1) * 86_400_000);
    const d = await repo.insertDevice(deps.db, {
      enterpriseId: s.s.enterpriseId,
      regionCode: s.s.regionCode,
      sector: s.s.sector,
      sourceId: s.s.id,
      code: `GW-${String(++i).padStart(2, '0')}`,
      name: `${s.s.name}数据采集网关`,
      location: s.s.name,
      intervalSeconds: 300,
      // Demo devices get a secret nobody knows; rotate it in the UI to connect a real gateway.
      secretHash: sm3(`${randomSeed}-${s.s.id}-${rng.next()}`),
      secretIssuedAt: createdAt,
      createdAt,
    });
    // One statement per device (start-up time): the row builder of the sensor form and the import.
    await repo.insertSensors(
      deps.db,
      plans.map((p) =>
        repo.sensorValues(d, {
          tag: p.tag,
          name: p.name.slice(0, 100),
          kind: p.kind,
          installationId: p.installationId,
          ...defaultSensorLimits(p.kind),
          rateLimit: p.kind === 'pressure' ? 0.5 : null,
          frozenMinutes: p.kind === 'level' ? 120 : null,
        }),
      ),
    );
    devices.push({ id: d.id, enterpriseId: d.enterpriseId, plans, script: {} });
  }
  if (devices.length === 0) return;
  // The scripted events, each on a different device that has the sensor for it.
  const used = new Set<string>();
  const pick = (kinds: SensorKind[]) => {
    for (const d of devices) {
      const p = d.plans.find((x) => kinds.includes(x.kind));
      if (p && !used.has(d.id)) {
        used.add(d.id);
        return { d, tag: p.tag };
      }
    }
    return undefined;
  };
  const leak = pick(['gas_lel', 'toxic_ppm']);
  if (leak) leak.d.script.leak = leak.tag;
  const hot = pick(['temperature']);
  if (hot) hot.d.script.hot = hot.tag;
  const high = pick(['level']);
  if (high) high.d.script.high = high.tag;
  const silent = [...devices].reverse().find((d) => !used.has(d.id));
  if (silent) silent.silentFrom = now - 2 * 3600_000;


  // The simulated gateway: one payload per device for every 48 instants, through the real ingestion.
  const ing = ingesterOf(deps);
  const times = instants(now);
  for (let k = 0; k < times.length; k += 48) {
    const chunk = times.slice(k, k + 48);
    await Promise.all(
      devices.map(async (d) => {
        const dev = await ing.authenticatedDevice(d.id);
        if (!dev) return;
        const readings: { sensor: string; ts: number; value: number }[] = [];
        for (const t of chunk) {
          if (d.silentFrom && t >= d.silentFrom) break;
          for (const p of d.plans) readings.push({ sensor: p.tag, ts: t, value: valueAt(p, t, now, rng, d.script) });
        }
        if (readings.length) await ing.submit(dev, { readings });
      }),
    );
  }
  await ing.drain();
  await sweepOffline(deps);
  // The high temperature of 20 hours ago was handled: acknowledged by the enterprise (it has since cleared).
  if (hot) {
    const rows = await deps.db.select().from(monitoringAlarms).where(eq(monitoringAlarms.deviceId, hot.d.id));
    for (const a of rows.filter((x) => x.type === 'threshold' && x.clearedAt)) {
      const at = new Date(a.raisedAt.getTime() + 12 * 60_000);
      await repo.updateAlarmRow(deps.db, a.id, { acknowledgedAt: at, acknowledgedBy: '值班员（企业）', closed: true, assigneeName: '设备部 王工' });
      await repo.addAlarmEvent(deps.db, { alarmId: a.id, at, kind: 'acknowledged', actorName: '值班员（企业）', text: '确认报警：现场检查为伴热蒸汽阀门内漏，已关闭阀门并安排检修' });
    }
  }
}
