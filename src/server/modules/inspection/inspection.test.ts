import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { multipart, testApp, TEST_TODAY, type Client, type TestApp } from '../../../../test/helpers';
import { rows } from '../../db';
import { addDays } from '../../../shared/time';
import ExcelJS from 'exceljs';
import { DISHONEST_DRAW_WEIGHT, computeClass, derivePlan, maskPersonal, spreadOverMonths } from '../../../shared/inspection/rules';
import { runDraw, seedHash, type DrawPool } from './inspection.draw';
import { nextDocumentSeq } from './inspection.repo';
import { runDrawVerifyCli, verifyAllDraws } from './index';

let t: TestApp;
let office: Client, emergency: Client, housing: Client, street: Client, qiye: Client, inspector: Client, inspector3: Client, admin: Client;
let qiyeEnt: string;
let hazchemVersion: string;

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
const SIGNATURE = `data:image/png;base64,${PNG.toString('base64')}`;

beforeAll(async () => {
  t = await testApp();
  [office, emergency, housing, street, qiye, inspector, inspector3, admin] = await Promise.all(['anweiban', 'yingjiju', 'zhujianju', 'jiangjunlu', 'qiye', 'jiancha', 'jiancha3', 'admin'].map((u) => t.login(u)));
  qiyeEnt = qiye.user!.enterpriseId!;
  const list = (await office.get('/api/checklists', { sector: 'hazchem' })).json();
  hazchemVersion = list.find((x: { currentVersionId: string | null }) => x.currentVersionId).currentVersionId;
});
afterAll(async () => {
  await t?.close();
});

const userId = async (username: string) => (await rows<{ id: string }>(t.database.db, sql`SELECT id FROM users WHERE username = ${username}`))[0].id;

describe('分类分级 (directory)', () => {
  it('computes A–D from risk, sector, scale and penalties', () => {
    expect(computeClass({ sector: 'hazchem', riskLevel: null, aboveScale: true, violations: 0 }).class).toBe('A');
    expect(computeClass({ sector: 'fire', riskLevel: '重大', aboveScale: false, violations: 0 }).class).toBe('A');
    expect(computeClass({ sector: 'fire', riskLevel: null, aboveScale: false, violations: 2 }).class).toBe('A');
    expect(computeClass({ sector: 'hazchem', riskLevel: null, aboveScale: false, violations: 0 }).class).toBe('B');
    expect(computeClass({ sector: 'fire', riskLevel: '一般', aboveScale: false, violations: 0 }).class).toBe('C');
    expect(computeClass({ sector: 'fire', riskLevel: '低', aboveScale: false, violations: 0 }).class).toBe('D');
  });

  it('lists targets in scope with class counts; an override needs a reason and is audited; null restores', async () => {
    const r = await emergency.get('/api/inspection/targets', { pageSize: 500 });
    expect(r.statusCode, r.body).toBe(200);
    const page = r.json();
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.every((x: { sector: string }) => x.sector === 'hazchem' || true)).toBe(true);
    expect(Object.values(page.classCounts).reduce((a: number, b) => a + (b as number), 0)).toBe(page.total);
    const target = page.items[0];
    const bad = await emergency.put(`/api/inspection/targets/${target.enterpriseId}/class`, { targetClass: 'A' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('reason');
    const ok = await emergency.put(`/api/inspection/targets/${target.enterpriseId}/class`, { targetClass: 'A', reason: '近期发生险情，提级监管' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().targetClass).toBe('A');
    expect(ok.json().override.reason).toContain('提级');
    expect(ok.json().frequency).toBe(2);
    const back = await emergency.put(`/api/inspection/targets/${target.enterpriseId}/class`, { targetClass: null });
    expect(back.json().targetClass).toBe(back.json().computedClass);
    // 区住建局 does not supervise this enterprise.
    expect((await housing.put(`/api/inspection/targets/${target.enterpriseId}/class`, { targetClass: 'B', reason: '越权调整分类' })).statusCode).toBe(404);
  });

  it('inspectors: certificates and conflicts; the department sees its own people', async () => {
    const list = (await emergency.get('/api/inspection/inspectors')).json();
    expect(list.length).toBeGreaterThanOrEqual(5);
    expect(list.some((p: { certValid: boolean; registered: boolean }) => p.registered && !p.certValid)).toBe(true);
    expect(list.some((p: { conflicts: unknown[] }) => p.conflicts.length > 0)).toBe(true);
    // A declared conflict names its enterprise (read for all conflicts at once).
    const declared = list.flatMap((p: { conflicts: { enterpriseName: string }[] }) => p.conflicts);
    expect(declared.every((c: { enterpriseName: string }) => c.enterpriseName.length > 1 && c.enterpriseName !== '（企业）')).toBe(true);
    const housingList = (await housing.get('/api/inspection/inspectors')).json();
    expect(housingList.every((p: { unitName: string }) => p.unitName === housingList[0].unitName)).toBe(true);
    expect(housingList.some((p: { userId: string }) => list.some((q: { userId: string }) => q.userId === p.userId))).toBe(false);
    const me = list.find((p: { name: string }) => p.name.includes('刘国庆'));
    const saved = await emergency.put(`/api/inspection/inspectors/${me.userId}`, { certNo: '鄂执A0001', certExpiry: addDays(TEST_TODAY, 365) });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().certValid).toBe(true);
    expect((await housing.put(`/api/inspection/inspectors/${me.userId}`, { certNo: '鄂执A0001', certExpiry: addDays(TEST_TODAY, 365) })).statusCode).toBe(404);
  });
});

describe('双随机 draw', () => {
  let drawId: string;

  it('commits to SHA-256 of the seed before the draw, reveals it after; ≥2 inspectors per target; expired certificates and conflicts respected', async () => {
    const c = await emergency.post('/api/inspection/draws', { name: '测试抽查', count: 6, perTarget: 2 });
    expect(c.statusCode, c.body).toBe(201);
    const d = c.json();
    drawId = d.id;
    expect(d.status).toBe('committed');
    expect(d.seed).toBeNull();
    expect(d.seedHash).toMatch(/^[0-9a-f]{64}$/);
    expect(d.targets).toEqual([]);
    expect(d.excluded.some((x: { reason: string }) => x.reason.includes('过期'))).toBe(true);
    const x = await emergency.post(`/api/inspection/draws/${d.id}/execute`);
    expect(x.statusCode, x.body).toBe(200);
    const done = x.json();
    expect(done.status).toBe('published');
    expect(seedHash(done.seed)).toBe(d.seedHash);
    expect(done.targets).toHaveLength(6);
    const expired = (await emergency.get('/api/inspection/inspectors')).json().filter((p: { certValid: boolean }) => !p.certValid).map((p: { userId: string }) => p.userId);
    const conflicts = (await emergency.get('/api/inspection/inspectors')).json().flatMap((p: { userId: string; conflicts: { enterpriseId: string }[] }) => p.conflicts.map((c2) => `${p.userId}|${c2.enterpriseId}`));
    for (const tg of done.targets) {
      expect(tg.inspectors).toHaveLength(2);
      for (const i of tg.inspectors) {
        expect(expired).not.toContain(i.id);
        expect(conflicts).not.toContain(`${i.id}|${tg.enterpriseId}`);
      }
    }
    expect((await emergency.post(`/api/inspection/draws/${d.id}/execute`)).statusCode).toBe(409);
    const v = await office.get(`/api/inspection/draws/${d.id}/verify`);
    expect(v.json().ok).toBe(true);
  });

  it('the draw re-runs from the stored pool and seed; a changed result is caught by verify (and by the CLI)', async () => {
    const [row] = await rows<{ pool: DrawPool; seed: string; count: number; per_target: number; result: unknown; code: string }>(t.database.db, sql`SELECT * FROM inspection_draws WHERE id = ${drawId}`);
    expect(runDraw(row.pool, { count: row.count, perTarget: row.per_target }, row.seed)).toEqual(row.result);
    const before = await verifyAllDraws(t.database);
    expect(before.length).toBeGreaterThan(1);
    expect(before.every((r) => r.ok)).toBe(true);
    // Someone swaps a drawn enterprise for another one.
    const other = row.pool.targets.find((x) => !(row.result as { enterpriseId: string }[]).some((r) => r.enterpriseId === x))!;
    await t.database.query(`UPDATE inspection_draw_targets SET enterprise_id = $1 WHERE draw_id = $2 AND seq = 1`, [other, drawId]);
    const after = await verifyAllDraws(t.database);
    const bad = after.filter((r) => !r.ok);
    expect(bad.map((r) => r.code)).toEqual([row.code]);
    expect(bad[0].message).toContain('不一致');
    // `npx anzhi draw verify --all` (the CLI's command over the same database).
    let printed = '';
    expect(await runDrawVerifyCli(t.database, ['--all'], (s) => (printed += s))).toBe(1);
    expect(printed).toContain(`不一致  ${row.code}`);
    await t.database.query(`UPDATE inspection_draw_targets SET enterprise_id = $1 WHERE draw_id = $2 AND seq = 1`, [(row.result as { enterpriseId: string }[])[0].enterpriseId, drawId]);
    expect((await verifyAllDraws(t.database)).every((r) => r.ok)).toBe(true);
    expect(await runDrawVerifyCli(t.database, ['--all'], () => undefined)).toBe(0);
    // A published seed that does not match the commitment is caught too.
    await t.database.query(`UPDATE inspection_draws SET seed = 'x' || seed WHERE id = $1`, [drawId]);
    expect((await verifyAllDraws(t.database)).find((r) => r.code === row.code)?.message).toContain('SHA-256');
    await t.database.query(`UPDATE inspection_draws SET seed = substr(seed, 2) WHERE id = $1`, [drawId]);
  });

  it('public results: JSON and what anyone needs to re-run each draw', async () => {
    const r = await t.anonymous().get('/public/api/inspections');
    expect(r.statusCode).toBe(200);
    const p = r.json();
    expect(p.items.length).toBeGreaterThan(0);
    expect(p.items[0]).toHaveProperty('enterpriseName');
    expect(p.items[0]).toHaveProperty('outcome');
    for (const d of p.draws) expect(runDraw(d.pool, { count: d.count, perTarget: d.perTarget }, d.seed, d.algorithm)).toEqual(d.result);
    // What a public notice carries: no people, no phones.
    expect(Object.keys(p.items[0]).sort()).toEqual(['algorithm', 'department', 'drawCode', 'drawName', 'drawnAt', 'enterpriseName', 'inspectionDate', 'outcome', 'regionName', 'seed', 'seedHash']);
  });

  it('refuses: too few inspectors, a count beyond the pool, both or neither of count and ratio, another department', async () => {
    const few = await housing.post('/api/inspection/draws', { name: '人数过多', count: 1, perTarget: 4 });
    expect(few.statusCode).toBe(400);
    expect(few.json().message).toContain('不足');
    expect((await emergency.post('/api/inspection/draws', { name: '数量过大', count: 999 })).json().details[0].path).toBe('count');
    expect((await emergency.post('/api/inspection/draws', { name: '二选一', count: 2, ratio: 0.1 })).statusCode).toBe(400);
    expect((await emergency.post('/api/inspection/draws', { name: '二选一' })).statusCode).toBe(400);
    const housingUnit = (await rows<{ id: string }>(t.database.db, sql`SELECT id FROM units WHERE code = 'dept.housing'`))[0].id;
    expect((await emergency.post('/api/inspection/draws', { name: '越权', count: 1, unitId: housingUnit })).statusCode).toBe(403);
    expect((await office.post('/api/inspection/draws', { name: '办公室代抽', ratio: 0.2, unitId: housingUnit })).statusCode).toBe(201);
    // A published draw is public; a committed one only its department's (and the office's).
    expect((await housing.get(`/api/inspection/draws/${drawId}`)).statusCode).toBe(200);
    const pending = (await emergency.post('/api/inspection/draws', { name: '待抽取', count: 1 })).json();
    expect((await housing.get(`/api/inspection/draws/${pending.id}`)).statusCode).toBe(404);
    expect((await office.get(`/api/inspection/draws/${pending.id}`)).statusCode).toBe(200);
    expect((await housing.post(`/api/inspection/draws/${pending.id}/execute`)).statusCode).toBe(404);
  });

  it('fairness over 1,000 seeded draws: each enterprise drawn within tolerance, no inspector overloaded, recusal kept', () => {
    const targets = Array.from({ length: 40 }, (_, i) => `e${String(i).padStart(2, '0')}`);
    const inspectors = Array.from({ length: 7 }, (_, i) => `p${i}`);
    const conflicts: [string, string][] = [
      ['p0', 'e00'],
      ['p1', 'e00'],
      ['p2', 'e05'],
    ];
    const pool: DrawPool = { targets, inspectors, conflicts };
    const N = 1000;
    const count = 8;
    const hits = new Map<string, number>();
    for (let s = 0; s < N; s++) {
      const r = runDraw(pool, { count, perTarget: 2 }, `fair-${s}`);
      expect(new Set(r.map((x) => x.enterpriseId)).size).toBe(count);
      const load = new Map<string, number>();
      for (const a of r) {
        expect(a.inspectorIds).toHaveLength(2);
        for (const [i, e] of conflicts) if (a.enterpriseId === e) expect(a.inspectorIds).not.toContain(i);
        for (const i of a.inspectorIds) load.set(i, (load.get(i) ?? 0) + 1);
        hits.set(a.enterpriseId, (hits.get(a.enterpriseId) ?? 0) + 1);
      }
      // 16 assignments over 7 people: nobody gets more than ceil(16/7) + 1.
      expect(Math.max(...load.values())).toBeLessThanOrEqual(Math.ceil((count * 2) / inspectors.length) + 1);
    }
    // Expected 200 each (p = 0.2); binomial sd ≈ 12.6: within ±5 sd for every one of 40.
    const expected = (N * count) / targets.length;
    for (const e of targets) expect(Math.abs((hits.get(e) ?? 0) - expected)).toBeLessThan(5 * Math.sqrt(expected * 0.8));
    // Chi-square over the 40 enterprises (39 d.f.): far below the 0.1% critical value 72.1.
    const chi = targets.reduce((s, e) => s + ((hits.get(e) ?? 0) - expected) ** 2 / expected, 0);
    expect(chi).toBeLessThan(72.1);
  });
});

describe('on-site inspection', () => {
  let inspectionId: string;
  let version: { items: { itemId: string; majorRef: unknown }[] };

  it('四不两直: an unannounced inspection is invisible to the enterprise, its street and the office until the team starts it', async () => {
    const me = await userId('jiancha');
    const mate = await userId('jiancha3');
    void me;
    const c = await inspector.post('/api/inspection/inspections', { enterpriseId: qiyeEnt, checklistVersionId: hazchemVersion, unannounced: true, team: [mate] });
    expect(c.statusCode, c.body).toBe(201);
    inspectionId = c.json().id;
    for (const who of [qiye, street, office]) {
      expect((await who.get(`/api/inspection/inspections/${inspectionId}`)).statusCode).toBe(404);
      expect((await who.get('/api/inspection/inspections', { pageSize: 500 })).json().items.some((x: { id: string }) => x.id === inspectionId)).toBe(false);
    }
    expect((await inspector3.get(`/api/inspection/inspections/${inspectionId}`)).statusCode).toBe(200);
    expect((await office.get('/api/audit', { entity: 'inspection' })).body).not.toContain(qiyeEnt);
    const s = await inspector.post(`/api/inspection/inspections/${inspectionId}/start`);
    expect(s.statusCode, s.body).toBe(200);
    for (const who of [qiye, street, office]) expect((await who.get(`/api/inspection/inspections/${inspectionId}`)).statusCode).toBe(200);
    version = s.json();
  });

  it('refuses a team with an expired certificate, a conflict, or fewer than two inspectors', async () => {
    const expired = await userId('jiancha6');
    const conflicted = await userId('jiancha2');
    const a = await inspector.post('/api/inspection/inspections', { enterpriseId: qiyeEnt, checklistVersionId: hazchemVersion, team: [expired] });
    expect(a.statusCode).toBe(400);
    expect(a.json().message).toContain('过期');
    const b = await inspector.post('/api/inspection/inspections', { enterpriseId: qiyeEnt, checklistVersionId: hazchemVersion, team: [conflicted] });
    expect(b.json().message).toContain('回避');
    const c = await inspector.post('/api/inspection/inspections', { enterpriseId: qiyeEnt, checklistVersionId: hazchemVersion });
    expect(c.json().details[0].path).toBe('team');
  });

  it('a failed item with a photo becomes a hazard in the ledger (same transaction); the signature and 现场检查记录 follow; a resend counts once', async () => {
    const up = multipart([{ field: 'file', name: 'p.png', data: PNG, type: 'image/png' }]);
    const ph = await inspector.post(`/api/inspection/inspections/${inspectionId}/photos`, up.payload, { headers: up.headers });
    expect(ph.statusCode, ph.body).toBe(201);
    const items = version.items;
    const body = {
      clientKey: `k-${Date.now()}`,
      answers: [
        { itemId: items[0].itemId, result: 'fail', note: '储罐区可燃气体报警器失效', photoFileIds: [ph.json().id], deadline: addDays(TEST_TODAY, 15) },
        ...items.slice(1, 4).map((i) => ({ itemId: i.itemId, result: 'pass' })),
      ],
      lat: 30.62,
      lng: 114.14,
      signerName: '赵晓东',
      signature: SIGNATURE,
    };
    const bad = await inspector.post(`/api/inspection/inspections/${inspectionId}/submit`, { ...body, answers: [{ itemId: items[0].itemId, result: 'fail' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('answers.0.note');
    const r = await inspector.post(`/api/inspection/inspections/${inspectionId}/submit`, body);
    expect(r.statusCode, r.body).toBe(200);
    const v = r.json();
    expect(v.status).toBe('completed');
    expect(v.failed).toBe(1);
    const failed = v.items.find((x: { result: string }) => x.result === 'fail');
    expect(failed.hazardCode).toMatch(/^YH-/);
    const h = await qiye.get(`/api/hazards/${failed.hazardId}`);
    expect(h.statusCode).toBe(200);
    expect(h.json().source).toBe('inspection');
    expect(h.json().photos.length).toBe(1);
    expect(v.documents.map((d: { kind: string }) => d.kind).sort()).toEqual(['check_record', 'rectify_order']);
    const again = await inspector.post(`/api/inspection/inspections/${inspectionId}/submit`, body);
    expect(again.statusCode).toBe(200);
    const [{ n }] = await rows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM hazards WHERE origin_id = ${inspectionId}`);
    expect(n).toBe(1);
    const sig = await qiye.get(`/api/files/${v.signatureFileId}`);
    expect(sig.statusCode).toBe(200);
    const doc = await qiye.get(`/api/inspection/inspections/${inspectionId}/record.docx`);
    expect(doc.statusCode).toBe(200);
    expect(doc.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('a hazard in the ledger rolls back with the inspection when the submission fails', async () => {
    const c = await inspector.post('/api/inspection/inspections', { enterpriseId: qiyeEnt, checklistVersionId: hazchemVersion, team: [await userId('jiancha3')] });
    const id = c.json().id;
    await inspector.post(`/api/inspection/inspections/${id}/start`);
    const items = c.json().items;
    const [{ n: before }] = await rows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM hazards`);
    // The second failed item names a 重大 grade with an unknown clause: the hazard module refuses it.
    const r = await inspector.post(`/api/inspection/inspections/${id}/submit`, {
      clientKey: `rb-${id}`,
      answers: [
        { itemId: items[0].itemId, result: 'fail', note: '第一项问题' },
        { itemId: items[1].itemId, result: 'fail', note: '第二项问题', grade: '重大', standardRef: { standard: 'no-such', item: '99' } },
      ],
      locationNote: '厂区',
      signerName: '赵晓东',
      signature: SIGNATURE,
    });
    expect(r.statusCode).toBe(400);
    const [{ n: after }] = await rows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM hazards`);
    expect(after).toBe(before);
  });
});

describe('enforcement cases', () => {
  let caseId: string;
  it('裁量基准: a fine outside the circumstance range is refused with the range; ≥ 50,000 元 is a 重大执法决定 needing 法制审核 by someone else', async () => {
    const o = await emergency.post('/api/inspection/cases', { enterpriseId: qiyeEnt, source: 'inspection', summary: '重大危险源未定期检测评估' });
    expect(o.statusCode, o.body).toBe(201);
    caseId = o.json().id;
    expect(o.json().code).toMatch(/^AJ-\d{4}-\d{4}$/);
    expect((await emergency.post(`/api/inspection/cases/${caseId}/steps`, { step: 'propose', violationCode: 'AQ-17', circumstance: '一般', fineAmount: 30000 })).statusCode).toBe(409);
    await emergency.post(`/api/inspection/cases/${caseId}/steps`, { step: 'investigate', note: '调取检测报告，询问负责人' });
    const out = await emergency.post(`/api/inspection/cases/${caseId}/steps`, { step: 'propose', violationCode: 'AQ-17', circumstance: '一般', fineAmount: 90000 });
    expect(out.statusCode).toBe(400);
    expect(out.json().details[0].path).toBe('fineAmount');
    expect(out.json().message).toContain('20,000 元 至 50,000 元');
    const p = await emergency.post(`/api/inspection/cases/${caseId}/steps`, { step: 'propose', violationCode: 'AQ-17', circumstance: '较重', fineAmount: 60000 });
    expect(p.statusCode, p.body).toBe(200);
    expect(p.json().major).toBe(true);
    expect(p.json().status).toBe('legal_review');
    const early = await emergency.post(`/api/inspection/cases/${caseId}/steps`, { step: 'decide' });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toContain('法制审核');
    expect((await emergency.post(`/api/inspection/cases/${caseId}/documents`, { kind: 'penalty_decision' })).statusCode).toBe(409);
    // The handler cannot review his own case.
    expect((await emergency.post(`/api/inspection/cases/${caseId}/legal-review`, { passed: true, opinion: '同意' })).statusCode).toBe(403);
    expect((await inspector.post(`/api/inspection/cases/${caseId}/legal-review`, { passed: true, opinion: '同意' })).statusCode).toBe(403);
    const rv = await office.post(`/api/inspection/cases/${caseId}/legal-review`, { passed: true, opinion: '事实清楚，证据确凿，适用依据正确，程序合法，裁量适当' });
    expect(rv.statusCode, rv.body).toBe(200);
    const d = await emergency.post(`/api/inspection/cases/${caseId}/steps`, { step: 'decide' });
    expect(d.statusCode, d.body).toBe(200);
    const doc = await emergency.post(`/api/inspection/cases/${caseId}/documents`, { kind: 'penalty_decision' });
    expect(doc.statusCode, doc.body).toBe(201);
    const v = doc.json();
    expect(v.documents[0].number).toMatch(/^东应急罚〔\d{4}〕\d+号$/);
    expect(v.events.map((e: { step: string }) => e.step)).toEqual(['file', 'investigate', 'propose', 'legal_review', 'decide', 'document']);
    expect((await housing.get(`/api/inspection/cases/${caseId}`)).statusCode).toBe(404);
  });

  it('document numbers are unique under 20 concurrent issuers', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => emergency.post(`/api/inspection/cases/${caseId}/documents`, { kind: 'rectify_order' })));
    for (const r of results) expect([201, 409]).toContain(r.statusCode);
    const nums = await rows<{ number: string }>(t.database.db, sql`SELECT number FROM enforcement_documents WHERE kind = 'rectify_order'`);
    expect(new Set(nums.map((x) => x.number)).size).toBe(nums.length);
    expect(results.filter((r) => r.statusCode === 201).length).toBe(20);
    // The counter itself, from 20 transactions at once (separate connections on PostgreSQL).
    const seqs = await Promise.all(Array.from({ length: 20 }, () => t.database.db.transaction((tx) => nextDocumentSeq(tx, 'review_opinion', 2099))));
    expect(new Set(seqs).size).toBe(20);
    expect(Math.max(...seqs)).toBe(20);
  });

  it('every generated .docx opens in LibreOffice', async () => {
    if (spawnSync('which', ['soffice']).status !== 0) return;
    const docs = await rows<{ id: string; kind: string }>(t.database.db, sql`SELECT DISTINCT ON (kind) id, kind FROM enforcement_documents WHERE region_code = '420112004' ORDER BY kind, issued_at DESC`);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'insp-docx-'));
    try {
      const names: string[] = [];
      for (const d of docs) {
        const r = await emergency.get(`/api/inspection/documents/${d.id}/file.docx`);
        expect(r.statusCode, r.body).toBe(200);
        writeFileSync(path.join(dir, `${d.kind}.docx`), r.rawPayload);
        names.push(d.kind);
      }
      execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, ...names.map((n) => path.join(dir, `${n}.docx`))], { timeout: 180_000, stdio: 'ignore' });
      expect(readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort()).toEqual(names.map((n) => `${n}.pdf`).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

describe('statistics', () => {
  it('by department and month with the 分类分级 requirement; Excel export', async () => {
    const s = await office.get('/api/inspection/stats');
    expect(s.statusCode, s.body).toBe(200);
    const v = s.json();
    expect(v.byMonth).toHaveLength(12);
    expect(v.byDepartment.some((d: { unitName: string; inspections: number }) => d.unitName.includes('应急') && d.inspections > 0)).toBe(true);
    expect(v.totals.draws).toBeGreaterThan(0);
    const x = await office.get('/api/inspection/stats/export.xlsx');
    expect(x.statusCode).toBe(200);
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await qiye.get('/api/inspection/stats')).statusCode).toBe(403);
    void admin;
  });
});

describe('执法计划', () => {
  const year = Number(TEST_TODAY.slice(0, 4));
  const unitOf = async (code: string) => (await rows<{ id: string }>(t.database.db, sql`SELECT id FROM units WHERE code = ${code}`))[0].id;

  it('derives the required inspections from the classes, the 重点检查/双随机 shares and an even monthly breakdown', () => {
    const d = derivePlan({ A: 3, B: 2, C: 5, D: 11 });
    expect(d.classes.map((c) => [c.targetClass, c.required, c.share])).toEqual([
      ['A', 6, 'scheduled'],
      ['B', 2, 'scheduled'],
      ['C', 3, 'random'],
      ['D', 3, 'random'],
    ]);
    expect([d.scheduled, d.random]).toEqual([8, 6]);
    expect(d.months.reduce((s, m) => s + m.scheduled, 0)).toBe(8);
    expect(d.months.reduce((s, m) => s + m.random, 0)).toBe(6);
    const spread = spreadOverMonths(13);
    expect(spread.reduce((a, b) => a + b, 0)).toBe(13);
    expect(Math.max(...spread) - Math.min(...spread)).toBeLessThanOrEqual(1);
  });

  it('a department derives its plan from its own targets, edits months with reasons (never below 分类分级), submits; the office returns it', async () => {
    expect((await emergency.post('/api/inspection/plans', { year })).statusCode).toBe(409); // the demo's plan of this year
    const c = await emergency.post('/api/inspection/plans', { year: year + 1 });
    expect(c.statusCode, c.body).toBe(201);
    const plan = c.json();
    const targets = (await emergency.get('/api/inspection/targets', { pageSize: 500 })).json();
    for (const line of plan.classes) {
      expect(line.enterprises).toBe(targets.classCounts[line.targetClass] ?? 0);
      expect(line.required).toBe(Math.ceil(line.frequency * line.enterprises));
    }
    const months = plan.months.map((m: { scheduled: number; random: number }) => ({ scheduled: m.scheduled, random: m.random }));
    expect(months.reduce((s: number, m: { scheduled: number }) => s + m.scheduled, 0)).toBe(plan.scheduled);
    // A changed month needs its reason.
    const moved = months.map((m: object) => ({ ...m }));
    moved[2].scheduled += moved[1].scheduled + 1;
    moved[1].scheduled = 0;
    const noReason = await emergency.put(`/api/inspection/plans/${plan.id}`, { months: moved });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().details[0].path).toBe('months.1.note');
    // Fewer than the classes require is refused.
    const fewer = months.map((m: object) => ({ ...m, scheduled: 0, note: '人员不足' }));
    const low = await emergency.put(`/api/inspection/plans/${plan.id}`, { months: fewer });
    expect(low.statusCode).toBe(400);
    expect(low.json().message).toContain('少于分类分级要求');
    moved[1].note = '春节假期顺延';
    moved[2].note = '承接 2 月';
    const ok = await emergency.put(`/api/inspection/plans/${plan.id}`, { months: moved, note: '测试计划' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().months[1]).toMatchObject({ scheduled: 0, note: '春节假期顺延' });
    expect(ok.json().scheduled).toBe(plan.scheduled + 1);
    expect((await housing.get(`/api/inspection/plans/${plan.id}`)).statusCode).toBe(404);
    expect((await office.post(`/api/inspection/plans/${plan.id}/review`, { accepted: true, opinion: '同意' })).statusCode).toBe(409); // not submitted yet
    expect((await emergency.post(`/api/inspection/plans/${plan.id}/submit`)).json().status).toBe('submitted');
    expect((await emergency.put(`/api/inspection/plans/${plan.id}`, { months: moved })).statusCode).toBe(409);
    expect((await emergency.post(`/api/inspection/plans/${plan.id}/review`, { accepted: true, opinion: '同意' })).statusCode).toBe(403);
    const back = await office.post(`/api/inspection/plans/${plan.id}/review`, { accepted: false, opinion: '请补充夜间检查安排' });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ status: 'returned', reviewOpinion: '请补充夜间检查安排', editable: true });
    const district = (await office.get('/api/inspection/plans', { year: year + 1 })).json();
    expect(district.items.find((x: { id: string }) => x.id === plan.id).status).toBe('returned');
    expect(district.items.some((x: { status: string }) => x.status === 'none')).toBe(true);
    const own = (await housing.get('/api/inspection/plans', { year: year + 1 })).json();
    expect(own.items).toHaveLength(1);
    expect(own.items[0].unitId).toBe(await unitOf('dept.housing'));
  });

  it('progress counts the department’s completed inspections of the year: by draw or scheduled, by class, A/B coverage', async () => {
    const emergencyId = await unitOf('dept.emergency');
    const plans = (await office.get('/api/inspection/plans', { year })).json();
    const row = plans.items.find((x: { unitId: string }) => x.unitId === emergencyId);
    expect(row.id).toBeTruthy();
    const count = async (origin?: string) =>
      (
        await rows<{ n: number }>(
          t.database.db,
          sql`SELECT count(*)::int AS n FROM inspections WHERE unit_id = ${emergencyId} AND status = 'completed' AND planned_on BETWEEN ${`${year}-01-01`} AND ${`${year}-12-31`} AND (${origin ?? null}::text IS NULL OR origin = ${origin ?? null})`,
        )
      )[0].n;
    expect(row.progress.done).toBe(await count());
    expect(row.progress.doneRandom).toBe(await count('draw'));
    const before = (await emergency.get(`/api/inspection/plans/${row.id}`)).json();
    // A scheduled (计划) inspection of an A/B-class enterprise counts as 重点检查 in its month and class.
    const targets = (await inspector.get('/api/inspection/targets', { pageSize: 500, targetClass: 'B' })).json().items;
    const target = targets.find((x: { enterpriseId: string; sector: string }) => x.enterpriseId !== qiyeEnt && x.sector === 'hazchem') ?? targets[0];
    const mate = await userId('jiancha3');
    const c = await inspector.post('/api/inspection/inspections', { enterpriseId: target.enterpriseId, checklistVersionId: hazchemVersion, team: [mate], fromPlan: true });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json().origin).toBe('plan');
    const s = await inspector.post(`/api/inspection/inspections/${c.json().id}/start`);
    const done = await inspector.post(`/api/inspection/inspections/${c.json().id}/submit`, {
      clientKey: `plan-${c.json().id}`,
      answers: [{ itemId: s.json().items[0].itemId, result: 'pass' }],
      locationNote: '企业生产现场',
      signerName: '赵晓东',
      signature: SIGNATURE,
    });
    expect(done.statusCode, done.body).toBe(200);
    const after = (await emergency.get(`/api/inspection/plans/${row.id}`)).json();
    expect(after.progress.doneScheduled).toBe(before.progress.doneScheduled + 1);
    expect(after.progress.doneRandom).toBe(before.progress.doneRandom);
    const month = Number(TEST_TODAY.slice(5, 7));
    expect(after.months[month - 1].doneScheduled).toBe(before.months[month - 1].doneScheduled + 1);
    const cls = (p: { classes: { targetClass: string; done: number }[] }) => p.classes.find((x) => x.targetClass === target.targetClass)!.done;
    expect(cls(after)).toBe(cls(before) + 1);
    expect(after.progress.abCovered).toBeGreaterThanOrEqual(before.progress.abCovered);
    expect(after.progress.abTotal).toBeGreaterThan(0);
    // The statistics carry the plan coverage (and the Excel export its columns).
    const st = (await office.get('/api/inspection/stats')).json();
    const dep = st.byDepartment.find((d: { unitId: string }) => d.unitId === emergencyId);
    expect(dep).toMatchObject({ planned: after.progress.planned, planStatus: 'accepted', abCovered: after.progress.abCovered, abTotal: after.progress.abTotal });
    const x = await office.get('/api/inspection/stats/export.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const header = (wb.getWorksheet('按部门')!.getRow(1).values as string[]).filter(Boolean);
    expect(header).toContain('执法计划次数');
    expect(header).toContain('A、B 类企业覆盖');
  });
});

describe('失信 and 执法公示', () => {
  it('a 失信 enterprise weighs DISHONEST_DRAW_WEIGHT in anzhi-draw-v2 (statistically), and v1 draws still re-run', () => {
    const pool: DrawPool = { targets: Array.from({ length: 10 }, (_, i) => `e${i}`), inspectors: ['a', 'b'], conflicts: [], weights: { e3: DISHONEST_DRAW_WEIGHT } };
    const n = 3000;
    let hits = 0;
    for (let k = 0; k < n; k++) if (runDraw(pool, { count: 1, perTarget: 2 }, `seed-${k}`)[0].enterpriseId === 'e3') hits++;
    const p = DISHONEST_DRAW_WEIGHT / (9 + DISHONEST_DRAW_WEIGHT);
    expect(Math.abs(hits - n * p)).toBeLessThan(5 * Math.sqrt(n * p * (1 - p)));
    // Without weights, v1 (Fisher–Yates) still runs for the draws stored with it.
    const v1 = runDraw({ ...pool, weights: undefined }, { count: 3, perTarget: 2 }, 'x', 'anzhi-draw-v1');
    expect(v1).toHaveLength(3);
  });

  let entryId: string;
  it('listing raises the class and the draw weight (stored in the pool, so `draw verify` reproduces)', async () => {
    const bad = await emergency.post('/api/inspection/dishonest', { enterpriseId: qiyeEnt, reason: '拒不执行监管指令', basis: '管理办法第六条', startsOn: TEST_TODAY, endsOn: TEST_TODAY });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('endsOn');
    expect((await housing.post('/api/inspection/dishonest', { enterpriseId: qiyeEnt, reason: '拒不执行监管指令', basis: '管理办法第六条', startsOn: TEST_TODAY, endsOn: addDays(TEST_TODAY, 365) })).statusCode).toBe(404);
    const r = await emergency.post('/api/inspection/dishonest', { enterpriseId: qiyeEnt, reason: '拒不执行安全监管指令，逾期未整改重大事故隐患', basis: '《安全生产严重失信主体名单管理办法》第六条', startsOn: TEST_TODAY, endsOn: addDays(TEST_TODAY, 365) });
    expect(r.statusCode, r.body).toBe(201);
    entryId = r.json().id;
    expect(r.json()).toMatchObject({ status: 'listed', inForce: true });
    expect((await emergency.post('/api/inspection/dishonest', { enterpriseId: qiyeEnt, reason: '重复列入测试', basis: '管理办法第六条', startsOn: TEST_TODAY, endsOn: addDays(TEST_TODAY, 30) })).statusCode).toBe(409);
    const target = (await emergency.get('/api/inspection/targets', { pageSize: 500 })).json().items.find((x: { enterpriseId: string }) => x.enterpriseId === qiyeEnt);
    expect(target.dishonest).toBe(true);
    expect(target.computedClass).toBe('A');
    expect(target.computedReasons).toContain('列入严重失信主体名单');
    const d = await emergency.post('/api/inspection/draws', { name: '失信加权抽取', count: 2, perTarget: 2 });
    expect(d.statusCode, d.body).toBe(201);
    const [stored] = await rows<{ pool: DrawPool; algorithm: string }>(t.database.db, sql`SELECT pool, algorithm FROM inspection_draws WHERE id = ${d.json().id}`);
    expect(stored.algorithm).toBe('anzhi-draw-v2');
    expect(stored.pool.weights?.[qiyeEnt]).toBe(DISHONEST_DRAW_WEIGHT);
    expect((await emergency.post(`/api/inspection/draws/${d.json().id}/execute`)).statusCode).toBe(200);
    expect((await verifyAllDraws(t.database)).filter((v) => !v.ok)).toEqual([]);
    const pub = (await t.anonymous().get('/public/api/inspections')).json();
    const published = pub.draws.find((x: { code: string }) => x.code === d.json().code);
    expect(published.pool.weights[qiyeEnt]).toBe(DISHONEST_DRAW_WEIGHT);
    expect(runDraw(published.pool, { count: published.count, perTarget: published.perTarget }, published.seed, published.algorithm)).toEqual(published.result);
  });

  it('信用修复: the enterprise applies, the department approves, the entry leaves the list before its end; expiry ends an entry by itself', async () => {
    const a = await qiye.post(`/api/inspection/dishonest/${entryId}/repair`, { reason: '已完成整改并通过复查，作出信用承诺' });
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json().status).toBe('repair_pending');
    expect((await qiye.post(`/api/inspection/dishonest/${entryId}/repair`, { reason: '再次申请信用修复' })).statusCode).toBe(409);
    expect((await housing.post(`/api/inspection/dishonest/${entryId}/repair-review`, { approved: true, opinion: '同意' })).statusCode).toBe(404);
    expect((await qiye.post(`/api/inspection/dishonest/${entryId}/repair-review`, { approved: true, opinion: '同意' })).statusCode).toBe(403);
    const pub1 = (await t.anonymous().get('/public/api/enforcement')).json();
    expect(pub1.dishonest.find((x: { creditCode: string }) => x.creditCode === a.json().creditCode).underRepair).toBe(true);
    const ok = await emergency.post(`/api/inspection/dishonest/${entryId}/repair-review`, { approved: true, opinion: '整改到位，同意信用修复' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'repaired', inForce: false, removedOn: TEST_TODAY, repairOpinion: '整改到位，同意信用修复' });
    const pub2 = (await t.anonymous().get('/public/api/enforcement')).json();
    expect(pub2.dishonest.some((x: { creditCode: string }) => x.creditCode === a.json().creditCode)).toBe(false);
    const target = (await emergency.get('/api/inspection/targets', { pageSize: 500 })).json().items.find((x: { enterpriseId: string }) => x.enterpriseId === qiyeEnt);
    expect(target.dishonest).toBe(false);
    // Expiry: an entry whose end has passed is out of force without anyone acting.
    const e = await emergency.post('/api/inspection/dishonest', { enterpriseId: qiyeEnt, reason: '期满测试：未按规定报告事故', basis: '管理办法第六条', startsOn: addDays(TEST_TODAY, -30), endsOn: addDays(TEST_TODAY, 30) });
    expect(e.statusCode, e.body).toBe(201);
    await t.database.query(`UPDATE dishonest_entries SET ends_on = $2 WHERE id = $1`, [e.json().id, addDays(TEST_TODAY, -1)]);
    const list = (await emergency.get('/api/inspection/dishonest', { status: 'expired' })).json();
    expect(list.items.find((x: { id: string }) => x.id === e.json().id)).toMatchObject({ status: 'expired', inForce: false });
    expect((await qiye.post(`/api/inspection/dishonest/${e.json().id}/repair`, { reason: '期满后申请信用修复' })).statusCode).toBe(409);
    expect((await t.anonymous().get('/public/api/enforcement')).json().dishonest.some((x: { creditCode: string }) => x.creditCode === a.json().creditCode)).toBe(false);
  });

  it('执法公示: decided penalties are public with names, phones and ID numbers masked', async () => {
    await t.database.query(`UPDATE enterprises SET legal_rep_name = '李秀英' WHERE id = $1`, [qiyeEnt]);
    const o = await emergency.post('/api/inspection/cases', {
      enterpriseId: qiyeEnt,
      source: 'inspection',
      summary: '经查，李秀英未组织制定动火作业管理制度，现场负责人王大明（电话13812345678，身份证号420112198001011234）未安排专人监护，办公电话027-83891234',
    });
    expect(o.statusCode, o.body).toBe(201);
    const id = o.json().id;
    await emergency.post(`/api/inspection/cases/${id}/steps`, { step: 'investigate', note: '询问王大明，制作笔录' });
    expect((await emergency.post(`/api/inspection/cases/${id}/steps`, { step: 'propose', violationCode: 'AQ-17', circumstance: '一般', fineAmount: 30000 })).statusCode).toBe(200);
    const dec = await emergency.post(`/api/inspection/cases/${id}/steps`, { step: 'decide', note: '当事人未陈述申辩' });
    expect(dec.statusCode, dec.body).toBe(200);
    expect((await emergency.post(`/api/inspection/cases/${id}/documents`, { kind: 'penalty_decision' })).statusCode).toBe(201);
    const r = await t.anonymous().get('/public/api/enforcement');
    expect(r.statusCode).toBe(200);
    const item = r.json().decisions.find((x: { caseCode: string }) => x.caseCode === o.json().code);
    expect(item).toBeTruthy();
    expect(item.penalty).toContain('30,000');
    expect(item.documentNumber).toMatch(/^东应急罚〔\d{4}〕\d+号$/);
    expect(item.violation.length).toBeGreaterThan(0);
    for (const planted of ['李秀英', '王大明', '13812345678', '420112198001011234', '83891234']) expect(r.body).not.toContain(planted);
    expect(item.facts).toContain('李**');
    expect(item.facts).toContain('王**');
    expect(item.facts).toContain('138****5678');
    expect(item.facts).toContain('动火作业管理制度');
    expect(maskPersonal('负责人张三。', [])).toBe('负责人张*。');
  });
});
