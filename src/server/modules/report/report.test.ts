import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { Client, multipart, testDatabase, TEST_SECRET_KEY, testClock, type TestApp } from '../../../../test/helpers';
import { testConfig } from '../../config';
import { buildApp } from '../../app';
import { rows, type Database } from '../../db';
import { chinaDate } from '../../../shared/time';
import { addWorkingDays, overridesOf } from '../../../shared/report/workdays';
import { rewardAmount } from '../../../shared/report/reward';
import { stripJpegMetadata, stripPngMetadata } from '../../platform/image-metadata';
import { registerEnforcementCaseOpener } from './index';
import { sweepOverdueReports } from './report.admin';
import { RATE_LIMITS } from './report.service';

const GPS_JPEG = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'gps.jpg'));
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', Buffer.alloc(13, 1)), chunk('eXIf', Buffer.from('GPS-SECRET')), chunk('tEXt', Buffer.from('Comment\0secret')), chunk('IDAT', Buffer.alloc(10, 2)), chunk('IEND', Buffer.alloc(0))]);
function chunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
}

/** Every cell of a workbook as text (the planted-identity search reads exports this way). */
async function xlsxText(payload: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as never);
  const cells: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
  return cells.join('|');
}

/** Every log line the app writes (the planted-identity test searches them). */
const logLines: string[] = [];
let t: TestApp;
let database: Database;
let office: Client, emergency: Client, housing: Client, street: Client, qiye: Client, admin: Client;
let seq = 0;

beforeAll(async () => {
  database = await testDatabase();
  const stream = new Writable({
    write(c, _e, cb) {
      logLines.push(String(c));
      cb();
    },
  });
  const built = await buildApp({ config: testConfig(), database, secretKey: TEST_SECRET_KEY, clock: testClock(), validateResponses: true, logger: { level: 'debug', stream } as never });
  await built.app.ready();
  t = {
    ...built,
    database,
    close: async () => {
      await built.app.close();
      await database.close();
    },
    anonymous: () => new Client(built.app),
    login: async (u: string) => {
      const c = new Client(built.app);
      const r = await c.post('/api/auth/login', { username: u, password: u === 'admin' ? 'Admin@2026pass' : 'Demo@2026pass' });
      if (r.statusCode !== 200) throw new Error(r.body);
      return c;
    },
  };
  [office, emergency, housing, street, qiye, admin] = await Promise.all(['anweiban', 'yingjiju', 'zhujianju', 'jiangjunlu', 'qiye', 'admin'].map((u) => t.login(u)));
}, 120_000);
afterAll(async () => t?.close());

/** A public submission from its own device and IP (rate limits stay out of the way unless tested). */
async function submit(fields: Record<string, string>, photos: { name: string; data: Buffer; type?: string }[] = [], ip?: string) {
  seq++;
  const m = multipart(
    photos.map((p) => ({ field: 'photos', ...p })),
    { deviceId: `device-test-${seq}-xxxx`, ...fields },
  );
  return t.anonymous().request({ method: 'POST', url: '/public/api/reports', payload: m.payload, headers: m.headers, remoteAddress: ip ?? `10.1.${Math.floor(seq / 250)}.${seq % 250}` });
}

const HAZCHEM = { category: 'hazchem', description: '仓库里堆放大量油漆和稀释剂，没有任何防火措施，旁边就是宿舍。', address: '将军路街道 金山大道 100 号' };

describe('photo metadata', () => {
  it('removes the Exif GPS block and XMP from a real JPEG and keeps the image data', () => {
    expect(GPS_JPEG.includes(Buffer.from('Exif\0\0'))).toBe(true);
    expect(GPS_JPEG.includes(Buffer.from('GPSLatitude'))).toBe(true);
    const out = stripJpegMetadata(GPS_JPEG);
    expect(out.includes(Buffer.from('Exif\0\0'))).toBe(false);
    expect(out.includes(Buffer.from('AnzhiPhone'))).toBe(false);
    expect(out.includes(Buffer.from('GPSLatitude'))).toBe(false);
    expect(out.includes(Buffer.from('http://ns.adobe.com/xap/1.0/'))).toBe(false);
    // JFIF header kept, and everything from the first scan onwards byte-identical
    expect(out.subarray(0, 4).equals(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe(true);
    const sos = (b: Buffer) => b.subarray(b.indexOf(Buffer.from([0xff, 0xda])));
    expect(sos(out).equals(sos(GPS_JPEG))).toBe(true);
    expect(out.length).toBeLessThan(GPS_JPEG.length - 400);
    expect(() => stripJpegMetadata(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]))).toThrow(/JPEG/);
  });
  it('removes eXIf and text chunks from PNG', () => {
    const out = stripPngMetadata(PNG);
    expect(out.includes(Buffer.from('GPS-SECRET'))).toBe(false);
    expect(out.includes(Buffer.from('secret'))).toBe(false);
    expect(out.includes(Buffer.from('IDAT'))).toBe(true);
  });
});

describe('rules', () => {
  it('counts working days over weekends, holidays and 调休 workdays', () => {
    const none = overridesOf([]);
    expect(addWorkingDays('2026-12-04', 1, none)).toBe('2026-12-07'); // Friday → Monday
    expect(addWorkingDays('2026-12-07', 15, none)).toBe('2026-12-28');
    const o = overridesOf([
      { date: '2026-12-07', workday: false },
      { date: '2026-12-05', workday: true },
    ]);
    expect(addWorkingDays('2026-12-04', 1, o)).toBe('2026-12-05'); // the Saturday is worked
    expect(addWorkingDays('2026-12-05', 1, o)).toBe('2026-12-08'); // Sunday off, Monday a holiday
  });
  it('奖励办法第十一条: 15% of the fine within 3,000 and 300,000 元', () => {
    expect(rewardAmount(0)).toBe(3000);
    expect(rewardAmount(10_000)).toBe(3000);
    expect(rewardAmount(100_000)).toBe(15_000);
    expect(rewardAmount(5_000_000)).toBe(300_000);
  });
});

describe('public form', () => {
  it('takes an anonymous report with a photo, strips its position, and follows it by code', async () => {
    const r = await submit(HAZCHEM, [{ name: 'scene.jpg', data: GPS_JPEG, type: 'image/jpeg' }]);
    expect(r.statusCode, r.body).toBe(201);
    const body = r.json();
    expect(body.trackingCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(body.photos).toBe(1);
    const [stored] = await rows<{ data: Buffer; anonymous: boolean; region_code: string; department_name: string }>(database.db, sql`SELECT p.data, r.anonymous, r.region_code, r.department_name FROM report_photos p JOIN reports r ON r.id = p.report_id WHERE r.case_no = ${body.caseNo}`);
    const data = Buffer.from(stored.data);
    expect(data.includes(Buffer.from('Exif\0\0'))).toBe(false);
    expect(data.includes(Buffer.from('GPSLatitude'))).toBe(false);
    expect(data.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
    expect(stored.anonymous).toBe(true);
    // routing: 危险化学品 → 应急管理局; the address names 将军路
    expect(stored.region_code).toBe('420112004');
    expect(stored.department_name).toMatch(/应急/);
    const tr = await t.anonymous().get(`/public/api/reports/${body.trackingCode.toLowerCase()}`);
    expect(tr.statusCode, tr.body).toBe(200);
    expect(tr.json()).toMatchObject({ caseNo: body.caseNo, status: 'submitted', statusLabel: '待受理', replies: [] });
    expect(Object.keys(tr.json())).not.toContain('description');
    const miss = await t.anonymous().get('/public/api/reports/AAAA-BBBB-CCCC-DDDD');
    expect(miss.statusCode).toBe(404);
    expect(miss.json().message).toMatch(/查询码/);
    expect((await t.anonymous().get('/public/api/reports/12345')).statusCode).toBe(400);
  });

  it('names the field when the place is missing, refuses non-images and too many photos', async () => {
    const r = await submit({ category: 'fire', description: '消防通道被堵死了，很危险，请尽快处理。' });
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toMatch(/address/);
    const bad = await submit({ ...HAZCHEM }, [{ name: 'x.pdf', data: Buffer.from('%PDF-1.4 hello') }]);
    expect(bad.statusCode).toBe(415);
    expect(bad.json().message).toMatch(/JPG、PNG、WebP/);
    const many = await submit({ ...HAZCHEM }, [1, 2, 3, 4].map((i) => ({ name: `${i}.png`, data: PNG })));
    expect(many.statusCode).toBe(400);
    expect(many.json().message).toMatch(/最多上传 3 张/);
    const cat = await submit({ ...HAZCHEM, category: 'nope' });
    expect(cat.statusCode).toBe(400);
    expect(cat.json().message).toMatch(/category/);
  });

  it('routes a point to the nearest street and a category to its department', async () => {
    const r = await submit({ category: 'construction', description: '工地基坑边没有护栏，晚上也没有照明，很危险。', lat: '30.7525', lng: '114.0362' });
    expect(r.statusCode, r.body).toBe(201);
    const [row] = await rows<{ region_code: string; department_name: string; street_name: string }>(database.db, sql`SELECT region_code, department_name, street_name FROM reports WHERE case_no = ${r.json().caseNo}`);
    expect(row.region_code).toBe('420112014');
    expect(row.street_name).toBe('新沟镇街道');
    expect(row.department_name).toMatch(/住建/);
  });

  it('limits submissions per device and per IP (429 with a Chinese message)', async () => {
    const device = 'rate-limit-device-01';
    for (let i = 0; i < RATE_LIMITS.perDevicePerHour; i++) {
      const m = multipart([], { ...HAZCHEM, deviceId: device });
      const r = await t.anonymous().request({ method: 'POST', url: '/public/api/reports', payload: m.payload, headers: m.headers, remoteAddress: `10.9.0.${i}` });
      expect(r.statusCode, r.body).toBe(201);
    }
    const m = multipart([], { ...HAZCHEM, deviceId: device });
    const over = await t.anonymous().request({ method: 'POST', url: '/public/api/reports', payload: m.payload, headers: m.headers, remoteAddress: '10.9.0.99' });
    expect(over.statusCode).toBe(429);
    expect(over.json().message).toMatch(/同一设备/);
    for (let i = 0; i < RATE_LIMITS.perIpPerHour; i++) {
      const r = await submit(HAZCHEM, [], '10.8.8.8');
      expect(r.statusCode, r.body).toBe(201);
    }
    const ipOver = await submit(HAZCHEM, [], '10.8.8.8');
    expect(ipOver.statusCode).toBe(429);
    expect(ipOver.json().message).toMatch(/同一网络/);
  });
});

async function idOf(caseNo: string) {
  const [r] = await rows<{ id: string }>(database.db, sql`SELECT id FROM reports WHERE case_no = ${caseNo}`);
  return r.id;
}

describe('handling', () => {
  let id: string;
  let code: string;
  const NAME = '甄秘密';
  const PHONE = '13912345678';

  it('routes, scopes, accepts, reveals identity to the handler only, verifies, creates a hazard, replies and closes', async () => {
    const r = await submit({ ...HAZCHEM, name: NAME, phone: PHONE, lat: '30.637', lng: '114.214' });
    expect(r.statusCode, r.body).toBe(201);
    code = r.json().trackingCode;
    id = await idOf(r.json().caseNo);
    // scope: the street and 应急管理局 see it; 住建局 (other sectors) does not; enterprises have no access
    expect((await street.get(`/api/reports/${id}`)).statusCode).toBe(200);
    expect((await housing.get(`/api/reports/${id}`)).statusCode).toBe(404);
    expect((await qiye.get('/api/reports')).statusCode).toBe(403);
    const detail = (await emergency.get(`/api/reports/${id}`)).json();
    expect(detail).toMatchObject({ status: 'submitted', named: true, isHandler: false });
    // nobody sees the identity before accepting
    expect((await emergency.post(`/api/reports/${id}/identity`)).statusCode).toBe(403);
    const acc = await emergency.post(`/api/reports/${id}/accept`);
    expect(acc.statusCode, acc.body).toBe(200);
    expect(acc.json()).toMatchObject({ status: 'accepted', isHandler: true });
    expect((await office.post(`/api/reports/${id}/accept`)).statusCode).toBe(409);
    const idn = await emergency.post(`/api/reports/${id}/identity`);
    expect(idn.statusCode, idn.body).toBe(200);
    expect(idn.json()).toMatchObject({ name: NAME, phone: PHONE, anonymous: false });
    const other = await office.post(`/api/reports/${id}/identity`);
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toMatch(/仅承办人/);
    const views = await rows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'report.identity_view' AND entity_id = ${id}`);
    expect(views[0].n).toBe(1);
    // a street officer who is not the handler cannot take the steps
    const notMine = await street.post(`/api/reports/${id}/verify`, { result: '属实', finding: '重大事故隐患', note: '现场核实' });
    expect(notMine.statusCode).toBe(403);
    // 属实 needs its finding
    const noFinding = await emergency.post(`/api/reports/${id}/verify`, { result: '属实', note: '现场核实' });
    expect(noFinding.statusCode).toBe(400);
    expect(noFinding.json().message).toMatch(/finding/);
    const v = await emergency.post(`/api/reports/${id}/verify`, { result: '属实', finding: '重大事故隐患', note: '现场核查属实，仓库违规储存危险化学品。' });
    expect(v.statusCode, v.body).toBe(200);
    // hazard in the existing ledger, in the same transaction
    const [ent] = await rows<{ id: string }>(database.db, sql`SELECT id FROM enterprises WHERE sector = 'hazchem' ORDER BY credit_code LIMIT 1`);
    const h = await emergency.post(`/api/reports/${id}/hazard`, { enterpriseId: ent.id, place: '甲类仓库', grade: '一般', description: '违规储存油漆、稀释剂，无防火措施' });
    expect(h.statusCode, h.body).toBe(200);
    const hz = h.json().hazard;
    expect(hz.code).toMatch(/^YH-/);
    const hazard = (await emergency.get(`/api/hazards/${hz.id}`)).json();
    expect(hazard).toMatchObject({ source: 'public_report' });
    expect((await emergency.post(`/api/reports/${id}/hazard`, { enterpriseId: ent.id, place: '甲类仓库' })).statusCode).toBe(409);
    // reply: not final, then final → closed
    expect((await emergency.post(`/api/reports/${id}/reply`, { text: '已责令该单位立即清理违规储存的危险化学品。', final: true })).statusCode).toBe(200);
    const pub = (await t.anonymous().get(`/public/api/reports/${code}`)).json();
    expect(pub.status).toBe('closed');
    expect(pub.replies.map((x: { text: string }) => x.text).join()).toMatch(/已责令该单位立即清理/);
  });

  it('rewards per 奖励办法: proposal by the handler, approval by another officer, payout record', async () => {
    const p = await emergency.post(`/api/reports/${id}/reward`, { fineAmount: 10_000, penaltyDocNo: '东应急罚〔2026〕8号', exclusionChecked: true });
    expect(p.statusCode, p.body).toBe(200);
    expect(p.json().reward).toMatchObject({ amount: 3000, status: 'proposed' });
    expect((await emergency.post(`/api/reports/${id}/reward/decision`, { approve: true, note: '同意' })).statusCode).toBe(403); // department lacks report.reward
    const noExcl = await emergency.post(`/api/reports/${id}/reward`, { fineAmount: 10_000, penaltyDocNo: 'x号', exclusionChecked: false });
    expect(noExcl.statusCode).toBe(400);
    const early = await office.post(`/api/reports/${id}/reward/payout`, { paidOn: '2020-01-01', voucherNo: 'PZ-1', method: '银行转账', recipientVerified: true });
    expect(early.statusCode).toBe(409);
    expect((await office.post(`/api/reports/${id}/reward/decision`, { approve: true, note: '同意按第十一条奖励' })).statusCode).toBe(200);
    const today = (await office.get(`/api/reports/${id}`)).json().reward.decidedAt.slice(0, 10);
    const paid = await office.post(`/api/reports/${id}/reward/payout`, { paidOn: today, voucherNo: 'PZ-2026-001', method: '银行转账', recipientVerified: true });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json().reward).toMatchObject({ status: 'paid', voucherNo: 'PZ-2026-001' });
  });

  it('refuses rewards for unverified, duplicate and 一般隐患 reports; the proposer does not approve', async () => {
    const r = await submit({ ...HAZCHEM, category: 'other', description: '无证小作坊长期违法生产，工人没有任何防护。' });
    const rid = await idOf(r.json().caseNo);
    expect((await office.post(`/api/reports/${rid}/accept`)).statusCode).toBe(200);
    const early = await office.post(`/api/reports/${rid}/reward`, { fineAmount: 50_000, penaltyDocNo: '东应急罚〔2026〕9号', exclusionChecked: true });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toMatch(/第七条/);
    expect((await office.post(`/api/reports/${rid}/verify`, { result: '属实', finding: '安全生产违法行为', note: '查实无证生产' })).statusCode).toBe(200);
    expect((await office.post(`/api/reports/${rid}/reward`, { fineAmount: 50_000, penaltyDocNo: '东应急罚〔2026〕9号', exclusionChecked: true })).json().reward.amount).toBe(7500);
    const self = await office.post(`/api/reports/${rid}/reward/decision`, { approve: true, note: '同意' });
    expect(self.statusCode).toBe(409);
    expect(self.json().message).toMatch(/提出人不能审批/);
  });

  it('a verified report opens an enforcement case in the inspection module (and answers 409 while no opener is registered)', async () => {
    const [ent] = await rows<{ id: string }>(database.db, sql`SELECT id FROM enterprises WHERE sector = 'hazchem' ORDER BY credit_code LIMIT 1`);
    // Without the inspection module (its opener unregistered) the action is refused in words.
    const { enforcementCaseOpener } = await import('./report.hooks');
    const real = enforcementCaseOpener();
    registerEnforcementCaseOpener(undefined);
    try {
      const r = await emergency.post(`/api/reports/${id}/enforcement-case`, { enterpriseId: ent.id, summary: '违规储存危险化学品' });
      expect(r.statusCode).toBe(409);
      expect(r.json().message).toMatch(/执法案件功能尚未启用/);
    } finally {
      registerEnforcementCaseOpener(real);
    }
    const opened = await emergency.post(`/api/reports/${id}/enforcement-case`, { enterpriseId: ent.id, summary: '违规储存危险化学品' });
    expect(opened.statusCode, opened.body).toBe(200);
    const kase = opened.json().enforcementCase as { id: string; code: string };
    expect(kase.code).toMatch(/^AJ-\d{4}-\d{4}$/);
    const [row] = await rows<{ source: string; source_ref: string; enterprise_id: string }>(database.db, sql`SELECT source, source_ref, enterprise_id FROM enforcement_cases WHERE id = ${kase.id}`);
    expect(row).toMatchObject({ source: 'report', source_ref: id, enterprise_id: ent.id });
  });

  it('surfaces possible duplicates (same category, same place, 7 days) without refusing them', async () => {
    const a = await submit({ category: 'fire', description: '商场消防通道被货物堵住，安全出口上锁。', lat: '30.6281', lng: '114.1421' });
    const b = await submit({ category: 'fire', description: '商场安全出口上锁了，消防通道全是货。', lat: '30.6282', lng: '114.1423' });
    expect(b.statusCode).toBe(201);
    const bid = await idOf(b.json().caseNo);
    const d = (await office.get(`/api/reports/${bid}`)).json();
    expect(d.duplicates.map((x: { caseNo: string }) => x.caseNo)).toContain(a.json().caseNo);
    const list = (await office.get('/api/reports', { q: b.json().caseNo })).json();
    expect(list.items[0].possibleDuplicates).toBeGreaterThan(0);
  });

  it('re-categorising re-routes to the new department (back to 待受理 there)', async () => {
    const r = await submit({ category: 'fire', description: '工地塔吊在大风天还在作业，工人没有系安全带。', address: '将军路街道 某工地' });
    const rid = await idOf(r.json().caseNo);
    const c = await office.post(`/api/reports/${rid}/recategorize`, { category: 'construction', note: '属于建筑施工' });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json()).toMatchObject({ category: 'construction', status: 'submitted' });
    expect(c.json().departmentName).toMatch(/住建/);
    expect((await housing.get(`/api/reports/${rid}`)).statusCode).toBe(200);
  });

  it('never shows the reporter identity in lists, exports, audit, notifications, public pages, Open311 or logs', async () => {
    const planted = await submit({ ...HAZCHEM, category: 'citygas', description: '餐馆后厨液化气瓶漏气，气味很重，没有人管。', name: NAME, phone: PHONE });
    expect(planted.statusCode).toBe(201);
    const pid = await idOf(planted.json().caseNo);
    const outputs: string[] = [];
    for (const c of [office, emergency, street]) outputs.push((await c.get('/api/reports', { pageSize: 500 })).body);
    outputs.push((await office.get(`/api/reports/${pid}`)).body);
    outputs.push((await office.get(`/api/reports/${id}`)).body);
    const x = await office.get('/api/reports/export.xlsx');
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
    expect(cells.join('|')).toContain(planted.json().caseNo);
    outputs.push(cells.join('|'));
    outputs.push((await office.get('/api/reports/stats')).body);
    const sx = await office.get('/api/reports/stats/export.xlsx');
    expect(sx.statusCode).toBe(200);
    outputs.push(await xlsxText(sx.rawPayload));
    outputs.push((await admin.get('/api/audit', { pageSize: 500 })).body);
    outputs.push((await office.get('/api/audit', { pageSize: 500 })).body);
    outputs.push((await t.anonymous().get(`/public/api/reports/${planted.json().trackingCode}`)).body);
    outputs.push((await t.anonymous().get(`/public/api/reports/${code}`)).body);
    outputs.push((await t.anonymous().get('/open311/v2/requests.json')).body);
    outputs.push((await t.anonymous().get('/open311/v2/requests.xml')).body);
    outputs.push((await t.anonymous().get(`/open311/v2/requests/${planted.json().caseNo}.json`)).body);
    // reminders: move past the deadlines and sweep
    const clock = t.deps.clock as { set?: (d: Date) => void; now: () => Date };
    const before = clock.now();
    (t.deps as { clock: unknown }).clock = { ...clock, now: () => new Date(before.getTime() + 40 * 86_400_000), today: () => '' };
    try {
      expect(await sweepOverdueReports(t.deps)).toBeGreaterThan(0);
    } finally {
      (t.deps as { clock: unknown }).clock = clock;
    }
    const notes = await rows<Record<string, unknown>>(database.db, sql`SELECT title, body, link FROM notifications WHERE kind = 'report.overdue'`);
    expect(notes.length).toBeGreaterThan(0);
    outputs.push(JSON.stringify(notes));
    const events = await rows<Record<string, unknown>>(database.db, sql`SELECT * FROM report_events`);
    outputs.push(JSON.stringify(events));
    const auditRows = await rows<Record<string, unknown>>(database.db, sql`SELECT before, after, ip FROM audit_log WHERE entity = 'report'`);
    outputs.push(JSON.stringify(auditRows));
    // at rest: encrypted (SM4), never the clear text
    const stored = await rows<Record<string, unknown>>(database.db, sql`SELECT * FROM reports WHERE id = ${pid}`);
    expect(String(stored[0].reporter_phone_enc)).toMatch(/^sm4:/);
    outputs.push(JSON.stringify(stored));
    outputs.push(logLines.join('\n'));
    expect(logLines.length).toBeGreaterThan(10);
    const all = outputs.join('\n');
    expect(all).not.toContain(NAME);
    expect(all).not.toContain(PHONE);
    expect(all).not.toContain('1391234');
    // …while the handler can still read it
    expect((await emergency.post(`/api/reports/${id}/identity`)).json().phone).toBe(PHONE);
  });
});

describe('Open311 GeoReport v2', () => {
  let key: string;
  beforeAll(async () => {
    const k = await office.post('/api/reports/api-keys', { name: '测试合作应用' });
    expect(k.statusCode, k.body).toBe(201);
    key = k.json().key;
  });
  const form = (o: Record<string, string>) => ({ payload: new URLSearchParams(o).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

  it('lists services and service definitions in JSON and XML, with discovery', async () => {
    const s = await t.anonymous().get('/open311/v2/services.json', { jurisdiction_id: '420112' });
    expect(s.statusCode).toBe(200);
    expect(s.json()[0]).toMatchObject({ service_code: 'fire', metadata: true, type: 'batch' });
    const x = await t.anonymous().get('/open311/v2/services.xml');
    expect(x.headers['content-type']).toMatch(/text\/xml/);
    expect(x.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<services><service><service_code>fire<\/service_code>/);
    const def = await t.anonymous().get('/open311/v2/services/fire.json');
    expect(def.json()).toMatchObject({ service_code: 'fire', attributes: [{ code: 'enterprise_name' }, { code: 'ongoing', values: [{ key: 'yes' }, { key: 'no' }] }] });
    expect((await t.anonymous().get('/open311/v2/services/fire.xml')).body).toMatch(/<service_definition><service_code>fire<\/service_code><attributes><attribute>/);
    const nf = await t.anonymous().get('/open311/v2/services/nope.json');
    expect(nf.statusCode).toBe(404);
    expect(nf.json()).toEqual([{ code: 404, description: expect.stringMatching(/service_code not found/) }]);
    expect((await t.anonymous().get('/open311/v2/services.json', { jurisdiction_id: 'elsewhere' })).statusCode).toBe(404);
    expect((await t.anonymous().get('/open311/v2/discovery.json')).json().endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', formats: ['text/xml', 'application/json'] });
  });

  it('POST requests (form-encoded) needs an api_key and answers with the id and a token; errors as the spec list', async () => {
    const body = { service_code: 'fire', lat: '30.6371', long: '114.2142', address_string: '将军路街道 金山大道', description: '小区地下车库电动车违规充电，电线乱拉。', first_name: '密', last_name: '甄', phone: '13912345678', device_id: 'partner-dev-1', 'attribute[enterprise_name]': '某物业公司', 'attribute[ongoing]': 'yes' };
    const noKey = await t.anonymous().request({ method: 'POST', url: '/open311/v2/requests.json', ...form(body) });
    expect(noKey.statusCode).toBe(403);
    expect(noKey.json()).toEqual([{ code: 403, description: expect.stringMatching(/api_key was not provided/) }]);
    const noKeyXml = await t.anonymous().request({ method: 'POST', url: '/open311/v2/requests.xml', ...form(body) });
    expect(noKeyXml.body).toMatch(/<errors><error><code>403<\/code><description>api_key was not provided/);
    const noCode = await t.anonymous().request({ method: 'POST', url: '/open311/v2/requests.json', ...form({ ...body, api_key: key, service_code: '' }) });
    expect(noCode.statusCode).toBe(400);
    const noPlace = await t.anonymous().request({ method: 'POST', url: '/open311/v2/requests.json', ...form({ api_key: key, service_code: 'fire', description: '很长的一段举报内容在这里写着。' }) });
    expect(noPlace.statusCode).toBe(400);
    expect(noPlace.json()[0].description).toMatch(/lat\+long、address_string 或 address_id/);
    const badMedia = await t.anonymous().request({ method: 'POST', url: '/open311/v2/requests.json', ...form({ ...body, api_key: key, media_url: 'javascript:alert(1)' }) });
    expect(badMedia.statusCode).toBe(400);
    expect(badMedia.json()).toEqual([{ code: 400, description: expect.stringMatching(/^media_url is invalid/) }]);
    const ok = await t.anonymous().request({ method: 'POST', url: '/open311/v2/requests.json', ...form({ ...body, api_key: key, media_url: 'https://partner.example.cn/media/garage-42.jpg' }) });
    expect(ok.statusCode, ok.body).toBe(201);
    const [created] = ok.json();
    expect(created.service_request_id).toMatch(/^JB-\d{4}-\d{6}$/);
    expect(created.token).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const one = await t.anonymous().get(`/open311/v2/requests/${created.service_request_id}.json`);
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()[0]).toMatchObject({ service_request_id: created.service_request_id, status: 'open', service_code: 'fire', address: '将军路街道', lat: 30.637, long: 114.214, description: null });
    expect(one.json()[0].requested_datetime).toMatch(/\+08:00$/);
    // The partner's media link is kept for the officer, not republished on the public API.
    expect(one.json()[0].media_url).toBeNull();
    expect(created.service_notice).toMatch(/媒体链接已记录/);
    const [{ id: createdId }] = await rows<{ id: string }>(database.db, sql`SELECT id FROM reports WHERE case_no = ${created.service_request_id}`);
    expect((await office.get(`/api/reports/${createdId}`)).json().mediaUrl).toBe('https://partner.example.cn/media/garage-42.jpg');
    const xml = await t.anonymous().get(`/open311/v2/requests/${created.service_request_id}.xml`);
    expect(xml.body).toMatch(new RegExp(`<service_requests><request><service_request_id>${created.service_request_id}</service_request_id><status>open</status>`));
    const tok = await t.anonymous().get(`/open311/v2/tokens/${created.token}.json`);
    expect(tok.json()).toEqual([{ service_request_id: created.service_request_id, token: created.token }]);
    const list = await t.anonymous().get('/open311/v2/requests.json', { service_code: 'fire,hazchem', status: 'open' });
    expect(list.json().map((r: { service_request_id: string }) => r.service_request_id)).toContain(created.service_request_id);
    expect(list.json().every((r: { status: string }) => r.status === 'open')).toBe(true);
    const byIds = await t.anonymous().get('/open311/v2/requests.json', { service_request_id: created.service_request_id });
    expect(byIds.json()).toHaveLength(1);
    const span = await t.anonymous().get('/open311/v2/requests.json', { start_date: '2020-01-01T00:00:00Z', end_date: '2021-01-01T00:00:00Z' });
    expect(span.statusCode).toBe(400);
    expect((await t.anonymous().get('/open311/v2/requests/JB-1999-000001.json')).statusCode).toBe(404);
    // the partner's reporter identity is stored encrypted and shown to the handler only
    const rid = await idOf(created.service_request_id);
    const d = (await office.get(`/api/reports/${rid}`)).json();
    expect(d.channel).toBe('open311');
    expect(d.enterpriseName).toBe('某物业公司');
    expect(JSON.stringify(d)).not.toContain('13912345678');
    // revoked keys stop working
    const keys = (await office.get('/api/reports/api-keys')).json();
    const mine = keys.find((k: { name: string }) => k.name === '测试合作应用');
    expect((await office.post(`/api/reports/api-keys/${mine.id}/revoke`)).statusCode).toBe(200);
    const revoked = await t.anonymous().request({ method: 'POST', url: '/open311/v2/requests.json', ...form({ ...body, api_key: key }) });
    expect(revoked.statusCode).toBe(403);
  });
});

describe('office views', () => {
  it('the office sets the time limits: later reports get the new dates, earlier ones keep theirs; bad limits are named', async () => {
    expect((await office.get('/api/reports/sla')).json()).toEqual({ acknowledgeWorkingDays: 1, replyWorkingDays: 15 });
    const earlier = (await submit(HAZCHEM)).json();
    const bad = await office.put('/api/reports/sla', { acknowledgeWorkingDays: 5, replyWorkingDays: 3 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/答复时限不能短于受理时限/);
    const zero = await office.put('/api/reports/sla', { acknowledgeWorkingDays: 0, replyWorkingDays: 10 });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().message).toMatch(/受理时限至少 1 个工作日/);
    expect((await emergency.put('/api/reports/sla', { acknowledgeWorkingDays: 2, replyWorkingDays: 10 })).statusCode).toBe(403);
    const set = await office.put('/api/reports/sla', { acknowledgeWorkingDays: 2, replyWorkingDays: 10 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ acknowledgeWorkingDays: 2, replyWorkingDays: 10 });
    try {
      const later = (await submit(HAZCHEM)).json();
      const overrides = overridesOf((await office.get('/api/reports/holidays')).json());
      const day = chinaDate(t.deps.clock.now());
      expect(later.acknowledgeBy).toBe(addWorkingDays(day, 2, overrides));
      expect(later.replyBy).toBe(addWorkingDays(day, 10, overrides));
      expect(earlier.replyBy).toBe(addWorkingDays(day, 15, overrides));
      // The reporter reads the same limits in the Open311 notice; the change is audited.
      const audit = await rows<{ after: unknown }>(database.db, sql`SELECT after FROM audit_log WHERE action = 'report.sla_set'`);
      expect(audit.map((a) => a.after)).toContainEqual({ acknowledgeWorkingDays: 2, replyWorkingDays: 10 });
    } finally {
      expect((await office.put('/api/reports/sla', { acknowledgeWorkingDays: 1, replyWorkingDays: 15 })).statusCode).toBe(200);
    }
  });

  it('statistics, holidays and the demo data of every page', async () => {
    const s = (await office.get('/api/reports/stats')).json();
    // The Excel export carries the page's figures, a sheet per breakdown, totals that add up.
    const x = await office.get('/api/reports/stats/export.xlsx');
    expect(x.statusCode, x.body).toBe(200);
    expect(String(x.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '按类别', '按属地', '按月份', '核查结论']);
    const summary = Object.fromEntries(wb.getWorksheet('概况')!.getSheetValues().slice(2).map((r) => [(r as unknown[])[1], (r as unknown[])[2]]));
    expect(summary['举报总数']).toBe(s.total);
    expect(summary['奖励发放金额']).toBe(s.rewards.paidAmount);
    const byCategory = wb.getWorksheet('按类别')!;
    expect(byCategory.getRow(2).getCell(1).value).toBe(s.byCategory[0].name);
    expect(byCategory.getRow(2).getCell(2).value).toBe(s.byCategory[0].count);
    expect(byCategory.getRow(byCategory.rowCount).getCell(2).value).toBe(s.total);
    const months = wb.getWorksheet('按月份')!;
    expect(months.rowCount).toBe(s.byMonth.length + 2);
    // A range that ends before it starts is refused by name; a street sees only its own figures.
    const bad = await office.get('/api/reports/stats/export.xlsx', { from: '2026-05-01', to: '2026-04-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('开始日期不能晚于结束日期');
    const own = (await street.get('/api/reports/stats')).json();
    const sw = new ExcelJS.Workbook();
    await sw.xlsx.load((await street.get('/api/reports/stats/export.xlsx')).rawPayload as never);
    expect(Object.fromEntries(sw.getWorksheet('概况')!.getSheetValues().slice(2).map((r) => [(r as unknown[])[1], (r as unknown[])[2]]))['举报总数']).toBe(own.total);
    expect(own.total).toBeLessThan(s.total);
    expect(s.total).toBeGreaterThan(20);
    expect(s.byCategory.length).toBeGreaterThan(3);
    expect(s.byMonth.length).toBeGreaterThan(1);
    expect(s.rewards.paid).toBeGreaterThan(0);
    const h = (await office.get('/api/reports/holidays')).json();
    expect(h.length).toBeGreaterThan(10);
    expect((await office.post('/api/reports/holidays', { date: '2027-02-06', name: '春节', workday: false })).statusCode).toBe(201);
    expect((await emergency.post('/api/reports/holidays', { date: '2027-02-07', name: '春节', workday: false })).statusCode).toBe(403);
    expect((await office.delete('/api/reports/holidays/2027-02-06')).statusCode).toBe(200);
    const overdue = (await office.get('/api/reports', { overdue: 'any' })).json();
    expect(overdue.total).toBeGreaterThan(0);
    const street1 = (await street.get('/api/reports', { pageSize: 500 })).json();
    expect(street1.items.every((r: { regionCode: string }) => r.regionCode.startsWith('420112004'))).toBe(true);
  });
});
