import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Client, type TestApp } from '../../../../test/helpers';
import { TEST_TODAY } from '../../../../test/template';
import { clockAt } from '../../platform/clock';
import { lastDay, periodLabel, shiftPeriod } from '../../../shared/campaign/periods';
import { formatDateChinese } from '../../../shared/time';
import { runCampaignReminders } from './index';

/**
 * Reminder job: idempotent, once across concurrent runs, and pushed to the webhook (SMS gateway).
 * Dates follow TEST_TODAY: the campaign starts the month before (M) and the job runs on days of M
 * and the next month (N), each run with the domain clock set to that moment.
 */
const M = shiftPeriod(TEST_TODAY.slice(0, 7), -1);
const N = shiftPeriod(M, 1);
/** A moment in Wuhan (China time). */
const at = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);
const run = (now: Date) => runCampaignReminders({ ...t.deps, clock: clockAt(now) });
let t: TestApp;
let office: Client;
let server: Server;
const received: { headers: Record<string, unknown>; body: any }[] = [];
let failNext = 0;
let campaignId: string;
let housingUnitId: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end('busy');
        return;
      }
      received.push({ headers: req.headers, body: JSON.parse(data) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  t = await testApp({ webhookUrl: `http://127.0.0.1:${port}/sms` });
  office = await t.login('anweiban');
  const tree = (await office.get('/api/org/tree')).json();
  housingUnitId = tree.units.find((u: { code: string }) => u.code === 'dept.housing').id;
  // A campaign running from M for eight months, 区住建局 leading one item due on M-15; the demo
  // campaign is archived so that only this campaign's reminders are counted.
  const list = (await office.get('/api/campaigns')).json();
  for (const c of list) await office.post(`/api/campaigns/${c.id}/archive`);
  campaignId = (await office.post('/api/campaigns', { name: '冬季燃气安全专项整治', startDate: `${M}-01`, endDate: lastDay(shiftPeriod(M, 7)), settings: { remindDaysBefore: 3 } })).json().id;
  const task = (await office.post(`/api/campaigns/${campaignId}/tasks`, { kind: 'task', title: '燃气用户安全检查' })).json();
  await office.put(`/api/campaigns/${campaignId}/tasks/${task.id}/assignments`, { lead: [{ unitId: housingUnitId }], co: [], territorial: false });
  await office.put(`/api/campaigns/${campaignId}/tasks/${task.id}/milestones`, { milestones: [{ dueDate: `${M}-15`, kind: 'by' }] });
});

afterAll(async () => {
  await t?.close();
  await new Promise((r) => server.close(r));
});

async function notes(prefix: string) {
  return t.database.query<{ dedupe_key: string; unit_id: string; title: string }>('SELECT dedupe_key, unit_id, title FROM notifications WHERE dedupe_key LIKE $1 ORDER BY dedupe_key', [`campaign:${campaignId}:${prefix}%`]);
}

describe('reminder job', () => {
  it('reminds N days before the due date, once, however often it runs', async () => {
    const first = await run(at(`${M}-22`, '09:00')); // due on the 25th
    expect(first).toMatchObject({ claimed: true });
    const due = await notes('due:');
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({ unit_id: housingUnitId });
    expect(due[0].title).toContain(`${periodLabel(M)}进展报告将于${formatDateChinese(`${M}-25`).slice(5)}截止`);
    const [audit] = await t.database.query<{ after: { notifications: number } }>("SELECT after FROM audit_log WHERE action = 'campaign.reminders' AND entity_id = $1", [`${M}-22`]);
    expect(audit.after.notifications).toBeGreaterThanOrEqual(1);
    const second = await run(at(`${M}-22`, '17:00'));
    expect(second).toMatchObject({ claimed: false, notifications: 0 });
    expect(await notes('due:')).toHaveLength(1);
    // The unit's users see it.
    const housing = await t.login('zhujianju');
    const n = (await housing.get('/api/notifications')).json();
    expect(n.items.some((x: { title: string; link: string }) => x.title.includes(`${formatDateChinese(`${M}-25`).slice(5)}截止`) && x.link === `/campaigns/${campaignId}/report/${M}`)).toBe(true);
  });

  it('two concurrent runs after the due date send one overdue reminder', async () => {
    const now = at(`${M}-27`, '09:00');
    const [a, b] = await Promise.all([run(now), run(now)]);
    const claimed = [a, b].filter((r) => r?.claimed);
    expect(claimed).toHaveLength(1);
    const overdue = await notes('overdue:');
    expect(overdue).toHaveLength(1);
    expect(overdue[0].title).toContain('已逾期');
    const items = await notes('items:');
    expect(items).toHaveLength(1);
    expect(items[0].title).toContain('1项任务已超过完成时限');
  });

  it('a submitted report is not reminded', async () => {
    const housing = await t.login('zhujianju');
    const f = (await housing.get(`/api/campaigns/${campaignId}/reports/${M}`)).json();
    const sub = await housing.post(`/api/campaigns/${campaignId}/reports/${M}/submit`, { entries: [{ itemId: f.entries[0].itemId, status: '推进中', narrative: '已检查燃气用户320户' }] });
    expect(sub.statusCode, sub.body).toBe(200);
    const before = (await notes('')).length;
    await run(at(`${M}-28`, '09:00'));
    expect((await notes('')).length).toBe(before);
  });

  it('posts every reminder to the webhook as JSON; a failing gateway is retried on the next tick', async () => {
    const keys = (await notes('')).map((n) => n.dedupe_key);
    await run(at(`${M}-28`, '10:00'));
    const got = received.map((r) => r.body);
    for (const k of ['due', 'overdue_report', 'overdue_items']) expect(got.some((b) => b.kind === (k === 'due' ? 'due_soon' : k))).toBe(true);
    const one = got.find((b) => b.kind === 'due_soon');
    expect(one).toMatchObject({ event: 'campaign.reminder', campaign: { id: campaignId, name: '冬季燃气安全专项整治' }, unit: { id: housingUnitId, name: '区住建局' }, period: M, dueDate: `${M}-25` });
    expect(one.link).toMatch(/^http:\/\/localhost:\d+\/campaigns\//);
    expect(received[0].headers['content-type']).toContain('application/json');
    expect(got).toHaveLength(keys.length);
    // Gateway down: the next day's reminder stays queued, nothing crashes, delivered once it is back.
    failNext = 100;
    const down = await run(at(`${N}-21`, '09:00'));
    expect(down).toMatchObject({ claimed: true });
    expect(down!.failed).toBeGreaterThan(0);
    const [pending] = await t.database.query<{ n: number; attempts: number }>('SELECT count(*)::int AS n, max(attempts)::int AS attempts FROM campaign_webhook_outbox WHERE delivered_at IS NULL');
    expect(pending.n).toBeGreaterThan(0);
    expect(pending.attempts).toBe(1);
    failNext = 0;
    const before = received.length;
    const up = await run(at(`${N}-21`, '10:00'));
    expect(up).toMatchObject({ claimed: false, failed: 0 });
    expect(up!.delivered).toBe(pending.n);
    expect(received.length - before).toBe(pending.n);
    const [left] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM campaign_webhook_outbox WHERE delivered_at IS NULL');
    expect(left.n).toBe(0);
    // Delivered ones are never sent twice.
    await run(at(`${N}-21`, '11:00'));
    expect(received.length - before).toBe(pending.n);
  });
});
