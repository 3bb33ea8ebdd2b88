import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Client, type TestApp } from '../../../../test/helpers';
import type { AppEvent } from '../../platform/events';
import { streamHubOf } from './monitoring.stream';

/**
 * The live stream (SSE) over a real listening server (app.inject cannot hold a stream open):
 * scope of every event, coalesced values, acknowledgement events, cleanup on disconnect.
 */
let t: TestApp;
let base: string;
let qiye: Client, office: Client, street: Client, housing: Client;
let own: string;
let otherStreetEnterprise: string;
let activeListeners = 0;

beforeAll(async () => {
  t = await testApp();
  // Count the EventBus listeners: every subscription must be gone once the streams close.
  const subscribe = t.deps.events.subscribe.bind(t.deps.events);
  t.deps.events.subscribe = (fn: (e: AppEvent) => void) => {
    activeListeners++;
    const off = subscribe(fn);
    let done = false;
    return () => {
      if (!done) activeListeners--;
      done = true;
      off();
    };
  };
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.app.server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  [qiye, office, street, housing] = await Promise.all(['qiye', 'anweiban', 'jiangjunlu', 'zhujianju'].map((u) => t.login(u)));
  own = qiye.user!.enterpriseId!;
  const [e] = await t.database.query<{ id: string }>(`SELECT id FROM enterprises WHERE region_code <> '420112004' AND sector = 'hazchem' ORDER BY credit_code LIMIT 1`);
  otherStreetEnterprise = e.id;
});
afterAll(async () => {
  await t?.close();
});

interface SseEvent {
  event: string;
  data: any;
}

/** An EventSource-like reader: the events received so far and a wait for one matching. */
function openStream(c: Client, query = '') {
  const ctrl = new AbortController();
  const events: SseEvent[] = [];
  let waiters: (() => void)[] = [];
  let status = 0;
  let contentType = '';
  const done = (async () => {
    const res = await fetch(`${base}/api/monitoring/stream${query}`, { headers: { cookie: c.cookie!, accept: 'text/event-stream' }, signal: ctrl.signal });
    status = res.status;
    contentType = res.headers.get('content-type') ?? '';
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) break;
      buf += dec.decode(value, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const ev = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (ev && data) events.push({ event: ev, data: JSON.parse(data) });
        for (const w of waiters) w();
      }
    }
  })().catch((e: Error) => {
    if (e.name !== 'AbortError') throw e;
  });
  const waitFor = async (pred: (e: SseEvent) => boolean, ms = 5000): Promise<SseEvent> => {
    const until = Date.now() + ms;
    for (;;) {
      const hit = events.find(pred);
      if (hit) return hit;
      if (Date.now() > until) throw new Error(`no matching event in ${ms} ms; got ${events.map((e) => e.event).join(', ')}`);
      await new Promise<void>((r) => {
        const timer = setTimeout(r, 100);
        waiters.push(() => {
          clearTimeout(timer);
          r();
        });
      });
      waiters = [];
    }
  };
  return { events, waitFor, close: () => ctrl.abort(), done, info: () => ({ status, contentType }) };
}

const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

async function device(c: Client, enterpriseId: string) {
  const code = `S-${Math.random().toString(36).slice(2, 8)}`;
  const r = await c.post('/api/monitoring/devices', { enterpriseId, code, name: `推送测试网关${code}`, intervalSeconds: 60 });
  expect(r.statusCode, r.body).toBe(201);
  const id = r.json().device.id as string;
  const s = await c.post(`/api/monitoring/devices/${id}/sensors`, { tag: 'GT-1', name: '可燃气体', kind: 'gas_lel', h: 25, hh: 50, deadband: 2, rangeMin: 0, rangeMax: 100 });
  expect(s.statusCode, s.body).toBe(201);
  return { id, secret: r.json().secret as string, sensorId: s.json().id as string };
}

async function send(d: { id: string; secret: string }, values: number[]) {
  const now = t.deps.clock.now().getTime();
  const r = await t.anonymous().post('/api/monitoring/ingest', { readings: values.map((value, i) => ({ sensor: 'GT-1', ts: now - (values.length - i) * 1000, value })) }, { headers: basic(d.id, d.secret) });
  expect(r.statusCode, r.body).toBe(202);
}

const alarmOf = (deviceId: string, action?: string) => (e: SseEvent) => e.event === 'alarm' && e.data.alarm.deviceId === deviceId && (!action || e.data.action === action);

describe('monitoring stream (SSE)', () => {
  it('answers text/event-stream with a ready event; without Accept: text/event-stream it ends after it', async () => {
    const s = openStream(office);
    const ready = await s.waitFor((e) => e.event === 'ready');
    expect(ready.data.heartbeatSeconds).toBe(15);
    expect(s.info()).toEqual({ status: 200, contentType: 'text/event-stream' });
    s.close();
    await s.done;
    const probe = await office.get('/api/monitoring/stream');
    expect(probe.statusCode).toBe(200);
    expect(probe.headers['content-type']).toBe('text/event-stream');
    expect(probe.body).toContain('event: ready');
    expect((await office.get('/api/monitoring/stream', { enterpriseId: 'x' })).statusCode).toBe(400);
    expect((await t.anonymous().get('/api/monitoring/stream')).statusCode).toBe(401);
  });

  it('scopes every alarm like the alarm list: a street never receives another street\'s alarm', async () => {
    const mine = await device(qiye, own);
    const other = await device(office, otherStreetEnterprise);
    const sOffice = openStream(office);
    const sStreet = openStream(street);
    const sEnterprise = openStream(qiye);
    const sDept = openStream(housing); // 区住建局: construction sectors, not 危险化学品
    const sNarrow = openStream(office, `?enterpriseId=${own}`);
    for (const s of [sOffice, sStreet, sEnterprise, sDept, sNarrow]) await s.waitFor((e) => e.event === 'ready');
    await send(other, [80]);
    await send(mine, [90]);
    const opened = await sOffice.waitFor(alarmOf(mine.id, 'opened'));
    expect(opened.data.alarm.severity).toBe(1);
    expect(opened.data.alarm.enterpriseName).toBeTruthy();
    await sOffice.waitFor(alarmOf(other.id, 'opened'));
    await sStreet.waitFor(alarmOf(mine.id, 'opened'));
    await sEnterprise.waitFor(alarmOf(mine.id, 'opened'));
    await sNarrow.waitFor(alarmOf(mine.id, 'opened'));
    // The list the street reads says the same as its stream.
    const list = await street.get('/api/monitoring/alarms', { pageSize: 100 });
    expect(list.json().items.some((a: { deviceId: string }) => a.deviceId === other.id)).toBe(false);
    // Let anything late arrive, then check nobody got what is outside its scope.
    await send(mine, [91]);
    await sStreet.waitFor(alarmOf(mine.id, 'updated'));
    await new Promise((r) => setTimeout(r, 1200));
    for (const s of [sStreet, sEnterprise, sNarrow]) {
      expect(s.events.filter(alarmOf(other.id))).toEqual([]);
      expect(s.events.filter((e) => e.event === 'values').flatMap((e) => e.data.values).some((v: { deviceId: string }) => v.deviceId === other.id)).toBe(false);
    }
    expect(sDept.events.filter((e) => e.event === 'alarm')).toEqual([]);
    expect(sStreet.events.filter((e) => e.event === 'alarm').every((e) => e.data.alarm.regionCode.startsWith('420112004'))).toBe(true);
    for (const s of [sOffice, sStreet, sEnterprise, sDept, sNarrow]) s.close();
  });

  it('coalesces values (newest per sensor, at most one batch a second) and tells of acknowledgement and hazard', async () => {
    const d = await device(qiye, own);
    const s = openStream(street);
    await s.waitFor((e) => e.event === 'ready');
    await send(d, [10, 11, 12]);
    await send(d, [13]);
    const v = await s.waitFor((e) => e.event === 'values' && e.data.values.some((x: { sensorId: string }) => x.sensorId === d.sensorId));
    const mine = v.data.values.filter((x: { sensorId: string }) => x.sensorId === d.sensorId);
    expect(mine).toHaveLength(1);
    expect(mine[0].value).toBe(13);
    expect(mine[0].band).toBe('N');
    await send(d, [70]);
    const opened = await s.waitFor(alarmOf(d.id, 'opened'));
    const ack = await qiye.post(`/api/monitoring/alarms/${opened.data.alarm.id}/acknowledge`, { note: '已安排巡检' });
    expect(ack.statusCode, ack.body).toBe(200);
    const acked = await s.waitFor(alarmOf(d.id, 'acknowledged'));
    expect(acked.data.alarm.acknowledgedAt).toBeTruthy();
    const hz = await qiye.post(`/api/monitoring/alarms/${opened.data.alarm.id}/hazard`, { grade: '一般' });
    expect(hz.statusCode, hz.body).toBe(201);
    const h = await s.waitFor(alarmOf(d.id, 'hazard'));
    expect(h.data.alarm.hazardCode).toBe(hz.json().hazardCode);
    // Values batches are at least ~1 s apart.
    const valueTimes: number[] = [];
    const before = s.events.length;
    const t0 = Date.now();
    while (Date.now() - t0 < 2500) {
      await send(d, [60 + Math.random()]);
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const e of s.events.slice(before)) if (e.event === 'values') valueTimes.push(1);
    expect(valueTimes.length).toBeGreaterThanOrEqual(1);
    expect(valueTimes.length).toBeLessThanOrEqual(4);
    s.close();
  });

  it('forgets a connection when the client goes away (no listener left behind)', async () => {
    const hub = streamHubOf(t.deps);
    // Wait for the streams of the tests above to be gone.
    for (let i = 0; i < 50 && hub.connections > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(hub.connections).toBe(0);
    const base0 = activeListeners;
    const streams = [openStream(office), openStream(street), openStream(qiye)];
    for (const s of streams) await s.waitFor((e) => e.event === 'ready');
    expect(hub.connections).toBe(3);
    expect(activeListeners).toBe(base0 + 1);
    for (const s of streams) s.close();
    for (let i = 0; i < 50 && hub.connections > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(hub.connections).toBe(0);
    expect(activeListeners).toBe(base0);
    // 20 open-and-drop cycles leave nothing behind either.
    for (let i = 0; i < 20; i++) {
      const s = openStream(street);
      await s.waitFor((e) => e.event === 'ready');
      s.close();
    }
    for (let i = 0; i < 50 && hub.connections > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(hub.connections).toBe(0);
    expect(activeListeners).toBe(base0);
  });
});
