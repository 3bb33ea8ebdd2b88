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

const INSERT_SQL = `
WITH ins AS (
  INSERT INTO monitoring_readings (sensor_id, at, value)
  SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::float8[])
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
)
SELECT (SELECT count(*) FROM ins)::int AS stored, (SELECT count(*) FROM m)::int AS m, (SELECT count(*) FROM h)::int AS h`;

/** Store readings and their rollups in one statement; returns how many were new. */
export async function insertReadings(database: Database, batch: ReadingRow[]): Promise<number> {
  if (batch.length === 0) return 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of batch) {
    if (r.at < lo) lo = r.at;
    if (r.at > hi) hi = r.at;
  }
  await ensurePartitions(database, lo, hi);
  // One (sensor, instant) once per statement: ON CONFLICT cannot touch a row twice in one command.
  const seen = new Set<string>();
  const ids: string[] = [];
  const ats: string[] = [];
  const values: number[] = [];
  for (const r of batch) {
    const k = `${r.sensorId}|${r.at}`;
    if (seen.has(k)) continue;
    seen.add(k);
    ids.push(r.sensorId);
    ats.push(new Date(r.at).toISOString());
    values.push(r.value);
  }
  const [r] = await database.queryPrepared<{ stored: number }>('monitoring_insert_readings', INSERT_SQL, [ids, ats, values]);
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
