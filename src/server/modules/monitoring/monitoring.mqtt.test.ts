import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { sm3 } from '../../platform/crypto';
import { holdTableLock, testApp, type Client, type TestApp } from '../../../../test/helpers';
import { startEmbeddedBroker, startExternalSubscriber, type BrokerHandle } from './monitoring.broker';
import { MAX_QUEUED, ingesterOf } from './monitoring.ingest';
import { SimulatedPlant, provisionSimulator, runSimulation } from './monitoring.simulate';

/**
 * End to end over a real MQTT broker: the embedded aedes broker on a free port, a real mqtt.js
 * client publishing as a device (QoS 1: the PUBACK arrives only after the readings are stored).
 */
const MOSQUITTO = '/usr/sbin/mosquitto';
let t: TestApp;
let qiye: Client;
let broker: BrokerHandle;
let own: string;

beforeAll(async () => {
  t = await testApp();
  qiye = await t.login('qiye');
  own = qiye.user!.enterpriseId!;
  broker = await startEmbeddedBroker(t.deps, 0, '127.0.0.1');
});
afterAll(async () => {
  await broker?.close();
  await t?.close();
});

async function device(code: string) {
  const r = await qiye.post('/api/monitoring/devices', { enterpriseId: own, code, name: `MQTT 网关 ${code}`, intervalSeconds: 60 });
  expect(r.statusCode, r.body).toBe(201);
  const d = r.json();
  const s = await qiye.post(`/api/monitoring/devices/${d.device.id}/sensors`, { tag: 'GT-1', name: '可燃气体', kind: 'gas_lel', h: 25, hh: 50, deadband: 2 });
  expect(s.statusCode).toBe(201);
  return { id: d.device.id as string, secret: d.secret as string, topic: d.topic as string, sensorId: s.json().id as string };
}

const connect = (user: string, password: string, opts: mqtt.IClientOptions = {}) =>
  mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { username: user, password, clientId: `dev-${Math.random().toString(36).slice(2)}`, reconnectPeriod: 0, connectTimeout: 5000, ...opts });

const count = async (sensorId: string) => (await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM monitoring_readings WHERE sensor_id = $1', [sensorId]))[0].n;

describe('MQTT ingestion (embedded broker)', () => {
  it('a device publishes a batch to its topic; the PUBACK comes after the readings are stored and the alarm is raised', async () => {
    const d = await device('MQ-1');
    const c = await connect(d.id, d.secret);
    const base = t.deps.clock.now().getTime() - 5 * 60_000;
    await c.publishAsync(d.topic, JSON.stringify({ readings: [{ sensor: 'GT-1', ts: base, value: 3 }, { sensor: 'GT-1', ts: base + 60_000, value: 62 }] }), { qos: 1 });
    expect(await count(d.sensorId)).toBe(2);
    const alarms = (await qiye.get('/api/monitoring/alarms', { deviceId: d.id })).json();
    expect(alarms.items[0]).toMatchObject({ severity: 1, lastValue: 62 });
    // The compact form.
    await c.publishAsync(d.topic, JSON.stringify({ ts: base + 120_000, values: { 'GT-1': 61 } }), { qos: 1 });
    expect(await count(d.sensorId)).toBe(3);
    await c.endAsync();
  });

  it('refuses wrong credentials, another device topic and foreign subscriptions', async () => {
    const d = await device('MQ-2');
    const other = await device('MQ-3');
    await expect(connect(d.id, 'wrong-secret')).rejects.toThrow();
    const refusedBefore = ingesterOf(t.deps).counters.refused;
    const c = await connect(d.id, d.secret);
    const closed = new Promise<void>((r) => c.once('close', () => r()));
    // Publishing to the other device's topic: the broker drops the connection, nothing is stored.
    c.publish(other.topic, JSON.stringify({ readings: [{ sensor: 'GT-1', value: 99 }] }), { qos: 1 });
    await closed;
    expect(await count(other.sensorId)).toBe(0);
    expect(ingesterOf(t.deps).counters.refused).toBe(refusedBefore + 1);
    c.end(true);
    const c2 = await connect(d.id, d.secret);
    const granted = await c2.subscribeAsync(`anzhi/${own}/${other.id}/data`, { qos: 1 }).catch((e: Error) => e);
    expect(Array.isArray(granted) ? granted[0].qos : 128).toBe(128);
    expect(c2.connected).toBe(true);
    const mine = await c2.subscribeAsync(`anzhi/${own}/${d.id}/cmd`, { qos: 1 });
    expect(mine[0].qos).toBe(1);
    await c2.endAsync();
  });

  it('malformed payloads are counted and dropped without closing the connection', async () => {
    const d = await device('MQ-4');
    const c = await connect(d.id, d.secret);
    const before = ingesterOf(t.deps).counters.malformed;
    await c.publishAsync(d.topic, 'not json at all', { qos: 1 });
    await c.publishAsync(d.topic, JSON.stringify({ readings: 'x' }), { qos: 1 });
    expect(ingesterOf(t.deps).counters.malformed).toBe(before + 2);
    expect(c.connected).toBe(true);
    await c.publishAsync(d.topic, JSON.stringify({ readings: [{ sensor: 'GT-1', value: 1 }] }), { qos: 1 });
    expect(await count(d.sensorId)).toBe(1);
    await c.endAsync();
  });

  it('after a broker restart the device resends; replayed readings add no duplicates and no new alarm', async () => {
    const d = await device('MQ-5');
    const base = t.deps.clock.now().getTime() - 3 * 60_000;
    const payload = JSON.stringify({ readings: [{ sensor: 'GT-1', ts: base, value: 70 }, { sensor: 'GT-1', ts: base + 30_000, value: 72 }] });
    const c = await connect(d.id, d.secret);
    await c.publishAsync(d.topic, payload, { qos: 1 });
    await c.endAsync();
    const port = broker.port!;
    await broker.close();
    broker = await startEmbeddedBroker(t.deps, port, '127.0.0.1');
    const c2 = await connect(d.id, d.secret);
    await c2.publishAsync(d.topic, payload, { qos: 1 });
    await c2.endAsync();
    expect(await count(d.sensorId)).toBe(2);
    const alarms = (await qiye.get('/api/monitoring/alarms', { deviceId: d.id, status: 'all' })).json();
    expect(alarms.total).toBe(1);
    expect(alarms.items[0].count).toBe(2);
  });

  it('a disabled device is disconnected and cannot connect again', async () => {
    const d = await device('MQ-6');
    const c = await connect(d.id, d.secret);
    const closed = new Promise<void>((r) => c.once('close', () => r()));
    await qiye.post(`/api/monitoring/devices/${d.id}/enabled`, { enabled: false });
    await closed;
    c.end(true);
    await expect(connect(d.id, d.secret)).rejects.toThrow();
  });
});

describe('faults', () => {
  it('database outage: the queue is bounded, then publishes are not acknowledged; every acknowledged reading is stored', async () => {
    const d = await device('MQ-DB');
    const ing = ingesterOf(t.deps);
    const cached = (await ing.authenticate(d.id, d.secret))!;
    const base = t.deps.clock.now().getTime() - 30 * 60_000;
    const batch = (k: number) => ({ readings: Array.from({ length: 10 }, (_, i) => ({ sensor: 'GT-1', ts: base + (k * 10 + i) * 1000, value: 5 + i / 10 })) });
    // One reading first: the device and the settings are cached, as in a running system.
    await ing.submit(cached, { readings: [{ sensor: 'GT-1', ts: base - 60_000, value: 4 }] });
    // The database stops answering writes to the readings (a lock held by another session).
    const release = await holdTableLock(t, 'monitoring_readings');
    ing.maxQueued = 50;
    try {
      const waiting = [0, 1, 2, 3, 4].map((k) => ing.submit(cached, batch(k)));
      // 50 readings wait; the next message is refused over MQTT: no PUBACK, the connection closes.
      const c = await connect(d.id, d.secret);
      const closed = new Promise<string>((r) => c.once('close', () => r('closed')));
      const acked = c.publishAsync(d.topic, JSON.stringify(batch(5)), { qos: 1 }).then(() => 'acked');
      expect(await Promise.race([closed, acked])).toBe('closed');
      c.end(true);
      expect(ing.queuedReadings).toBe(50);
      await release();
      await Promise.all(waiting);
    } finally {
      await release();
      ing.maxQueued = MAX_QUEUED;
    }
    expect(await count(d.sensorId)).toBe(51);
    // The device resends what was not acknowledged once the database is back.
    const c2 = await connect(d.id, d.secret);
    await c2.publishAsync(d.topic, JSON.stringify(batch(5)), { qos: 1 });
    await c2.endAsync();
    expect(await count(d.sensorId)).toBe(61);
  });

  it.skipIf(!existsSync(MOSQUITTO))('external broker (MQTT_URL, Mosquitto) restarts: the app subscribes again; the replay adds no reading and no second alarm', async () => {
    // A Mosquitto of our own on a free port (never the machine's on 1883), restarted on that port.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'anzhi-mosq-'));
    const port = await new Promise<number>((r) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => r(p));
      });
    });
    writeFileSync(path.join(dir, 'm.conf'), `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
    const startMosquitto = async () => {
      const p = spawn(MOSQUITTO, ['-c', path.join(dir, 'm.conf')], { stdio: 'ignore' });
      for (let i = 0; i < 100; i++) {
        const up = await new Promise<boolean>((r) => {
          const s = net.connect(port, '127.0.0.1', () => (s.end(), r(true)));
          s.on('error', () => r(false));
        });
        if (up) return p;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('mosquitto did not start');
    };
    const stop = async (p: ReturnType<typeof spawn>) => {
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await exited;
    };
    let mosq = await startMosquitto();
    const sub = await startExternalSubscriber(t.deps, `mqtt://127.0.0.1:${port}`);
    const d = await device('MQ-EXT');
    const pub = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: `ext-${d.id}`, reconnectPeriod: 200 });
    try {
      const base = t.deps.clock.now().getTime() - 2 * 60_000;
      const payload = JSON.stringify({ readings: [{ sensor: 'GT-1', ts: base, value: 66 }, { sensor: 'GT-1', ts: base + 20_000, value: 68 }] });
      const fresh = JSON.stringify({ readings: [{ sensor: 'GT-1', ts: base + 40_000, value: 70 }] });
      // Until the app's subscription is in place the broker has nobody to deliver to: the device
      // sends again (as a gateway does without an end-to-end acknowledgement); replays add nothing.
      const until = async (n: number, payloads: string[]) => {
        const end = Date.now() + 20_000;
        while ((await count(d.sensorId)) < n) {
          if (Date.now() > end) throw new Error(`readings not stored: ${await count(d.sensorId)} of ${n}`);
          if (pub.connected) for (const p of payloads) await pub.publishAsync(d.topic, p, { qos: 1 }).catch(() => undefined);
          await new Promise((r) => setTimeout(r, 200));
        }
      };
      await until(2, [payload]);
      await stop(mosq);
      mosq = await startMosquitto();
      await until(3, [payload, fresh]);
      await ingesterOf(t.deps).drain();
      expect(await count(d.sensorId)).toBe(3);
      const alarms = (await qiye.get('/api/monitoring/alarms', { deviceId: d.id, status: 'all' })).json();
      expect(alarms.total).toBe(1);
      expect(alarms.items[0]).toMatchObject({ severity: 1, lastValue: 70 });
    } finally {
      await pub.endAsync(true).catch(() => undefined);
      await sub.close();
      await stop(mosq);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('anzhi simulate', () => {
  it('registers its gateways (secrets stored hashed), publishes QoS 1 readings that are stored, and its leak raises a 一级 alarm', async () => {
    const devices = await provisionSimulator(t.deps, 8);
    expect(devices).toHaveLength(2);
    const [row] = await t.database.query<{ secret_hash: string; code: string }>('SELECT secret_hash, code FROM monitoring_devices WHERE id = $1', [devices[0].id]);
    expect(row).toMatchObject({ secret_hash: sm3(devices[0].secret), code: 'SIM-0001' });
    const sensorIds = (await t.database.query<{ id: string }>('SELECT id FROM monitoring_sensors WHERE device_id = ANY($1::uuid[])', [devices.map((x) => x.id)])).map((r) => r.id);
    expect(sensorIds).toHaveLength(8);
    const lines: string[] = [];
    const sim = await runSimulation({
      url: `mqtt://127.0.0.1:${broker.port}`,
      devices,
      sensors: 8,
      rate: 80,
      seconds: 3,
      seed: 7,
      leakEverySeconds: 0,
      offlineEverySeconds: 0,
      now: () => t.deps.clock.now().getTime(),
      onSecond: (s) => lines.push(`${s.second}:${s.published}/${s.acknowledged}`),
    });
    const totals = await sim.done;
    expect(lines.length).toBe(3);
    expect(totals.failed).toBe(0);
    expect(totals.acknowledged).toBe(totals.published);
    expect(totals.acknowledged).toBeGreaterThanOrEqual(150);
    const [{ n }] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM monitoring_readings WHERE sensor_id = ANY($1::uuid[])', [sensorIds]);
    expect(n).toBe(totals.acknowledged);
    const alarms = (await qiye.get('/api/monitoring/alarms', { deviceId: devices[0].id, status: 'all' })).json();
    // qiye sees it only if the gateway is its own; the office sees the district.
    const office = await t.login('anweiban');
    const all = (await office.get('/api/monitoring/alarms', { deviceId: devices[0].id, status: 'all' })).json();
    expect(all.items.some((a: { severity: number; type: string }) => a.severity === 1 && a.type === 'threshold')).toBe(true);
    expect(alarms.total).toBeLessThanOrEqual(all.total);
    // A second run reuses the gateways and issues new secrets: the old one is refused.
    const again = await provisionSimulator(t.deps, 8);
    expect(again.map((x) => x.id)).toEqual(devices.map((x) => x.id));
    expect(again[0].secret).not.toBe(devices[0].secret);
    await expect(connect(devices[0].id, devices[0].secret)).rejects.toThrow();
    const ok = await connect(again[0].id, again[0].secret);
    await ok.endAsync();
  });

  it('the plant: baselines inside the normal band, a leak crosses 高高 and comes back', () => {
    const plant = new SimulatedPlant([{ id: 'a', enterpriseId: 'e', secret: 's', sensors: 4 }], { seed: 1, leakEverySeconds: 0, offlineEverySeconds: 0 });
    const t0 = Date.UTC(2026, 11, 4, 2);
    for (let i = 0; i < 300; i++) {
      const p = plant.payload(0, t0 + i * 1000);
      expect(p.values['GT-101']).toBeLessThan(25);
      expect(p.values['LT-201']).toBeGreaterThan(1);
      expect(p.values['LT-201']).toBeLessThan(9);
      expect(p.values['TT-301']).toBeLessThan(45);
      expect(p.values['PT-401']).toBeLessThan(1.6);
    }
    plant.startLeak(0, t0);
    expect(plant.value(0, 0, t0 + 5_000)).toBeGreaterThan(50);
    expect(plant.value(0, 0, t0 + 60_000)).toBeLessThan(25);
  });
});
