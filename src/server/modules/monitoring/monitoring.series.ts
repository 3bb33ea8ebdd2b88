import type { Database } from '../../db';

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

/**
 * One flush of ingestion in one statement (one round trip, one commit): the raw rows, both rollups
 * (counted from the rows actually inserted), the sensors' rule state and latest value, and the
 * devices' last-seen time. Data-modifying CTEs all run to completion whether or not they are read.
 * The rows travel compactly (measured: a third less time per reading than three parallel arrays of
 * uuid/timestamptz/float8 text): the batch's distinct sensor ids once ($1), a base instant ($2), and
 * per reading the sensor's 1-based position, milliseconds after the base and the value.
 */
const FLUSH_SQL = `
WITH ins AS (
  INSERT INTO monitoring_readings (sensor_id, at, value)
  SELECT ($1::uuid[])[u.i], $2::timestamptz + u.t * interval '1 millisecond', u.v FROM unnest($3::int[], $4::int8[], $5::float8[]) AS u(i, t, v)
  ON CONFLICT DO NOTHING
  RETURNING sensor_id, at, value
), m AS (
  INSERT INTO monitoring_rollup_1m AS r (sensor_id, bucket, min, max, sum, count)
  SELECT sensor_id, date_trunc('minute', at), min(value), max(value), sum(value), count(*) FROM ins GROUP BY 1, 2
  ON CONFLICT (sensor_id, bucket) DO UPDATE SET min = least(r.min, excluded.min), max = greatest(r.max, excluded.max), sum = r.sum + excluded.sum, count = r.count + excluded.count
  RETURNING 1
), h AS (
  INSERT INTO monitoring_rollup_1h AS r (sensor_id, bucket, min, max, sum, count)
  SELECT sensor_id, date_trunc('hour', at), min(value), max(value), sum(value), count(*) FROM ins GROUP BY 1, 2
  ON CONFLICT (sensor_id, bucket) DO UPDATE SET min = least(r.min, excluded.min), max = greatest(r.max, excluded.max), sum = r.sum + excluded.sum, count = r.count + excluded.count
  RETURNING 1
), st AS (
  UPDATE monitoring_sensors s SET last_value = u.v, last_at = u.at, band = u.band, rule_state = u.st::jsonb
  FROM unnest($6::uuid[], $7::float8[], $8::timestamptz[], $9::text[], $10::text[]) AS u(id, v, at, band, st)
  WHERE s.id = u.id AND (s.last_at IS NULL OR u.at >= s.last_at)
  RETURNING 1
), dev AS (
  UPDATE monitoring_devices d SET last_seen_at = greatest(coalesce(d.last_seen_at, u.at), u.at), online = true
  FROM unnest($11::uuid[], $12::timestamptz[]) AS u(id, at) WHERE d.id = u.id
  RETURNING 1
)
SELECT (SELECT count(*) FROM ins)::int AS stored`;

export interface ReadingRow {
  sensorId: string;
  at: number;
  value: number;
}
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

/**
 * Build the statement that stores one flush (see FLUSH_SQL). A (sensor, instant) appears once:
 * ON CONFLICT cannot touch a row twice in one command. Creates the month partitions first.
 */
export async function flushStatement(database: Database, readings: ReadingRow[], sensors: SensorStateRow[], devices: DeviceSeenRow[]): Promise<FlushStatement> {
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
  return {
    name: 'monitoring_flush',
    text: FLUSH_SQL,
    params: [
      literal([...sensorIndex.keys()]),
      new Date(base).toISOString(),
      literal(idx),
      literal(offsets),
      literal(values),
      sensors.map((s) => s.sensorId),
      sensors.map((s) => s.value),
      sensors.map((s) => (s.at != null ? new Date(s.at).toISOString() : null)),
      sensors.map((s) => s.band),
      sensors.map((s) => s.state),
      devices.map((d) => d.deviceId),
      devices.map((d) => new Date(d.at).toISOString()),
    ],
  };
}

/** Store readings and their rollups (no rule state: generated history, imports); returns how many were new. */
export async function insertReadings(database: Database, batch: ReadingRow[]): Promise<number> {
  if (batch.length === 0) return 0;
  const st = await flushStatement(database, batch, [], []);
  const [r] = await database.queryPrepared<{ stored: number }>(st.name, st.text, st.params);
  return Number(r.stored);
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
