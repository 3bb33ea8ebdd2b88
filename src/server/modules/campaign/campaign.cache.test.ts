import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Client, type TestApp } from '../../../../test/helpers';
import { TEST_TODAY } from '../../../../test/template';
import { cachedCampaignView, forgetCampaignViews } from './campaign.cache';

/**
 * The dashboard is kept between calls (campaign.cache.ts): every write of the ledger must show in
 * the very next answer of this instance — no stale figure after a review, a filing or an edit.
 */

let t: TestApp;
let office: Client, housing: Client, street: Client, emergency: Client;
let demoId: string;

interface Dash {
  summary: { pendingReview: number; acceptedReports: number; leadDone: number; items: number };
  byUnit: { unitId: string; done: number; total: number }[];
  byPhase: { name: string }[];
  heatmap: { units: { unitId: string }[]; periods: string[]; cells: [number, number, string][] };
  campaign: { name: string };
}

beforeAll(async () => {
  t = await testApp();
  [office, housing, street, emergency] = await Promise.all(['anweiban', 'zhujianju', 'jiangjunlu', 'yingjiju'].map((u) => t.login(u)));
  const list = (await office.get('/api/campaigns')).json();
  demoId = list.find((c: { name: string }) => c.name === '东西湖区安全生产专项整治三年行动方案').id;
});
afterAll(async () => {
  await t.close();
});

const dash = async (c: Client = office): Promise<Dash> => {
  const r = await c.get(`/api/campaigns/${demoId}/dashboard`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};
const cell = (d: Dash, unitId: string, period: string) => {
  const ui = d.heatmap.units.findIndex((u) => u.unitId === unitId);
  const pi = d.heatmap.periods.indexOf(period);
  return d.heatmap.cells.find((c) => c[0] === ui && c[1] === pi)?.[2];
};

describe('dashboard cache: every write shows in the next answer', () => {
  it('accepting, returning and resubmitting a report move the figures at once', async () => {
    const before = await dash();
    expect(await dash()).toEqual(before); // kept: the same answer
    const pending = (await office.get(`/api/campaigns/${demoId}/reports`, { status: 'submitted', pageSize: '100' })).json();
    expect(pending.items.length).toBeGreaterThan(0);
    const r = pending.items[0] as { id: string; unitId: string; period: string };
    expect(cell(before, r.unitId, r.period)).toBe('submitted');

    expect((await office.post(`/api/campaign-reports/${r.id}/accept`, {})).statusCode).toBe(200);
    const accepted = await dash();
    expect(accepted.summary.pendingReview).toBe(before.summary.pendingReview - 1);
    expect(accepted.summary.acceptedReports).toBe(before.summary.acceptedReports + 1);
    expect(cell(accepted, r.unitId, r.period)).toMatch(/^accepted/);

    expect((await office.post(`/api/campaign-reports/${r.id}/return`, { comment: '请补充' })).statusCode).toBe(200);
    const returned = await dash();
    expect(returned.summary.acceptedReports).toBe(before.summary.acceptedReports);
    expect(cell(returned, r.unitId, r.period)).toBe('returned');
  });

  it('a unit\'s first save of the month shows on its own dashboard and the office\'s', async () => {
    const current = TEST_TODAY.slice(0, 7);
    const housingId = (await housing.get('/api/auth/me')).json().user.unitId as string;
    const officeBefore = await dash();
    const ownBefore = await dash(housing);
    expect(cell(officeBefore, housingId, current)).not.toBe('draft');
    const f = (await housing.get(`/api/campaigns/${demoId}/reports/${current}`)).json();
    expect(f.status).toBe('missing');
    const s = await housing.put(`/api/campaigns/${demoId}/reports/${current}`, { summary: '本月工作开展情况。' });
    expect(s.statusCode, s.body).toBe(200);
    const overdue = f.dueDate < TEST_TODAY;
    expect(cell(await dash(), housingId, current)).toBe(overdue ? 'missing' : 'draft');
    expect(cell(await dash(housing), housingId, current)).toBe(overdue ? 'missing' : 'draft');
    // Submitting it puts it on the office's desk at once.
    expect((await housing.post(`/api/campaigns/${demoId}/reports/${current}/submit`, {})).statusCode).toBe(200);
    const after = await dash();
    expect(after.summary.pendingReview).toBe(officeBefore.summary.pendingReview + 1);
    expect(cell(after, housingId, current)).toBe('submitted');
    expect(cell(await dash(housing), housingId, current)).toBe('submitted');
    expect(ownBefore.heatmap.units.map((u) => u.unitId)).toEqual([housingId]);
  });

  it('an edit of the campaign shows at once in every scope', async () => {
    const streetBefore = await dash(street);
    const c = (await office.get(`/api/campaigns/${demoId}`)).json();
    expect((await office.patch(`/api/campaigns/${demoId}`, { name: `${c.name}（修订）`, version: c.version })).statusCode).toBeLessThan(300);
    expect((await dash()).campaign.name).toBe(`${c.name}（修订）`);
    expect((await dash(street)).campaign.name).toBe(`${c.name}（修订）`);
    expect(streetBefore.heatmap.units.length).toBe(1);
  });
});

interface Form {
  status: string;
  version: number;
  entries: { itemId: string; title: string; role: string; contributions?: { unitName: string; status: string; narrative: string }[] }[];
  indicators: { id: string; name: string }[];
}

describe("a unit's form: the parts its draft saves cannot change are kept, every other write shows at once", () => {
  it('a co unit\'s submission, an edit of the item and a new indicator show in the lead\'s next answer', async () => {
    const month = TEST_TODAY.slice(0, 7);
    const formOf = async (c: Client): Promise<Form> => {
      const r = await c.get(`/api/campaigns/${demoId}/reports/${month}`);
      expect(r.statusCode, r.body).toBe(200);
      let f = r.json() as Form;
      if (f.status === 'submitted') {
        expect((await c.post(`/api/campaigns/${demoId}/reports/${month}/withdraw`)).statusCode).toBe(200);
        f = (await c.get(`/api/campaigns/${demoId}/reports/${month}`)).json();
      }
      return f;
    };
    const save = async (c: Client, body: object): Promise<Form> => {
      const r = await c.put(`/api/campaigns/${demoId}/reports/${month}`, body);
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    const own = await formOf(emergency);
    const lead = await formOf(housing);
    const item = lead.entries.find((e) => e.role === 'lead' && own.entries.some((x) => x.itemId === e.itemId && x.role === 'co'));
    expect(item, '住建局牵头、应急局配合的事项').toBeDefined();
    const itemId = item!.itemId;
    const shown = (f: Form) => f.entries.find((e) => e.itemId === itemId)!;

    // The lead saves (its form's parts are loaded and kept), the co unit saves a draft: not shown.
    await save(housing, { summary: '牵头单位本月草稿。' });
    await save(emergency, { entries: [{ itemId, status: '推进中', narrative: '配合单位草稿，未报送。' }] });
    const again = await save(housing, { summary: '牵头单位本月草稿（二）。' });
    expect(shown(again).contributions?.some((c) => c.narrative === '配合单位草稿，未报送。')).toBe(false);

    // Submitted: the lead's very next save answers with it.
    const sub = await emergency.post(`/api/campaigns/${demoId}/reports/${month}/submit`, { entries: [{ itemId, status: '推进中', narrative: '配合开展联合检查 3 次。' }] });
    expect(sub.statusCode, sub.body).toBe(200);
    const withIt = await save(housing, { summary: '牵头单位本月草稿（三）。' });
    expect(shown(withIt).contributions).toEqual(expect.arrayContaining([expect.objectContaining({ unitName: '区应急管理局', status: '推进中', narrative: '配合开展联合检查 3 次。' })]));

    // The office renames the item: the next save shows the new title.
    const renamed = await office.patch(`/api/campaigns/${demoId}/tasks/${itemId}`, { title: `${item!.title}（调整）` });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(shown(await save(housing, { summary: '牵头单位本月草稿（四）。' })).title).toBe(`${item!.title}（调整）`);

    // A new indicator on the item's task: in the next form.
    const tree = (await office.get(`/api/campaigns/${demoId}/tree`)).json() as { nodes: { id: string; kind: string; parentId: string | null }[] };
    const taskId = tree.nodes.find((n) => n.id === itemId)!.parentId!;
    const ind = await office.post(`/api/campaigns/${demoId}/indicators`, { taskId, name: '联合检查完成率', unit: '%', targetValue: 100, comparator: '>=' });
    expect(ind.statusCode, ind.body).toBe(201);
    expect((await formOf(housing)).indicators.map((i) => i.name)).toContain('联合检查完成率');
    expect((await save(housing, { summary: '牵头单位本月草稿（五）。' })).indicators.map((i) => i.name)).toContain('联合检查完成率');
  });
});

describe('cachedCampaignView', () => {
  const db = {} as never;
  it('shares one load, drops it after a write, never keeps a load a write overtook or a failed one', async () => {
    let loads = 0;
    const load = async () => ++loads;
    expect(await cachedCampaignView(db, 'c1', 'k', load)).toBe(1);
    expect(await cachedCampaignView(db, 'c1', 'k', load)).toBe(1);
    forgetCampaignViews(db, 'c2');
    expect(await cachedCampaignView(db, 'c1', 'k', load)).toBe(1);
    forgetCampaignViews(db, 'c1');
    expect(await cachedCampaignView(db, 'c1', 'k', load)).toBe(2);
    // A load begun before a commit: its callers get it, the next caller loads again.
    let release!: () => void;
    const slow = cachedCampaignView(db, 'c1', 'slow', () => new Promise<number>((r) => (release = () => r(++loads))));
    forgetCampaignViews(db);
    release();
    expect(await slow).toBe(3);
    expect(await cachedCampaignView(db, 'c1', 'slow', load)).toBe(4);
    await expect(cachedCampaignView(db, 'c3', 'k', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await cachedCampaignView(db, 'c3', 'k', load)).toBe(5);
  });

  it('a draft save drops the views that show drafts, not those marked as surviving it', async () => {
    let loads = 0;
    const load = async () => ++loads;
    const kept = { survivesDraftSaves: true };
    expect(await cachedCampaignView(db, 'd1', 'dashboard', load)).toBe(1);
    expect(await cachedCampaignView(db, 'd1', 'duties', load, kept)).toBe(2);
    forgetCampaignViews(db, 'd1', { draftSave: true });
    expect(await cachedCampaignView(db, 'd1', 'dashboard', load)).toBe(3);
    expect(await cachedCampaignView(db, 'd1', 'duties', load, kept)).toBe(2);
    forgetCampaignViews(db, 'd1');
    expect(await cachedCampaignView(db, 'd1', 'duties', load, kept)).toBe(4);
    // A surviving view that was loading during a draft save is kept; during any other write, not.
    let release!: () => void;
    const during = (key: string) => cachedCampaignView(db, 'd1', key, () => new Promise<number>((r) => (release = () => r(++loads))), kept);
    const a = during('a');
    forgetCampaignViews(db, 'd1', { draftSave: true });
    release();
    expect(await a).toBe(5);
    expect(await cachedCampaignView(db, 'd1', 'a', load, kept)).toBe(5);
    const b = during('b');
    forgetCampaignViews(db, 'd1');
    release();
    expect(await b).toBe(6);
    expect(await cachedCampaignView(db, 'd1', 'b', load, kept)).toBe(7);
  });
});
