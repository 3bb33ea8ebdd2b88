import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Client, type TestApp } from '../../../../test/helpers';
import { runCampaignReminders } from './index';

/** Reminder job: idempotent, once across concurrent runs, and pushed to the webhook (SMS gateway). */
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
  // A campaign running now (2026-11 … 2027-06), 区住建局 leading one item; the demo campaign is archived
  // so that only this campaign's reminders are counted.
  const list = (await office.get('/api/campaigns')).json();
  for (const c of list) await office.post(`/api/campaigns/${c.id}/archive`);
  campaignId = (await office.post('/api/campaigns', { name: '冬季燃气安全专项整治', startDate: '2026-11-01', endDate: '2027-06-30', settings: { remindDaysBefore: 3 } })).json().id;
  const task = (await office.post(`/api/campaigns/${campaignId}/tasks`, { kind: 'task', title: '燃气用户安全检查' })).json();
  await office.put(`/api/campaigns/${campaignId}/tasks/${task.id}/assignments`, { lead: [{ unitId: housingUnitId }], co: [], territorial: false });
  await office.put(`/api/campaigns/${campaignId}/tasks/${task.id}/milestones`, { milestones: [{ dueDate: '2026-11-15', kind: 'by' }] });
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
    const now = new Date('2026-11-22T01:00:00Z'); // 09:00 on the 22nd in Wuhan, due on the 25th
    const first = await runCampaignReminders(t.deps, now);
    expect(first).toMatchObject({ claimed: true });
    const due = await notes('due:');
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({ unit_id: housingUnitId });
    expect(due[0].title).toContain('2026年11月进展报告将于11月25日截止');
    const [audit] = await t.database.query<{ after: { notifications: number } }>("SELECT after FROM audit_log WHERE action = 'campaign.reminders' AND entity_id = '2026-11-22'");
    expect(audit.after.notifications).toBeGreaterThanOrEqual(1);
    const second = await runCampaignReminders(t.deps, new Date('2026-11-22T09:00:00Z'));
    expect(second).toMatchObject({ claimed: false, notifications: 0 });
    expect(await notes('due:')).toHaveLength(1);
    // The unit's users see it.
    const housing = await t.login('zhujianju');
    const n = (await housing.get('/api/notifications')).json();
    expect(n.items.some((x: { title: string; link: string }) => x.title.includes('11月25日截止') && x.link === `/campaigns/${campaignId}/report/2026-11`)).toBe(true);
  });

  it('two concurrent runs after the due date send one overdue reminder', async () => {
    const now = new Date('2026-11-27T01:00:00Z');
    const [a, b] = await Promise.all([runCampaignReminders(t.deps, now), runCampaignReminders(t.deps, now)]);
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
    const f = (await housing.get(`/api/campaigns/${campaignId}/reports/2026-11`)).json();
    const sub = await housing.post(`/api/campaigns/${campaignId}/reports/2026-11/submit`, { entries: [{ itemId: f.entries[0].itemId, status: '推进中', narrative: '已检查燃气用户320户' }] });
    expect(sub.statusCode, sub.body).toBe(200);
    const before = (await notes('')).length;
    await runCampaignReminders(t.deps, new Date('2026-11-28T01:00:00Z'));
    expect((await notes('')).length).toBe(before);
  });

  it('posts every reminder to the webhook as JSON; a failing gateway is retried on the next tick', async () => {
    const keys = (await notes('')).map((n) => n.dedupe_key);
    await runCampaignReminders(t.deps, new Date('2026-11-28T02:00:00Z'));
    const got = received.map((r) => r.body);
    for (const k of ['due', 'overdue_report', 'overdue_items']) expect(got.some((b) => b.kind === (k === 'due' ? 'due_soon' : k))).toBe(true);
    const one = got.find((b) => b.kind === 'due_soon');
    expect(one).toMatchObject({ event: 'campaign.reminder', campaign: { id: campaignId, name: '冬季燃气安全专项整治' }, unit: { id: housingUnitId, name: '区住建局' }, period: '2026-11', dueDate: '2026-11-25' });
    expect(one.link).toMatch(/^http:\/\/localhost:\d+\/campaigns\//);
    expect(received[0].headers['content-type']).toContain('application/json');
    expect(got).toHaveLength(keys.length);
    // Gateway down: the next day's reminder stays queued, nothing crashes, delivered once it is back.
    failNext = 100;
    const down = await runCampaignReminders(t.deps, new Date('2026-12-21T01:00:00Z'));
    expect(down).toMatchObject({ claimed: true });
    expect(down!.failed).toBeGreaterThan(0);
    const [pending] = await t.database.query<{ n: number; attempts: number }>('SELECT count(*)::int AS n, max(attempts)::int AS attempts FROM campaign_webhook_outbox WHERE delivered_at IS NULL');
    expect(pending.n).toBeGreaterThan(0);
    expect(pending.attempts).toBe(1);
    failNext = 0;
    const before = received.length;
    const up = await runCampaignReminders(t.deps, new Date('2026-12-21T02:00:00Z'));
    expect(up).toMatchObject({ claimed: false, failed: 0 });
    expect(up!.delivered).toBe(pending.n);
    expect(received.length - before).toBe(pending.n);
    const [left] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM campaign_webhook_outbox WHERE delivered_at IS NULL');
    expect(left.n).toBe(0);
    // Delivered ones are never sent twice.
    await runCampaignReminders(t.deps, new Date('2026-12-21T03:00:00Z'));
    expect(received.length - before).toBe(pending.n);
  });
});
