import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { multipart, testApp, type Client, type TestApp } from '../../../../test/helpers';
import { clockAt } from '../../platform/clock';
import { sm3 } from '../../platform/crypto';
import { escalateAlarms } from './monitoring.alarms';
import { ingesterOf, sweepOffline } from './monitoring.ingest';
import { maintainSeries } from './index';
import { listPartitions } from './monitoring.series';

let t: TestApp;
let qiye: Client, office: Client, street: Client, housing: Client, inspector: Client, admin: Client;
let own: string;

beforeAll(async () => {
  t = await testApp();
  [qiye, office, street, housing, inspector, admin] = await Promise.all(['qiye', 'anweiban', 'jiangjunlu', 'zhujianju', 'jiancha', 'admin'].map((u) => t.login(u)));
  own = qiye.user!.enterpriseId!;
});
afterAll(async () => {
  await t?.close();
});

const now = () => t.deps.clock.now().getTime();
const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

async function newDevice(c: Client = qiye, extra: Record<string, unknown> = {}) {
  const code = `T-${Math.random().toString(36).slice(2, 8)}`;
  const r = await c.post('/api/monitoring/devices', { enterpriseId: own, code, name: `测试网关${code}`, intervalSeconds: 60, ...extra });
  expect(r.statusCode, r.body).toBe(201);
  const body = r.json();
  const s = await c.post(`/api/monitoring/devices/${body.device.id}/sensors`, { tag: 'GT-1', name: '储罐区可燃气体', kind: 'gas_lel', h: 25, hh: 50, deadband: 2, rangeMin: 0, rangeMax: 100 });
  expect(s.statusCode, s.body).toBe(201);
  return { id: body.device.id as string, secret: body.secret as string, topic: body.topic as string, sensorId: s.json().id as string };
}

async function send(d: { id: string; secret: string }, readings: { sensor?: string; ts?: number | string; value: number }[]) {
  const r = await t.anonymous().post('/api/monitoring/ingest', { readings: readings.map((x) => ({ sensor: 'GT-1', ...x })) }, { headers: basic(d.id, d.secret) });
  return r;
}

/** Run `f` while every insert into monitoring_alarms fails (a trigger planted for the test). */
async function whileAlarmsCannotBeStored(f: () => Promise<void>): Promise<void> {
  await t.database.query(`CREATE FUNCTION test_alarm_store_fails() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '报警表暂不可写（测试）'; END $$`);
  await t.database.query(`CREATE TRIGGER test_alarm_store_fails BEFORE INSERT ON monitoring_alarms FOR EACH ROW EXECUTE FUNCTION test_alarm_store_fails()`);
  try {
    await f();
  } finally {
    await t.database.query(`DROP TRIGGER test_alarm_store_fails ON monitoring_alarms`);
    await t.database.query(`DROP FUNCTION test_alarm_store_fails()`);
  }
}

describe('demo data', () => {
  it('has devices at major hazard sources, history and open alarms (a gas leak, an offline device)', async () => {
    const o = await office.get('/api/monitoring/overview');
    expect(o.statusCode, o.body).toBe(200);
    const ov = o.json();
    expect(ov.devices.total).toBeGreaterThan(0);
    expect(ov.openBySeverity[1]).toBeGreaterThan(0);
    expect(ov.alarms.some((a: { type: string }) => a.type === 'offline')).toBe(true);
    expect(ov.devices.offline).toBeGreaterThan(0);
    const gas = ov.live.find((s: { kind: string; lastValue: number | null }) => s.kind === 'gas_lel' && s.lastValue != null);
    const series = await office.get(`/api/monitoring/sensors/${gas.id}/series`, { days: 2 });
    expect(series.statusCode, series.body).toBe(200);
    expect(series.json().resolution).toBe('1m');
    expect(series.json().points.length).toBeGreaterThan(200);
    const closed = await office.get('/api/monitoring/alarms', { status: 'closed' });
    expect(closed.json().total).toBeGreaterThan(0);
  });
});

describe('devices and credentials', () => {
  it('shows the secret once and stores only its SM3 hash', async () => {
    const d = await newDevice();
    expect(d.secret.length).toBeGreaterThanOrEqual(32);
    const [row] = await t.database.query<{ secret_hash: string }>('SELECT secret_hash FROM monitoring_devices WHERE id = $1', [d.id]);
    expect(row.secret_hash).toBe(sm3(d.secret));
    expect(row.secret_hash).not.toContain(d.secret);
    const g = await qiye.get(`/api/monitoring/devices/${d.id}`);
    expect(g.statusCode).toBe(200);
    expect(g.body).not.toContain(d.secret);
    expect(g.json().device.topic).toBe(`anzhi/${own}/${d.id}/data`);
    // A rotated secret replaces the old one at once.
    const r = await qiye.post(`/api/monitoring/devices/${d.id}/secret`);
    expect(r.statusCode, r.body).toBe(200);
    expect((await send(d, [{ value: 1 }])).statusCode).toBe(401);
    expect((await send({ id: d.id, secret: r.json().secret }, [{ value: 1 }])).statusCode).toBe(202);
  });
  it('checks thresholds, tags and the enterprise scope with field messages', async () => {
    const d = await newDevice();
    const bad = await qiye.post(`/api/monitoring/devices/${d.id}/sensors`, { tag: 'LT-1', name: '液位', kind: 'level', h: 9, hh: 8 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('hh');
    const dup = await qiye.post(`/api/monitoring/devices/${d.id}/sensors`, { tag: 'GT-1', name: '重复', kind: 'gas_lel' });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().message).toContain('位号');
    const upd = await qiye.patch(`/api/monitoring/sensors/${d.sensorId}`, { h: 60 });
    expect(upd.statusCode).toBe(400);
    const other = await office.get('/api/monitoring/devices', { pageSize: 1 });
    const foreignEnterprise = (await t.database.query<{ id: string }>(`SELECT id FROM enterprises WHERE id <> $1 ORDER BY credit_code LIMIT 1`, [own]))[0].id;
    const out = await qiye.post('/api/monitoring/devices', { enterpriseId: foreignEnterprise, code: 'X-1', name: '越权设备' });
    expect(out.statusCode).toBe(404);
    expect(other.statusCode).toBe(200);
    // A department sees only its sectors: qiye's (危险化学品) device is not 区住建局's.
    expect((await housing.get(`/api/monitoring/devices/${d.id}`)).statusCode).toBe(404);
    expect((await inspector.get(`/api/monitoring/devices/${d.id}`)).statusCode).toBe(200);
    expect((await street.get(`/api/monitoring/devices/${d.id}`)).statusCode).toBe(200);
  });
  it('binds a device to the enterprise major hazard source and a sensor to its installation', async () => {
    const tg = await qiye.get('/api/monitoring/targets', { enterpriseId: own });
    expect(tg.statusCode, tg.body).toBe(200);
    const src = tg.json().sources.find((s: { installations: unknown[] }) => s.installations.length > 0);
    if (!src) return;
    const d = await newDevice(qiye, { sourceId: src.id });
    const s = await qiye.post(`/api/monitoring/devices/${d.id}/sensors`, { tag: 'LT-9', name: '储罐液位', kind: 'level', installationId: src.installations[0].id, l: 1, h: 9 });
    expect(s.statusCode, s.body).toBe(201);
    expect(s.json().installationName).toBe(src.installations[0].name);
    const g = await qiye.get(`/api/monitoring/devices/${d.id}`);
    expect(g.json().device.sourceName).toBe(src.name);
  });
});

describe('ingestion and alarms', () => {
  it('stores readings with rollups, applies the timestamp rule and counts bad readings', async () => {
    const d = await newDevice();
    const base = now() - 10 * 60_000;
    const r = await send(d, [
      { ts: base, value: 1 },
      { ts: base + 60_000, value: 2 },
      { ts: now() + 3600_000, value: 3 },
      { ts: now() - 400 * 86_400_000, value: 4 },
      { sensor: 'NOPE', ts: base, value: 5 },
    ]);
    expect(r.statusCode, r.body).toBe(202);
    expect(r.json()).toEqual({ accepted: 2, skipped: 0, unknownSensor: 1, future: 1, tooOld: 1 });
    const bad = await t.anonymous().post('/api/monitoring/ingest', { readings: 'x' }, { headers: basic(d.id, d.secret) });
    expect(bad.statusCode).toBe(400);
    const [{ n }] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM monitoring_readings WHERE sensor_id = $1', [d.sensorId]);
    expect(n).toBe(2);
    const [m] = await t.database.query<{ n: number; s: number }>('SELECT sum(count)::int AS n, sum(sum) AS s FROM monitoring_rollup_1m WHERE sensor_id = $1', [d.sensorId]);
    expect(m).toEqual({ n: 2, s: 3 });
    // A replay changes nothing (same sensor and instant).
    await send(d, [{ ts: base, value: 1 }]);
    const [{ n: n2 }] = await t.database.query<{ n: number }>('SELECT sum(count)::int AS n FROM monitoring_rollup_1h WHERE sensor_id = $1', [d.sensorId]);
    expect(n2).toBe(2);
    expect((await t.anonymous().post('/api/monitoring/ingest', { readings: [] })).statusCode).toBe(401);
  });

  it('raises one alarm, repeats update it, severity rises, the value coming back clears it, acknowledging closes it', async () => {
    const d = await newDevice();
    const base = now() - 20 * 60_000;
    await send(d, [
      { ts: base, value: 5 },
      { ts: base + 60_000, value: 30 },
      { ts: base + 120_000, value: 32 },
    ]);
    expect((await qiye.get('/api/monitoring/alarms', { deviceId: d.id })).json().items[0]).toMatchObject({ severity: 2, band: 'H', count: 2 });
    await send(d, [{ ts: base + 180_000, value: 58 }]);
    let list = (await qiye.get('/api/monitoring/alarms', { deviceId: d.id })).json();
    expect(list.total).toBe(1);
    const a = list.items[0];
    expect(a).toMatchObject({ type: 'threshold', severity: 1, band: 'HH', count: 3, firstValue: 30, lastValue: 58, peakValue: 58 });
    await send(d, [{ ts: base + 240_000, value: 40 }]);
    list = (await qiye.get('/api/monitoring/alarms', { deviceId: d.id })).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: a.id, count: 4, severity: 1, clearedAt: null });
    await send(d, [{ ts: base + 300_000, value: 3 }]);
    const cleared = (await qiye.get(`/api/monitoring/alarms/${a.id}`)).json();
    expect(cleared.alarm.clearedAt).not.toBeNull();
    expect(cleared.alarm.closed).toBe(false);
    expect(cleared.events.map((e: { kind: string }) => e.kind)).toEqual(['raised', 'severity', 'cleared']);
    const ack = await qiye.post(`/api/monitoring/alarms/${a.id}/acknowledge`, { note: '现场确认为检修放空' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().closed).toBe(true);
    expect((await qiye.post(`/api/monitoring/alarms/${a.id}/acknowledge`)).statusCode).toBe(409);
    // A new excursion opens a new alarm.
    await send(d, [{ ts: base + 360_000, value: 27 }]);
    list = (await qiye.get('/api/monitoring/alarms', { deviceId: d.id, status: 'all' })).json();
    expect(list.total).toBe(2);
    // The enterprise's users were notified of the first alarm.
    const notes = (await qiye.get('/api/notifications')).json();
    expect(notes.items.some((n: { title: string }) => n.title.includes('一级'))).toBe(true);
  });

  it('a reading whose alarm could not be stored is evaluated again when the device resends it (no lost 高高 alarm)', async () => {
    const d = await newDevice();
    const at = now() - 5 * 60_000;
    await whileAlarmsCannotBeStored(async () => {
      const failed = await send(d, [{ ts: at, value: 62 }]);
      expect(failed.statusCode).toBeGreaterThanOrEqual(500);
    });
    expect((await qiye.get('/api/monitoring/alarms', { deviceId: d.id })).json().total).toBe(0);
    // The gateway resends the batch it got no acknowledgement for.
    const resent = await send(d, [{ ts: at, value: 62 }]);
    expect(resent.statusCode, resent.body).toBe(202);
    const list = (await qiye.get('/api/monitoring/alarms', { deviceId: d.id })).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ type: 'threshold', severity: 1, band: 'HH', lastValue: 62 });
  });

  it('a failed alarm store keeps the readings out too: readings, rule state and alarms commit together', async () => {
    const d = await newDevice();
    const at = now() - 4 * 60_000;
    await whileAlarmsCannotBeStored(async () => {
      expect((await send(d, [{ ts: at - 1000, value: 3 }, { ts: at, value: 61 }])).statusCode).toBeGreaterThanOrEqual(500);
    });
    const [r] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM monitoring_readings WHERE sensor_id = $1', [d.sensorId]);
    expect(r.n).toBe(0);
    const [s] = await t.database.query<{ band: string | null; last_value: number | null }>('SELECT band, last_value FROM monitoring_sensors WHERE id = $1', [d.sensorId]);
    expect(s.last_value).toBeNull();
  });

  it('group commit: many devices at once, each device\'s messages applied in order, every reading stored once', async () => {
    const devices = await Promise.all(Array.from({ length: 6 }, () => newDevice()));
    const base = now() - 10 * 60_000;
    // Per device 8 messages sent without waiting: normal, 高高, normal again, ... The rules see them in
    // order only if a device's later message never overtakes its earlier one.
    const values = [5, 60, 5, 60, 5, 5, 5, 5];
    const results = await Promise.all(
      devices.flatMap((d) => values.map((v, k) => send(d, [{ ts: base + k * 1000, value: v }, { ts: base + k * 1000 + 500, value: v }]))),
    );
    for (const r of results) expect(r.statusCode, r.body).toBe(202);
    for (const d of devices) {
      const [r] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM monitoring_readings WHERE sensor_id = $1', [d.sensorId]);
      expect(r.n).toBe(values.length * 2);
      const [m] = await t.database.query<{ c: number }>('SELECT sum(count)::int AS c FROM monitoring_rollup_1m WHERE sensor_id = $1', [d.sensorId]);
      expect(m.c).toBe(values.length * 2);
      const [s] = await t.database.query<{ band: string; last_value: number; last_at: Date }>('SELECT band, last_value, last_at FROM monitoring_sensors WHERE id = $1', [d.sensorId]);
      expect(s).toMatchObject({ band: 'N', last_value: 5 });
      expect(new Date(s.last_at).getTime()).toBe(base + 7 * 1000 + 500);
      // One alarm: raised, repeated by the second 高高 (within the flapping window it stays one), cleared at the end.
      const list = (await qiye.get('/api/monitoring/alarms', { deviceId: d.id })).json();
      expect(list.total).toBe(1);
      expect(list.items[0].clearedAt).not.toBeNull();
    }
  });

  it('messages that arrive while their device is being read wait for one read and go on in their order of arrival', async () => {
    // CI once saw the group-commit test above lose a device's 高高: each message read the uncached
    // device on its own, a later message's read came back first, and the rules then dropped the
    // earlier (older) reading. One shared read keeps the order.
    const d = await newDevice();
    const ing = ingesterOf(t.deps);
    ing.invalidate(d.id);
    const order: number[] = [];
    const found = await Promise.all(
      Array.from({ length: 8 }, (_, k) =>
        ing.authenticate(d.id, d.secret).then((x) => {
          order.push(k);
          return x;
        }),
      ),
    );
    expect(found[0]).toBeDefined();
    for (const x of found) expect(x).toBe(found[0]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('imports devices from Excel (one row per sensor): bad rows named, nothing written unless skipped, secrets once', async () => {
    const tpl = await qiye.get('/api/monitoring/devices/template.xlsx');
    expect(tpl.statusCode).toBe(200);
    expect(tpl.headers['content-type']).toContain('spreadsheetml');
    const ownCode = (await qiye.get(`/api/enterprises/${own}`)).json().creditCode as string;
    const [other] = await t.database.query<{ credit_code: string }>(`SELECT credit_code FROM enterprises WHERE id <> $1 ORDER BY credit_code LIMIT 1`, [own]);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('监测设备');
    ws.addRow(['企业统一社会信用代码*', '设备编码*', '设备名称*', '安装位置', '采样周期（秒）', '位号*', '传感器名称*', '类型*', '单位', '量程下限', '量程上限', '低低报', '低报', '高报', '高高报', '死区']);
    ws.addRow([ownCode, 'IMP-A', '导入网关A', '罐区', 30, 'GT-1', '罐区可燃气体', '可燃气体', '', 0, 100, '', '', 25, 50, 2]); // row 2
    ws.addRow([ownCode, 'IMP-A', '导入网关A', '罐区', 30, 'TT-1', '罐区温度', '温度', '℃', -20, 80, '', '', 45, 60, 1]); // row 3
    ws.addRow([ownCode, 'IMP-B', '导入网关B', '', 60, 'X-1', '未知', '温度计', '', '', '', '', '', '', '', '']); // row 4: bad type
    ws.addRow([ownCode, 'IMP-B', '导入网关B', '', 60, 'X-2', '压力', '压力', 'MPa', 0, 2, '', '', 1.5, 1.2, '']); // row 5: 高高报 below 高报
    ws.addRow([other.credit_code, 'IMP-C', '他人网关', '', 60, 'Y-1', '液位', '液位', 'm', 0, 10, '', '', 8, 9, '']); // row 6: not the enterprise's own
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const post = (fields: Record<string, string>) => {
      const m = multipart([{ field: 'file', name: '设备.xlsx', data: file }], fields);
      return qiye.request({ method: 'POST', url: '/api/monitoring/devices/import', payload: m.payload, headers: m.headers });
    };
    const devicesNow = async () => (await qiye.get('/api/monitoring/devices', { q: '导入网关', pageSize: 100 })).json().total as number;
    const refused = await post({});
    expect(refused.statusCode, refused.body).toBe(200);
    const r0 = refused.json();
    expect(r0).toMatchObject({ rows: 5, devices: 3, invalidDevices: 2, committed: false, created: 0, credentials: [] });
    expect(r0.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 4, column: '类型', value: '温度计' }),
        expect.objectContaining({ row: 5, column: '高高报' }),
        expect.objectContaining({ row: 6, column: '企业统一社会信用代码' }),
      ]),
    );
    expect(await devicesNow()).toBe(0);
    expect((await post({ dryRun: 'true', skipInvalid: 'true' })).json()).toMatchObject({ committed: false, dryRun: true });
    expect(await devicesNow()).toBe(0);
    const done = (await post({ skipInvalid: 'true' })).json();
    expect(done).toMatchObject({ committed: true, created: 1, sensors: 2, invalidDevices: 2 });
    expect(done.credentials).toHaveLength(1);
    const cred = done.credentials[0];
    expect(cred).toMatchObject({ code: 'IMP-A', name: '导入网关A' });
    expect(cred.topic).toBe(`anzhi/${own}/${cred.username}/data`);
    // The secret works at once; only its digest is stored.
    const sent = await send({ id: cred.username, secret: cred.secret }, [{ sensor: 'TT-1', value: 21.5 }]);
    expect(sent.statusCode, sent.body).toBe(202);
    const [row] = await t.database.query<{ secret_hash: string }>(`SELECT secret_hash FROM monitoring_devices WHERE id = $1`, [cred.username]);
    expect(row.secret_hash).toBe(sm3(cred.secret));
    const detail = (await qiye.get(`/api/monitoring/devices/${cred.username}`)).json();
    expect(detail.sensors.map((s: { tag: string; kind: string }) => `${s.tag}:${s.kind}`).sort()).toEqual(['GT-1:gas_lel', 'TT-1:temperature']);
    // Importing the same file again: the code is taken, nothing is written.
    const again = (await post({ skipInvalid: 'true' })).json();
    expect(again).toMatchObject({ committed: false, created: 0 });
    expect(again.errors).toEqual(expect.arrayContaining([expect.objectContaining({ row: 2, column: '设备编码', reason: expect.stringMatching(/已在本企业使用/) })]));
    // A file without the required columns is refused as a whole, naming them.
    const bare = new ExcelJS.Workbook();
    bare.addWorksheet('x').addRow(['设备编码']);
    bare.getWorksheet('x')!.addRow(['A']);
    const m = multipart([{ field: 'file', name: 'x.xlsx', data: Buffer.from(await bare.xlsx.writeBuffer()) }]);
    const bad = await qiye.request({ method: 'POST', url: '/api/monitoring/devices/import', payload: m.payload, headers: m.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/表头缺少必填列：企业统一社会信用代码/);
    // Readers cannot import.
    expect((await inspector.request({ method: 'POST', url: '/api/monitoring/devices/import', payload: m.payload, headers: m.headers })).statusCode).toBe(403);
  });

  it('comments, assigns and turns an alarm into a hazard once', async () => {
    const d = await newDevice();
    await send(d, [{ ts: now() - 60_000, value: 55 }]);
    const a = (await qiye.get('/api/monitoring/alarms', { deviceId: d.id })).json().items[0];
    expect((await qiye.post(`/api/monitoring/alarms/${a.id}/comments`, { text: '已通知班组长赶赴现场' })).statusCode).toBe(201);
    expect((await qiye.post(`/api/monitoring/alarms/${a.id}/assign`, { assigneeName: '张伟' })).json().assigneeName).toBe('张伟');
    const h = await qiye.post(`/api/monitoring/alarms/${a.id}/hazard`, { grade: '一般' });
    expect(h.statusCode, h.body).toBe(201);
    expect(h.json().alarm.hazardCode).toBe(h.json().hazardCode);
    const hz = await qiye.get(`/api/hazards/${h.json().hazardId}`);
    expect(hz.statusCode).toBe(200);
    expect(hz.json()).toMatchObject({ source: 'self_check', category: '监测预警', enterpriseId: own });
    expect(hz.json().origin).toMatchObject({ kind: 'iot_alarm', id: a.id });
    expect((await qiye.post(`/api/monitoring/alarms/${a.id}/hazard`, {})).statusCode).toBe(409);
    // A government unit registers it as 物联预警.
    const d2 = await newDevice();
    await send(d2, [{ ts: now() - 60_000, value: 55 }]);
    const a2 = (await street.get('/api/monitoring/alarms', { deviceId: d2.id })).json().items[0];
    const h2 = await street.post(`/api/monitoring/alarms/${a2.id}/hazard`, { place: '储罐区', grade: '一般' });
    expect(h2.statusCode, h2.body).toBe(201);
    expect((await street.get(`/api/hazards/${h2.json().hazardId}`)).json().source).toBe('iot_alarm');
    // Out of scope: 区住建局 does not see the alarm; inspectors may read but not handle.
    expect((await housing.post(`/api/monitoring/alarms/${a2.id}/acknowledge`)).statusCode).toBe(404);
    expect((await inspector.post(`/api/monitoring/alarms/${a2.id}/acknowledge`)).statusCode).toBe(403);
    const detail = (await qiye.get(`/api/monitoring/alarms/${a.id}`)).json();
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(['raised', 'comment', 'assigned', 'hazard']);
  });

  it('a disabled device is refused', async () => {
    const d = await newDevice();
    const off = await qiye.post(`/api/monitoring/devices/${d.id}/enabled`, { enabled: false });
    expect(off.json().enabled).toBe(false);
    expect((await send(d, [{ value: 1 }])).statusCode).toBe(401);
    await qiye.post(`/api/monitoring/devices/${d.id}/enabled`, { enabled: true });
    expect((await send(d, [{ value: 1 }])).statusCode).toBe(202);
  });
});

describe('jobs on the domain clock', () => {
  it('offline after 3× the interval without data; data clears it', async () => {
    const d = await newDevice();
    await send(d, [{ ts: now() - 1000, value: 3 }]);
    const saved = t.deps.clock;
    try {
      t.deps.clock = clockAt(new Date(now() + 2 * 60_000));
      await sweepOffline(t.deps);
      expect((await qiye.get('/api/monitoring/alarms', { deviceId: d.id, type: 'offline' })).json().total).toBe(0);
      t.deps.clock = clockAt(new Date(saved.now().getTime() + 4 * 60_000));
      await sweepOffline(t.deps);
      const list = (await qiye.get('/api/monitoring/alarms', { deviceId: d.id, type: 'offline' })).json();
      expect(list.total).toBe(1);
      expect(list.items[0].severity).toBe(4);
      expect((await qiye.get(`/api/monitoring/devices/${d.id}`)).json().device.online).toBe(false);
      await sweepOffline(t.deps);
      expect((await qiye.get('/api/monitoring/alarms', { deviceId: d.id, type: 'offline', status: 'all' })).json().total).toBe(1);
      await send(d, [{ ts: t.deps.clock.now().getTime() - 1000, value: 3 }]);
      const back = (await qiye.get(`/api/monitoring/alarms/${list.items[0].id}`)).json();
      expect(back.alarm.clearedAt).not.toBeNull();
      expect((await qiye.get(`/api/monitoring/devices/${d.id}`)).json().device.online).toBe(true);
    } finally {
      t.deps.clock = saved;
    }
  });

  it('escalates an unacknowledged alarm enterprise → street → department → office, and stops when acknowledged', async () => {
    const d = await newDevice();
    await send(d, [{ ts: now() - 1000, value: 60 }]);
    const a = (await qiye.get('/api/monitoring/alarms', { deviceId: d.id })).json().items[0];
    const settings = (await office.get('/api/monitoring/settings')).json();
    const step = settings.escalateAfterMinutes * 60_000;
    const saved = t.deps.clock;
    const at = (ms: number) => (t.deps.clock = clockAt(new Date(saved.now().getTime() + ms)));
    try {
      at(step - 60_000);
      await escalateAlarms(t.deps);
      expect((await qiye.get(`/api/monitoring/alarms/${a.id}`)).json().alarm.escalationLevel).toBe(0);
      at(step + 1000);
      await escalateAlarms(t.deps);
      expect((await qiye.get(`/api/monitoring/alarms/${a.id}`)).json().alarm.escalationLevel).toBe(1);
      const streetNotes = (await street.get('/api/notifications')).json();
      expect(streetNotes.items.some((n: { title: string; link: string }) => n.title.includes('逐级上报') && n.link === `/monitoring/alarms/${a.id}`)).toBe(true);
      await escalateAlarms(t.deps); // same instant: no second step
      expect((await qiye.get(`/api/monitoring/alarms/${a.id}`)).json().alarm.escalationLevel).toBe(1);
      at(2 * step + 2000);
      await escalateAlarms(t.deps);
      at(3 * step + 3000);
      await escalateAlarms(t.deps);
      const detail = (await office.get(`/api/monitoring/alarms/${a.id}`)).json();
      expect(detail.alarm.escalationLevel).toBe(3);
      expect(detail.events.filter((e: { kind: string }) => e.kind === 'escalated')).toHaveLength(3);
      const officeNotes = (await office.get('/api/notifications')).json();
      expect(officeNotes.items.some((n: { link: string }) => n.link === `/monitoring/alarms/${a.id}`)).toBe(true);
      at(10 * step);
      await escalateAlarms(t.deps);
      expect((await office.get(`/api/monitoring/alarms/${a.id}`)).json().alarm.escalationLevel).toBe(3);

      // Acknowledged in time: no escalation.
      const d2 = await newDevice();
      t.deps.clock = saved;
      await send(d2, [{ ts: now() - 1000, value: 60 }]);
      const a2 = (await qiye.get('/api/monitoring/alarms', { deviceId: d2.id })).json().items[0];
      await qiye.post(`/api/monitoring/alarms/${a2.id}/acknowledge`);
      at(5 * step);
      await escalateAlarms(t.deps);
      expect((await qiye.get(`/api/monitoring/alarms/${a2.id}`)).json().alarm.escalationLevel).toBe(0);
    } finally {
      t.deps.clock = saved;
    }
  });

  it('keeps partitions ahead and drops whole months past the retention', async () => {
    await maintainSeries(t.deps);
    const parts = await listPartitions(t.database);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    const saved = t.deps.clock;
    try {
      t.deps.clock = clockAt(new Date(saved.now().getTime() + 200 * 86_400_000));
      const r = await maintainSeries(t.deps);
      expect(r.droppedPartitions.length).toBeGreaterThan(0);
      const [{ n }] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM monitoring_readings WHERE at < now() + interval '100 days'`);
      expect(n).toBe(0);
    } finally {
      t.deps.clock = saved;
    }
  });
});

describe('settings', () => {
  it('office changes retention and escalation; others may not', async () => {
    const r = await office.put('/api/monitoring/settings', { rawRetentionDays: 120, minuteRetentionDays: 400, escalateAfterMinutes: 10 });
    expect(r.statusCode, r.body).toBe(200);
    expect((await qiye.put('/api/monitoring/settings', { rawRetentionDays: 120, minuteRetentionDays: 400, escalateAfterMinutes: 10 })).statusCode).toBe(403);
    expect((await office.put('/api/monitoring/settings', { rawRetentionDays: 120, minuteRetentionDays: 60, escalateAfterMinutes: 10 })).statusCode).toBe(400);
    const stats = await admin.get('/api/monitoring/ingest-stats');
    expect(stats.statusCode).toBe(200);
    expect(stats.json().received).toBeGreaterThan(0);
    expect(ingesterOf(t.deps).counters.refused).toBeGreaterThan(0);
    await office.put('/api/monitoring/settings', { rawRetentionDays: 90, minuteRetentionDays: 400, escalateAfterMinutes: 15 });
  });
});
