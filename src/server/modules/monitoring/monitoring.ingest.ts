import { timingSafeEqual } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { classifyDbError, sqlStateOf, type Tx } from '../../db';
import { sm3 } from '../../platform/crypto';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import type { IngestResult, StreamAlarmAction, StreamValue } from '../../../shared/contracts/monitoring';
import { FUTURE_TOLERANCE_MS, parsePayload } from '../../../shared/monitoring/payload';
import { applyReading, copyState, initialState, severityOf, type AlarmType, type RuleEvent, type SensorKind, type SensorRuleConfig, type SensorState } from '../../../shared/monitoring/rules';
import { clearAlarm, raiseAlarm, type AlarmOrigin } from './monitoring.alarms';
import * as repo from './monitoring.repo';
import { IngestJournal, type JournalSegment } from './monitoring.journal';
import { prepareFlush, storeFlush, type DeviceSeenRow, type SensorStateRow } from './monitoring.series';
import { monitoringDevices } from './monitoring.schema';
import { ALARM_EVENT, VALUES_EVENT, existingHub, type AlarmEventPayload, type ValuesEventPayload } from './monitoring.stream';

/**
 * Ingestion: device authentication, payload parsing, the timestamp rule, and a bounded queue with
 * group commit. Each flush takes what every device queued meanwhile, applies the rules in memory,
 * and stores the raw rows (a binary COPY), both rollups, the sensors' rule state and the devices'
 * last-seen time in one transaction; when the rules raise or clear alarms, the alarms are written in
 * that transaction too. A lone message never waits for a timer (the next turn of the
 * event loop flushes it). Up to maxInFlight flushes run at once over disjoint devices, so the
 * database works on one while the next is prepared; a device's messages stay in order because a
 * device with a flush in flight is left in the queue. `submit` resolves only after the readings are
 * stored, so an MQTT QoS 1 publish is acknowledged only then; while the database is down flushes
 * fail, the queue fills up to MAX_QUEUED readings and further submits are refused (the broker then
 * withholds the PUBACK: back-pressure, the device resends).
 */
export const MAX_QUEUED = 200_000;
/**
 * Flushes at once (over disjoint devices) on PostgreSQL: 4, but at most half the pool so requests
 * keep connections (measured, 50 publishers: 1 → 46k, 2 → 50k, 4 → 59k readings/s with the machine's two
 * cores then ~85 % busy). PGlite is one connection: one flush at a time, the batches grow instead.
 */
export function maxInFlight(deps: Pick<AppDeps, 'database' | 'config'>): number {
  return deps.database.kind === 'pglite' ? 1 : Math.max(1, Math.min(4, Math.floor(deps.config.databasePoolSize / 2)));
}
/** readings in one flush at most (after an outage the backlog goes in several statements) */
export const MAX_FLUSH_READINGS = 20_000;
const CACHE_MS = 30_000;

interface CachedSensor {
  id: string;
  tag: string;
  name: string;
  kind: SensorKind;
  enabled: boolean;
  cfg: SensorRuleConfig;
}
interface CachedDevice {
  id: string;
  enterpriseId: string;
  regionCode: string;
  sector: string;
  name: string;
  enabled: boolean;
  online: boolean;
  secretHash: string;
  sensors: Map<string, CachedSensor>;
  loadedAt: number;
}

interface Pending {
  device: CachedDevice;
  readings: { sensor: CachedSensor; at: number; value: number }[];
  /** a caller waiting until the readings are stored (rejected when they cannot be: it resends) */
  resolve?: () => void;
  reject?: (e: unknown) => void;
  /** acknowledged from the journal: released once stored; kept and retried when a flush fails */
  segment?: JournalSegment;
}

export interface Counters {
  received: number;
  stored: number;
  malformed: number;
  skipped: number;
  unknownSensor: number;
  future: number;
  tooOld: number;
  refused: number;
  alarmsRaised: number;
}

export class Ingester {
  readonly counters: Counters = { received: 0, stored: 0, malformed: 0, skipped: 0, unknownSensor: 0, future: 0, tooOld: 0, refused: 0, alarmsRaised: 0 };
  private readonly devices = new Map<string, CachedDevice>();
  private readonly states = new Map<string, SensorState>();
  /** the bound of the in-memory queue (readings); beyond it submits are refused (back-pressure) */
  maxQueued = MAX_QUEUED;
  private queue: Pending[] = [];
  private queued = 0;
  /** devices with a flush in flight (their further messages wait in the queue) */
  private readonly busy = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private scheduled = false;
  private readonly maxInFlight: number;
  private rawRetentionMs = 90 * 86_400_000;
  private settingsAt = 0;
  private settingsLoading?: Promise<void>;
  /** device reads in flight (single-flight, see device()) */
  private readonly loading = new Map<string, Promise<CachedDevice | undefined>>();
  /** counts invalidate() calls: a read that started before one is answered but not cached */
  private invalidations = 0;
  /** the local journal, when acknowledging from it (MONITORING_JOURNAL) */
  private journal?: IngestJournal;
  /** after a failed flush of journaled readings: no flush before this instant (back-off) */
  private retryAt = 0;
  private retryMs = 0;
  /** after a failure caused by the data: this many next flushes take one message each */
  private isolating = 0;
  /** listeners for each stored batch (latency measurement, live views) */
  onAlarm?: (alarmId: string, created: boolean) => void;

  constructor(private readonly deps: AppDeps) {
    this.maxInFlight = maxInFlight(deps);
  }

  get queuedReadings(): number {
    return this.queued;
  }

  /** set by the embedded broker: disconnect a device's sessions (disabled, secret rotated) */
  kick?: (deviceId: string) => void;

  /** Forget a device's cached configuration (after an edit through the API); `disconnect` also ends its MQTT sessions. */
  invalidate(deviceId: string, disconnect = false): void {
    this.devices.delete(deviceId);
    this.loading.delete(deviceId);
    this.invalidations++;
    if (disconnect) this.kick?.(deviceId);
  }

  /** The current (cached ≤ 30 s) configuration of an enabled device, for a session that authenticated earlier. */
  async authenticatedDevice(deviceId: string): Promise<CachedDevice | undefined> {
    const d = await this.device(deviceId);
    return d && d.enabled ? d : undefined;
  }

  /**
   * A device's configuration, cached. Loads are single-flight: the messages that arrive while a
   * device is being read all wait for the same read and so go on in their order of arrival (each
   * with its own read, a later message could overtake an earlier one, and the rules drop a reading
   * older than the last one evaluated).
   */
  private device(deviceId: string): Promise<CachedDevice | undefined> {
    const hit = this.devices.get(deviceId);
    if (hit && Date.now() - hit.loadedAt < CACHE_MS) return Promise.resolve(hit);
    let loading = this.loading.get(deviceId);
    if (!loading) {
      const read = this.loadDevice(deviceId, hit).finally(() => {
        if (this.loading.get(deviceId) === read) this.loading.delete(deviceId);
      });
      this.loading.set(deviceId, (loading = read));
    }
    return loading;
  }

  private async loadDevice(deviceId: string, hit: CachedDevice | undefined): Promise<CachedDevice | undefined> {
    const generation = this.invalidations;
    const [d] = await this.deps.db.select().from(monitoringDevices).where(eq(monitoringDevices.id, deviceId));
    if (!d) {
      this.devices.delete(deviceId);
      return undefined;
    }
    const sensors = await repo.sensorsForEngine(this.deps.db, deviceId);
    const map = new Map<string, CachedSensor>();
    for (const s of sensors) {
      map.set(s.tag, { id: s.id, tag: s.tag, name: s.name, kind: s.kind as SensorKind, enabled: s.enabled, cfg: { kind: s.kind as SensorKind, ll: s.ll, l: s.l, h: s.h, hh: s.hh, deadband: s.deadband, rateLimit: s.rateLimit, frozenMinutes: s.frozenMinutes } });
      if (!this.states.has(s.id)) {
        const saved = s.ruleState as Partial<SensorState> | null;
        this.states.set(s.id, { ...initialState(), ...(saved ?? {}), band: (s.band as SensorState['band']) ?? 'N', lastValue: s.lastValue, lastAt: s.lastAt?.getTime() ?? null });
      }
    }
    const c: CachedDevice = { id: d.id, enterpriseId: d.enterpriseId, regionCode: d.regionCode, sector: d.sector, name: d.name, enabled: d.enabled, online: hit?.online ?? d.online, secretHash: d.secretHash, sensors: map, loadedAt: Date.now() };
    if (generation === this.invalidations) this.devices.set(deviceId, c);
    return c;
  }

  /** Check a device's credentials: enabled and the secret's SM3 matches (constant-time). */
  async authenticate(deviceId: string, secret: string | undefined): Promise<CachedDevice | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(deviceId) || !secret) return undefined;
    const id = deviceId.toLowerCase();
    let d = await this.device(id);
    const a = Buffer.from(sm3(secret), 'hex');
    const matches = (x: CachedDevice) => {
      const b = Buffer.from(x.secretHash, 'hex');
      return a.length === b.length && timingSafeEqual(a, b);
    };
    // A secret issued elsewhere (another app instance, `anzhi simulate`) while this one cached the
    // old digest: read the device again, at most every 5 s per device.
    if (d && !matches(d) && Date.now() - d.loadedAt > 5_000) {
      this.devices.delete(id);
      d = await this.device(id);
    }
    if (!d || !d.enabled) return undefined;
    return matches(d) ? d : undefined;
  }

  /** The retention setting, read at most every 30 s; single-flight like the devices (keeps arrival order). */
  private refreshSettings(): Promise<void> {
    if (Date.now() - this.settingsAt < CACHE_MS) return Promise.resolve();
    this.settingsLoading ??= repo
      .loadSettings(this.deps.db)
      .then((s) => {
        this.rawRetentionMs = s.rawRetentionDays * 86_400_000;
        this.settingsAt = Date.now();
      })
      .finally(() => {
        this.settingsLoading = undefined;
      });
    return this.settingsLoading;
  }

  /**
   * Accept a payload from an authenticated device. Resolves once its readings are stored (and the
   * rules applied) — or with `ack: 'durable'` and the journal open, once they are in the journal
   * on disk (the devices' path: the broker and the HTTP endpoint); a malformed payload is refused
   * with a validation error (dropped, never retried).
   */
  async submit(device: CachedDevice, payload: unknown, ack: 'stored' | 'durable' = 'stored'): Promise<IngestResult> {
    this.counters.received++;
    const now = this.deps.clock.now().getTime();
    const parsed = parsePayload(payload, now);
    const result: IngestResult = { accepted: 0, skipped: 0, unknownSensor: 0, future: 0, tooOld: 0 };
    if (!parsed.ok) {
      this.counters.malformed++;
      throw new AppError('VALIDATION', parsed.error, [{ path: 'body', message: parsed.error }]);
    }
    await this.refreshSettings();
    result.skipped = parsed.skipped;
    const readings: Pending['readings'] = [];
    for (const r of parsed.readings) {
      const sensor = device.sensors.get(r.sensor);
      if (!sensor || !sensor.enabled) result.unknownSensor++;
      else if (r.at > now + FUTURE_TOLERANCE_MS) result.future++;
      else if (r.at < now - this.rawRetentionMs) result.tooOld++;
      else readings.push({ sensor, at: r.at, value: r.value });
    }
    this.counters.skipped += result.skipped;
    this.counters.unknownSensor += result.unknownSensor;
    this.counters.future += result.future;
    this.counters.tooOld += result.tooOld;
    if (readings.length === 0) return result;
    if (this.queued + readings.length > this.maxQueued) throw new AppError('RATE_LIMITED', '数据接入繁忙（缓冲区已满），请稍后重发');
    const journal = ack === 'durable' ? this.journal : undefined;
    if (journal) {
      // Counted at once so the bound holds while the write is in progress.
      this.queued += readings.length;
      let segment: JournalSegment;
      try {
        const w = journal.append({ deviceId: device.id, readings: readings.map((r) => ({ tag: r.sensor.tag, at: r.at, value: r.value })) });
        segment = w.segment;
        await w.durable;
      } catch (e) {
        this.queued -= readings.length;
        throw e;
      }
      this.queue.push({ device, readings, segment });
      this.scheduleFor(device.id);
      result.accepted = readings.length;
      return result;
    }
    await new Promise<void>((resolve, reject) => {
      this.queue.push({ device, readings, resolve, reject });
      this.queued += readings.length;
      this.scheduleFor(device.id);
    });
    result.accepted = readings.length;
    return result;
  }

  /**
   * After a device's message is queued: a device with a flush in flight is flushed again when that
   * flush ends (which schedules), so only a message of an idle device needs a flush now (under load
   * every device is busy and the queue is not scanned once per message).
   */
  private scheduleFor(deviceId: string): void {
    if (!this.busy.has(deviceId)) this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight.size >= this.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      this.startFlush();
    };
    const wait = this.retryAt - Date.now();
    if (wait > 0) setTimeout(go, wait);
    else setImmediate(go);
  }

  /** Wait until everything queued so far has been processed (journaled readings: stored). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0 || this.queue.length > 0 || this.scheduled) {
      if (this.inFlight.size > 0) await Promise.race(this.inFlight);
      else if (this.retryAt > Date.now()) await new Promise<void>((r) => setTimeout(r, 10));
      else await new Promise<void>((r) => setImmediate(r));
    }
  }

  /**
   * Open the journal (MONITORING_JOURNAL) before devices connect: the entries an earlier run
   * acknowledged and did not store are queued first, in their order.
   */
  async openJournal(dir: string, opts: { segmentBytes?: number } = {}): Promise<{ replayed: number; dropped: number }> {
    const { journal, replay } = await IngestJournal.open(dir, (err, what) => this.deps.log.error({ err }, what), opts);
    this.journal = journal;
    let replayed = 0;
    let dropped = 0;
    for (const { entry, segment } of replay) {
      let device: CachedDevice | undefined;
      try {
        device = await this.device(entry.deviceId);
      } catch (e) {
        // Kept in the journal for the next start.
        this.deps.log.error({ err: e }, '回放监测数据日志时读取设备失败（保留，下次启动再回放）');
        continue;
      }
      // Acknowledged readings are stored even if their device was disabled since; a deleted
      // device or sensor has nowhere to store them.
      const readings: Pending['readings'] = [];
      for (const r of entry.readings) {
        const sensor = device?.sensors.get(r.tag);
        if (sensor) readings.push({ sensor, at: r.at, value: r.value });
        else dropped++;
      }
      if (!device || readings.length === 0) {
        journal.stored(segment);
        continue;
      }
      replayed += readings.length;
      this.queue.push({ device, readings, segment });
      this.queued += readings.length;
    }
    if (replay.length) this.deps.log.info({ replayed, dropped, torn: journal.stats.torn }, `监测数据日志：回放上次运行留下的 ${replayed} 条读数（已入库的不会重复写入）`);
    this.schedule();
    return { replayed, dropped };
  }

  /** Stop: store what is queued (waiting at most `timeoutMs`), then close the journal; the rest is replayed at the next start. */
  async closeJournal(timeoutMs = 10_000): Promise<void> {
    const j = this.journal;
    if (!j) return;
    await Promise.race([this.drain(), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    this.journal = undefined;
    await j.close();
  }


  /** Take the queued messages of devices without a flush in flight (in order, up to MAX_FLUSH_READINGS) and store them. */
  private startFlush(): void {
    if (this.inFlight.size >= this.maxInFlight) return;
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const held = new Set<string>();
    let n = 0;
    const one = this.isolating > 0;
    if (one) this.isolating--;
    for (const p of this.queue) {
      const id = p.device.id;
      if (this.busy.has(id) || held.has(id) || (n > 0 && (one || n + p.readings.length > MAX_FLUSH_READINGS))) {
        // A device's later messages stay behind its earlier ones.
        held.add(id);
        rest.push(p);
      } else {
        batch.push(p);
        n += p.readings.length;
      }
    }
    if (batch.length === 0) return;
    this.queue = rest;
    for (const p of batch) this.busy.add(p.device.id);
    const run = (async () => {
      try {
        await this.process(batch);
        this.counters.stored += n;
        this.queued -= n;
        this.retryMs = 0;
        for (const p of batch) {
          p.resolve?.();
          if (p.segment) this.journal?.stored(p.segment);
        }
      } catch (e) {
        // Journaled readings were acknowledged: they go back to the head of the queue (a device's
        // order kept) and are tried again after a back-off. A waiting caller gets the error and resends.
        // An error caused by the data itself (a sensor deleted meanwhile…) would fail every retry:
        // the batch's messages are then tried one by one, and a message failing alone is dropped.
        let kept = batch.filter((p) => p.segment);
        const permanent = !transientFailure(e);
        if (permanent && kept.length === 1) {
          this.deps.log.error({ err: e, deviceId: kept[0].device.id, readings: kept[0].readings.length }, '监测数据无法入库（数据本身的错误），已从日志中丢弃');
          this.journal?.stored(kept[0].segment!);
          kept = [];
        } else if (permanent && kept.length > 1) this.isolating = kept.length;
        let keptReadings = 0;
        for (const p of kept) keptReadings += p.readings.length;
        this.deps.log.error({ err: e }, kept.length ? `监测数据入库失败（已确认的 ${keptReadings} 条读数保留在日志中，稍后重试）` : '监测数据入库失败（未确认，设备将重发）');
        for (const p of batch) p.reject?.(new AppError('INTERNAL', '监测数据暂时无法入库，请稍后重发'));
        this.queued -= n - keptReadings;
        if (kept.length) {
          this.queue = [...kept, ...this.queue];
          this.retryMs = Math.min(5_000, Math.max(250, this.retryMs * 2));
          this.retryAt = Date.now() + this.retryMs;
        }
      } finally {
        for (const p of batch) this.busy.delete(p.device.id);
      }
    })();
    this.inFlight.add(run);
    void run.finally(() => {
      this.inFlight.delete(run);
      this.schedule();
    });
    this.schedule();
  }

  private async process(batch: Pending[]): Promise<void> {
    const rows: { sensorId: string; at: number; value: number }[] = [];
    for (const p of batch) for (const r of p.readings) rows.push({ sensorId: r.sensor.id, at: r.at, value: r.value });

    // Rules, per sensor in time order.
    type Acc = { origin: AlarmOrigin; type: AlarmType; raise?: Parameters<typeof raiseAlarm>[3]; clear?: { at: number; value: number } };
    const alarmOps = new Map<string, Acc>();
    const seen = new Map<string, { device: CachedDevice; last: number }>();
    const perSensor = new Map<string, { sensor: CachedSensor; device: CachedDevice; list: { at: number; value: number }[] }>();
    for (const p of batch) {
      for (const r of p.readings) {
        let e = perSensor.get(r.sensor.id);
        if (!e) perSensor.set(r.sensor.id, (e = { sensor: r.sensor, device: p.device, list: [] }));
        e.list.push({ at: r.at, value: r.value });
        const s = seen.get(p.device.id);
        if (!s) seen.set(p.device.id, { device: p.device, last: r.at });
        else if (r.at > s.last) s.last = r.at;
      }
    }
    // The rules' new state is kept aside until the alarms are stored: if that transaction fails the
    // device gets an error and resends, and the resent readings are evaluated again from the old
    // state (a 高高 reading is never taken as evaluated without its alarm).
    const next = new Map<string, SensorState>();
    for (const { sensor, device, list } of perSensor.values()) {
      list.sort((a, b) => a.at - b.at);
      // The flush's own copy of the state, changed in place reading by reading.
      const state = copyState(this.states.get(sensor.id) ?? initialState());
      const origin: AlarmOrigin = { enterpriseId: device.enterpriseId, regionCode: device.regionCode, sector: device.sector, deviceId: device.id, sensorId: sensor.id, deviceName: device.name, sensorName: sensor.name };
      const events: RuleEvent[] = [];
      for (const r of list) applyReading(sensor.cfg, state, r.value, r.at, events);
      for (const ev of events) {
        const key = `${sensor.id}|${ev.type}`;
        let acc = alarmOps.get(key);
        if (!acc) alarmOps.set(key, (acc = { origin, type: ev.type }));
        if (ev.kind === 'raise') {
          const prev = acc.raise;
          const upper = ev.band === 'H' || ev.band === 'HH';
          const peak = prev?.peak == null ? ev.value : upper ? Math.max(prev.peak, ev.value) : Math.min(prev.peak, ev.value);
          acc.raise = {
            type: ev.type,
            severity: prev ? (Math.min(prev.severity, ev.severity) as typeof ev.severity) : ev.severity,
            band: prev && prev.severity <= ev.severity ? prev.band : ev.band,
            message: prev && prev.severity <= ev.severity ? prev.message : ev.message,
            value: ev.value,
            first: prev ? prev.first : ev.value,
            at: new Date(ev.at),
            count: (prev?.count ?? 0) + 1,
            flapping: prev?.flapping || ev.flapping,
            peak,
          };
          acc.clear = undefined;
        } else {
          acc.clear = { at: ev.at, value: ev.value };
        }
      }
      next.set(sensor.id, state);
    }

    const sensorRows: SensorStateRow[] = [];
    for (const [id, st] of next) {
      sensorRows.push({ sensorId: id, value: st.lastValue, at: st.lastAt, band: st.band, state: JSON.stringify({ changedAt: st.changedAt, flips: st.flips, rateHigh: st.rateHigh, frozen: st.frozen }) });
    }
    const nowMs = this.deps.clock.now().getTime();
    const deviceRows: DeviceSeenRow[] = [...seen.values()].map((x) => ({ deviceId: x.device.id, at: Math.min(x.last, nowMs) }));
    const flush = await prepareFlush(this.deps.database, rows, sensorRows, deviceRows);

    const cameBack = [...seen.values()].filter((x) => !x.device.online);
    const published: { alarm: repo.AlarmRow; created: boolean; action: StreamAlarmAction }[] = [];
    // Readings, state and alarms commit together: if the alarms fail nothing is stored, the device
    // is not acknowledged and its resend is evaluated again from the old state. The common case has
    // no alarm change.
    const alarms =
      alarmOps.size === 0 && cameBack.length === 0
        ? undefined
        : async (tx: Tx) => {
            // Run again from scratch when the flush is stored again deduplicated.
            published.length = 0;
            for (const acc of alarmOps.values()) {
              if (acc.raise) {
                const r = await raiseAlarm(this.deps, tx, acc.origin, acc.raise);
                published.push({ ...r, action: r.created ? 'opened' : 'updated' });
              }
              if (acc.clear) {
                const row = await clearAlarm(tx, acc.origin, acc.type, new Date(acc.clear.at), acc.clear.value);
                if (row) published.push({ alarm: row, created: false, action: 'cleared' });
              }
            }
            for (const x of cameBack) {
              const origin: AlarmOrigin = { enterpriseId: x.device.enterpriseId, regionCode: x.device.regionCode, sector: x.device.sector, deviceId: x.device.id, sensorId: null, deviceName: x.device.name, sensorName: null };
              const row = await clearAlarm(tx, origin, 'offline', new Date(x.last), null, '系统（设备恢复上报）');
              if (row) published.push({ alarm: row, created: false, action: 'cleared' });
            }
          };
    await storeFlush(this.deps.db, flush, alarms);
    for (const [id, state] of next) this.states.set(id, state);
    for (const x of cameBack) x.device.online = true;
    for (const p of published) if (p.created) this.counters.alarmsRaised++;

    for (const p of published) {
      const payload: AlarmEventPayload = { id: p.alarm.id, action: p.action, severity: p.alarm.severity, created: p.created };
      this.deps.events.publish({ type: ALARM_EVENT, regionCode: p.alarm.regionCode, sector: p.alarm.sector, enterpriseId: p.alarm.enterpriseId, payload });
      this.onAlarm?.(p.alarm.id, p.created);
    }
    // Latest values for the live screens (one event per device; the stream coalesces them per second).
    if (existingHub(this.deps)?.wantsValues) {
      const byDevice = new Map<string, { device: CachedDevice; values: StreamValue[] }>();
      for (const [id, { device }] of perSensor) {
        const s = next.get(id)!;
        let e = byDevice.get(device.id);
        if (!e) byDevice.set(device.id, (e = { device, values: [] }));
        e.values.push({ sensorId: id, deviceId: device.id, enterpriseId: device.enterpriseId, value: s.lastValue, at: s.lastAt != null ? new Date(s.lastAt).toISOString() : null, band: s.band });
      }
      for (const { device, values } of byDevice.values()) {
        const payload: ValuesEventPayload = { values };
        this.deps.events.publish({ type: VALUES_EVENT, regionCode: device.regionCode, sector: device.sector, enterpriseId: device.enterpriseId, payload });
      }
    }
  }

  /** Mark a device offline in the cache (the offline job did it in the database). */
  markOffline(deviceId: string): void {
    const d = this.devices.get(deviceId);
    if (d) d.online = false;
  }
}


/**
 * A flush failure worth retrying: the database unreachable or out of space, a deadlock or
 * serialization failure, a lock or statement timeout, the server shutting down. Anything else
 * (a constraint or data error) is caused by the readings themselves.
 */
export function transientFailure(e: unknown): boolean {
  if (classifyDbError(e)) return true;
  return /^(40|53|55|57|58|XX)/.test(sqlStateOf(e) ?? '');
}

const ingesters = new WeakMap<AppDeps, Ingester>();
/** The ingester of an app (one per process and database). */
export function ingesterOf(deps: AppDeps): Ingester {
  let i = ingesters.get(deps);
  if (!i) ingesters.set(deps, (i = new Ingester(deps)));
  return i;
}

/** Offline job: enabled devices without data for 3× their interval get a 设备离线 alarm (四级). */
export async function sweepOffline(deps: AppDeps): Promise<{ offline: number }> {
  const now = deps.clock.now();
  const silent = await repo.devicesGoneSilent(deps.db, now);
  const ing = ingesterOf(deps);
  let n = 0;
  for (const d of silent) {
    await deps.db.transaction(async (tx) => {
      await tx.execute(sql`UPDATE monitoring_devices SET online = false WHERE id = ${d.id}`);
      const minutes = Math.round((now.getTime() - (d.lastSeenAt ?? d.createdAt).getTime()) / 60_000);
      const r = await raiseAlarm(deps, tx, { enterpriseId: d.enterpriseId, regionCode: d.regionCode, sector: d.sector, deviceId: d.id, sensorId: null, deviceName: d.name, sensorName: null }, {
        type: 'offline',
        severity: severityOf('offline', 'video'),
        message: d.lastSeenAt ? `设备 ${minutes} 分钟无数据（超过采样周期的 3 倍）` : '设备登记后从未上报数据',
        value: null,
        at: now,
        count: 1,
      });
      const payload: AlarmEventPayload = { id: r.alarm.id, action: r.created ? 'opened' : 'updated', severity: r.alarm.severity, created: r.created };
      deps.events.publish({ type: ALARM_EVENT, regionCode: d.regionCode, sector: d.sector, enterpriseId: d.enterpriseId, payload });
    });
    ing.markOffline(d.id);
    n++;
  }
  return { offline: n };
}
