import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, TEST_TODAY, type Client, type TestApp } from '../../../../test/helpers';
import { addDays } from '../../../shared/time';
import { clockAt } from '../../platform/clock';
import { creditFlagsProvider, registerCreditFlags } from './org.hooks';

/**
 * The 失信 tag wherever an enterprise appears: the registry (list + detail) and the hazard ledger
 * (list + detail) carry the enterprise's 严重失信主体名单 entry in force, read through org's
 * `creditFlagsOf` hook that the inspection module registers (org and hazard do not import
 * inspection). Listing, 信用修复, expiry and a future start all show (or not) in the four views.
 */
let t: TestApp;
let office: Client;
let emergency: Client;
let qiye: Client;
let ent: string;
let hazardId: string;

type Flag = { reason: string; startsOn: string; endsOn: string; underRepair: boolean } | null;

beforeAll(async () => {
  t = await testApp();
  [office, emergency, qiye] = await Promise.all([t.login('anweiban'), t.login('yingjiju'), t.login('qiye')]);
  ent = qiye.user!.enterpriseId!;
  const h = await qiye.post('/api/hazards', { enterpriseId: ent, source: 'self_check', place: '储罐区', category: '危化品管理', description: '储罐区可燃气体报警器未定期检定' });
  expect(h.statusCode, h.body).toBe(201);
  hazardId = h.json().id;
});
afterAll(async () => {
  await t?.close();
});

/** The flag of the enterprise in the four views, as the office and as the enterprise itself see them. */
async function views(c: Client): Promise<{ list: Flag; detail: Flag; ledger: Flag[]; hazard: Flag }> {
  const detail = await c.get(`/api/enterprises/${ent}`);
  expect(detail.statusCode, detail.body).toBe(200);
  const list = await c.get('/api/enterprises', { q: detail.json().creditCode });
  expect(list.statusCode, list.body).toBe(200);
  const row = list.json().items.find((x: { id: string }) => x.id === ent);
  const ledger = await c.get('/api/hazards', { enterpriseId: ent, pageSize: 100 });
  expect(ledger.statusCode, ledger.body).toBe(200);
  expect(ledger.json().items.length).toBeGreaterThan(0);
  const hazard = await c.get(`/api/hazards/${hazardId}`);
  expect(hazard.statusCode, hazard.body).toBe(200);
  return { list: row.dishonest, detail: detail.json().dishonest, ledger: ledger.json().items.map((x: { enterpriseDishonest: Flag }) => x.enterpriseDishonest), hazard: hazard.json().enterpriseDishonest };
}

async function expectFlag(expected: Flag | 'none') {
  for (const c of [office, qiye]) {
    const v = await views(c);
    if (expected === 'none') {
      expect(v.detail).toBeNull();
      expect(v.list).toBeNull();
      expect(v.hazard).toBeNull();
      expect(v.ledger.every((x) => x === null)).toBe(true);
    } else {
      expect(v.detail).toEqual(expected);
      expect(v.list).toEqual(expected);
      expect(v.hazard).toEqual(expected);
      expect(v.ledger.every((x) => JSON.stringify(x) === JSON.stringify(expected))).toBe(true);
    }
  }
}

describe('the 失信 flag in the registry and the hazard ledger', () => {
  it('the demo: an enterprise on the list in force has hazards in the ledger, flagged there and in the registry', async () => {
    const listed = (await t.anonymous().get('/public/api/enforcement')).json().dishonest as { creditCode: string; underRepair: boolean }[];
    expect(listed.length).toBeGreaterThan(0);
    let withHazards = 0;
    for (const d of listed) {
      const e = (await office.get('/api/enterprises', { q: d.creditCode })).json().items[0];
      expect(e.dishonest).toMatchObject({ underRepair: d.underRepair });
      const ledger = (await office.get('/api/hazards', { enterpriseId: e.id })).json();
      if (ledger.items.length) withHazards++;
      for (const h of ledger.items) expect(h.enterpriseDishonest).toEqual(e.dishonest);
    }
    expect(withHazards).toBeGreaterThan(0);
    // Enterprises not on the list are not flagged.
    const page = (await office.get('/api/enterprises', { pageSize: 100 })).json().items as { creditCode: string; dishonest: Flag }[];
    const codes = new Set(listed.map((d) => d.creditCode));
    for (const e of page) expect(!!e.dishonest).toBe(codes.has(e.creditCode));
  });

  it('listed through inspection: the tag, its masked reason and period show in the four views, for the office and the enterprise itself', async () => {
    await expectFlag('none');
    const endsOn = addDays(TEST_TODAY, 365);
    const r = await emergency.post('/api/inspection/dishonest', { enterpriseId: ent, reason: '拒不执行安全监管指令，逾期未整改重大事故隐患（负责人王大明，手机 13907195566）', basis: '《安全生产严重失信主体名单管理办法》第六条', startsOn: TEST_TODAY, endsOn });
    expect(r.statusCode, r.body).toBe(201);
    await expectFlag({ reason: '拒不执行安全监管指令，逾期未整改重大事故隐患（负责人王**，手机 139****5566）', startsOn: TEST_TODAY, endsOn, underRepair: false });

    // 信用修复: under review the entry is still in force (flagged, marked); approved, it is gone everywhere.
    expect((await qiye.post(`/api/inspection/dishonest/${r.json().id}/repair`, { reason: '已完成整改并通过复查，作出信用承诺' })).statusCode).toBe(200);
    await expectFlag({ reason: '拒不执行安全监管指令，逾期未整改重大事故隐患（负责人王**，手机 139****5566）', startsOn: TEST_TODAY, endsOn, underRepair: true });
    const ok = await emergency.post(`/api/inspection/dishonest/${r.json().id}/repair-review`, { approved: true, opinion: '整改到位，同意信用修复' });
    expect(ok.statusCode, ok.body).toBe(200);
    await expectFlag('none');
  });

  it('expiry ends the flag without anyone acting; an entry starting tomorrow does not flag yet', async () => {
    const e = await emergency.post('/api/inspection/dishonest', { enterpriseId: ent, reason: '未按规定报告生产安全事故', basis: '管理办法第六条', startsOn: addDays(TEST_TODAY, -30), endsOn: addDays(TEST_TODAY, 30) });
    expect(e.statusCode, e.body).toBe(201);
    await expectFlag({ reason: '未按规定报告生产安全事故', startsOn: addDays(TEST_TODAY, -30), endsOn: addDays(TEST_TODAY, 30), underRepair: false });
    // the day after its end (the flags are kept per day: the new day reads them again)
    const saved = t.deps.clock;
    t.deps.clock = clockAt(`${addDays(TEST_TODAY, 31)}T09:00:00+08:00`);
    try {
      await expectFlag('none');
    } finally {
      t.deps.clock = saved;
    }
    await expectFlag({ reason: '未按规定报告生产安全事故', startsOn: addDays(TEST_TODAY, -30), endsOn: addDays(TEST_TODAY, 30), underRepair: false });
    await t.database.query(`UPDATE dishonest_entries SET ends_on = $2 WHERE id = $1`, [e.json().id, addDays(TEST_TODAY, -1)]);
    // an entry starting tomorrow does not flag yet (its listing is a write: the kept flags are read again, and the expired one is gone)
    const f = await emergency.post('/api/inspection/dishonest', { enterpriseId: ent, reason: '未按规定报告生产安全事故', basis: '管理办法第六条', startsOn: addDays(TEST_TODAY, 1), endsOn: addDays(TEST_TODAY, 365) });
    expect(f.statusCode, f.body).toBe(201);
    await expectFlag('none');
  });

  it('pages read the flags in force from a kept list: at most one query, none while it is fresh, again after a write', async () => {
    const calls: unknown[][] = [];
    const original = t.database.queryPrepared.bind(t.database);
    t.database.queryPrepared = (async (name: string, text: string, params: unknown[]) => {
      if (name === 'insp_dishonest_in_force') calls.push(params);
      return original(name, text, params);
    }) as typeof t.database.queryPrepared;
    try {
      const page = (await office.get('/api/hazards', { pageSize: 50 })).json();
      expect(page.items.length).toBe(50);
      expect(calls.length).toBeLessThanOrEqual(1);
      calls.length = 0;
      for (let i = 0; i < 3; i++) await office.get('/api/enterprises', { pageSize: 20, page: i + 1 });
      await office.get('/api/hazards', { pageSize: 50, page: 2 });
      expect(calls).toHaveLength(0);
      // a listing is seen on the next page at once (this instance drops the kept list at the commit)
      const other = (await emergency.get('/api/enterprises', { pageSize: 100 })).json().items.find((x: { dishonest: unknown }) => !x.dishonest) as { id: string; name: string };
      const listed = await emergency.post('/api/inspection/dishonest', { enterpriseId: other.id, reason: '拒不执行监管指令', basis: '管理办法第六条', startsOn: TEST_TODAY, endsOn: addDays(TEST_TODAY, 90) });
      expect(listed.statusCode, listed.body).toBe(201);
      const found = (await office.get('/api/enterprises', { q: other.name })).json().items.find((x: { id: string }) => x.id === other.id);
      expect(found.dishonest).toMatchObject({ reason: '拒不执行监管指令', startsOn: TEST_TODAY });
      expect(calls).toHaveLength(1);
      expect(calls[0]).toEqual([TEST_TODAY]);
    } finally {
      t.database.queryPrepared = original;
    }
  });

  it('with no provider registered (no inspection module) nobody is flagged', async () => {
    const listed = (await t.anonymous().get('/public/api/enforcement')).json().dishonest as { creditCode: string }[];
    expect(listed.length).toBeGreaterThan(0);
    const registered = creditFlagsProvider();
    expect(registered).toBeDefined();
    registerCreditFlags(undefined);
    try {
      for (const d of listed) {
        const e = (await office.get('/api/enterprises', { q: d.creditCode })).json().items[0];
        expect(e.dishonest).toBeNull();
        expect((await office.get(`/api/enterprises/${e.id}`)).json().dishonest).toBeNull();
        const ledger = (await office.get('/api/hazards', { enterpriseId: e.id })).json().items as { id: string; enterpriseDishonest: Flag }[];
        expect(ledger.every((h) => h.enterpriseDishonest === null)).toBe(true);
        if (ledger[0]) expect((await office.get(`/api/hazards/${ledger[0].id}`)).json().enterpriseDishonest).toBeNull();
      }
    } finally {
      registerCreditFlags(registered);
    }
  });
});
