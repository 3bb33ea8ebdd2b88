import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_PASSWORD, startE2E, step, type E2E } from './harness';
import { freePort } from '../free-port';

/**
 * The district wall live: the office watches 监测一张图 (stream connected); a gas leak is published
 * by a device over the app's embedded MQTT broker (its own credentials, QoS 1); the new 一级 alarm
 * is on the wall within a second of the publish. The enterprise's user opens it, acknowledges it
 * and turns it into a hazard, which is then in the hazard ledger.
 */
let e2e: E2E;
let mqttPort: number;


/** A signed-in API client (cookie + CSRF) for preparing the device. */
async function apiAs(base: string, username: string) {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: E2E_PASSWORD }) });
  expect(r.status).toBe(200);
  const cookie = /anzhi_sid=[^;]+/.exec(r.headers.get('set-cookie') ?? '')![0];
  const { csrfToken, user } = (await r.json()) as { csrfToken: string; user: { enterpriseId: string } };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify(body) });
    const json = (await res.json()) as any;
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const get = async (path: string) => (await (await fetch(`${base}${path}`, { headers: { cookie } })).json()) as any;
  return { post, get, user };
}

beforeAll(async () => {
  mqttPort = await freePort();
  e2e = await startE2E({ MQTT_PORT: String(mqttPort) });
});
afterAll(async () => {
  await e2e?.close();
});

describe('monitoring wall, live', () => {
  it('the district wall shows a new leak within a second; the enterprise acknowledges it and turns it into a hazard', async () => {
    const qiye = await apiAs(e2e.base, 'qiye');
    const enterpriseId = qiye.user.enterpriseId;
    const created = await qiye.post('/api/monitoring/devices', { enterpriseId, code: 'E2E-LIVE', name: '实时演练网关', intervalSeconds: 30 });
    const deviceId = created.device.id as string;
    await qiye.post(`/api/monitoring/devices/${deviceId}/sensors`, { tag: 'GT-901', name: '演练罐区可燃气体', kind: 'gas_lel', h: 25, hh: 50, deadband: 2, rangeMin: 0, rangeMax: 100 });
    const device = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { clientId: `e2e-${deviceId}`, username: deviceId, password: created.secret as string, reconnectPeriod: 0 });
    const topic = `anzhi/${enterpriseId}/${deviceId}/data`;
    await device.publishAsync(topic, JSON.stringify({ values: { 'GT-901': 3.2 } }), { qos: 1 });

    const office = await e2e.newPage({ width: 1366, height: 768 });
    const ent = await e2e.newPage({ width: 1366, height: 768 });
    const errors: string[] = [];
    try {
      await step(office.page, 'live-office-wall', async () => {
        await e2e.login(office.page, 'anweiban');
        // watched from here on: the login page's session probe answers 401 before signing in
        office.page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        office.page.on('pageerror', (e) => errors.push(e.message));
        await office.page.goto('/monitoring');
        await office.page.getByTestId('stream-state').getByText('实时').waitFor();
      });
      let elapsed = 0;
      await step(office.page, 'live-leak-visible', async () => {
        const started = Date.now();
        await device.publishAsync(topic, JSON.stringify({ values: { 'GT-901': 78.5 } }), { qos: 1 });
        process.stdout.write(`leak published → PUBACK (stored, rules run): ${Date.now() - started} ms\n`);
        await office.page.getByTestId('red-alarm-banner').filter({ hasText: '实时演练网关' }).waitFor({ timeout: 5000 });
        await office.page.locator('.ant-table-row').filter({ hasText: '演练罐区可燃气体' }).first().waitFor({ timeout: 5000 });
        elapsed = Date.now() - started;
      });
      process.stdout.write(`leak published → visible on the district wall: ${elapsed} ms\n`);
      expect(elapsed).toBeLessThan(1000);
      // The sensor (now in 高高, so among the wall's live sensors) shows the leak's value.
      await office.page.getByTestId('sensor-GT-901').getByText('78.5').waitFor({ timeout: 10_000 });

      let hazardCode = '';
      await step(ent.page, 'live-enterprise-handles', async () => {
        await e2e.login(ent.page, 'qiye');
        await ent.page.goto('/monitoring');
        await ent.page.locator('.ant-table-row').filter({ hasText: '演练罐区可燃气体' }).first().click();
        await ent.page.waitForURL(/\/monitoring\/alarms\/[0-9a-f-]{36}$/);
        await ent.page.getByRole('button', { name: '确认报警' }).click();
        await ent.page.getByText('已确认').first().waitFor();
        await ent.page.getByTestId('to-hazard').click();
        await ent.page.locator('.ant-modal').getByRole('button', { name: /确\s*定|OK/ }).click();
        await ent.page.waitForURL(/\/hazards\/[0-9a-f-]{36}$/);
        hazardCode = (await ent.page.locator('span[style*="monospace"]').first().innerText()).trim();
        expect(hazardCode).toMatch(/\S/);
      });
      // The office's wall hears of the acknowledgement (the banner goes, the row says 已确认).
      await step(office.page, 'live-ack-visible', async () => {
        await office.page.getByTestId('red-alarm-banner').waitFor({ state: 'detached', timeout: 5000 });
      });
      await step(ent.page, 'live-hazard-in-ledger', async () => {
        await ent.page.goto('/hazards');
        await ent.page.getByText(hazardCode).first().waitFor();
      });
      const ledger = await qiye.get(`/api/hazards?pageSize=100`);
      expect(ledger.items.some((h: { code: string }) => h.code === hazardCode)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await device.endAsync().catch(() => undefined);
      await office.context.close();
      await ent.context.close();
    }
  });
});
