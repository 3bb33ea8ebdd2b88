import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { testApp, TEST_TODAY, type Client, type TestApp } from '../../../../test/helpers';
import { rows } from '../../db';
import { formatDateTime } from '../../../shared/time';
import { haversineKm } from './emergency.map';
import { shiftSpan } from './emergency.duty';
import { notifyOverdueAccidents, yoy } from './emergency.accidents';
import { clockAt } from '../../platform/clock';

let t: TestApp;
let office: Client, street: Client, qiye: Client, housing: Client, inspector: Client, admin: Client;
const month = TEST_TODAY.slice(0, 7);
const nextMonth = (() => {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
})();

beforeAll(async () => {
  t = await testApp();
  [office, street, qiye, housing, inspector, admin] = await Promise.all(['anweiban', 'jiangjunlu', 'qiye', 'zhujianju', 'jiancha', 'admin'].map((u) => t.login(u)));
});
afterAll(async () => {
  await t?.close();
});

const body = (deaths: number, seriousInjuries: number, directLossWan: number, extra: Record<string, unknown> = {}) => ({
  type: '机械伤害',
  occurredAt: new Date(Date.parse(`${TEST_TODAY}T09:30:00+08:00`)).toISOString(),
  place: '厂区二号车间',
  summary: '冲压设备检修时误启动，夹伤作业人员',
  cause: '检修未停机上锁',
  deaths,
  seriousInjuries,
  directLossWan,
  ...extra,
});

describe('accident reports (493号令)', () => {
  it('the enterprise files a 首报 of its own accident; grade derived; deadline 1 hour; late flagged', async () => {
    const r = await qiye.post('/api/emergency/accidents', body(0, 1, 12.5));
    expect(r.statusCode, r.body).toBe(201);
    const a = r.json();
    expect(a.grade).toBe('一般');
    expect(a.enterpriseName).toBeTruthy();
    expect(a.status).toBe('open');
    expect(a.timeline).toHaveLength(1);
    expect(a.timeline[0]).toMatchObject({ kind: 'first', kindLabel: '首报' });
    // the clock is 10:00; occurred 09:30 → due 10:30, reported in time
    expect(a.deadlineAt).toBe(new Date(Date.parse(`${TEST_TODAY}T10:30:00+08:00`)).toISOString());
    expect(a.firstLate).toBe(false);
    const late = (await qiye.post('/api/emergency/accidents', body(0, 0, 1, { occurredAt: new Date(Date.parse(`${TEST_TODAY}T07:00:00+08:00`)).toISOString() }))).json();
    expect(late.firstLate).toBe(true);
    expect(late.timeline[0].late).toBe(true);
    // known later than it happened: the hour runs from then
    const known = (await qiye.post('/api/emergency/accidents', body(0, 0, 1, { occurredAt: new Date(Date.parse(`${TEST_TODAY}T07:00:00+08:00`)).toISOString(), knownAt: new Date(Date.parse(`${TEST_TODAY}T09:20:00+08:00`)).toISOString() }))).json();
    expect(known.firstLate).toBe(false);
  });

  it('grade on the server at the thresholds (3 deaths → 较大; 10 serious → 较大; 1000万 → 较大; 5000万 → 重大)', async () => {
    const g = async (d: number, s: number, l: number) => (await qiye.post('/api/emergency/accidents', body(d, s, l))).json().grade;
    expect(await g(2, 9, 999.99)).toBe('一般');
    expect(await g(3, 0, 0)).toBe('较大');
    expect(await g(0, 10, 0)).toBe('较大');
    expect(await g(0, 0, 1000)).toBe('较大');
    expect(await g(0, 0, 5000)).toBe('重大');
    expect(await g(30, 0, 0)).toBe('特别重大');
  });

  it('续报 updates casualties and grade, 终报 closes; the office sees the timeline with actors', async () => {
    const a = (await qiye.post('/api/emergency/accidents', body(1, 2, 80))).json();
    const f = await qiye.post(`/api/emergency/accidents/${a.id}/reports`, { kind: 'follow', content: '两名重伤人员中一人抢救无效死亡', deaths: 3, seriousInjuries: 1, directLossWan: 120 });
    expect(f.statusCode, f.body).toBe(201);
    expect(f.json()).toMatchObject({ grade: '较大', deaths: 3, status: 'open', reportCount: 2 });
    const fin = await street.post(`/api/emergency/accidents/${a.id}/reports`, { kind: 'final', content: '伤亡人数确定', deaths: 3, seriousInjuries: 1, directLossWan: 150 });
    expect(fin.statusCode, fin.body).toBe(201);
    expect(fin.json().status).toBe('closed');
    const again = await qiye.post(`/api/emergency/accidents/${a.id}/reports`, { kind: 'follow', content: '再报', deaths: 3, seriousInjuries: 1, directLossWan: 150 });
    expect(again.statusCode).toBe(409);
    const d = (await office.get(`/api/emergency/accidents/${a.id}`)).json();
    expect(d.timeline.map((x: { kindLabel: string }) => x.kindLabel)).toEqual(['首报', '续报', '终报']);
    expect(d.timeline[1].grade).toBe('较大');
    expect(d.timeline[2].actorUnit).toBe('将军路街道');
    // the timeline keeps what each report said
    expect(d.timeline[0]).toMatchObject({ deaths: 1, grade: '一般' });
    // audit rows in the same transactions
    const audit = await rows<{ action: string }>(t.database.db, sql`SELECT action FROM audit_log WHERE entity_id = ${a.id} ORDER BY id`);
    expect(audit.map((x) => x.action)).toEqual(['emergency.accident.report', 'emergency.accident.follow', 'emergency.accident.final']);
  });

  it('scope: the enterprise sees only its own; 区住建局 not a 危险化学品 accident; out-of-scope places refused', async () => {
    const a = (await qiye.post('/api/emergency/accidents', body(0, 1, 3))).json();
    expect((await housing.get(`/api/emergency/accidents/${a.id}`)).statusCode).toBe(404);
    expect((await inspector.get(`/api/emergency/accidents/${a.id}`)).statusCode).toBe(200);
    const list = (await qiye.get('/api/emergency/accidents', { pageSize: '100' })).json();
    expect(list.items.every((x: { enterpriseId: string }) => x.enterpriseId === a.enterpriseId)).toBe(true);
    // a street reports an accident in another street: refused, naming the field
    const other = await street.post('/api/emergency/accidents', body(0, 1, 3, { enterpriseName: '某临时工地', regionCode: '420112001', sector: 'construction' }));
    expect(other.statusCode).toBe(400);
    expect(other.body).toContain('regionCode');
    const own = await street.post('/api/emergency/accidents', body(0, 1, 3, { enterpriseName: '某临时工地', regionCode: '420112004', sector: 'construction' }));
    expect(own.statusCode, own.body).toBe(201);
    expect((await housing.get(`/api/emergency/accidents/${own.json().id}`)).statusCode).toBe(200);
    // an inspector reads but does not report
    expect((await inspector.post('/api/emergency/accidents', body(0, 1, 3))).statusCode).toBe(403);
  });

  it('bad input: future time, negative counts, unknown type — 400 with the field, nothing written', async () => {
    const before = (await office.get('/api/emergency/accidents')).json().total;
    const future = await qiye.post('/api/emergency/accidents', body(0, 0, 1, { occurredAt: new Date(Date.parse(`${TEST_TODAY}T12:00:00+08:00`)).toISOString() }));
    expect(future.statusCode).toBe(400);
    expect(future.json().message).toMatch(/发生时间/);
    expect((await qiye.post('/api/emergency/accidents', body(-1, 0, 1))).statusCode).toBe(400);
    expect((await qiye.post('/api/emergency/accidents', body(0, 0, 1, { type: '外星入侵' }))).statusCode).toBe(400);
    expect((await qiye.post('/api/emergency/accidents', body(0, 0, 1.234))).statusCode).toBe(400);
    expect((await office.get('/api/emergency/accidents')).json().total).toBe(before);
  });

  it('demo data: overdue flagged (no 终报 past the 补报 window), 续报 pending, the list filters overdue', async () => {
    const r = (await office.get('/api/emergency/accidents', { overdue: 'true', pageSize: '100' })).json();
    expect(r.overdueCount).toBeGreaterThan(0);
    expect(r.items.length).toBe(r.overdueCount);
    expect(r.items.every((x: { firstLate: boolean; finalOverdue: boolean }) => x.firstLate || x.finalOverdue)).toBe(true);
    expect(r.items.some((x: { finalOverdue: boolean }) => x.finalOverdue)).toBe(true);
    const open = (await office.get('/api/emergency/accidents', { status: 'open', pageSize: '100' })).json();
    expect(open.items.some((x: { reportCount: number; finalOverdue: boolean }) => x.reportCount >= 2 && !x.finalOverdue)).toBe(true);
  });

  it('the overdue job tells the reporting unit and the office once per milestone: 首报迟报, then 终报逾期', async () => {
    const at = (hhmm: string) => new Date(Date.parse(`${TEST_TODAY}T${hhmm}:00+08:00`)).toISOString();
    // The street reports at 10:00 an accident of 07:00 (due 08:00): two hours late. Another one in time.
    const late = (await street.post('/api/emergency/accidents', body(0, 1, 3, { occurredAt: at('07:00'), enterpriseName: '某仓储点', regionCode: '420112004', sector: 'construction' }))).json();
    const inTime = (await street.post('/api/emergency/accidents', body(0, 1, 3, { occurredAt: at('09:40'), enterpriseName: '某装修工地', regionCode: '420112004', sector: 'construction' }))).json();
    // The enterprise reports its own late: its users are told.
    const entLate = (await qiye.post('/api/emergency/accidents', body(0, 0, 1, { occurredAt: at('06:30') }))).json();
    expect([late.firstLate, inTime.firstLate, entLate.firstLate]).toEqual([true, false, true]);
    const mine = async (c: Client, id: string) => (await c.get('/api/notifications', { pageSize: 100 })).json().items.filter((n: { link: string }) => n.link === `/emergency/accidents/${id}`);
    const notices = async (id: string) => rows<{ milestone: string; unit_ids: string[]; user_ids: string[]; deadline_at: Date }>(t.database.db, sql`SELECT milestone, unit_ids, user_ids, deadline_at FROM emergency_accident_notices WHERE accident_id = ${id} ORDER BY sent_at, milestone`);

    const first = await notifyOverdueAccidents(t.deps);
    expect(first!.sent).toBeGreaterThanOrEqual(2);
    const s = await mine(street, late.id);
    expect(s).toHaveLength(1);
    expect(s[0].title).toBe(`事故首报迟报：某仓储点 ${TEST_TODAY} 07:00 机械伤害事故`);
    expect(s[0].body).toContain(`应于 ${TEST_TODAY} 08:00 前报送`);
    expect(s[0].body).toContain('迟报 2 小时');
    expect((await mine(office, late.id)).map((n: { title: string }) => n.title)).toEqual([s[0].title]);
    expect(await mine(street, inTime.id)).toEqual([]);
    expect((await mine(qiye, entLate.id)).map((n: { title: string }) => n.title)).toEqual([expect.stringMatching(/^事故首报迟报：/)]);
    expect((await mine(office, entLate.id))).toHaveLength(1);
    const [n1] = await notices(late.id);
    expect(n1).toMatchObject({ milestone: 'first_late', unit_ids: expect.arrayContaining([street.user!.unitId, office.user!.unitId]), user_ids: [] });
    expect(new Date(n1.deadline_at).toISOString()).toBe(late.deadlineAt);
    expect((await notices(entLate.id))[0].user_ids).toContain(qiye.user!.id);

    // Re-runs send nothing again.
    expect((await notifyOverdueAccidents(t.deps))!.sent).toBe(0);
    expect(await mine(street, late.id)).toHaveLength(1);

    // 31 days on (机械伤害: 30 days to 终报) the open ones are overdue: told once more each, by name and deadline.
    const later = { ...t.deps, clock: clockAt(new Date(Date.parse(late.occurredAt) + 31 * 86_400_000)) };
    await street.post(`/api/emergency/accidents/${inTime.id}/reports`, { kind: 'final', content: '伤亡人数确定', deaths: 0, seriousInjuries: 1, directLossWan: 3 });
    expect((await notifyOverdueAccidents(later))!.sent).toBeGreaterThanOrEqual(2);
    const s2 = (await mine(street, late.id)).map((n: { title: string; body: string }) => n);
    expect(s2).toHaveLength(2);
    const overdue = s2.find((n: { title: string }) => n.title.startsWith('事故终报逾期：'))!;
    expect(overdue.title).toBe(`事故终报逾期：某仓储点 ${TEST_TODAY} 07:00 机械伤害事故`);
    expect(overdue.body).toContain(`应于 ${formatDateTime(late.followDue)} 前报送`);
    expect(overdue.body).toContain('30 日内');
    expect((await notices(late.id)).map((n) => n.milestone)).toEqual(['first_late', 'final_overdue']);
    // The closed one is not overdue; nothing is sent twice.
    expect(await mine(street, inTime.id)).toEqual([]);
    expect((await notifyOverdueAccidents(later))!.sent).toBe(0);
    expect(await mine(office, late.id)).toHaveLength(2);
  });

  it('monthly statistics by sector and street with the change year on year, and the .xlsx', async () => {
    const year = Number(TEST_TODAY.slice(0, 4));
    const m = Number(TEST_TODAY.slice(5, 7));
    const s = (await office.get('/api/emergency/accidents/stats')).json();
    expect(s).toMatchObject({ year, month: m });
    // totals are the sums of the rows (by street, every accident has a street)
    const sum = (k: 'count' | 'deaths') => s.byStreet.reduce((a: number, r: { cumulative: Record<string, number> }) => a + r.cumulative[k], 0);
    expect(sum('count')).toBe(s.total.cumulative.count);
    expect(sum('deaths')).toBe(s.total.cumulative.deaths);
    expect(s.bySector.reduce((a: number, r: { cumulative: { count: number } }) => a + r.cumulative.count, 0)).toBe(s.total.cumulative.count);
    // compare with the database directly (China time)
    const [db] = await rows<{ n: number; last: number }>(
      t.database.db,
      sql`SELECT count(*) FILTER (WHERE extract(year FROM occurred_at AT TIME ZONE 'Asia/Shanghai') = ${year} AND extract(month FROM occurred_at AT TIME ZONE 'Asia/Shanghai') <= ${m})::int AS n,
                 count(*) FILTER (WHERE extract(year FROM occurred_at AT TIME ZONE 'Asia/Shanghai') = ${year - 1} AND extract(month FROM occurred_at AT TIME ZONE 'Asia/Shanghai') <= ${m})::int AS last
          FROM emergency_accidents WHERE region_code LIKE '420112%'`,
    );
    expect(s.total.cumulative.count).toBe(db.n);
    expect(s.total.lastYear.count).toBe(db.last);
    expect(db.last).toBeGreaterThan(0);
    expect(s.total.change.count).toBe(yoy(db.n, db.last));
    expect(s.byMonth).toHaveLength(12);
    // the street sees its own street only
    const st = (await street.get('/api/emergency/accidents/stats')).json();
    expect(st.byStreet.map((r: { key: string }) => r.key)).toEqual(['420112004']);
    const x = await office.get('/api/emergency/accidents/stats.xlsx', { year: String(year), month: String(m) });
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按行业领域', '按街道']);
    expect(String(wb.worksheets[1].getRow(2).getCell(1).value)).toBe('街道');
    expect(String(wb.worksheets[1].lastRow!.getCell(1).value)).toBe('合计');
    expect((await qiye.get('/api/emergency/accidents/stats')).statusCode).toBe(403);
    expect((await office.get('/api/emergency/accidents/stats', { month: '13' })).statusCode).toBe(400);
  });

  it('同比 is (now − before)/before, null without a base', () => {
    expect(yoy(12, 10)).toBe(20);
    expect(yoy(5, 10)).toBe(-50);
    expect(yoy(3, 0)).toBeNull();
  });
});

describe('duty roster (应急值守)', () => {
  it('a 24-hour shift 08:30–08:30 runs into the next day; a day shift does not', () => {
    const s = shiftSpan('2026-12-04', '08:30', '08:30');
    expect(s.startsAt.toISOString()).toBe('2026-12-04T00:30:00.000Z');
    expect(s.endsAt.toISOString()).toBe('2026-12-05T00:30:00.000Z');
    expect(shiftSpan('2026-12-04', '08:00', '18:00').endsAt.toISOString()).toBe('2026-12-04T10:00:00.000Z');
  });

  it('demo: someone is on duty now in the office and in the street; the office sees the district', async () => {
    const now = (await office.get('/api/emergency/duty/now')).json();
    expect(now.mine?.unitName).toBe('区安委办');
    expect(now.district[0].unitName).toBe('区安委办');
    expect(now.district.length).toBeGreaterThan(5);
    expect(now.mine.officerPhone).toMatch(/^1\d{10}$/);
    const s = (await street.get('/api/emergency/duty/now')).json();
    expect(s.mine?.unitName).toBe('将军路街道');
    // the inspector reads, phones of others masked
    const i = (await inspector.get('/api/emergency/duty/now')).json();
    const officeShift = i.district.find((x: { unitName: string }) => x.unitName === '区安委办');
    expect(officeShift.phonesMasked).toBe(true);
    expect(officeShift.officerPhone).toContain('****');
    expect((await qiye.get('/api/emergency/duty/now')).statusCode).toBe(403);
  });

  it('a street fills next month from a weekly pattern, keeps existing days unless overwriting; edits and deletes its own only', async () => {
    const week = Array.from({ length: 7 }, (_, i) => ({ leaderName: `带班${'一二三四五六日'[i]}`, leaderPhone: '13900000001', officerName: `值班${'一二三四五六日'[i]}`, officerPhone: '13900000002' }));
    const first = await street.post('/api/emergency/duty', { date: `${nextMonth}-01`, leaderName: '王主任', officerName: '李干事', officerPhone: '13900000003' });
    expect(first.statusCode, first.body).toBe(201);
    const dup = await street.post('/api/emergency/duty', { date: `${nextMonth}-01`, startTime: '12:00', endTime: '18:00', leaderName: '王主任', officerName: '李干事', officerPhone: '13900000003' });
    expect(dup.statusCode).toBe(409);
    const fill = await street.post('/api/emergency/duty/fill', { month: nextMonth, week });
    expect(fill.statusCode, fill.body).toBe(200);
    const days = new Date(Date.UTC(Number(nextMonth.slice(0, 4)), Number(nextMonth.slice(5, 7)), 0)).getUTCDate();
    expect(fill.json()).toEqual({ created: days - 1, replaced: 0, skipped: 1 });
    const m = (await street.get('/api/emergency/duty', { month: nextMonth })).json();
    expect(m.shifts).toHaveLength(days);
    expect(m.canEdit).toBe(true);
    // weekday pattern: every shift's leader matches its weekday
    for (const s of m.shifts.slice(1)) {
      const wd = (new Date(`${s.date}T00:00:00Z`).getUTCDay() + 6) % 7;
      expect(s.leaderName).toBe(`带班${'一二三四五六日'[wd]}`);
    }
    const over = (await street.post('/api/emergency/duty/fill', { month: nextMonth, week, overwrite: true })).json();
    expect(over).toEqual({ created: days, replaced: days, skipped: 0 });
    // another unit cannot change it; the office can
    const id = (await street.get('/api/emergency/duty', { month: nextMonth })).json().shifts[0].id;
    expect((await housing.put(`/api/emergency/duty/${id}`, { date: `${nextMonth}-01`, leaderName: '赵局长', officerName: '钱科员', officerPhone: '13900000004' })).statusCode).toBe(403);
    const up = await office.put(`/api/emergency/duty/${id}`, { date: `${nextMonth}-01`, leaderName: '赵主任', officerName: '钱干事', officerPhone: '13900000004' });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().leaderName).toBe('赵主任');
    expect((await street.delete(`/api/emergency/duty/${id}`)).statusCode).toBe(200);
    // a street may not plan another unit's roster
    const officeUnit = (await office.get('/api/emergency/duty')).json().unit.id;
    expect((await street.post('/api/emergency/duty', { unitId: officeUnit, date: `${nextMonth}-02`, leaderName: '王主任', officerName: '李干事', officerPhone: '13900000003' })).statusCode).toBe(400);
    expect((await street.post('/api/emergency/duty/fill', { month: nextMonth, week: week.slice(0, 6) })).statusCode).toBe(400);
  });

  it('handovers: recorded for the own unit, listed newest first; the office sees all units', async () => {
    const r = await street.post('/api/emergency/duty/handovers', { fromName: '李干事', toName: '张干事', notes: '夜间无突发事件', pending: '上午汇总防汛检查' });
    expect(r.statusCode, r.body).toBe(201);
    const mine = (await street.get('/api/emergency/duty/handovers')).json();
    expect(mine.items[0]).toMatchObject({ fromName: '李干事', pending: '上午汇总防汛检查', unitName: '将军路街道' });
    expect(mine.items.every((h: { unitName: string }) => h.unitName === '将军路街道')).toBe(true);
    const all = (await office.get('/api/emergency/duty/handovers', { pageSize: '100' })).json();
    expect(new Set(all.items.map((h: { unitName: string }) => h.unitName)).size).toBeGreaterThan(1);
    expect((await admin.post('/api/emergency/duty/handovers', { fromName: '甲某', toName: '乙某', notes: '无' })).statusCode).toBe(403);
  });

  it('exports a month as .xlsx (the office: every unit)', async () => {
    const x = await office.get('/api/emergency/duty/roster.xlsx', { month });
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(2).values).toContain('带班领导');
    const units = new Set<string>();
    ws.eachRow((row, n) => n > 2 && units.add(String(row.getCell(3).value)));
    expect(units.size).toBeGreaterThan(5);
  });
});

describe('resource map', () => {
  it('haversine: 1° of latitude ≈ 111.2 km; Wuhan–Beijing ≈ 1050 km', () => {
    expect(haversineKm({ lat: 30, lng: 114 }, { lat: 31, lng: 114 })).toBeCloseTo(111.2, 0);
    expect(Math.round(haversineKm({ lat: 30.59, lng: 114.31 }, { lat: 39.9, lng: 116.4 }) / 10)).toBe(105);
  });

  it('nearest resources first from a clicked point, with teams, depots and major hazard sources', async () => {
    const r = await office.get('/api/emergency/nearby', { lat: '30.624', lng: '114.137' });
    expect(r.statusCode, r.body).toBe(200);
    const p = r.json().points;
    expect(p[0].distanceKm).toBeLessThan(0.1);
    const d = p.map((x: { distanceKm: number }) => x.distanceKm);
    expect([...d].sort((a, b) => a - b)).toEqual(d);
    const all = (await office.get('/api/emergency/resource-map')).json().points;
    const kinds = new Set(all.map((x: { kind: string }) => x.kind));
    for (const k of ['team', 'depot', 'hazard']) expect(kinds).toContain(k);
    const teams = (await office.get('/api/emergency/nearby', { lat: '30.65', lng: '114.2', kinds: 'team', limit: '3' })).json().points;
    expect(teams).toHaveLength(3);
    expect(teams.every((x: { kind: string }) => x.kind === 'team')).toBe(true);
    expect((await office.get('/api/emergency/nearby', { lat: '30.65', lng: '114.2', kinds: 'ufo' })).statusCode).toBe(400);
    expect((await office.get('/api/emergency/nearby', { lat: '95', lng: '114.2' })).statusCode).toBe(400);
  });

  it('the enterprise sees its own major hazard sources only', async () => {
    const mine = (await qiye.get('/api/emergency/resource-map', { kinds: 'hazard' })).json().points;
    const all = (await office.get('/api/emergency/resource-map', { kinds: 'hazard' })).json().points;
    expect(mine.length).toBeLessThan(all.length);
  });
});
