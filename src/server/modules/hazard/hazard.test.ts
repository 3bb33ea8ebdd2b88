import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { sql } from 'drizzle-orm';
import { multipart, pythonWithOpenpyxl, testApp, TEST_TODAY, type Client, type TestApp } from '../../../../test/helpers';
import { rows } from '../../db';
import { loadActor } from '../../platform/auth';
import { addDays, previousQuarter } from '../../../shared/hazard/dates';
import { formatDateTime } from '../../../shared/time';
import { buildUscc } from '../../../shared/org/uscc';
import { HAZARD_STATUSES, HAZARD_STEPS, type HazardStatus } from '../../../shared/hazard/workflow';
import { createHazardInTx } from './index';
import * as repo from './hazard.repo';
import { sweepOverdueFlags } from './hazard.service';
import { withEnterpriseNames } from './hazard.excel';

let t: TestApp;
let office: Client, housing: Client, emergency: Client, street: Client, qiye: Client, inspector: Client, admin: Client;
let ownEnterprise: string;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const today = TEST_TODAY;
const future = addDays(today, 30);

beforeAll(async () => {
  t = await testApp();
  [office, housing, emergency, street, qiye, inspector, admin] = await Promise.all(['anweiban', 'zhujianju', 'yingjiju', 'jiangjunlu', 'qiye', 'jiancha', 'admin'].map((u) => t.login(u)));
  ownEnterprise = qiye.user!.enterpriseId!;
});
afterAll(async () => {
  await t?.close();
});

async function enterpriseWhere(where: string): Promise<string> {
  const [r] = await rows<{ id: string }>(t.database.db, sql.raw(`SELECT id FROM enterprises WHERE ${where} ORDER BY credit_code LIMIT 1`));
  return r.id;
}

async function upload(c: Client, name = 'photo.png', data = PNG, url = '/api/hazards/photos') {
  const m = multipart([{ field: 'file', name, data, type: 'image/png' }]);
  return c.request({ method: 'POST', url, payload: m.payload, headers: m.headers });
}

async function photo(c: Client): Promise<string> {
  const r = await upload(c);
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}

async function register(c: Client = qiye, extra: Record<string, unknown> = {}) {
  const r = await c.post('/api/hazards', { enterpriseId: ownEnterprise, source: c === qiye ? 'self_check' : 'inspection', place: '储罐区', category: '危化品管理', description: '储罐液位计显示失灵，未设高液位报警', ...extra });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; code: string; status: HazardStatus; version: number };
}

const FIVE = { measures: '更换液位计并加装高液位报警', responsiblePerson: '赵晓东', funds: 12000, deadline: future, emergencyPlan: '整改期间降低储量，专人巡检，配备应急物资' };
const PLAN = { objectives: '消除重大隐患', methods: '停用并改造储罐区', fundsMaterials: '落实资金 50 万元', organization: '主要负责人任组长', schedule: '60 日内完成', safetyMeasures: '设置警戒区，制定专项应急预案' };

/** Walk a new hazard to a state (through the API, as the parties would). */
async function toState(target: HazardStatus, opts: { grade?: '一般' | '重大' } = {}): Promise<string> {
  const h = await register();
  if (target === 'reported') return h.id;
  if (target === 'dismissed') {
    expect((await street.post(`/api/hazards/${h.id}/dismiss`, { opinion: '经核实不构成隐患' })).statusCode).toBe(200);
    return h.id;
  }
  const grade = opts.grade ?? '一般';
  const c = await emergency.post(`/api/hazards/${h.id}/confirm`, { grade, ...(grade === '重大' ? { standardRef: { standard: 'hazchem-2017', item: '5' } } : {}) });
  expect(c.statusCode, c.body).toBe(200);
  if (target === 'confirmed') return h.id;
  if (grade === '重大') expect((await qiye.post(`/api/hazards/${h.id}/plan`, PLAN)).statusCode).toBe(200);
  const r = await qiye.post(`/api/hazards/${h.id}/rectification`, FIVE);
  expect(r.statusCode, r.body).toBe(200);
  if (target === 'rectifying') return h.id;
  const a = await qiye.post(`/api/hazards/${h.id}/request-acceptance`, { rectificationNote: '已更换液位计，报警测试正常', afterPhotoFileIds: [await photo(qiye)] });
  expect(a.statusCode, a.body).toBe(200);
  if (target === 'pending_acceptance') return h.id;
  const d = await street.post(`/api/hazards/${h.id}/accept`, { opinion: '现场复查整改到位，同意销号' });
  expect(d.statusCode, d.body).toBe(200);
  return h.id;
}

describe('registration', () => {
  it('an enterprise registers its own self-check finding: code, region and sector from the enterprise, audited', async () => {
    const h = await register();
    expect(h.code).toMatch(/^YH-420112-\d{4}-\d{6}$/);
    const v = (await qiye.get(`/api/hazards/${h.id}`)).json();
    expect(v.status).toBe('reported');
    expect(v.regionCode).toBe('420112004');
    expect(v.sector).toBe('hazchem');
    expect(v.enterpriseId).toBe(ownEnterprise);
    expect(v.foundByName).toContain('赵晓东');
    expect(v.steps[0].step).toBe('register');
    const hist = (await qiye.get(`/api/hazards/${h.id}/history`)).json();
    expect(hist.map((a: { action: string }) => a.action)).toContain('hazard.create');
    // The street and the department are told a self-reported hazard waits for confirmation.
    const n = (await street.get('/api/notifications')).json();
    expect(n.items.some((x: { title: string }) => x.title.includes(h.code))).toBe(true);
  });

  it('codes are unique', async () => {
    const list = await Promise.all([1, 2, 3, 4].map(() => register()));
    expect(new Set(list.map((h) => h.code)).size).toBe(4);
  });

  it('validates: required fields with paths, source of an enterprise, future foundAt, unknown fields', async () => {
    const r = await qiye.post('/api/hazards', { enterpriseId: ownEnterprise, source: 'self_check' });
    expect(r.statusCode).toBe(400);
    const paths = r.json().details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['place', 'category', 'description']));
    const s = await qiye.post('/api/hazards', { enterpriseId: ownEnterprise, source: 'inspection', place: 'a', category: 'b', description: '描述内容' });
    expect(s.statusCode).toBe(400);
    expect(s.json().details[0].path).toBe('source');
    const f = await qiye.post('/api/hazards', { enterpriseId: ownEnterprise, source: 'self_check', place: 'a', category: 'b', description: '描述内容', foundAt: '2099-01-01T00:00:00+08:00' });
    expect(f.statusCode).toBe(400);
    expect(f.json().details[0].path).toBe('foundAt');
    const u = await qiye.post('/api/hazards', { enterpriseId: ownEnterprise, source: 'self_check', place: 'a', category: 'b', description: '描述内容', status: 'closed' });
    expect(u.statusCode).toBe(400);
  });

  it('重大 needs a valid clause of the 判定标准', async () => {
    const base = { enterpriseId: ownEnterprise, source: 'self_check', place: '罐区', category: '危化品管理', description: '一级重大危险源罐区未实现紧急切断', grade: '重大' };
    const none = await qiye.post('/api/hazards', base);
    expect(none.statusCode).toBe(400);
    expect(none.json().details[0].path).toBe('standardRef');
    const badStd = await qiye.post('/api/hazards', { ...base, standardRef: { standard: '不存在的标准', item: '1' } });
    expect(badStd.statusCode).toBe(400);
    expect(badStd.json().details[0].path).toBe('standardRef.standard');
    const badItem = await qiye.post('/api/hazards', { ...base, standardRef: { standard: 'hazchem-2017', item: '21' } });
    expect(badItem.statusCode).toBe(400);
    expect(badItem.json().details[0].path).toBe('standardRef.item');
    expect(badItem.json().message).toContain('没有条款');
    // By id, by document number, Chinese article/item forms.
    for (const ref of [
      { standard: 'hazchem-2017', item: '5' },
      { standard: '城镇燃气经营安全重大隐患判定标准', item: '第五条第（二）项' },
      { standard: '建质规〔2024〕5号', item: '11.3' },
      { standard: 'gongmao-2023', item: '第十四条' },
    ]) {
      const ok = await qiye.post('/api/hazards', { ...base, standardRef: ref });
      expect(ok.statusCode, `${JSON.stringify(ref)} ${ok.body}`).toBe(201);
      expect(ok.json().standardRef.text.length).toBeGreaterThan(5);
    }
    const v = (await qiye.post('/api/hazards', { ...base, standardRef: { standard: 'citygas-2023', item: '第五条第（二）项' } })).json();
    expect(v.standardRef).toMatchObject({ standard: 'citygas-2023', item: '5.2', itemLabel: '第五条第2项' });
  });

  it('outside the scope the enterprise is not found (404); admin does not register', async () => {
    const other = await enterpriseWhere(`id <> '${ownEnterprise}'`);
    const body = { enterpriseId: other, source: 'self_check', place: 'a', category: 'b', description: '描述内容' };
    expect((await qiye.post('/api/hazards', body)).statusCode).toBe(404);
    const construction = await enterpriseWhere(`sector = 'construction'`);
    expect((await emergency.post('/api/hazards', { ...body, enterpriseId: construction, source: 'inspection' })).statusCode).toBe(404);
    const otherStreet = await enterpriseWhere(`region_code <> '420112004'`);
    expect((await street.post('/api/hazards', { ...body, enterpriseId: otherStreet, source: 'inspection' })).statusCode).toBe(404);
    expect((await admin.post('/api/hazards', { ...body, source: 'inspection' })).statusCode).toBe(403);
    // An inspector registers from an inspection within its unit's scope.
    const r = await inspector.post('/api/hazards', { ...body, enterpriseId: ownEnterprise, source: 'inspection', origin: { kind: 'inspection', id: 'INS-1', label: '2026 年专项检查' } });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().origin).toEqual({ kind: 'inspection', id: 'INS-1', label: '2026 年专项检查' });
  });

  it('createHazardInTx runs in the caller transaction: audit row with it, nothing left after a rollback', async () => {
    const actor = await loadActor(t.deps, qiye.user!.id);
    const ctx = { actor, ip: '127.0.0.1', requestId: 'test' };
    const input = { enterpriseId: ownEnterprise, source: 'self_check' as const, place: '检查表项', category: '安全管理', grade: '一般' as const, description: '自查不合格项：未开展应急演练', origin: { kind: 'checklist_item', id: 'chk-1' } };
    const events: string[] = [];
    const off = t.deps.events.subscribe((e) => events.push(e.type));
    const made = await t.database.db.transaction((tx) => createHazardInTx(t.deps, tx, ctx, input));
    expect(made.code).toMatch(/^YH-/);
    expect(events).toContain('hazard.created');
    const [a] = await rows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'hazard' AND entity_id = ${made.id} AND action = 'hazard.create'`);
    expect(a.n).toBe(1);
    let lost: string | undefined;
    await t.database.db
      .transaction(async (tx) => {
        lost = (await createHazardInTx(t.deps, tx, ctx, input)).id;
        throw new Error('rollback');
      })
      .catch(() => undefined);
    off();
    const [g] = await rows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM hazards WHERE id = ${lost!}`);
    expect(g.n).toBe(0);
    // Outside the scope: 404 from inside the transaction too.
    const other = await enterpriseWhere(`id <> '${ownEnterprise}'`);
    await expect(t.database.db.transaction((tx) => createHazardInTx(t.deps, tx, ctx, { ...input, enterpriseId: other }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the closed loop: every transition', () => {
  it('登记 → 确认定级 → 五落实（整改中）→ 申请验收 → 验收通过（销号）', async () => {
    const h = await register();
    const c = await street.post(`/api/hazards/${h.id}/confirm`, { grade: '一般', deadline: future, opinion: '属实' });
    expect(c.statusCode).toBe(200);
    expect(c.json()).toMatchObject({ status: 'confirmed', deadline: future });
    // 五落实: every one of the five is required.
    for (const k of Object.keys(FIVE)) {
      const partial = { ...FIVE } as Record<string, unknown>;
      delete partial[k];
      const r = await qiye.post(`/api/hazards/${h.id}/rectification`, partial);
      expect(r.statusCode, k).toBe(400);
      expect(r.json().details[0].path).toBe(k);
    }
    const r = await qiye.post(`/api/hazards/${h.id}/rectification`, { ...FIVE, actions: [{ title: '采购液位计' }, { title: '安装高液位报警' }] });
    expect(r.statusCode, r.body).toBe(200);
    const v = r.json();
    expect(v.status).toBe('rectifying');
    expect(v.rectification).toMatchObject({ responsiblePerson: '赵晓东', funds: 12000, deadline: future });
    expect(v.actions).toHaveLength(2);
    // No acceptance while an action is open.
    const blocked = await qiye.post(`/api/hazards/${h.id}/request-acceptance`, { rectificationNote: '完成', afterPhotoFileIds: [await photo(qiye)] });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().message).toContain('采购液位计');
    for (const a of v.actions) expect((await qiye.patch(`/api/hazards/${h.id}/actions/${a.id}`, { done: true })).statusCode).toBe(200);
    // An after-photo is required to apply for acceptance.
    const noPhoto = await qiye.post(`/api/hazards/${h.id}/request-acceptance`, { rectificationNote: '整改完毕' });
    expect(noPhoto.statusCode).toBe(400);
    expect(noPhoto.json().details[0].path).toBe('afterPhotoFileIds');
    const ra = await qiye.post(`/api/hazards/${h.id}/request-acceptance`, { rectificationNote: '整改完毕', afterPhotoFileIds: [await photo(qiye)] });
    expect(ra.statusCode, ra.body).toBe(200);
    expect(ra.json().status).toBe('pending_acceptance');
    // The enterprise cannot accept its own work.
    const self = await qiye.post(`/api/hazards/${h.id}/accept`, { opinion: '自己验收' });
    expect(self.statusCode).toBe(403);
    const ok = await street.post(`/api/hazards/${h.id}/accept`, { opinion: '现场复查到位，同意销号', acceptors: '陈海燕、刘国庆' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'closed', overdue: false });
    expect(ok.json().steps.map((s: { step: string }) => s.step)).toEqual(['register', 'confirm', 'start_rectification', 'action_done', 'action_done', 'request_acceptance', 'accept']);
    const actions = (await office.get(`/api/hazards/${h.id}/history`)).json().map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['hazard.create', 'hazard.confirm', 'hazard.start_rectification', 'hazard.request_acceptance', 'hazard.accept']));
  });

  it('验收不通过 returns it to 整改中, then it can be accepted', async () => {
    const id = await toState('pending_acceptance');
    const r = await emergency.post(`/api/hazards/${id}/reject`, { opinion: '报警值设置不符合要求' });
    expect(r.statusCode).toBe(200);
    expect(r.json().status).toBe('rectifying');
    expect(r.json().acceptanceOpinion).toBe('报警值设置不符合要求');
    expect((await qiye.post(`/api/hazards/${id}/request-acceptance`, { rectificationNote: '已重新设置报警值' })).statusCode).toBe(200);
    expect((await emergency.post(`/api/hazards/${id}/accept`, { opinion: '复查合格' })).json().status).toBe('closed');
  });

  it('不予确认 (dismiss) ends it', async () => {
    const id = await toState('dismissed');
    const v = (await office.get(`/api/hazards/${id}`)).json();
    expect(v.status).toBe('dismissed');
    expect(v.allowedSteps).toEqual([]);
  });

  it('立查立改: a 一般 hazard fixed on the spot goes straight to 销号 with its after-photo; not for 重大', async () => {
    const before = await photo(qiye);
    const after = await photo(qiye);
    const r = await qiye.post('/api/hazards', { enterpriseId: ownEnterprise, source: 'self_check', place: '配电室', category: '电气安全', description: '配电箱门未关闭', photoFileIds: [before], afterPhotoFileIds: [after], fixedOnSpot: true, fixNote: '已关闭并上锁' });
    expect(r.statusCode, r.body).toBe(201);
    const v = r.json();
    expect(v).toMatchObject({ status: 'closed', fixedOnSpot: true, fixNote: '已关闭并上锁' });
    expect(v.photos.map((p: { kind: string }) => p.kind).sort()).toEqual(['after', 'before']);
    expect(v.steps.map((s: { step: string }) => s.step)).toEqual(['register', 'fix_on_spot']);
    const noPhoto = await qiye.post('/api/hazards', { enterpriseId: ownEnterprise, source: 'self_check', place: '配电室', category: '电气安全', description: '配电箱门未关闭', fixedOnSpot: true });
    expect(noPhoto.statusCode).toBe(400);
    const major = await qiye.post('/api/hazards', { enterpriseId: ownEnterprise, source: 'self_check', place: 'a', category: 'b', description: '重大隐患', grade: '重大', standardRef: { standard: 'hazchem-2017', item: '1' }, fixedOnSpot: true, afterPhotoFileIds: [await photo(qiye)] });
    expect(major.statusCode).toBe(400);
    expect(major.json().details[0].path).toBe('fixedOnSpot');
    // From 待确认 as a step too.
    const h = await register();
    const s = await qiye.post(`/api/hazards/${h.id}/fix-on-spot`, { fixNote: '当场清理', afterPhotoFileIds: [await photo(qiye)] });
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json().status).toBe('closed');
  });

  it('延期: request, one pending at a time, approve moves the deadline; reject keeps it', async () => {
    const id = await toState('rectifying');
    const newDeadline = addDays(future, 20);
    const early = await qiye.post(`/api/hazards/${id}/extension`, { newDeadline: addDays(future, -1), reason: '设备到货延迟' });
    expect(early.statusCode).toBe(400);
    expect((await qiye.post(`/api/hazards/${id}/extension`, { newDeadline, reason: '设备到货延迟' })).statusCode).toBe(200);
    const twice = await qiye.post(`/api/hazards/${id}/extension`, { newDeadline, reason: '再申请' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toContain('已有待审批的延期申请');
    expect((await qiye.post(`/api/hazards/${id}/extension/decide`, { approve: true })).statusCode).toBe(403);
    const ok = await emergency.post(`/api/hazards/${id}/extension/decide`, { approve: true, opinion: '同意' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ deadline: newDeadline, extensionPending: false });
    expect(ok.json().extensions[0]).toMatchObject({ status: 'approved', oldDeadline: future, newDeadline });
    expect((await qiye.post(`/api/hazards/${id}/extension`, { newDeadline: addDays(newDeadline, 10), reason: '再延' })).statusCode).toBe(200);
    const no = await emergency.post(`/api/hazards/${id}/extension/decide`, { approve: false, opinion: '理由不充分' });
    expect(no.json()).toMatchObject({ deadline: newDeadline, extensionPending: false });
    // Moving the deadline later through the 五落实 form is refused (that is what 延期 is for).
    const sneaky = await qiye.post(`/api/hazards/${id}/rectification/update`, { ...FIVE, deadline: addDays(newDeadline, 100) });
    expect(sneaky.statusCode).toBe(400);
    expect(sneaky.json().details[0].path).toBe('deadline');
  });

  it('regrade, actions add/delete, optimistic version on the 五落实 form', async () => {
    const id = await toState('rectifying');
    const up = await emergency.post(`/api/hazards/${id}/regrade`, { grade: '重大', standardRef: { standard: 'hazchem-2017', item: '12' }, opinion: '经复核属重大隐患' });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().grade).toBe('重大');
    expect((await emergency.post(`/api/hazards/${id}/regrade`, { grade: '重大', opinion: '无条款' })).statusCode).toBe(400);
    const a = await qiye.post(`/api/hazards/${id}/actions`, { title: '临时措施' });
    const actionId = a.json().actions.find((x: { title: string }) => x.title === '临时措施').id;
    expect((await qiye.delete(`/api/hazards/${id}/actions/${actionId}`)).statusCode).toBe(200);
    const v = (await qiye.get(`/api/hazards/${id}`)).json();
    const stale = await qiye.post(`/api/hazards/${id}/rectification/update`, { ...FIVE, version: v.version - 1 });
    expect(stale.statusCode).toBe(409);
    expect((await qiye.post(`/api/hazards/${id}/rectification/update`, { ...FIVE, measures: '改为更换整套液位监测', version: v.version })).statusCode).toBe(200);
  });

  it('重大隐患: 治理方案 before 整改, 挂牌督办, stop order, written 复产 application and approval, 摘牌 on 销号', async () => {
    const id = await toState('confirmed', { grade: '重大' });
    const noPlan = await qiye.post(`/api/hazards/${id}/rectification`, FIVE);
    expect(noPlan.statusCode).toBe(409);
    expect(noPlan.json().message).toContain('治理方案');
    const partialPlan = await qiye.post(`/api/hazards/${id}/plan`, { ...PLAN, safetyMeasures: undefined });
    expect(partialPlan.statusCode).toBe(400);
    expect((await qiye.post(`/api/hazards/${id}/plan`, PLAN)).statusCode).toBe(200);
    // 挂牌督办: departments and the office; not the enterprise, not a street.
    const sup = { level: '区级', supervisingUnit: '东西湖区安全生产委员会办公室', docNo: '东安督〔2026〕9号', deadline: future, signedBy: '王建华', signedOn: today };
    expect((await qiye.post(`/api/hazards/${id}/supervision`, sup)).statusCode).toBe(403);
    expect((await street.post(`/api/hazards/${id}/supervision`, sup)).statusCode).toBe(403);
    const s = await office.post(`/api/hazards/${id}/supervision`, sup);
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json()).toMatchObject({ supervision: 'listed', supervisionRecord: { level: '区级', docNo: '东安督〔2026〕9号', status: 'listed' } });
    expect((await office.post(`/api/hazards/${id}/supervision`, sup)).statusCode).toBe(409);
    // The public page lists it, without login.
    const pub = await t.anonymous().get('/public/api/hazard-supervision');
    expect(pub.statusCode).toBe(200);
    expect(pub.headers['cache-control']).toContain('max-age');
    const item = pub.json().listed.find((x: { code: string }) => x.code === s.json().code);
    expect(item).toMatchObject({ level: '区级', docNo: '东安督〔2026〕9号', status: 'listed' });
    expect(Object.keys(item).sort()).toEqual(['category', 'code', 'deadline', 'delistedOn', 'docNo', 'enterpriseName', 'level', 'listedOn', 'overdueDays', 'regionName', 'sectorName', 'status', 'summary', 'supervisingUnit']);
    expect(item.overdueDays).toBe(0);
    // Past its deadline, the public notice says so.
    await t.database.db.execute(sql`UPDATE hazard_supervisions SET deadline = ${addDays(today, -4)} WHERE hazard_id = ${id}`);
    const late = (await t.anonymous().get('/public/api/hazard-supervision')).json().listed.find((x: { code: string }) => x.code === s.json().code);
    expect(late.overdueDays).toBe(4);
    await t.database.db.execute(sql`UPDATE hazard_supervisions SET deadline = ${future} WHERE hazard_id = ${id}`);
    expect(JSON.stringify(pub.json())).not.toMatch(/1[3-9]\d{9}|赵晓东/);
    // Stop order → rectification → 复产 only after the work is done, then approval.
    expect((await emergency.post(`/api/hazards/${id}/stop`, { kind: '局部停产', scope: '储罐区停用' })).json().productionState).toBe('停产治理');
    expect((await qiye.post(`/api/hazards/${id}/rectification`, FIVE)).statusCode).toBe(200);
    const tooEarly = await qiye.post(`/api/hazards/${id}/resume`, { application: '申请恢复生产，治理已完成大部分' });
    expect(tooEarly.statusCode).toBe(409);
    expect((await qiye.post(`/api/hazards/${id}/request-acceptance`, { rectificationNote: '治理完毕', afterPhotoFileIds: [await photo(qiye)] })).statusCode).toBe(200);
    const doc = await upload(qiye, '评估报告.pdf', Buffer.from('%PDF-1.4\n%test\n'), '/api/hazards/documents');
    expect(doc.statusCode, doc.body).toBe(201);
    const apply = await qiye.post(`/api/hazards/${id}/resume`, { application: '重大隐患已治理完毕，经评估符合安全生产条件，申请恢复生产。', assessment: '评估结论：符合', documentFileIds: [doc.json().id] });
    expect(apply.statusCode, apply.body).toBe(200);
    expect(apply.json().productionState).toBe('申请复产');
    expect((await qiye.post(`/api/hazards/${id}/resume/decide`, { approve: true, opinion: '自批' })).statusCode).toBe(403);
    const approved = await emergency.post(`/api/hazards/${id}/resume/decide`, { approve: true, opinion: '经审查同意恢复生产' });
    expect(approved.json()).toMatchObject({ productionState: '已复产' });
    expect(approved.json().resumptions[0]).toMatchObject({ status: 'approved' });
    // 销号 takes it off the list of current 挂牌 items (摘牌).
    const closed = await emergency.post(`/api/hazards/${id}/accept`, { opinion: '验收合格，同意销号摘牌' });
    expect(closed.json()).toMatchObject({ status: 'closed', supervision: 'delisted', supervisionRecord: { status: 'delisted' } });
    const pub2 = (await t.anonymous().get('/public/api/hazard-supervision')).json();
    expect(pub2.listed.some((x: { code: string }) => x.code === s.json().code)).toBe(false);
    expect(pub2.delisted.some((x: { code: string }) => x.code === s.json().code)).toBe(true);
  });

  it('illegal transitions answer 409 naming the current state and the possible steps', async () => {
    const moves: [string, string, unknown][] = [
      ['confirm', 'confirm', { grade: '一般' }],
      ['dismiss', 'dismiss', { opinion: '不构成隐患' }],
      ['start_rectification', 'rectification', FIVE],
      ['request_acceptance', 'request-acceptance', { rectificationNote: '完成了整改' }],
      ['accept', 'accept', { opinion: '同意销号' }],
      ['reject', 'reject', { opinion: '不同意' }],
    ];
    const ids: Record<string, string> = {};
    for (const s of HAZARD_STATUSES) ids[s] = await toState(s);
    let checked = 0;
    for (const s of HAZARD_STATUSES) {
      for (const [step, path, body] of moves) {
        if (HAZARD_STEPS[step as keyof typeof HAZARD_STEPS].from.includes(s)) continue;
        const c = step === 'start_rectification' || step === 'request_acceptance' ? qiye : emergency;
        const r = await c.post(`/api/hazards/${ids[s]}/${path}`, body);
        expect(r.statusCode, `${step} from ${s}: ${r.body}`).toBe(409);
        const m = r.json().message as string;
        expect(m).toContain('当前状态为');
        expect(m).toContain(HAZARD_STEPS[step as keyof typeof HAZARD_STEPS].label);
        expect(r.json().details.status).toBe(s);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(25);
    const r = await emergency.post(`/api/hazards/${ids.rectifying}/accept`, { opinion: '同意销号' });
    expect(r.json().message).toMatch(/“整改中”.*可执行：.*申请验收/);
  });
});

describe('concurrency', () => {
  it('two acceptances at once: one wins, the other gets 409, one 销号 only', async () => {
    const id = await toState('pending_acceptance');
    const [a, b] = await Promise.all([
      street.post(`/api/hazards/${id}/accept`, { opinion: '同意销号（街道）' }),
      emergency.post(`/api/hazards/${id}/accept`, { opinion: '同意销号（部门）' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const v = (await office.get(`/api/hazards/${id}`)).json();
    expect(v.steps.filter((s: { step: string }) => s.step === 'accept')).toHaveLength(1);
    const [n] = await rows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${id} AND action = 'hazard.accept'`);
    expect(n.n).toBe(1);
  });

  it('accept racing reject: exactly one applies', async () => {
    const id = await toState('pending_acceptance');
    const [a, b] = await Promise.all([street.post(`/api/hazards/${id}/accept`, { opinion: '同意销号' }), emergency.post(`/api/hazards/${id}/reject`, { opinion: '不合格' })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
  });

  it('many hazards registered concurrently get distinct codes and exact counters', async () => {
    const list = await Promise.all(Array.from({ length: 12 }, () => qiye.post('/api/hazards', { enterpriseId: ownEnterprise, source: 'self_check', place: '并发', category: '安全管理', description: '并发登记测试' })));
    expect(list.every((r) => r.statusCode === 201)).toBe(true);
    expect(new Set(list.map((r) => r.json().code)).size).toBe(12);
  });
});

describe('attachments', () => {
  it('type by content, size limit, sanitised names, harmless path names', async () => {
    const exe = await upload(qiye, 'photo.jpg', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]));
    expect(exe.statusCode).toBe(415);
    const big = await upload(qiye, 'big.png', Buffer.concat([PNG, Buffer.alloc(11 * 1024 * 1024)]));
    expect(big.statusCode).toBe(413);
    const pdfAsPhoto = await upload(qiye, 'x.pdf', Buffer.from('%PDF-1.4\n'));
    expect(pdfAsPhoto.statusCode).toBe(415);
    const trav = await upload(qiye, '../../etc/passwd.png');
    expect(trav.statusCode).toBe(201);
    expect(trav.json().name).toBe('passwd.png');
    const trav2 = await upload(qiye, '..\\..\\windows\\system32\\<evil>.png');
    expect(trav2.json().name).toBe('_evil_.png');
    const dots = await upload(qiye, '../../etc/passwd');
    expect(dots.statusCode).toBe(201);
    expect(dots.json().name).toBe('passwd');
    const empty = await upload(qiye, 'empty.png', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
  });

  it('whoever sees the hazard reads its photos; others get 404; someone else’s upload cannot be attached', async () => {
    const p = await photo(qiye);
    const h = await register(qiye, { photoFileIds: [p] });
    expect((await street.get(`/api/files/${p}`)).statusCode).toBe(200);
    expect((await emergency.get(`/api/files/${p}`)).statusCode).toBe(200);
    expect((await office.get(`/api/files/${p}`)).statusCode).toBe(200);
    const got = await inspector.get(`/api/files/${p}`);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(PNG)).toBe(true);
    expect((await housing.get(`/api/files/${p}`)).statusCode).toBe(404);
    // Attach a photo uploaded by someone else: refused.
    const theirs = await photo(street);
    const r = await qiye.post('/api/hazards', { enterpriseId: ownEnterprise, source: 'self_check', place: 'a', category: 'b', description: '描述内容', photoFileIds: [theirs] });
    expect(r.statusCode).toBe(400);
    expect(r.json().details[0].path).toBe('photoFileIds.0');
    // A photo already on a hazard cannot be moved to another one.
    const again = await qiye.post('/api/hazards', { enterpriseId: ownEnterprise, source: 'self_check', place: 'a', category: 'b', description: '描述内容', photoFileIds: [p] });
    expect(again.statusCode).toBe(400);
    // Upload straight onto the hazard (before/after), named safely.
    const m = multipart([{ field: 'file', name: '../整改后.png', data: PNG }], { kind: 'after' });
    const up = await qiye.request({ method: 'POST', url: `/api/hazards/${h.id}/photos`, payload: m.payload, headers: m.headers });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json().photos.find((x: { kind: string }) => x.kind === 'after').name).toBe('整改后.png');
    const m2 = multipart([{ field: 'file', name: 'x.png', data: PNG }], { kind: '../../etc' });
    expect((await qiye.request({ method: 'POST', url: `/api/hazards/${h.id}/photos`, payload: m2.payload, headers: m2.headers })).statusCode).toBe(400);
  });
});

describe('scopes', () => {
  it('404 outside the scope for reads and every step', async () => {
    const id = await toState('confirmed');
    for (const c of [housing]) {
      expect((await c.get(`/api/hazards/${id}`)).statusCode).toBe(404);
      expect((await c.get(`/api/hazards/${id}/history`)).statusCode).toBe(404);
      expect((await c.post(`/api/hazards/${id}/rectification`, FIVE)).statusCode).toBe(404);
      expect((await c.post(`/api/hazards/${id}/regrade`, { grade: '一般', opinion: '改为一般' })).statusCode).toBe(404);
    }
    const otherEnt = await enterpriseWhere(`region_code <> '420112004' AND sector = 'hazchem'`);
    const other = await emergency.post('/api/hazards', { enterpriseId: otherEnt, source: 'inspection', place: 'a', category: 'b', description: '其他街道的隐患' });
    expect(other.statusCode).toBe(201);
    expect((await street.get(`/api/hazards/${other.json().id}`)).statusCode).toBe(404);
    expect((await qiye.get(`/api/hazards/${other.json().id}`)).statusCode).toBe(404);
    expect((await street.post(`/api/hazards/${other.json().id}/confirm`, { grade: '一般' })).statusCode).toBe(404);
    expect((await office.get(`/api/hazards/${other.json().id}`)).statusCode).toBe(200);
    expect((await qiye.get('/api/hazards/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('lists hold only the scope', async () => {
    const q = async (c: Client) => (await c.get('/api/hazards', { pageSize: 500 })).json().items as { regionCode: string; sector: string; enterpriseId: string }[];
    for (const h of await q(street)) expect(h.regionCode).toBe('420112004');
    for (const h of await q(housing)) expect(['construction', 'housing', 'civildefense']).toContain(h.sector);
    for (const h of await q(emergency)) expect(h.sector).toBe('hazchem');
    for (const h of await q(qiye)) expect(h.enterpriseId).toBe(ownEnterprise);
    expect((await q(office)).length).toBeGreaterThan(100);
  });
});

describe('the ledger', () => {
  const FILTERS: Record<string, string | number | boolean>[] = [
    {},
    { status: 'rectifying' },
    { status: 'open' },
    { status: 'closed,dismissed' },
    { grade: '重大' },
    { source: 'inspection' },
    { regionCode: '420112004' },
    { sector: 'hazchem' },
    { overdue: true },
    { overdue: false, grade: '一般' },
    { regionCode: '420112004', status: 'open', grade: '一般' },
    { sector: 'construction', source: 'self_check' },
    { q: '液位计' },
    { foundFrom: addDays(today, -90), foundTo: today },
    { supervision: 'listed' },
    { deadlineFrom: today },
  ];

  it('totals (counters or counted) equal the rows that match, for every scope and filter', async () => {
    await sweepOverdueFlags(t.deps);
    for (const c of [office, housing, emergency, street, qiye, inspector, admin]) {
      const actor = (await loadActor(t.deps, c.user!.id))!;
      for (const f of FILTERS) {
        const r = await c.get('/api/hazards', { ...f, pageSize: 5 });
        expect(r.statusCode, r.body).toBe(200);
        const body = r.json();
        const { page: _p, ...rest } = { page: 1, ...f };
        const direct = await repo.countLedgerDirect(t.database, actor.scope, { ...(rest as object), today } as repo.LedgerFilter);
        expect(body.total, `${c.user!.username} ${JSON.stringify(f)}`).toBe(Math.min(direct, f.q ? repo.SEARCH_COUNT_CAP : repo.COUNT_CAP));
        expect(body.items.length).toBe(Math.min(5, direct));
      }
    }
  });

  it('sorts with a unique tiebreak and pages without overlap', async () => {
    const p1 = (await office.get('/api/hazards', { pageSize: 50, page: 1 })).json();
    const p2 = (await office.get('/api/hazards', { pageSize: 50, page: 2 })).json();
    const ids = [...p1.items, ...p2.items].map((x: { id: string }) => x.id);
    expect(new Set(ids).size).toBe(100);
    const times = [...p1.items, ...p2.items].map((x: { foundAt: string }) => x.foundAt);
    expect([...times].sort().reverse()).toEqual(times);
    const asc = (await office.get('/api/hazards', { pageSize: 20, sort: 'foundAt' })).json().items.map((x: { foundAt: string }) => x.foundAt);
    expect([...asc].sort()).toEqual(asc);
    const dl = (await office.get('/api/hazards', { pageSize: 50, sort: 'deadline', status: 'rectifying' })).json().items.map((x: { deadline: string }) => x.deadline);
    expect([...dl].sort()).toEqual(dl);
    // A department with several sectors (merged per-sector walks) pages like everyone else.
    const h1 = (await housing.get('/api/hazards', { pageSize: 7, page: 1 })).json();
    const h2 = (await housing.get('/api/hazards', { pageSize: 7, page: 2 })).json();
    const all = (await housing.get('/api/hazards', { pageSize: 14 })).json();
    expect([...h1.items, ...h2.items].map((x: { id: string }) => x.id)).toEqual(all.items.map((x: { id: string }) => x.id));
  });

  it('bad filters are 400 naming the field', async () => {
    for (const [k, v] of [
      ['status', 'nonsense'],
      ['grade', '特大'],
      ['overdue', 'maybe'],
      ['foundFrom', '2026-02-30'],
      ['sort', 'password'],
      ['regionCode', '12'],
      ['pageSize', '100000'],
    ]) {
      const r = await office.get('/api/hazards', { [k]: v });
      expect(r.statusCode, `${k}=${v}`).toBe(400);
      expect(r.json().details[0].path).toBe(`查询参数.${k}`);
    }
  });

  it('overdue: marked by the sweep (idempotent), computed on read, counted by the counters', async () => {
    const id = await toState('rectifying');
    // Move the deadline into the past behind the service's back (as time passing would).
    await t.database.db.execute(sql`UPDATE hazards SET deadline = ${addDays(today, -3)} WHERE id = ${id}`);
    const v = (await qiye.get(`/api/hazards/${id}`)).json();
    expect(v).toMatchObject({ overdue: true, overdueDays: 3 });
    const first = await sweepOverdueFlags(t.deps);
    expect(first!.newly.map((x) => x.id)).toContain(id);
    const second = await sweepOverdueFlags(t.deps);
    expect(second!.newly).toHaveLength(0);
    expect(second!.cleared).toBe(0);
    const listed = (await street.get('/api/hazards', { overdue: true, pageSize: 500 })).json();
    expect(listed.items.some((x: { id: string }) => x.id === id)).toBe(true);
    const rebuiltBefore = await repo.counterSnapshot(t.database.db);
    await repo.rebuildCounters(t.database.db);
    expect(await repo.counterSnapshot(t.database.db)).toEqual(rebuiltBefore);
    // Applying for acceptance stops the clock.
    await qiye.post(`/api/hazards/${id}/request-acceptance`, { rectificationNote: '完成整改', afterPhotoFileIds: [await photo(qiye)] });
    expect((await qiye.get(`/api/hazards/${id}`)).json().overdue).toBe(false);
  });

  it('the counters kept by the triggers equal a rebuild from the hazards', async () => {
    const live = await repo.counterSnapshot(t.database.db);
    await repo.rebuildCounters(t.database.db);
    const rebuilt = await repo.counterSnapshot(t.database.db);
    expect(live).toEqual(rebuilt);
    expect(live.length).toBeGreaterThan(10);
  });
});

/** Records in a CSV text: a newline inside a quoted cell (a multi-line 隐患描述) does not end a record. */
function csvRecordCount(csv: string): number {
  let records = 0;
  let quoted = false;
  let filled = false;
  for (const ch of csv) {
    if (ch === '"') quoted = !quoted;
    if (ch === '\n' && !quoted) {
      if (filled) records++;
      filled = false;
    } else if (ch !== '\r') filled = true;
  }
  return filled ? records + 1 : records;
}

function officeTools() {
  const soffice = spawnSync('which', ['soffice']).status === 0;
  const python = pythonWithOpenpyxl();
  return { soffice, openpyxl: python !== null, python: python ?? 'python3' };
}

describe('free-text search', () => {
  it('a common term (more matches than the count cap) pages in sort order like a rare one; rare terms and enterprise names are found', async () => {
    // 1,100 hazards whose text holds the term: more than SEARCH_COUNT_CAP, so the page walks the sort order.
    // Not the demo enterprise's: other tests page through its hazards.
    const [seed] = await t.database.query<{ id: string }>(`SELECT id FROM hazards WHERE region_code LIKE '420112%' AND enterprise_id <> $1 ORDER BY id LIMIT 1`, [ownEnterprise]);
    await t.database.query(`CREATE TEMP TABLE hz_clone AS SELECT h.* FROM hazards h, generate_series(1, 1100) g WHERE h.id = $1`, [seed.id]);
    await t.database.query(
      `UPDATE hz_clone SET id = gen_random_uuid(), description = '批量检索测试：储罐液位计失灵', found_at = now() - (random() * 300) * interval '1 day'`,
    );
    await t.database.query(`UPDATE hz_clone SET code = 'YHSEARCH-' || substr(id::text, 1, 13)`);
    await t.database.query(`INSERT INTO hazards SELECT * FROM hz_clone`);
    await t.database.query(`DROP TABLE hz_clone`);
    const expected = await t.database.query<{ id: string }>(
      `SELECT id FROM hazards WHERE description LIKE '%批量检索测试%' ORDER BY found_at DESC, id DESC LIMIT 20 OFFSET 20`,
    );
    const common = (await office.get('/api/hazards', { q: '批量检索测试', pageSize: 20, page: 2 })).json();
    expect(common.total).toBe(repo.SEARCH_COUNT_CAP);
    expect(common.totalExact).toBe(false);
    expect(common.items.map((x: { id: string }) => x.id)).toEqual(expected.map((x) => x.id));

    // A rare term: exact total, the matches sorted.
    const one = await t.database.query<{ code: string }>(`SELECT code FROM hazards WHERE code LIKE 'YHSEARCH-%' ORDER BY code LIMIT 1`);
    const rare = (await office.get('/api/hazards', { q: one[0].code })).json();
    expect(rare.total).toBe(1);
    expect(rare.totalExact).toBe(true);
    expect(rare.items[0].code).toBe(one[0].code);

    // The enterprise's name finds its hazards.
    const [ent] = await t.database.query<{ name: string; n: number }>(
      `SELECT e.name, count(*)::int AS n FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id WHERE h.code NOT LIKE 'YHSEARCH-%' GROUP BY e.name ORDER BY e.name LIMIT 1`,
    );
    const byName = (await office.get('/api/hazards', { q: ent.name })).json();
    expect(byName.total).toBeGreaterThanOrEqual(ent.n);
    expect(byName.items.every((x: { enterpriseName: string; description: string }) => x.enterpriseName === ent.name || x.description.includes(ent.name))).toBe(true);
  });
});

describe('free-text search totals', () => {
  it('follow a registration and a step at once (a kept count is dropped by every write)', async () => {
    const term = '计数保持测试';
    const total = async (f: Record<string, string> = {}) => (await office.get('/api/hazards', { q: term, ...f })).json().total as number;
    expect(await total()).toBe(0);
    expect(await total()).toBe(0); // now kept
    expect(await total({ status: 'reported' })).toBe(0);
    const h = await register(qiye, { description: `储罐区${term}：液位计显示失灵` });
    expect(await total()).toBe(1);
    expect(await total({ status: 'reported' })).toBe(1);
    expect((await street.post(`/api/hazards/${h.id}/dismiss`, { opinion: '经核实不构成隐患' })).statusCode).toBe(200);
    expect(await total({ status: 'reported' })).toBe(0);
    expect(await total()).toBe(1);
  });

  it("find a newly registered enterprise's hazards by its name (the kept name matches are dropped when the registry changes)", async () => {
    const name = '检索保持测试化工有限公司';
    expect((await office.get('/api/hazards', { q: name })).json().total).toBe(0);
    const e = await office.post('/api/enterprises', { creditCode: buildUscc('9', '1', '420112', 'MA4KTH01'), name, sector: 'hazchem', regionCode: '420112001' });
    expect(e.statusCode, e.body).toBe(201);
    const h = await office.post('/api/hazards', { enterpriseId: e.json().id, source: 'inspection', place: '装卸区', category: '危化品管理', description: '装卸区静电接地装置失效' });
    expect(h.statusCode, h.body).toBe(201);
    const found = (await office.get('/api/hazards', { q: name })).json();
    expect(found.total).toBe(1);
    expect(found.items[0].id).toBe(h.json().id);
  });
});

describe('kept ledger pages', () => {
  // The demo enterprise's hazards, newest first: a hazard registered now is on the first page whatever else the filter holds.
  const page = async (c: Client, f: Record<string, string | number>) => (await c.get('/api/hazards', { sort: '-foundAt', pageSize: 100, enterpriseId: ownEnterprise, ...f })).json() as { total: number; items: { id: string; status: string; place: string; enterpriseName: string }[] };

  it('follow every write at once: a registration, a step, an edit of the enterprise name, for office and street alike', async () => {
    const kept: number[] = [];
    for (const c of [office, street]) {
      await page(c, { status: 'reported' });
      kept.push((await page(c, { status: 'reported' })).total); // now kept
    }
    const h = await register();
    for (const [k, c] of [office, street].entries()) {
      const p = await page(c, { status: 'reported' });
      expect(p.total).toBe(kept[k] + 1);
      expect(p.items.some((x) => x.id === h.id)).toBe(true);
    }
    const before = [(await page(office, { status: 'reported' })).total, (await page(street, { status: 'reported' })).total];
    expect((await street.post(`/api/hazards/${h.id}/dismiss`, { opinion: '经核实不构成隐患' })).statusCode).toBe(200);
    for (const [k, c] of [office, street].entries()) {
      const p = await page(c, { status: 'reported' });
      expect(p.items.some((x) => x.id === h.id)).toBe(false);
      expect(p.total).toBe(before[k] - 1);
      expect((await page(c, { status: 'dismissed' })).items.find((x) => x.id === h.id)).toMatchObject({ status: 'dismissed' });
    }
    // The enterprise's name is not kept with the page: a rename shows at once.
    const listed = (await page(office, { status: 'dismissed' })).items[0];
    const ent = (await office.get(`/api/enterprises/${ownEnterprise}`)).json();
    const renamed = `${ent.name}（更名测试）`;
    expect((await office.patch(`/api/enterprises/${ownEnterprise}`, { name: renamed })).statusCode).toBe(200);
    try {
      expect((await page(office, { status: 'dismissed' })).items.find((x) => x.id === listed.id)).toMatchObject({ enterpriseName: renamed });
    } finally {
      expect((await office.patch(`/api/enterprises/${ownEnterprise}`, { name: ent.name })).statusCode).toBe(200);
    }
  });

  it.runIf(process.env.DATABASE_URL?.startsWith('postgres'))('a page read while a write was not yet committed is not kept past the commit', async () => {
    const id = await toState('confirmed');
    const mine = async () => (await page(office, { status: 'confirmed' })).items.find((x) => x.id === id)!;
    expect((await mine()).place).not.toBe('改后的部位');
    let commit!: () => void;
    const committed = new Promise<void>((r) => (commit = r));
    let wrote!: () => void;
    const written = new Promise<void>((r) => (wrote = r));
    const writing = t.database.db.transaction(async (tx) => {
      await repo.updateHazardRow(tx, id, { place: '改后的部位' });
      wrote();
      await committed;
    });
    await written;
    // Another connection still sees the page before the commit; that read is kept for now.
    expect((await mine()).place).not.toBe('改后的部位');
    commit();
    await writing;
    expect((await mine()).place).toBe('改后的部位');
  });
});

describe('exports and reports', () => {
  it('streams the ledger as .xlsx that opens (exceljs; LibreOffice and openpyxl when installed)', async () => {
    const r = await street.get('/api/hazards/export.xlsx', { status: 'open' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    expect(String(r.headers['content-disposition'])).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const total = (await street.get('/api/hazards', { status: 'open' })).json().total;
    expect(ws.rowCount - 1).toBe(total);
    expect(ws.getRow(1).getCell(1).value).toBe('隐患编号');
    const regions = new Set<string>();
    ws.eachRow((row, n) => n > 1 && regions.add(String(row.getCell(3).value)));
    expect([...regions]).toEqual(['将军路街道']);
    const tools = officeTools();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hz-export-'));
    try {
      const file = path.join(dir, 'ledger.xlsx');
      writeFileSync(file, r.rawPayload);
      if (tools.openpyxl) {
        // The street's name is a shared string, the code an inline one: both read back.
        const out = execFileSync(tools.python, ['-c', `import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]); ws=wb.worksheets[0]; print(ws.max_row, ws.cell(2, 3).value, ws.cell(2, 1).value)`, file]).toString().trim();
        expect(out).toBe(`${total + 1} 将军路街道 ${ws.getRow(2).getCell(1).value}`);
      }
      if (tools.soffice) {
        execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', dir, file], { timeout: 120_000, stdio: 'ignore' });
        const csv = readFileSync(path.join(dir, 'ledger.csv'), 'utf8');
        expect(csvRecordCount(csv)).toBe(total + 1);
        // (44,34,76: comma, double quote, UTF-8)
        expect(csv.split('\n')[1].split(',').slice(0, 3)).toEqual([String(ws.getRow(2).getCell(1).value), String(ws.getRow(2).getCell(2).value), '将军路街道']);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const hist = await rows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'hazard.export'`);
    expect(hist[0].n).toBeGreaterThan(0);
  });

  it('the export walks the ledger in keyset batches: every hazard once, newest first, instants as the UI shows them (China time)', async () => {
    // Two hazards found in the same instant (the keyset must break the tie on id), at a microsecond
    // a JavaScript Date cannot hold.
    const [a, b] = await t.database.query<{ id: string; found_at: string }>(`SELECT id, found_at::text AS found_at FROM hazards ORDER BY found_at DESC, id DESC LIMIT 2 OFFSET 3`);
    await t.database.query(`UPDATE hazards SET found_at = $1::timestamptz + interval '1 microsecond' WHERE id IN ($2, $3)`, [b.found_at, a.id, b.id]);
    try {
      const all = await rows<{ id: string; found_at: Date; closed_at: Date | null }>(t.database.db, sql`SELECT id, found_at, closed_at FROM hazards ORDER BY found_at DESC, id DESC`);
      expect(all.length).toBeGreaterThan(40);
      for (const batch of [1, 7, all.length, all.length + 5]) {
        const walked: repo.ExportRow[] = [];
        let batches = 0;
        for await (const page of repo.iterateLedger(t.database, { kind: 'all' }, { today }, false, batch)) {
          walked.push(...page);
          batches++;
        }
        expect(walked.map((r) => r.id)).toEqual(all.map((r) => r.id));
        expect(batches).toBe(Math.ceil(all.length / batch));
        walked.forEach((r, i) => {
          expect(r.found_at_text).toBe(formatDateTime(all[i].found_at));
          expect(r.closed_at_text).toBe(all[i].closed_at ? formatDateTime(all[i].closed_at) : null);
        });
      }
      const oldest: repo.ExportRow[] = [];
      for await (const page of repo.iterateLedger(t.database, { kind: 'all' }, { today }, true, 5)) oldest.push(...page);
      expect(oldest.map((r) => r.id)).toEqual([...all].reverse().map((r) => r.id));
    } finally {
      for (const h of [a, b]) await t.database.query(`UPDATE hazards SET found_at = $1::timestamptz WHERE id = $2`, [h.found_at, h.id]);
    }
  });

  it('the export reads each batch\'s enterprise names ahead, and a stopped export ends the walk', async () => {
    let ended = false;
    async function* walk(): AsyncGenerator<repo.ExportRow[]> {
      try {
        for await (const page of repo.iterateLedger(t.database, { kind: 'all' }, { today }, false, 10)) yield page;
      } finally {
        ended = true;
      }
    }
    const [named] = await t.database.query<{ id: string; name: string }>(`SELECT e.id, e.name FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id ORDER BY h.found_at DESC, h.id DESC LIMIT 1`);
    let batches = 0;
    for await (const { batch, ents } of withEnterpriseNames(t.deps, walk())) {
      expect(batch).toHaveLength(10);
      for (const r of batch) expect(ents.get(r.enterprise_id)).toBeTruthy();
      if (batches === 0) expect(ents.get(named.id)).toBe(named.name);
      if (++batches === 2) break;
    }
    expect(ended).toBe(true);
  });

  it('the 16号令 statistics table: enterprise (xlsx/docx, signature field) and the government aggregate', async () => {
    const year = Number(today.slice(0, 4));
    const x = await qiye.get('/api/hazards/report', { year, format: 'xlsx' });
    expect(x.statusCode, x.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const text: string[] = [];
    wb.worksheets[0].eachRow((row) => row.eachCell((c) => text.push(String(c.value))));
    const all = text.join('|');
    expect(all).toContain('生产经营单位事故隐患排查治理情况统计分析表');
    expect(all).toContain('主要负责人（签字）');
    expect(all).toContain(`${year + 1}-01-31`);
    const d = await qiye.get('/api/hazards/report', { year, quarter: 1, format: 'docx' });
    expect(d.statusCode).toBe(200);
    const docText = (await mammoth.extractRawText({ buffer: d.rawPayload })).value;
    expect(docText).toContain('主要负责人（签字）');
    expect(docText).toContain(`${year}-04-15`);
    const fig = (await office.get('/api/hazards/report/figures', { year, by: 'region' })).json();
    expect(fig.kind).toBe('government');
    expect(fig.rows.length).toBeGreaterThan(3);
    const sum = fig.rows.reduce((s: number, r: { generalFound: number; majorFound: number }) => s + r.generalFound + r.majorFound, 0);
    expect(fig.total.generalFound + fig.total.majorFound).toBe(sum);
    const [direct] = await rows<{ n: number }>(
      t.database.db,
      sql`SELECT count(*)::int AS n FROM hazards WHERE status <> 'dismissed' AND found_at >= ${`${year}-01-01`}::timestamp AT TIME ZONE 'Asia/Shanghai' AND found_at < ${`${year + 1}-01-01`}::timestamp AT TIME ZONE 'Asia/Shanghai'`,
    );
    expect(sum).toBe(direct.n);
    expect((await qiye.get('/api/hazards/report/figures', { year, by: 'region' })).json().kind).toBe('enterprise');
    const other = await enterpriseWhere(`id <> '${ownEnterprise}'`);
    expect((await qiye.get('/api/hazards/report', { year, enterpriseId: other })).statusCode).toBe(404);
    const gx = await street.get('/api/hazards/report', { year, format: 'xlsx', by: 'sector' });
    expect(gx.statusCode).toBe(200);
    if (officeTools().soffice) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'hz-report-'));
      try {
        writeFileSync(path.join(dir, 'r.docx'), d.rawPayload);
        writeFileSync(path.join(dir, 'r.xlsx'), gx.rawPayload);
        execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'r.docx'), path.join(dir, 'r.xlsx')], { timeout: 180_000, stdio: 'ignore' });
        expect(readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort()).toEqual(['r.pdf']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('an enterprise submits a finished period signed by its 主要负责人; the government sees it', async () => {
    const year = Number(today.slice(0, 4)) - 1;
    const r = await qiye.post('/api/hazards/report/submit', { year, quarter: 4, principalName: '赵大明' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ period: `${year}Q4`, due: `${year + 1}-01-15`, principalName: '赵大明' });
    const notYet = await qiye.post('/api/hazards/report/submit', { year: year + 2, principalName: '赵大明' });
    expect(notYet.statusCode).toBe(409);
    expect((await street.post('/api/hazards/report/submit', { year, quarter: 4, principalName: '赵大明' })).statusCode).toBe(403);
    const s = (await street.get('/api/hazards/report/submissions', { year, quarter: 4 })).json();
    expect(s.items.map((x: { enterpriseId: string }) => x.enterpriseId)).toContain(ownEnterprise);
    expect((await housing.get('/api/hazards/report/submissions', { year, quarter: 4 })).json().items).toHaveLength(0);
    const x = await qiye.get('/api/hazards/report', { year, quarter: 4 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.worksheets[0].eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    expect(cells.join('|')).toContain('赵大明');
  });

  it('statistics: rates by street and sector, consistent with the ledger', async () => {
    const s = (await office.get('/api/hazards/stats')).json();
    const ledger = (await office.get('/api/hazards')).json().total;
    expect(s.total).toBe(ledger);
    expect(s.byRegion.reduce((a: number, r: { total: number }) => a + r.total, 0)).toBe(s.total);
    expect(s.bySector.reduce((a: number, r: { total: number }) => a + r.total, 0)).toBe(s.total);
    const closed = s.byStatus.find((x: { status: string }) => x.status === 'closed').count;
    const dismissed = s.byStatus.find((x: { status: string }) => x.status === 'dismissed').count;
    expect(s.rectificationRate).toBeCloseTo((closed / (s.total - dismissed)) * 100, 1);
    const overdue = (await office.get('/api/hazards', { overdue: true })).json().total;
    expect(s.overdue).toBe(overdue);
    const st = (await street.get('/api/hazards/stats')).json();
    expect(st.byRegion.map((r: { code: string }) => r.code)).toEqual(['420112004']);
    const own = (await qiye.get('/api/hazards/stats')).json();
    expect(own.total).toBe((await qiye.get('/api/hazards')).json().total);
    const dept = (await housing.get('/api/hazards/stats')).json();
    for (const r of dept.bySector) expect(['construction', 'housing', 'civildefense']).toContain(r.code);
  });
});

describe('demo seed', () => {
  it('has hazards in every state, overdue ones, 重大 with 挂牌督办', async () => {
    const [r] = await rows<{ states: number; overdue: number; listed: number; major: number }>(
      t.database.db,
      sql`SELECT count(DISTINCT status)::int AS states, count(*) FILTER (WHERE overdue)::int AS overdue, count(*) FILTER (WHERE supervision = 'listed')::int AS listed, count(*) FILTER (WHERE grade = '重大')::int AS major FROM hazards WHERE code NOT LIKE 'YHSEARCH-%'`,
    );
    expect(r.states).toBe(6);
    expect(r.overdue).toBeGreaterThan(5);
    // A living district: a few overdue hazards, not most of them (the search test's clones aside).
    expect(r.overdue).toBeLessThan(100);
    expect(r.listed).toBeGreaterThan(2);
    expect(r.major).toBeGreaterThan(4);
  });

  it("the last quarter's 统计分析表 has submissions (a few late) and figures for the district", async () => {
    const q = previousQuarter(today);
    const subs = (await office.get('/api/hazards/report/submissions', q)).json();
    expect(subs.items.length).toBeGreaterThan(10);
    expect(subs.items.some((x: { late: boolean }) => x.late)).toBe(true);
    expect(subs.items.some((x: { late: boolean }) => !x.late)).toBe(true);
    const fig = (await office.get('/api/hazards/report/figures', { ...q, by: 'region' })).json();
    expect(fig.total.generalFound + fig.total.majorFound).toBeGreaterThan(0);
  });

  it('names a confirming officer with the unit once (no 区安委办 区安委办)', async () => {
    const id = await toState('confirmed');
    const v = (await office.get(`/api/hazards/${id}`)).json();
    expect(v.confirmedByName).not.toMatch(/^(\S+) \1/);
  });
});
