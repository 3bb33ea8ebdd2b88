import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../../test/helpers';
import { insertReadings, prepareFlush, rollupOf, storeFlush, type ReadingRow } from './monitoring.series';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t?.close();
});

type Bucket = { bucket: string; min: number; max: number; sum: number; count: number };
const rollups = async (table: 'monitoring_rollup_1m' | 'monitoring_rollup_1h', sensorId: string) =>
  (await t.database.query<Bucket>(`SELECT bucket, min, max, sum, count FROM ${table} WHERE sensor_id = $1 ORDER BY bucket`, [sensorId])).map((r) => ({ ...r, bucket: new Date(r.bucket).toISOString(), min: Number(r.min), max: Number(r.max), sum: Number(r.sum) }));
/** The rollups as PostgreSQL computes them from the stored rows (UTC minutes and hours). */
const fromRows = async (unit: 'minute' | 'hour', sensorId: string) =>
  (
    await t.database.query<Bucket>(
      `SELECT date_bin(interval '1 ${unit}', at, timestamptz '2000-01-01 00:00:00+00') AS bucket, min(value) AS min, max(value) AS max, sum(value) AS sum, count(*)::int AS count FROM monitoring_readings WHERE sensor_id = $1 GROUP BY 1 ORDER BY 1`,
      [sensorId],
    )
  ).map((r) => ({ ...r, bucket: new Date(r.bucket).toISOString(), min: Number(r.min), max: Number(r.max), sum: Number(r.sum) }));

describe('storing a flush', () => {
  it('rollupOf groups by sensor and UTC bucket, offsets from the base', () => {
    const base = Date.UTC(2026, 11, 7, 9, 59, 30);
    // sensor 1: 09:59:30 (2), 10:00:10 (4), 10:00:50 (6); sensor 2: 09:59:40 (1)
    const r = rollupOf([1, 1, 1, 2], [0, 40_000, 80_000, 10_000], [2, 4, 6, 1], base, 2, 60_000);
    expect(r).toEqual({ idx: [1, 1, 2], offsets: [-30_000, 30_000, -30_000], min: [2, 4, 1], max: [2, 6, 1], sum: [2, 10, 1], count: [1, 2, 1] });
    const h = rollupOf([1, 1, 1, 2], [0, 40_000, 80_000, 10_000], [2, 4, 6, 1], base, 2, 3_600_000);
    expect(h).toEqual({ idx: [1, 1, 2], offsets: [-3_570_000, 30_000, -3_570_000], min: [2, 4, 1], max: [2, 6, 1], sum: [2, 10, 1], count: [1, 2, 1] });
  });

  it('new readings: one plain insert, the rollups aggregated in the app equal those PostgreSQL computes from the rows', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const from = Date.UTC(2026, 10, 30, 23, 58, 0); // across a minute, an hour, a day and a month
    const rows: ReadingRow[] = [];
    for (let k = 0; k < 300; k++) rows.push({ sensorId: k % 3 ? a : b, at: from + k * 1_700, value: Math.round(Math.sin(k) * 1e6) / 1e3 });
    rows.push({ ...rows[4], value: 999 }); // a repeated (sensor, instant) in one flush: the first is kept
    const flush = await prepareFlush(t.database, rows, [], []);
    expect(flush.readings).toBe(300);
    expect(await storeFlush(t.database.db, flush)).toBe(300);
    for (const s of [a, b]) {
      expect(await rollups('monitoring_rollup_1m', s)).toEqual(await fromRows('minute', s));
      expect(await rollups('monitoring_rollup_1h', s)).toEqual(await fromRows('hour', s));
    }
    const [{ v }] = await t.database.query<{ v: number }>('SELECT value AS v FROM monitoring_readings WHERE sensor_id = $1 AND at = $2', [rows[4].sensorId, new Date(rows[4].at).toISOString()]);
    expect(Number(v)).toBe(rows[4].value);
  });

  it('the copied rows are the readings exactly: the instant to the millisecond, the value to the bit', async () => {
    const s = randomUUID();
    const instants = [Date.UTC(1999, 11, 31, 23, 59, 59, 999), Date.UTC(2000, 0, 1), Date.UTC(2026, 11, 7, 10, 0, 0, 1), Date.UTC(2038, 0, 19, 3, 14, 8, 123)];
    const values = [-273.15, 0, 1e-300, 123456789.12345679];
    const rows: ReadingRow[] = instants.map((at, k) => ({ sensorId: s, at, value: values[k] }));
    expect(await insertReadings(t.database, rows)).toBe(4);
    const back = await t.database.query<{ at: string; value: number }>(`SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, value FROM monitoring_readings WHERE sensor_id = $1 ORDER BY at`, [s]);
    expect(back.map((r) => ({ at: r.at, value: Number(r.value) }))).toEqual(rows.map((r) => ({ at: new Date(r.at).toISOString(), value: r.value })));
  });

  it('a flush meeting readings already stored is stored again deduplicated: only the new rows, counted once in the rollups', async () => {
    const s = randomUUID();
    const from = Date.UTC(2026, 11, 7, 1, 0, 0);
    const first: ReadingRow[] = Array.from({ length: 120 }, (_, k) => ({ sensorId: s, at: from + k * 1_000, value: k }));
    expect(await insertReadings(t.database, first)).toBe(120);
    const before = await rollups('monitoring_rollup_1m', s);
    // A replay of the whole first batch: nothing new, nothing counted twice.
    expect(await insertReadings(t.database, first)).toBe(0);
    expect(await rollups('monitoring_rollup_1m', s)).toEqual(before);
    // Half old, half new (a device resending a batch with more readings appended).
    const mixed: ReadingRow[] = Array.from({ length: 120 }, (_, k) => ({ sensorId: s, at: from + (60 + k) * 1_000, value: 60 + k }));
    expect(await insertReadings(t.database, mixed)).toBe(60);
    expect(await rollups('monitoring_rollup_1m', s)).toEqual(await fromRows('minute', s));
    expect(await rollups('monitoring_rollup_1h', s)).toEqual(await fromRows('hour', s));
    const [{ n }] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM monitoring_readings WHERE sensor_id = $1', [s]);
    expect(n).toBe(180);
  });
});
