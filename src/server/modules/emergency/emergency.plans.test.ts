import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegWithGps, multipart, testApp, type Client, type TestApp } from '../../../../test/helpers';
import { addDays } from '../../../shared/time';
import { exerciseText, nextRevisionDate, revisionState } from '../../../shared/emergency/plans';
import { planDocx } from './emergency.plans.seed';
import { remindPlanRevisions } from './emergency.plans';

let t: TestApp;
let office: Client, street: Client, qiye: Client, yingjiju: Client, housing: Client, inspector: Client;
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082', 'hex');

beforeAll(async () => {
  t = await testApp();
  [office, street, qiye, yingjiju, housing, inspector] = await Promise.all(['anweiban', 'jiangjunlu', 'qiye', 'yingjiju', 'zhujianju', 'jiancha'].map((u) => t.login(u)));
});
afterAll(async () => {
  await t?.close();
});

function upload(c: Client, url: string, name: string, data: Buffer, fields: Record<string, string> = {}) {
  const m = multipart([{ field: 'file', name, data }], fields);
  return c.request({ method: 'POST', url, payload: m.payload, headers: m.headers });
}
const doc = (title: string, word: string) => planDocx(title, '将军路街道', [['一、总则', `本预案适用于${word}事故的应急处置。`], ['二、响应', '立即疏散警戒区内人员，切断泄漏源。']]);

describe('rules', () => {
  it('the next revision is 3 years after filing; states against today', () => {
    expect(nextRevisionDate('2026-12-04')).toBe('2029-12-04');
    expect(nextRevisionDate('2024-02-29')).toBe('2027-02-28');
    expect(revisionState({ nextRevisionOn: '2026-12-01', needsRevision: false }, '2026-12-04')).toBe('overdue');
    expect(revisionState({ nextRevisionOn: addDays('2026-12-04', 60), needsRevision: false }, '2026-12-04')).toBe('due_soon');
    expect(revisionState({ nextRevisionOn: addDays('2026-12-04', 200), needsRevision: false }, '2026-12-04')).toBe('ok');
    expect(revisionState({ nextRevisionOn: addDays('2026-12-04', 200), needsRevision: true }, '2026-12-04')).toBe('needs_revision');
    expect(revisionState({ nextRevisionOn: null, needsRevision: false }, '2026-12-04')).toBe('not_filed');
    expect(exerciseText('演练开始')).toBe('【演练】演练开始');
    expect(exerciseText('【演练】已标')).toBe('【演练】已标');
  });
});

describe('plans: filing and review', () => {
  let planId: string;
  let teamId: string;
  it('a street registers a plan with linked resources; bad links and levels are named', async () => {
    teamId = (await street.get('/api/emergency/teams', { pageSize: 1 })).json().items[0].id;
    const bad = await street.post('/api/emergency/plans', { title: '将军路街道测试预案', level: '街道', type: '专项应急预案', links: [{ kind: 'teams', id: '00000000-0000-4000-8000-000000000000' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/links\.0\.id|关联的救援队伍不存在/);
    const badType = await street.post('/api/emergency/plans', { title: '将军路街道测试预案', level: '街道', type: '总体预案' });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().message).toMatch(/预案类型/);
    const r = await street.post('/api/emergency/plans', { title: '将军路街道燃气泄漏专项应急预案', level: '街道', type: '专项应急预案', eventType: '燃气泄漏', links: [{ kind: 'teams', id: teamId }] });
    expect(r.statusCode, r.body).toBe(201);
    const p = r.json();
    planId = p.id;
    expect(p).toMatchObject({ status: 'draft', ownerName: '将军路街道', reviewerName: expect.stringMatching(/安委办|安全生产委员会办公室/), currentVersion: 0, canEdit: true, canReview: false });
    expect(p.links[0]).toMatchObject({ kind: 'teams', id: teamId, kindLabel: '救援队伍' });
  });

  it('submitting needs a document; only .docx/.pdf by their bytes', async () => {
    const none = await street.post(`/api/emergency/plans/${planId}/submit`);
    expect(none.statusCode).toBe(409);
    expect(none.json().message).toMatch(/先上传预案文本/);
    const png = await upload(street, `/api/emergency/plans/${planId}/versions`, '预案.docx', PNG);
    expect(png.statusCode).toBe(415);
    const other = await upload(housing, `/api/emergency/plans/${planId}/versions`, '预案.docx', await doc('x', '燃气'));
    expect(other.statusCode).toBe(404);
    const v1 = await upload(street, `/api/emergency/plans/${planId}/versions`, '燃气泄漏预案.docx', await doc('将军路街道燃气泄漏专项应急预案', '燃气管道泄漏'), { note: '初稿' });
    expect(v1.statusCode, v1.body).toBe(201);
    expect(v1.json().versions[0]).toMatchObject({ version: 1, fileName: '燃气泄漏预案.docx', note: '初稿' });
    expect(v1.json().versions[0].textChars).toBeGreaterThan(10);
    // A PDF is read through its text layer; a corrupt one is refused in words.
    const pdf = await upload(street, `/api/emergency/plans/${planId}/versions`, '东西湖区方案.pdf', readFileSync(new URL('../../../../fixtures/plans/dongxihu-2020-7.pdf', import.meta.url)));
    expect(pdf.statusCode, pdf.body).toBe(201);
    expect(pdf.json().versions[0]).toMatchObject({ version: 2, fileMime: 'application/pdf' });
    expect(pdf.json().versions[0].textChars).toBeGreaterThan(1000);
    const broken = await upload(street, `/api/emergency/plans/${planId}/versions`, '坏.pdf', Buffer.from('%PDF-1.4\nnot really a pdf'));
    expect(broken.statusCode).toBe(400);
    expect(broken.json().message).toMatch(/PDF/);
    // The document downloads for whoever sees the plan.
    const f = await office.get(`/api/files/${v1.json().versions[0].fileId}`);
    expect(f.statusCode).toBe(200);
    expect((await housing.get(`/api/files/${v1.json().versions[0].fileId}`)).statusCode).toBe(404);
  });

  it('报备 → the office returns it with comments → resubmitted only as a new version → 备案', async () => {
    const s = await street.post(`/api/emergency/plans/${planId}/submit`);
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json()).toMatchObject({ status: 'submitted', canEdit: false });
    expect((await street.put(`/api/emergency/plans/${planId}`, { title: '将军路街道改名预案', level: '街道', type: '专项应急预案' })).statusCode).toBe(409);
    // The street cannot review its own plan; the office sees it in its queue.
    expect((await street.post(`/api/emergency/plans/${planId}/review`, { decision: 'accept' })).statusCode).toBe(403);
    const queue = (await office.get('/api/emergency/plans', { view: 'review', status: 'submitted', pageSize: 100 })).json();
    expect(queue.items.map((x: { id: string }) => x.id)).toContain(planId);
    const noComment = await office.post(`/api/emergency/plans/${planId}/review`, { decision: 'return' });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().message).toMatch(/修改意见/);
    const ret = await office.post(`/api/emergency/plans/${planId}/review`, { decision: 'return', comment: '未明确燃气公司抢修队伍联系方式' });
    expect(ret.statusCode, ret.body).toBe(200);
    expect(ret.json()).toMatchObject({ status: 'returned', lastComment: '未明确燃气公司抢修队伍联系方式' });
    const again = await street.post(`/api/emergency/plans/${planId}/submit`);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/上传新版本/);
    await upload(street, `/api/emergency/plans/${planId}/versions`, '燃气泄漏预案-修改稿.docx', await doc('将军路街道燃气泄漏专项应急预案', '燃气管道泄漏 抢修队伍'));
    expect((await street.post(`/api/emergency/plans/${planId}/submit`)).statusCode).toBe(200);
    const ok = await office.post(`/api/emergency/plans/${planId}/review`, { decision: 'accept', comment: '同意备案' });
    expect(ok.statusCode, ok.body).toBe(200);
    const p = ok.json();
    expect(p).toMatchObject({ status: 'filed', filedOn: t.deps.clock.today(), nextRevisionOn: nextRevisionDate(t.deps.clock.today()), revisionState: 'ok', needsRevision: false });
    expect(p.filingNo).toMatch(/^420112-YA-\d{4}-\d{4}$/);
    expect(p.versions.map((v: { decision: string }) => v.decision)).toEqual(['accepted', 'returned', null]);
    // The street was told both times.
    const n = (await street.get('/api/notifications', { pageSize: 50 })).json();
    const titles = n.items.map((x: { title: string }) => x.title).join('\n');
    expect(titles).toMatch(/预案被退回/);
    expect(titles).toMatch(/预案已备案/);
  });

  it('the filed plan is found by the unified search, with its document text', async () => {
    const r = await housing.get('/api/emergency/search', { q: '燃气管道泄漏' });
    expect(r.statusCode).toBe(200);
    const hit = r.json().hits.find((h: { id: string }) => h.id === planId);
    expect(hit).toMatchObject({ kind: 'plans', kindLabel: '应急预案' });
    expect(r.json().counts.plans).toBeGreaterThanOrEqual(1);
    const only = (await office.get('/api/emergency/search', { q: '燃气', kinds: 'plans' })).json();
    expect(only.hits.every((h: { kind: string }) => h.kind === 'plans')).toBe(true);
  });

  it('an enterprise files with its street; the office does not review it; other units do not see it', async () => {
    const r = await qiye.post('/api/emergency/plans', { title: '企业液氯泄漏现场处置方案', level: '企业', type: '现场处置方案' });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id;
    expect(r.json().reviewerName).toBe('将军路街道');
    expect((await qiye.post('/api/emergency/plans', { title: '企业综合预案测试', level: '区级', type: '综合应急预案' })).statusCode).toBe(400);
    await upload(qiye, `/api/emergency/plans/${id}/versions`, '方案.docx', await doc('企业液氯泄漏现场处置方案', '液氯'));
    expect((await qiye.post(`/api/emergency/plans/${id}/submit`)).statusCode).toBe(200);
    expect((await office.post(`/api/emergency/plans/${id}/review`, { decision: 'accept' })).statusCode).toBe(403);
    expect((await housing.get(`/api/emergency/plans/${id}`)).statusCode).toBe(404);
    const ok = await street.post(`/api/emergency/plans/${id}/review`, { decision: 'accept' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('filed');
    // Enterprise plans stay out of the district-wide search.
    const s = (await office.get('/api/emergency/search', { q: '企业液氯泄漏现场处置方案' })).json();
    expect(s.hits.find((h: { id: string }) => h.id === id)).toBeUndefined();
  });

  it('expiry dashboard (office only) and the revision reminder (once a day)', async () => {
    const d = await office.get('/api/emergency/plans/dashboard');
    expect(d.statusCode).toBe(200);
    const body = d.json();
    expect(body.summary.overdue).toBeGreaterThanOrEqual(1); // demo: 应急管理局 and 径河街道 past 3 years
    expect(body.summary.dueSoon).toBeGreaterThanOrEqual(1);
    expect(body.summary.needsRevision).toBeGreaterThanOrEqual(1);
    expect(body.attention.every((p: { revisionState: string }) => ['due_soon', 'overdue', 'needs_revision'].includes(p.revisionState))).toBe(true);
    expect((await street.get('/api/emergency/plans/dashboard')).statusCode).toBe(403);
    const first = await remindPlanRevisions(t.deps);
    expect(first?.reminded).toBeGreaterThanOrEqual(3);
    const second = await remindPlanRevisions(t.deps);
    expect(second?.reminded).toBe(0);
    const n = (await yingjiju.get('/api/notifications', { pageSize: 50 })).json();
    expect(n.items.map((x: { title: string }) => x.title).join('\n')).toMatch(/预案已超过修订期限：《东西湖区危险化学品事故专项应急预案》/);
  });

  it('drills: plan, exercise mode for participants, record, evaluation → plan 需修订, improvement → hazard', async () => {
    const deptId = yingjiju.user!.unitId!;
    const bad = await street.post('/api/emergency/drills', { title: '燃气泄漏演练', type: '实兵演练', scenario: '燃气泄漏', plannedOn: t.deps.clock.today(), location: '将军路', participantUnitIds: [qiye.user!.enterpriseId] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/参演单位/);
    const c = await street.post('/api/emergency/drills', { title: '将军路街道燃气泄漏实兵演练', type: '实兵演练', scenario: '小区燃气管道被挖断，燃气泄漏', planId, plannedOn: t.deps.clock.today(), location: '将军路某小区', participantUnitIds: [deptId] });
    expect(c.statusCode, c.body).toBe(201);
    const id = c.json().id;
    expect(c.json()).toMatchObject({ status: 'planned', planTitle: '将军路街道燃气泄漏专项应急预案', participants: [{ id: deptId }] });
    expect((await street.post(`/api/emergency/drills/${id}/evaluation`, { rating: '良好', summary: '未开始的演练' })).statusCode).toBe(409);
    expect((await yingjiju.get('/api/emergency/drills/active')).json().drills).toEqual([]);
    expect((await yingjiju.post(`/api/emergency/drills/${id}/start`)).statusCode).toBe(403);
    const s = await street.post(`/api/emergency/drills/${id}/start`);
    expect(s.statusCode, s.body).toBe(200);
    // Exercise mode: the participant sees the running drill; its notifications are marked 【演练】.
    expect((await yingjiju.get('/api/emergency/drills/active')).json().drills.map((x: { id: string }) => x.id)).toEqual([id]);
    expect((await housing.get('/api/emergency/drills/active')).json().drills).toEqual([]);
    const n = (await yingjiju.get('/api/notifications', { pageSize: 50 })).json();
    const mine = n.items.filter((x: { link: string | null }) => x.link === `/emergency/drills/${id}`);
    expect(mine.length).toBeGreaterThan(0);
    for (const x of mine) expect(x.title.startsWith('【演练】')).toBe(true);
    const tl = await street.post(`/api/emergency/drills/${id}/timeline`, { at: t.deps.clock.now().toISOString(), text: '抢修队伍到达现场，关闭上游阀门' });
    expect(tl.statusCode, tl.body).toBe(201);
    expect(tl.json().timeline.map((x: { text: string }) => x.text)).toContain('抢修队伍到达现场，关闭上游阀门');
    const future = await street.post(`/api/emergency/drills/${id}/timeline`, { at: new Date(t.deps.clock.now().getTime() + 86_400_000).toISOString(), text: '未来' });
    expect(future.statusCode).toBe(400);
    const photo = await upload(street, `/api/emergency/drills/${id}/photos`, '现场.png', PNG);
    expect(photo.statusCode, photo.body).toBe(201);
    expect(photo.json().photos).toHaveLength(1);
    expect((await upload(street, `/api/emergency/drills/${id}/photos`, '现场.png', Buffer.from('%PDF-1.4\n'))).statusCode).toBe(415);
    expect((await yingjiju.get(`/api/files/${photo.json().photos[0].fileId}`)).statusCode).toBe(200);
    // A phone's photo is stored without its Exif/GPS, XMP and comment; the image itself is unchanged.
    const gps = jpegWithGps();
    const jpg = await upload(street, `/api/emergency/drills/${id}/photos`, '现场.jpg', gps.data);
    expect(jpg.statusCode, jpg.body).toBe(201);
    const stored = await yingjiju.get(`/api/files/${jpg.json().photos[1].fileId}`);
    expect(stored.statusCode).toBe(200);
    expect(stored.headers['content-type']).toMatch(/image\/jpeg/);
    const bytes = stored.rawPayload;
    for (const mark of gps.marks) expect(bytes.includes(mark), mark.toString('latin1')).toBe(false);
    expect(bytes.subarray(0, 2).equals(Buffer.from([0xff, 0xd8]))).toBe(true);
    expect(bytes.subarray(bytes.length - gps.image.length).equals(gps.image)).toBe(true);
    expect((await street.post(`/api/emergency/drills/${id}/end`)).statusCode).toBe(200);
    expect((await yingjiju.get('/api/emergency/drills/active')).json().drills).toEqual([]);
    const ev = await street.post(`/api/emergency/drills/${id}/evaluation`, {
      rating: '合格',
      summary: '关阀用时过长，预案中未列明小区燃气阀门位置',
      planNeedsRevision: true,
      improvements: [{ text: '企业储罐区可燃气体报警仪未联动切断阀', responsible: '企业' }, { text: '补充小区燃气阀门位置图' }],
    });
    expect(ev.statusCode, ev.body).toBe(200);
    expect(ev.json().improvements.map((x: { no: number }) => x.no)).toEqual([1, 2]);
    const plan = (await street.get(`/api/emergency/plans/${planId}`)).json();
    expect(plan).toMatchObject({ needsRevision: true, revisionState: 'needs_revision' });
    expect(plan.revisionReason).toMatch(/将军路街道燃气泄漏实兵演练/);
    const h = await street.post(`/api/emergency/drills/${id}/improvements/1/hazard`, { enterpriseId: qiye.user!.enterpriseId, place: '储罐区', category: '应急管理' });
    expect(h.statusCode, h.body).toBe(201);
    const item = h.json().improvements[0];
    expect(item.hazardCode).toMatch(/^YH-/);
    const hazard = (await street.get(`/api/hazards/${item.hazardId}`)).json();
    expect(hazard.description).toMatch(/企业储罐区可燃气体报警仪未联动切断阀/);
    expect(hazard.origin).toMatchObject({ kind: 'emergency_drill', id });
    expect((await street.post(`/api/emergency/drills/${id}/improvements/1/hazard`, { enterpriseId: qiye.user!.enterpriseId, place: '储罐区' })).statusCode).toBe(409);
    expect((await street.post(`/api/emergency/drills/${id}/improvements/9/hazard`, { enterpriseId: qiye.user!.enterpriseId, place: '储罐区' })).statusCode).toBe(404);
    // 七有 evidence: the street's filed plans and this year's drills.
    const mineAssess = (await street.get('/api/emergency/seven-has/mine')).json();
    const planItem = mineAssess.items.find((i: { key: string }) => i.key === 'plan');
    const drillItem = mineAssess.items.find((i: { key: string }) => i.key === 'drill');
    expect(planItem.evidence[0].count).toBeGreaterThanOrEqual(2);
    expect(drillItem.evidence[0]).toMatchObject({ kind: 'drills', count: 1 });
  });

  it('who sees which plans and drills', async () => {
    const inspList = (await inspector.get('/api/emergency/plans', { pageSize: 100 })).json();
    expect(inspList.items.every((p: { ownerName: string }) => p.ownerName === '区应急管理局' || p.ownerName.includes('应急管理局'))).toBe(true);
    const officeList = (await office.get('/api/emergency/plans', { pageSize: 100 })).json();
    expect(officeList.total).toBeGreaterThanOrEqual(10);
    const mine = (await street.get('/api/emergency/plans', { view: 'mine', pageSize: 100 })).json();
    expect(mine.items.every((p: { ownerName: string }) => p.ownerName === '将军路街道')).toBe(true);
  });
});

describe('deleting a draft plan and a planned drill', () => {
  const audits = async (id: string) => (await t.database.query<{ action: string }>('SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id', [id])).map((r) => r.action);

  it('a draft plan never filed is deleted by its unit, with its versions; others are refused', async () => {
    const c = await street.post('/api/emergency/plans', { title: '将军路街道待删除预案', level: '街道', type: '现场处置方案' });
    expect(c.statusCode, c.body).toBe(201);
    const id = c.json().id;
    expect(c.json()).toMatchObject({ status: 'draft', canDelete: true });
    expect((await upload(street, `/api/emergency/plans/${id}/versions`, '待删除.docx', await doc('将军路街道待删除预案', '测试'))).statusCode).toBe(201);
    // The office sees it but does not own it; another unit does not see it; an enterprise may not.
    expect((await office.get(`/api/emergency/plans/${id}`)).json().canDelete).toBe(false);
    const byOffice = await office.delete(`/api/emergency/plans/${id}`);
    expect(byOffice.statusCode).toBe(403);
    expect(byOffice.json().message).toMatch(/本单位/);
    expect((await housing.delete(`/api/emergency/plans/${id}`)).statusCode).toBe(404);
    expect((await inspector.delete(`/api/emergency/plans/${id}`)).statusCode).toBe(403);
    const del = await street.delete(`/api/emergency/plans/${id}`);
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json()).toEqual({ ok: true });
    expect((await street.get(`/api/emergency/plans/${id}`)).statusCode).toBe(404);
    expect((await t.database.query('SELECT 1 FROM emergency_plan_versions WHERE plan_id = $1', [id])).length).toBe(0);
    expect(await audits(id)).toEqual(['emergency.plan.create', 'emergency.plan.version', 'emergency.plan.delete']);
    expect((await street.delete(`/api/emergency/plans/${id}`)).statusCode).toBe(404);
  });

  it('once submitted (报备), returned or filed, a plan stays: 409 in Chinese', async () => {
    const c = await street.post('/api/emergency/plans', { title: '将军路街道已报备预案', level: '街道', type: '现场处置方案' });
    const id = c.json().id;
    await upload(street, `/api/emergency/plans/${id}/versions`, '已报备.docx', await doc('将军路街道已报备预案', '测试'));
    expect((await street.post(`/api/emergency/plans/${id}/submit`)).statusCode).toBe(200);
    const submitted = await street.delete(`/api/emergency/plans/${id}`);
    expect(submitted.statusCode).toBe(409);
    expect(submitted.json().message).toMatch(/已报备待审，不能删除/);
    expect((await office.post(`/api/emergency/plans/${id}/review`, { decision: 'return', comment: '请补充疏散路线' })).statusCode).toBe(200);
    expect((await street.get(`/api/emergency/plans/${id}`)).json().canDelete).toBe(false);
    const returned = await street.delete(`/api/emergency/plans/${id}`);
    expect(returned.statusCode).toBe(409);
    expect(returned.json().message).toMatch(/审查记录须保留/);
    const filed = (await street.get('/api/emergency/plans', { view: 'mine', status: 'filed', pageSize: 1 })).json().items[0];
    expect(filed.canDelete).toBe(false);
    const f = await street.delete(`/api/emergency/plans/${filed.id}`);
    expect(f.statusCode).toBe(409);
    expect(f.json().message).toMatch(/已备案/);
    expect(await audits(id)).not.toContain('emergency.plan.delete');
  });

  it('a planned drill is deleted by its organiser; once started it stays', async () => {
    const body = { title: '将军路街道待删除演练', type: '桌面推演', scenario: '仓库起火', plannedOn: t.deps.clock.today(), location: '街道会议室', participantUnitIds: [] };
    const a = (await street.post('/api/emergency/drills', body)).json();
    expect(a).toMatchObject({ status: 'planned', canDelete: true });
    expect((await office.delete(`/api/emergency/drills/${a.id}`)).statusCode).toBe(403);
    expect((await housing.delete(`/api/emergency/drills/${a.id}`)).statusCode).toBe(404);
    const del = await street.delete(`/api/emergency/drills/${a.id}`);
    expect(del.statusCode, del.body).toBe(200);
    expect((await street.get(`/api/emergency/drills/${a.id}`)).statusCode).toBe(404);
    expect(await audits(a.id)).toEqual(['emergency.drill.create', 'emergency.drill.delete']);
    const b = (await street.post('/api/emergency/drills', { ...body, title: '将军路街道已开始演练' })).json();
    expect((await street.post(`/api/emergency/drills/${b.id}/start`)).json()).toMatchObject({ status: 'running', canDelete: false });
    const running = await street.delete(`/api/emergency/drills/${b.id}`);
    expect(running.statusCode).toBe(409);
    expect(running.json().message).toMatch(/正在进行.*不能删除/);
    await street.post(`/api/emergency/drills/${b.id}/end`);
    expect((await street.delete(`/api/emergency/drills/${b.id}`)).json().message).toMatch(/已开始过.*不能删除/);
  });
});
