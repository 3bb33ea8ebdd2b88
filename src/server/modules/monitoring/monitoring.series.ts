import { sqlStateOf, type Database } from '../../db';

/**
 * The time series: raw readings in monthly partitions of monitoring_readings (native PostgreSQL
 * partitioning, the same on PGlite), and 1-minute / 1-hour rollups written in the same statement
 * as the raw rows (only rows actually inserted are counted, so a replayed message changes nothing).
 * SQL here names only this module's tables.
 */

/** UTC month start of an instant. */
export function monthStart(ms: number): Date {
  const d = new Date(ms);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}
const nextMonth = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
const partitionName = (d: Date) => `monitoring_readings_${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

const known = new WeakMap<Database, Set<string>>();

/** Create the month partitions covering [fromMs, toMs] (idempotent; cached per database). */
export async function ensurePartitions(database: Database, fromMs: number, toMs: number): Promise<void> {
  let set = known.get(database);
  if (!set) known.set(database, (set = new Set()));
  for (let m = monthStart(fromMs); m.getTime() <= toMs; m = nextMonth(m)) {
    const name = partitionName(m);
    if (set.has(name)) continue;
    try {
      await database.query(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF monitoring_readings FOR VALUES FROM ('${m.toISOString()}') TO ('${nextMonth(m).toISOString()}')`);
    } catch (e) {
      // Another instance created it between our check and our CREATE.
      if (!/already exists/.test((e as Error).message)) throw e;
    }
    set.add(name);
  }
}

export async function listPartitions(database: Database): Promise<{ name: string; from: Date }[]> {
  const r = await database.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'monitoring_readings'::regclass ORDER BY 1`,
  );
  return r.flatMap((x) => {
    const m = /_(\d{4})(\d{2})$/.exec(x.name);
    return m ? [{ name: x.name, from: new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)) }] : [];
  });
}

export interface ReadingRow {
  sensorId: string;
  at: number;
  value: number;
}

/** The rollups' buckets: UTC minutes and hours (date_bin, whatever the session's time zone), as `rollupOf` computes them. */
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const ROLLUP_UPSERT = `ON CONFLICT (sensor_id, bucket) DO UPDATE SET min = least(r.min, excluded.min), max = greatest(r.max, excluded.max), sum = r.sum + excluded.sum, count = r.count + excluded.count`;
const STATE_AND_SEEN = (p: number) => `st AS (
  UPDATE monitoring_sensors s SET last_value = u.v, last_at = u.at, band = u.band, rule_state = u.st::jsonb
  FROM unnest($${p}::uuid[], $${p + 1}::float8[], $${p + 2}::timestamptz[], $${p + 3}::text[], $${p + 4}::text[]) AS u(id, v, at, band, st)
  WHERE s.id = u.id AND (s.last_at IS NULL OR u.at >= s.last_at)
  RETURNING 1
), dev AS (
  UPDATE monitoring_devices d SET last_seen_at = greatest(coalesce(d.last_seen_at, u.at), u.at), online = true
  FROM unnest($${p + 5}::uuid[], $${p + 6}::timestamptz[]) AS u(id, at) WHERE d.id = u.id
  RETURNING 1
)`;

/**
 * One flush of ingestion in one statement (one round trip, one commit): the raw rows, both rollups,
 * the sensors' rule state and latest value, and the devices' last-seen time. Data-modifying CTEs
 * all run to completion whether or not they are read. The rows travel compactly (measured: a third
 * less time per reading than three parallel arrays of uuid/timestamptz/float8 text): the batch's
 * distinct sensor ids once ($1), a base instant ($2), and per reading the sensor's 1-based position,
 * milliseconds after the base and the value.
 *
 * Two forms. NEW_ROWS_SQL, the usual one, inserts plainly and upserts the rollups aggregated here
 * (one row per sensor and minute / hour): a reading is almost always new, and a plain insert costs
 * PostgreSQL half of what `ON CONFLICT DO NOTHING` with rollups counted from its RETURNING does
 * (measured, 20,000 readings of 200 sensors: 2.7 against 5.1 µs per reading). When a (sensor,
 * instant) is already stored — a journal entry replayed after a crash, a device resending a message
 * whose PUBACK it lost — the primary key refuses the statement, nothing of it is written, and the
 * flush is stored again with DEDUP_SQL, which skips the rows already there and counts in the rollups
 * only the rows it inserted (so a replay changes nothing).
 */
const NEW_ROWS_SQL = `
WITH ins AS (
  INSERT INTO monitoring_readings (sensor_id, at, value)
  SELECT ($1::uuid[])[u.i], $2::timestamptz + u.t * interval '1 millisecond', u.v FROM unnest($3::int[], $4::int8[], $5::float8[]) AS u(i, t, v)
), m AS (
  INSERT INTO monitoring_rollup_1m AS r (sensor_id, bucket, min, max, sum, count)
  SELECT ($1::uuid[])[x.i], $2::timestamptz + x.t * interval '1 millisecond', x.lo, x.hi, x.s, x.n FROM unnest($6::int[], $7::int8[], $8::float8[], $9::float8[], $10::float8[], $11::int[]) AS x(i, t, lo, hi, s, n)
  ${ROLLUP_UPSERT}
  RETURNING 1
), h AS (
  INSERT INTO monitoring_rollup_1h AS r (sensor_id, bucket, min, max, sum, count)
  SELECT ($1::uuid[])[x.i], $2::timestamptz + x.t * interval '1 millisecond', x.lo, x.hi, x.s, x.n FROM unnest($12::int[], $13::int8[], $14::float8[], $15::float8[], $16::float8[], $17::int[]) AS x(i, t, lo, hi, s, n)
  ${ROLLUP_UPSERT}
  RETURNING 1
), ${STATE_AND_SEEN(18)}
SELECT 1 AS done`;

const DEDUP_SQL = `
WITH ins AS (
  INSERT INTO monitoring_readings (sensor_id, at, value)
  SELECT ($1::uuid[])[u.i], $2::timestamptz + u.t * interval '1 millisecond', u.v FROM unnest($3::int[], $4::int8[], $5::float8[]) AS u(i, t, v)
  ON CONFLICT DO NOTHING
  RETURNING sensor_id, at, value
), m AS (
  INSERT INTO monitoring_rollup_1m AS r (sensor_id, bucket, min, max, sum, count)
  SELECT sensor_id, date_bin(interval '1 minute', at, timestamptz '2000-01-01 00:00:00+00'), min(value), max(value), sum(value), count(*) FROM ins GROUP BY 1, 2
  ${ROLLUP_UPSERT}
  RETURNING 1
), h AS (
  INSERT INTO monitoring_rollup_1h AS r (sensor_id, bucket, min, max, sum, count)
  SELECT sensor_id, date_bin(interval '1 hour', at, timestamptz '2000-01-01 00:00:00+00'), min(value), max(value), sum(value), count(*) FROM ins GROUP BY 1, 2
  ${ROLLUP_UPSERT}
  RETURNING 1
), ${STATE_AND_SEEN(6)}
SELECT (SELECT count(*) FROM ins)::int AS stored`;

export interface SensorStateRow {
  sensorId: string;
  value: number | null;
  at: number | null;
  band: string;
  /** the rules' remaining state, JSON */
  state: string;
}
export interface DeviceSeenRow {
  deviceId: string;
  at: number;
}

/** A flush statement and its parameters (run on the database, or in a transaction by the caller). */
export interface FlushStatement {
  name: string;
  text: string;
  params: unknown[];
}

/** One flush's statements: `newRows` (the usual one) and `dedup` (after `newRows` met a row already stored). */
export interface Flush {
  /** readings in the flush, after dropping a repeated (sensor, instant) */
  readings: number;
  newRows: FlushStatement;
  dedup(): FlushStatement;
}

/** PostgreSQL's unique_violation: a reading already stored. */
export const isUniqueViolation = (e: unknown): boolean => sqlStateOf(e) === '23505';

/**
 * Build the statements that store one flush (see NEW_ROWS_SQL, DEDUP_SQL). A (sensor, instant)
 * appears once: the first of a repeated one is kept (ON CONFLICT cannot touch a row twice in one
 * command, and a plain insert would refuse it). Creates the month partitions first.
 */
export async function prepareFlush(database: Database, readings: ReadingRow[], sensors: SensorStateRow[], devices: DeviceSeenRow[]): Promise<Flush> {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of readings) {
    if (r.at < lo) lo = r.at;
    if (r.at > hi) hi = r.at;
  }
  if (readings.length) await ensurePartitions(database, lo, hi);
  const sensorIndex = new Map<string, number>();
  const instantsOf: Set<number>[] = [];
  const idx: number[] = [];
  const offsets: number[] = [];
  const values: number[] = [];
  const base = readings.length ? lo : 0;
  for (const r of readings) {
    let i = sensorIndex.get(r.sensorId);
    if (i === undefined) {
      sensorIndex.set(r.sensorId, (i = sensorIndex.size + 1));
      instantsOf[i] = new Set();
    }
    if (instantsOf[i].has(r.at)) continue;
    instantsOf[i].add(r.at);
    idx.push(i);
    offsets.push(r.at - base);
    values.push(r.value);
  }
  // Array literals built here: uuids, integers and finite numbers need no quoting (the driver would escape every element).
  const literal = (xs: (string | number)[]) => `{${xs.join(',')}}`;
  const rowParams = [literal([...sensorIndex.keys()]), new Date(base).toISOString(), literal(idx), literal(offsets), literal(values)];
  const stateParams = [
    sensors.map((s) => s.sensorId),
    sensors.map((s) => s.value),
    sensors.map((s) => (s.at != null ? new Date(s.at).toISOString() : null)),
    sensors.map((s) => s.band),
    sensors.map((s) => s.state),
    devices.map((d) => d.deviceId),
    devices.map((d) => new Date(d.at).toISOString()),
  ];
  const rollup = (ms: number) => {
    const r = rollupOf(idx, offsets, values, base, sensorIndex.size, ms);
    return [literal(r.idx), literal(r.offsets), literal(r.min), literal(r.max), literal(r.sum), literal(r.count)];
  };
  return {
    readings: idx.length,
    newRows: { name: 'monitoring_flush_new', text: NEW_ROWS_SQL, params: [...rowParams, ...rollup(MINUTE_MS), ...rollup(HOUR_MS), ...stateParams] },
    dedup: () => ({ name: 'monitoring_flush_dedup', text: DEDUP_SQL, params: [...rowParams, ...stateParams] }),
  };
}

/** The rollup rows of a flush's readings: per sensor and UTC bucket of `ms`, min / max / sum / count (offsets from `base`). */
export function rollupOf(idx: number[], offsets: number[], values: number[], base: number, sensors: number, ms: number) {
  const first = Math.floor(base / ms);
  const slot = new Map<number, number>();
  const out = { idx: [] as number[], offsets: [] as number[], min: [] as number[], max: [] as number[], sum: [] as number[], count: [] as number[] };
  for (let k = 0; k < idx.length; k++) {
    const b = Math.floor((base + offsets[k]) / ms) - first;
    const key = b * (sensors + 1) + idx[k];
    const v = values[k];
    const j = slot.get(key);
    if (j === undefined) {
      slot.set(key, out.idx.length);
      out.idx.push(idx[k]);
      out.offsets.push((first + b) * ms - base);
      out.min.push(v);
      out.max.push(v);
      out.sum.push(v);
      out.count.push(1);
    } else {
      if (v < out.min[j]) out.min[j] = v;
      if (v > out.max[j]) out.max[j] = v;
      out.sum[j] += v;
      out.count[j]++;
    }
  }
  return out;
}

/** Store one flush: the new-rows statement, and the deduplicating one if a row was already there; returns how many readings were new. */
export async function storeFlush(database: Database, flush: Flush): Promise<number> {
  try {
    await database.queryPrepared(flush.newRows.name, flush.newRows.text, flush.newRows.params);
    return flush.readings;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const st = flush.dedup();
    const [r] = await database.queryPrepared<{ stored: number }>(st.name, st.text, st.params);
    return Number(r.stored);
  }
}

/** Store readings and their rollups (no rule state: generated history, imports); returns how many were new. */
export async function insertReadings(database: Database, batch: ReadingRow[]): Promise<number> {
  if (batch.length === 0) return 0;
  return storeFlush(database, await prepareFlush(database, batch, [], []));
}

export type Resolution = 'raw' | '1m' | '1h';

/** Resolution by span: raw up to 6 hours, 1-minute rollups up to 3 days, hourly beyond (a 30-day chart reads ≤ 720 rows). */
export function resolutionFor(spanMs: number): Resolution {
  if (spanMs <= 6 * 3600_000) return 'raw';
  if (spanMs <= 3 * 86_400_000) return '1m';
  return '1h';
}

export async function querySeries(database: Database, sensorId: string, from: Date, to: Date): Promise<{ resolution: Resolution; points: { at: string; min: number; max: number; avg: number }[] }> {
  const resolution = resolutionFor(to.getTime() - from.getTime());
  const params = [sensorId, from.toISOString(), to.toISOString()];
  type P = { at: Date | string; min: number; max: number; avg: number };
  let rows: P[];
  if (resolution === 'raw') {
    rows = await database.queryPrepared<P>('monitoring_series_raw', `SELECT at, value AS min, value AS max, value AS avg FROM monitoring_readings WHERE sensor_id = $1 AND at >= $2 AND at <= $3 ORDER BY at LIMIT 50000`, params);
  } else {
    const table = resolution === '1m' ? 'monitoring_rollup_1m' : 'monitoring_rollup_1h';
    rows = await database.queryPrepared<P>(`monitoring_series_${resolution}`, `SELECT bucket AS at, min, max, sum / count AS avg FROM ${table} WHERE sensor_id = $1 AND bucket >= $2 AND bucket <= $3 ORDER BY bucket LIMIT 50000`, params);
  }
  return {
    resolution,
    points: rows.map((p) => ({ at: new Date(p.at).toISOString(), min: Number(p.min), max: Number(p.max), avg: Number(p.avg) })),
  };
}

/**
 * Retention: drop whole month partitions past the raw retention, delete the older rows of the
 * boundary month, and minute rollups past theirs (hourly rollups are kept).
 */
export async function applyRetention(database: Database, now: Date, rawDays: number, minuteDays: number): Promise<{ droppedPartitions: string[] }> {
  const cutoff = new Date(now.getTime() - rawDays * 86_400_000);
  const dropped: string[] = [];
  for (const p of await listPartitions(database)) {
    if (nextMonth(p.from).getTime() <= cutoff.getTime()) {
      await database.query(`DROP TABLE IF EXISTS ${p.name}`);
      known.get(database)?.delete(p.name);
      dropped.push(p.name);
    }
  }
  await database.query(`DELETE FROM monitoring_readings WHERE at < $1`, [cutoff.toISOString()]);
  await database.query(`DELETE FROM monitoring_rollup_1m WHERE bucket < $1`, [new Date(now.getTime() - minuteDays * 86_400_000).toISOString()]);
  return { droppedPartitions: dropped };
}
