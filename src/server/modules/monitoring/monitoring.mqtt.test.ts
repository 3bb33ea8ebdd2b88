import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { testApp, type Client, type TestApp } from '../../../../test/helpers';
import { startEmbeddedBroker, type BrokerHandle } from './monitoring.broker';
import { ingesterOf } from './monitoring.ingest';

/**
 * End to end over a real MQTT broker: the embedded aedes broker on a free port, a real mqtt.js
 * client publishing as a device (QoS 1: the PUBACK arrives only after the readings are stored).
 */
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
