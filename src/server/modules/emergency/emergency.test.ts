import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { multipart, testApp, type Client, type TestApp } from '../../../../test/helpers';
import { rows } from '../../db';
import { readFileSync } from 'node:fs';
import { queryTerms, searchDocKeys, searchKeys } from '../../../shared/emergency/search';
import { searchDocs, upsertSearchDocs } from './emergency.repo';
import { sevenHasScore } from '../../../shared/emergency/catalog';
import { remindStaleLiaisons } from './emergency.liaisons';

let t: TestApp;
let office: Client, yingjiju: Client, street: Client, qiye: Client, inspector: Client, admin: Client, housing: Client;

beforeAll(async () => {
  t = await testApp();
  [office, yingjiju, street, qiye, inspector, admin, housing] = await Promise.all(['anweiban', 'yingjiju', 'jiangjunlu', 'qiye', 'jiancha', 'admin', 'zhujianju'].map((u) => t.login(u)));
});
afterAll(async () => {
  await t?.close();
});

async function xlsx(header: string[], data: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导入');
  ws.addRow(header);
  for (const r of data) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(c: Client, url: string, data: Buffer, fields: Record<string, string> = {}) {
  const m = multipart([{ field: 'file', name: '导入.xlsx', data }], fields);
  return c.request({ method: 'POST', url, payload: m.payload, headers: m.headers });
}

describe('search keys', () => {
  it('cuts Chinese into bigrams and characters, Latin into words and prefixes', () => {
    const k = searchKeys('液氯泄漏 GB 18218-2018');
    for (const x of ['液氯', '氯泄', '泄漏', '液', 'gb', '18218', '1821', '2018']) expect(k).toContain(x);
    expect(queryTerms('液氯 泄漏').map((x) => x.keys)).toEqual([['液氯'], ['泄漏']]);
    expect(queryTerms('液氯泄漏')[0].keys).toEqual(['液氯', '氯泄', '泄漏']);
    expect(queryTerms('ＧＢ１８２１８')[0].text).toBe('gb18218');
  });
  it('七有 score counts each item 100/7', () => {
    expect(sevenHasScore([{ key: 'team', has: true }])).toBe(14.3);
    expect(sevenHasScore(['team', 'organisation', 'plan', 'materials', 'equipment', 'drill', 'experts'].map((key) => ({ key, has: true })))).toBe(100);
  });
});

describe('cross-database search', () => {
  it('finds 液氯 泄漏 in teams, materials, experts, regulations and cases, ranked, with the kind of each hit', async () => {
    const r = await street.get('/api/emergency/search', { q: '液氯 泄漏' });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.matchedAll).toBe(true);
    const kinds = new Set(body.hits.map((h: { kind: string }) => h.kind));
    for (const k of ['teams', 'experts', 'regulations', 'cases']) expect(kinds, k).toContain(k);
    // Every hit holds both terms; scores are non-increasing.
    for (const h of body.hits) expect(`${h.title}${h.snippet}`.length).toBeGreaterThan(0);
    const scores = body.hits.map((h: { score: number }) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(body.hits[0].kindLabel).toMatch(/库|队伍|物资|专家|法规|案例/);
  });
  it('searches a material by name and a standard by its number', async () => {
    const m = (await office.get('/api/emergency/search', { q: '空气呼吸器' })).json();
    expect(m.hits.some((h: { kind: string }) => h.kind === 'materials')).toBe(true);
    const s = (await office.get('/api/emergency/search', { q: 'GB 18218' })).json();
    expect(s.hits[0].kind).toBe('regulations');
    expect(s.hits[0].title).toContain('重大危险源');
  });
  it('falls back to partial matches when no record holds every term, and refuses an empty query', async () => {
    const r = (await office.get('/api/emergency/search', { q: '液氯 火星探测' })).json();
    expect(r.matchedAll).toBe(false);
    expect(r.hits.length).toBeGreaterThan(0);
    expect((await office.get('/api/emergency/search', { q: '!!!' })).statusCode).toBe(400);
    expect((await office.get('/api/emergency/search', { q: '' })).statusCode).toBe(400);
  });
  it('a new record is searchable at once; a record of another district is not', async () => {
    const c = await yingjiju.post('/api/emergency/experts', { name: '钱多多', kind: '技术', field: '粉尘防爆', organisation: '某研究院', phone: '13900001111' });
    expect(c.statusCode, c.body).toBe(201);
    const r = (await street.get('/api/emergency/search', { q: '粉尘防爆' })).json();
    expect(r.hits.map((h: { id: string }) => h.id)).toContain(c.json().id);
    await rows(t.database.db, sql`UPDATE emergency_search SET region_code = '420113' WHERE ref_id = ${c.json().id}`);
    expect((await street.get('/api/emergency/search', { q: '粉尘防爆' })).json().hits).toHaveLength(0);
    expect((await admin.get('/api/emergency/search', { q: '粉尘防爆' })).json().hits).toHaveLength(1);
  });
});

describe('search at scale: a capped set of candidates', () => {
  // 12 records hold 溴素 in their text only; the one holding it in its title is written last (the
  // index and the table yield it last). With a cap of 5 records read, it is still found and first.
  it('ranks the title hits first even when the matches exceed the cap; counts become lower bounds', async () => {
    const now = new Date();
    const docs = Array.from({ length: 12 }, (_, i) => ({ kind: 'cases' as const, refId: crypto.randomUUID(), regionCode: '420112004', title: `某厂${i}号事故`, body: `储罐阀门处溴素外溢，现场处置第${i}例` }));
    await upsertSearchDocs(t.database.db, docs, new Date(now.getTime() - 60_000));
    const titled = { kind: 'teams' as const, refId: crypto.randomUUID(), regionCode: '420112004', title: '溴素处置突击队', body: '驻化工园区' };
    await upsertSearchDocs(t.database.db, [titled], new Date(now.getTime() - 120_000));
    const opts = { prefix: '420112', terms: queryTerms('溴素'), all: true, limit: 3 };
    const full = await searchDocs(t.database.db, opts);
    expect(full.capped).toBe(false);
    expect(full.hits[0]).toMatchObject({ ref_id: titled.refId, score: 10 });
    expect(full.counts.get('cases')).toBe(12);
    const capped = await searchDocs(t.database.db, { ...opts, cap: 5, titleCap: 5 });
    expect(capped.capped).toBe(true);
    expect(capped.hits[0]).toMatchObject({ ref_id: titled.refId, score: 10 });
    expect(capped.hits.slice(1).map((h) => h.score)).toEqual([3, 3]);
    expect([...capped.counts.values()].reduce((a, b) => a + b, 0)).toBe(5);
    // Every term in the title outranks some of them in the title, whatever the cap.
    const both = { kind: 'experts' as const, refId: crypto.randomUUID(), regionCode: '420112004', title: '溴素外溢处置专家', body: '' };
    const one = { kind: 'experts' as const, refId: crypto.randomUUID(), regionCode: '420112004', title: '外溢处置专家', body: '溴素' };
    await upsertSearchDocs(t.database.db, [one, both], new Date(now.getTime() - 180_000));
    const two = await searchDocs(t.database.db, { prefix: '420112', terms: queryTerms('溴素 外溢'), all: true, limit: 3, cap: 2, titleCap: 2 });
    expect(two.capped).toBe(true);
    expect(two.hits.map((h) => h.score)).toEqual([20, 13, 6]);
    expect(two.hits.slice(0, 2).map((h) => h.ref_id)).toEqual([both.refId, one.refId]);
    // A longer Chinese term is checked as a substring: 溴素外溢 is in the cases' text, not in a record
    // holding all its bigrams (溴素 素外 外溢) apart.
    const apart = { kind: 'regulations' as const, refId: crypto.randomUUID(), regionCode: '420112', title: '溴素外运规定', body: '防止素外溢' };
    await upsertSearchDocs(t.database.db, [apart], now);
    const exact = await searchDocs(t.database.db, { prefix: '420112', terms: queryTerms('溴素外溢'), all: true, limit: 100 });
    expect(exact.hits.map((h) => h.ref_id)).not.toContain(apart.refId);
    expect(exact.hits.map((h) => h.ref_id)).toContain(both.refId);
    expect(exact.hits).toHaveLength(13);
    // Of these kinds: the kind is a key too.
    const experts = await searchDocs(t.database.db, { ...opts, kinds: ['experts'] });
    expect(new Set(experts.hits.map((h) => h.kind))).toEqual(new Set(['experts']));
    // The API says whether its counts are lower bounds.
    const api = (await office.get('/api/emergency/search', { q: '溴素' })).json();
    expect(api).toMatchObject({ countsCapped: false, counts: { cases: 12, teams: 1, experts: 2, regulations: 1 } });
  });

  it('the migration gives documents written before it the keys searchDocKeys writes now', async () => {
    const [migration] = ['0023_emergency_search_index.sql'].map((f) => readFileSync(new URL(`../../db/migrations/${f}`, import.meta.url), 'utf8'));
    const update = migration.split('--> statement-breakpoint').find((x) => x.includes('UPDATE'))!;
    const docs = [
      { kind: 'regulations' as const, refId: crypto.randomUUID(), regionCode: '420112', title: '《危险化学品重大危险源辨识》GB 18218-2018 A 类', body: '液氯 泄漏；GBZ 2.1；x 射线' },
      { kind: 'materials' as const, refId: crypto.randomUUID(), regionCode: '420112004', title: '正压式空气呼吸器RHZK6.8', body: '将军路街道储备库' },
    ];
    await upsertSearchDocs(t.database.db, docs, new Date());
    for (const d of docs) await rows(t.database.db, sql`UPDATE emergency_search SET keys = ${`{${searchKeys(`${d.title} ${d.body}`).join(',')}}`}::text[] WHERE ref_id = ${d.refId}`);
    await rows(t.database.db, sql.raw(update));
    for (const d of docs) {
      const [r] = await rows<{ keys: string[] }>(t.database.db, sql`SELECT keys FROM emergency_search WHERE ref_id = ${d.refId}`);
      expect(new Set(r.keys)).toEqual(new Set(searchDocKeys(d.kind, d.title, d.body)));
    }
  });
});

describe('the five databases', () => {
  it('lists with keyword and category filters; phones masked for roles that do not need them', async () => {
    const l = (await street.get('/api/emergency/teams', { q: '危化品' })).json();
    expect(l.total).toBeGreaterThan(0);
    expect(l.items[0].contactPhone).toMatch(/^1\d{10}$/);
    // The inspector (区应急管理局) sees its own unit's contacts, a street's masked.
    const masked = (await inspector.get('/api/emergency/teams', { q: '将军路街道应急救援队' })).json();
    expect(masked.items[0].contactPhone).toMatch(/\*{4}/);
    const experts = (await office.get('/api/emergency/experts', { category: '行政' })).json();
    expect(experts.items.every((e: { kind: string }) => e.kind === '行政')).toBe(true);
    const alerts = (await office.get('/api/emergency/materials', { alert: 'low' })).json();
    expect(alerts.items.length).toBeGreaterThan(0);
    expect(alerts.items.every((m: { lowStock: boolean }) => m.lowStock)).toBe(true);
    const expired = (await office.get('/api/emergency/materials', { alert: 'expired' })).json();
    expect(expired.items.every((m: { expiry: string }) => m.expiry === 'expired')).toBe(true);
  });
  it('only the keeping unit or the office edits a record; others get 403, other districts 404', async () => {
    const team = (await street.post('/api/emergency/teams', { name: '将军路测试队', unitName: '将军路街道', kind: '兼职救援队', specialty: '疏散', size: 10, baseAddress: '将军路', contactName: '张三' })).json();
    expect(team.canEdit).toBe(true);
    const upd = { name: '将军路测试队（改）', unitName: '将军路街道', kind: '兼职救援队', specialty: '疏散', size: 12, baseAddress: '将军路', contactName: '张三' };
    expect((await housing.put(`/api/emergency/teams/${team.id}`, upd)).statusCode).toBe(403);
    expect((await office.put(`/api/emergency/teams/${team.id}`, upd)).statusCode).toBe(200);
    expect((await street.get(`/api/emergency/teams/${team.id}`)).json().size).toBe(12);
    expect((await qiye.post('/api/emergency/teams', upd)).statusCode).toBe(403);
    const bad = await street.post('/api/emergency/teams', { ...upd, size: -1, lng: 500 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/size|lng/);
    expect((await street.delete(`/api/emergency/teams/${team.id}`)).statusCode).toBe(200);
    expect((await street.get(`/api/emergency/teams/${team.id}`)).statusCode).toBe(404);
  });
  it('regulations and cases keep their rules (dates, since 2000)', async () => {
    const reg = await office.post('/api/emergency/regulations', { title: '测试规章', kind: '部门规章', level: '国家', issuer: '应急管理部', issuedOn: '2020-05-01', effectiveOn: '2020-01-01' });
    expect(reg.statusCode).toBe(400);
    expect(reg.json().message).toContain('effectiveOn');
    const c = await office.post('/api/emergency/cases', { title: '旧案例', occurredOn: '1998-01-01', place: '某地', accidentType: '火灾', cause: '不明' });
    expect(c.statusCode).toBe(400);
    expect(c.json().message).toContain('2000');
  });
});

describe('stock movements', () => {
  async function newMaterial(quantity: number) {
    const r = await yingjiju.post('/api/emergency/materials', { name: '测试灭火器', category: '器材工具', unitOfMeasure: '具', quantity, depot: '区储备库', ownerName: '区应急管理局' });
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as { id: string; quantity: number };
  }
  it('never goes negative under 24 concurrent movements', async () => {
    const m = await newMaterial(10);
    // 24 concurrent 出库 of 1 each against 10 in stock: exactly 10 succeed.
    const results = await Promise.all(Array.from({ length: 24 }, () => yingjiju.post(`/api/emergency/materials/${m.id}/movements`, { kind: 'out', quantity: 1, note: '并发出库' })));
    const ok = results.filter((r) => r.statusCode === 201).length;
    const refused = results.filter((r) => r.statusCode === 409);
    expect(ok).toBe(10);
    expect(refused).toHaveLength(14);
    expect(refused[0].json().message).toContain('库存不足');
    const after = (await yingjiju.get(`/api/emergency/materials/${m.id}`)).json();
    expect(after.quantity).toBe(0);
    const log = (await yingjiju.get(`/api/emergency/materials/${m.id}/movements`)).json();
    expect(log).toHaveLength(11); // 初始库存 + 10 出库
    expect(log.every((x: { balanceAfter: number }) => x.balanceAfter >= 0)).toBe(true);
  });
  it('mixed concurrent in/out/write-off keep the balance equal to the log', async () => {
    const m = await newMaterial(5);
    const moves = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? { kind: 'in', quantity: 2 } : i % 3 === 1 ? { kind: 'out', quantity: 3 } : { kind: 'write_off', quantity: 1 }));
    await Promise.all(moves.map((b) => yingjiju.post(`/api/emergency/materials/${m.id}/movements`, b)));
    const [{ q, s }] = await rows<{ q: number; s: number }>(
      t.database.db,
      sql`SELECT (SELECT quantity FROM emergency_materials WHERE id = ${m.id})::float AS q, (SELECT sum(delta) FROM emergency_stock_moves WHERE material_id = ${m.id})::float AS s`,
    );
    expect(q).toBeGreaterThanOrEqual(0);
    expect(q).toBe(s);
  });
  it('transfers to a store of the same material, both sides logged; the SQL check refuses a negative stock', async () => {
    const a = await newMaterial(6);
    const b = await newMaterial(1);
    const r = await yingjiju.post(`/api/emergency/materials/${a.id}/movements`, { kind: 'transfer', quantity: 4, toMaterialId: b.id });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().quantity).toBe(2);
    expect((await yingjiju.get(`/api/emergency/materials/${b.id}`)).json().quantity).toBe(5);
    expect((await yingjiju.post(`/api/emergency/materials/${a.id}/movements`, { kind: 'transfer', quantity: 1 })).statusCode).toBe(400);
    expect((await street.post(`/api/emergency/materials/${a.id}/movements`, { kind: 'out', quantity: 1 })).statusCode).toBe(403);
    await expect(rows(t.database.db, sql`UPDATE emergency_materials SET quantity = -1 WHERE id = ${a.id}`)).rejects.toThrow();
    // Editing a material never changes its stock.
    const upd = await yingjiju.put(`/api/emergency/materials/${a.id}`, { name: '测试灭火器', category: '器材工具', unitOfMeasure: '具', depot: '区储备库二号', ownerName: '区应急管理局' });
    expect(upd.json().quantity).toBe(2);
  });
});

describe('Excel import and export', () => {
  const header = ['姓名', '专家类别', '专业领域', '工作单位', '联系电话'];
  it('reports bad rows and imports nothing unless asked to skip them', async () => {
    const file = await xlsx(header, [
      ['孔明亮', '技术', '危化品储运', '某设计院', '13800002222'],
      ['X', '技术', '消防', '某单位', '13800003333'],
      ['许文', '顾问', '消防', '某单位', '123'],
    ]);
    const before = (await office.get('/api/emergency/experts')).json().total;
    const r = await upload(office, '/api/emergency/experts/import', file);
    expect(r.statusCode, r.body).toBe(200);
    const rep = r.json();
    expect(rep.committed).toBe(false);
    expect(rep.invalid).toBe(2);
    expect(rep.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`)).toEqual(expect.arrayContaining(['3:姓名', '4:专家类别', '4:联系电话']));
    expect((await office.get('/api/emergency/experts')).json().total).toBe(before);
    const skip = (await upload(office, '/api/emergency/experts/import', file, { skipInvalid: 'true' })).json();
    expect(skip.committed).toBe(true);
    expect(skip.created).toBe(1);
    expect(skip.skipped).toBe(2);
    expect((await office.get('/api/emergency/experts')).json().total).toBe(before + 1);
    expect((await office.get('/api/emergency/search', { q: '危化品储运' })).json().hits).toHaveLength(1);
  });
  it('refuses a sheet without the required columns and a non-xlsx file', async () => {
    const r = await upload(office, '/api/emergency/teams/import', await xlsx(['名称'], [['x']]));
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toContain('队伍名称');
    expect((await upload(office, '/api/emergency/teams/import', Buffer.from('hello'))).statusCode).toBe(415);
  });
  it('exports what the list shows in the template columns; the template imports back', async () => {
    const r = await office.get('/api/emergency/materials/export.xlsx');
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as never);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('物资名称*');
    expect(ws.rowCount - 1).toBe((await office.get('/api/emergency/materials')).json().total);
    const tpl = await office.get('/api/emergency/cases/template.xlsx');
    const dry = (await upload(office, '/api/emergency/cases/import', tpl.rawPayload, { dryRun: 'true' })).json();
    expect(dry).toMatchObject({ total: 1, valid: 1, invalid: 0, committed: false });
  });
});

describe('一网 contact network', () => {
  it('a street updates its liaison (confirming it); phones masked for the inspector; tel-ready numbers for the office', async () => {
    const mine = (await street.get('/api/emergency/liaisons', { q: '将军路', pageSize: 50 })).json();
    const own = mine.items.find((l: { canEdit: boolean }) => l.canEdit);
    expect(own).toBeTruthy();
    const r = await street.put(`/api/emergency/liaisons/${own.id}`, { name: '陈海燕', position: '应急办主任', mobile: '13971234567', dutyPhone: '027-83891234' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ mobile: '13971234567', stale: false, daysSinceConfirmed: 0 });
    const seen = (await inspector.get('/api/emergency/liaisons', { q: '陈海燕' })).json().items[0];
    expect(seen.mobile).toBe('139****4567');
    expect(seen.phonesMasked).toBe(true);
    expect((await office.get('/api/emergency/liaisons', { q: '陈海燕' })).json().items[0].mobile).toBe('13971234567');
    // Stored encrypted.
    const [row] = await rows<{ mobile_enc: string }>(t.database.db, sql`SELECT mobile_enc FROM emergency_liaisons WHERE id = ${own.id}`);
    expect(row.mobile_enc).toMatch(/^sm4:/);
    // Another unit's liaison: not editable.
    const other = (await housing.get('/api/emergency/liaisons', { q: '将军路' })).json().items[0];
    expect((await housing.post(`/api/emergency/liaisons/${other.id}/confirm`)).statusCode).toBe(403);
  });
  it('flags liaisons not confirmed for 90 days, confirming clears the flag, the sweep reminds once a day', async () => {
    const stale = (await office.get('/api/emergency/liaisons', { stale: 'true', pageSize: 100 })).json();
    expect(stale.total).toBeGreaterThan(0);
    expect(stale.staleCount).toBe(stale.total);
    expect(stale.items.every((l: { daysSinceConfirmed: number }) => l.daysSinceConfirmed > 90)).toBe(true);
    const first = stale.items[0];
    const c = await office.post(`/api/emergency/liaisons/${first.id}/confirm`);
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json().stale).toBe(false);
    const n = await remindStaleLiaisons(t.deps);
    expect(n).toBe(stale.total - 1);
    expect(await remindStaleLiaisons(t.deps)).toBe(0);
  });
  it('an enterprise registers its own liaison and sees government liaisons, not other enterprises’', async () => {
    const r = await qiye.post('/api/emergency/liaisons', { name: '赵晓东', mobile: '13800001234' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().ownerKind).toBe('enterprise');
    const list = (await qiye.get('/api/emergency/liaisons', { ownerKind: 'enterprise' })).json();
    expect(list.items.map((l: { id: string }) => l.id)).toEqual([r.json().id]);
    expect((await qiye.post('/api/emergency/liaisons', { name: '某某', mobile: '13800001234', unitId: street.user!.unitId })).statusCode).toBe(400);
  });
  it('exports the roster as .xlsx', async () => {
    const r = await inspector.get('/api/emergency/liaisons/roster.xlsx');
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as never);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(8).value).toBe('手机');
    expect(String(ws.getRow(2).getCell(8).value)).toMatch(/\*{4}/);
  });
});

describe('七有 self-assessment', () => {
  it('a street submits its 七有 with evidence from the databases; the office sees score and gaps', async () => {
    const year = Number(new Date(t.deps.clock.now()).getUTCFullYear());
    const mine = (await street.get('/api/emergency/seven-has/mine')).json();
    expect(mine.items).toHaveLength(7);
    expect(mine.items.find((i: { key: string }) => i.key === 'team').evidence[0].count).toBeGreaterThan(0);
    const items = mine.items.map((i: { key: string }) => ({ key: i.key, has: i.key !== 'drill' && i.key !== 'experts' }));
    const r = await street.put('/api/emergency/seven-has/mine', { year, items });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ submitted: true, score: 71.4, gaps: ['有实战演练', '有专家支撑'] });
    const dup = await street.put('/api/emergency/seven-has/mine', { year, items: [{ key: 'team', has: true }, { key: 'team', has: false }] });
    expect(dup.statusCode).toBe(400);
    const ov = (await office.get('/api/emergency/seven-has/overview', { year })).json();
    const row = ov.units.find((u: { unitId: string }) => u.unitId === street.user!.unitId);
    expect(row).toMatchObject({ submitted: true, score: 71.4 });
    expect(ov.summary.units).toBeGreaterThan(ov.summary.submitted);
    expect(ov.units.some((u: { gaps: string[] }) => u.gaps.includes('未自评'))).toBe(true);
    expect((await office.get(`/api/emergency/seven-has/units/${street.user!.unitId}`, { year })).json().score).toBe(71.4);
    expect((await street.get('/api/emergency/seven-has/overview')).statusCode).toBe(403);
  });
});
