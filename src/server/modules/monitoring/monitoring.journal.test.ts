import { closeSync, constants, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { holdTableLock, testApp, type Client, type TestApp } from '../../../../test/helpers';
import { startEmbeddedBroker, type BrokerHandle } from './monitoring.broker';
import { Ingester, MAX_QUEUED, ingesterOf } from './monitoring.ingest';
import { IngestJournal } from './monitoring.journal';

/**
 * Acknowledging from the local journal (MONITORING_JOURNAL, the product's default): a device's
 * message is acknowledged once its readings are synced to the journal; they are stored behind it,
 * kept and retried through a database outage, and replayed after the process is killed.
 */
let t: TestApp;
let qiye: Client;
let own: string;
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'anzhi-journal-'));
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  t = await testApp();
  qiye = await t.login('qiye');
  own = qiye.user!.enterpriseId!;
});
afterAll(async () => {
  await t?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function device(code: string) {
  const r = await qiye.post('/api/monitoring/devices', { enterpriseId: own, code, name: `日志网关 ${code}`, intervalSeconds: 60 });
  expect(r.statusCode, r.body).toBe(201);
  const d = r.json();
  const s = await qiye.post(`/api/monitoring/devices/${d.device.id}/sensors`, { tag: 'GT-1', name: '可燃气体', kind: 'gas_lel', h: 25, hh: 50, deadband: 2 });
  expect(s.statusCode).toBe(201);
  return { id: d.device.id as string, secret: d.secret as string, topic: d.topic as string, sensorId: s.json().id as string };
}
const count = async (sensorId: string) => (await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM monitoring_readings WHERE sensor_id = $1', [sensorId]))[0].n;
const batch = (base: number, k: number, n = 10) => ({ readings: Array.from({ length: n }, (_, i) => ({ sensor: 'GT-1', ts: base + (k * n + i) * 1000, value: 5 + i / 10 })) });
const segments = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
const journalLines = (dir: string) => segments(dir).flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean));

/** The database stops storing readings until released (a lock held by another session). */
const holdReadings = () => holdTableLock(t, 'monitoring_readings');

/**
 * kill -9 with readings acknowledged and not stored: `acknowledge` runs while the database holds
 * readings back, then the process "dies" — nothing more of it runs: its queue and timers are
 * abandoned (the flush already under way when the lock came finishes once the lock is released).
 */
async function killedWithUnstored(ing: Ingester, acknowledge: () => Promise<void>): Promise<void> {
  const release = await holdReadings();
  try {
    await acknowledge();
  } finally {
    (ing as unknown as { queue: unknown[] }).queue = [];
    await release();
  }
  await ing.drain();
}

describe('ingestion journal', () => {
  it('acknowledges from the journal, stores behind it, and deletes the journal once stored', async () => {
    const dir = tmp();
    const ing = new Ingester(t.deps);
    await ing.openJournal(dir);
    const d = await device('JR-1');
    const cached = (await ing.authenticate(d.id, d.secret))!;
    const base = t.deps.clock.now().getTime() - 10 * 60_000;
    const r = await ing.submit(cached, batch(base, 0), 'durable');
    expect(r.accepted).toBe(10);
    // On disk before the acknowledgement.
    expect(journalLines(dir).some((l) => l.includes(d.id))).toBe(true);
    await ing.drain();
    expect(await count(d.sensorId)).toBe(10);
    await ing.closeJournal();
    expect(segments(dir)).toEqual([]);
    expect(existsSync(path.join(dir, 'LOCK'))).toBe(false);
  });

  it('database outage: acknowledged readings stay in the journal and are stored when it is back; beyond the bound nothing is acknowledged', async () => {
    const dir = tmp();
    const ing = new Ingester(t.deps);
    await ing.openJournal(dir);
    const d = await device('JR-DB');
    const cached = (await ing.authenticate(d.id, d.secret))!;
    const base = t.deps.clock.now().getTime() - 30 * 60_000;
    await ing.submit(cached, batch(base - 3_600_000, 0, 1), 'durable');
    await ing.drain();
    const release = await holdReadings();
    ing.maxQueued = 50;
    try {
      // Five messages acknowledged while the database cannot store them.
      for (let k = 0; k < 5; k++) expect((await ing.submit(cached, batch(base, k), 'durable')).accepted).toBe(10);
      expect(ing.queuedReadings).toBe(50);
      // The bound: the next is refused (no PUBACK; the device keeps it and resends).
      await expect(ing.submit(cached, batch(base, 5), 'durable')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
      expect(journalLines(dir).filter((l) => l.includes(d.id))).toHaveLength(6);
    } finally {
      await release();
      ing.maxQueued = MAX_QUEUED;
    }
    await ing.drain();
    expect(await count(d.sensorId)).toBe(51);
    await ing.closeJournal();
  });

  it('kill -9: what was acknowledged and not stored is replayed at the next start, once; a torn last line is skipped', async () => {
    const dir = tmp();
    const d = await device('JR-KILL');
    const base = t.deps.clock.now().getTime() - 20 * 60_000;
    const first = new Ingester(t.deps);
    await first.openJournal(dir);
    const cached = (await first.authenticate(d.id, d.secret))!;
    // Stored and acknowledged; then the database stops storing and three more are acknowledged.
    await first.submit(cached, batch(base, 0), 'durable');
    await first.drain();
    await killedWithUnstored(first, async () => {
      for (let k = 1; k <= 3; k++) await first.submit(cached, { readings: [...batch(base, k).readings, { sensor: 'GT-1', ts: base + k * 10_000 + 9_500, value: k === 3 ? 70 : 6 }] }, 'durable');
      // A write in progress when it died left half a line.
      const seg = segments(dir).sort().at(-1)!;
      writeFileSync(path.join(dir, seg), `${readFileSync(path.join(dir, seg), 'utf8')}{"d":"${d.id}","r":[["GT-1",${base},`);
      expect(existsSync(path.join(dir, 'LOCK'))).toBe(true);
    });
    expect(await count(d.sensorId)).toBeLessThan(43);

    // The next start (a lock left by a dead process is taken over: here the pid is our own).
    const second = new Ingester(t.deps);
    const r = await second.openJournal(dir);
    expect(r.replayed).toBe(33 + 10);
    await second.drain();
    expect(await count(d.sensorId)).toBe(43);
    // The replayed 高高 reading raised its alarm once.
    const alarms = (await qiye.get('/api/monitoring/alarms', { deviceId: d.id })).json();
    expect(alarms.items).toHaveLength(1);
    expect(alarms.items[0]).toMatchObject({ severity: 1, lastValue: 70, count: 1 });
    await second.closeJournal();
    expect(segments(dir)).toEqual([]);

    // A third start finds nothing to replay.
    const third = new Ingester(t.deps);
    expect((await third.openJournal(dir)).replayed).toBe(0);
    await third.closeJournal();
    expect(await count(d.sensorId)).toBe(43);
  });

  it('segments: a full one is retired while writes go on, deleted once stored; a replay reads them all in order', async () => {
    const dir = tmp();
    const d = await device('JR-SEG');
    const base = t.deps.clock.now().getTime() - 60 * 60_000;
    const first = new Ingester(t.deps);
    await first.openJournal(dir, { segmentBytes: 2_000 });
    const cached = (await first.authenticate(d.id, d.secret))!;
    // 40 messages of 10 readings (~450 bytes a line): many segments, written concurrently.
    const acks = await Promise.all(Array.from({ length: 40 }, (_, k) => first.submit(cached, batch(base, k), 'durable')));
    expect(acks.every((a) => a.accepted === 10)).toBe(true);
    await first.drain();
    expect(await count(d.sensorId)).toBe(400);
    await first.closeJournal();
    expect(segments(dir)).toEqual([]);

    // Acknowledged while the database holds them back, then "killed": several segments replayed.
    const second = new Ingester(t.deps);
    await second.openJournal(dir, { segmentBytes: 2_000 });
    // (A first message so its settings are read before the lock: PGlite has one connection.)
    await second.submit(cached, batch(base, 40), 'durable');
    await second.drain();
    await killedWithUnstored(second, async () => {
      for (let k = 41; k < 60; k++) await second.submit(cached, batch(base, k), 'durable');
      expect(segments(dir).length).toBeGreaterThan(2);
    });
    const third = new Ingester(t.deps);
    await third.openJournal(dir, { segmentBytes: 2_000 });
    await third.drain();
    expect(await count(d.sensorId)).toBe(600);
    await third.closeJournal();
    expect(segments(dir)).toEqual([]);
  });

  it('a journal that cannot be written acknowledges nothing (the device resends); nothing is queued', async () => {
    const dir = tmp();
    const d = await device('JR-IO');
    const base = t.deps.clock.now().getTime() - 40 * 60_000;
    const ing = new Ingester(t.deps);
    await ing.openJournal(dir);
    const cached = (await ing.authenticate(d.id, d.secret))!;
    await ing.submit(cached, batch(base, 0), 'durable');
    await ing.drain();
    // The segment's file descriptor goes bad under it (as a failing disk would).
    const journal = (ing as unknown as { journal: { current: { fd: number } } }).journal;
    closeSync(journal.current.fd);
    await expect(ing.submit(cached, batch(base, 1), 'durable')).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(ing.queuedReadings).toBe(0);
    await ing.drain();
    expect(await count(d.sensorId)).toBe(10);
    journal.current.fd = openSync(path.join(dir, 'x.tmp'), 'a');
    await ing.closeJournal();
  });

  it.skipIf(process.platform !== 'linux')('segments are written with O_DSYNC: a write returns once on disk (the acknowledgement waits for it)', async () => {
    const { journal } = await IngestJournal.open(tmp(), () => undefined);
    const w = journal.append({ deviceId: 'd', readings: [{ tag: 'GT-1', at: 1, value: 1 }] });
    await w.durable;
    // The flags of the open file description, octal, as the kernel keeps them.
    const flags = parseInt(/^flags:\s+(\d+)$/m.exec(readFileSync(`/proc/self/fdinfo/${w.segment.fd}`, 'utf8'))![1], 8);
    expect(flags & constants.O_DSYNC).toBe(constants.O_DSYNC);
    // Groups are written at offsets reserved for them (positional writes), not appended.
    expect(flags & constants.O_APPEND).toBe(0);
    journal.stored(w.segment);
    await journal.close();
  });

  it('groups are written side by side at reserved offsets and acknowledged in the order they were formed', async () => {
    const dir = tmp();
    const { journal } = await IngestJournal.open(dir, () => undefined);
    const order: number[] = [];
    const writes: Promise<void>[] = [];
    const segs = [];
    // Bursts appended across turns of the event loop: several groups in flight at once.
    for (let k = 0; k < 40; k++) {
      for (let i = 0; i < 5; i++) {
        const n = k * 5 + i;
        const w = journal.append({ deviceId: `d${n % 7}`, readings: [{ tag: 'GT-1', at: 1_000 + n, value: n }] });
        segs.push(w.segment);
        writes.push(w.durable.then(() => void order.push(n)));
      }
      if (k % 3 === 0) await new Promise((r) => setImmediate(r));
    }
    await Promise.all(writes);
    expect(journal.stats.overlapped).toBeGreaterThan(0);
    expect(order).toEqual(Array.from({ length: 200 }, (_, n) => n));
    // The file holds every line whole, in the order appended.
    expect(journalLines(dir).map((l) => (JSON.parse(l) as { r: [string, number, number][] }).r[0][2])).toEqual(order);
    for (const s of segs) journal.stored(s);
    await journal.close();
    expect(segments(dir)).toEqual([]);
  });

  it('replay skips a group a crash left cut short or unwritten (NUL bytes before a later acknowledged line)', async () => {
    const dir = tmp();
    const line = (n: number) => `{"d":"dev","r":[["GT-1",${1_000 + n},${n}]]}\n`;
    // Group 1 written; group 2 cut short and the rest of its region never written (zeros: the file
    // was extended by group 3, whose write completed first); group 3 written; a torn tail.
    const torn = line(2).slice(0, 17);
    const content = Buffer.concat([Buffer.from(line(1)), Buffer.from(torn), Buffer.alloc(line(2).length - torn.length + 40), Buffer.from(line(3)), Buffer.from(line(4).slice(0, 20))]);
    writeFileSync(path.join(dir, 'seg-1-000001.jsonl'), content);
    const { journal, replay } = await IngestJournal.open(dir, () => undefined);
    expect(replay.map((x) => x.entry.readings[0].value)).toEqual([1, 3]);
    expect(journal.stats.torn).toBe(2);
    for (const x of replay) journal.stored(x.segment);
    await journal.close();
    expect(segments(dir)).toEqual([]);
  });

  it('a directory is used by one live process at a time', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'LOCK'), String(process.ppid));
    await expect(IngestJournal.open(dir, () => undefined)).rejects.toThrow(/正由另一进程/);
    // A pid that is no longer running: taken over.
    writeFileSync(path.join(dir, 'LOCK'), '2147483');
    const { journal } = await IngestJournal.open(dir, () => undefined);
    await journal.close();
  });

  it('over MQTT: the PUBACK comes from the journal; the readings and the alarm follow', async () => {
    const dir = tmp();
    const ing = ingesterOf(t.deps);
    await ing.openJournal(dir);
    let broker: BrokerHandle | undefined;
    try {
      broker = await startEmbeddedBroker(t.deps, 0, '127.0.0.1');
      const d = await device('JR-MQ');
      const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { username: d.id, password: d.secret, clientId: `jr-${Math.random().toString(36).slice(2)}`, reconnectPeriod: 0 });
      const base = t.deps.clock.now().getTime() - 5 * 60_000;
      await c.publishAsync(d.topic, JSON.stringify({ readings: [{ sensor: 'GT-1', ts: base, value: 3 }, { sensor: 'GT-1', ts: base + 60_000, value: 62 }] }), { qos: 1 });
      await c.endAsync();
      await ing.drain();
      expect(await count(d.sensorId)).toBe(2);
      const alarms = (await qiye.get('/api/monitoring/alarms', { deviceId: d.id })).json();
      expect(alarms.items[0]).toMatchObject({ severity: 1, lastValue: 62 });
    } finally {
      await broker?.close();
      await ing.closeJournal();
    }
    expect(segments(dir)).toEqual([]);
  });
});
