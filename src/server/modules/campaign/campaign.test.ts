import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { multipart, testApp, type Client, type TestApp } from '../../../../test/helpers';
import { TEST_TODAY } from '../../../../test/template';
import { lastDay, shiftPeriod } from '../../../shared/campaign/periods';
import { parsePlanDocument } from '../../../shared/plan/index';
import { createCampaignFromPlan } from './index';
import { planUnitDirectory } from './campaign.import';
import { REFERENCE_PLAN } from './campaign.seed';

let t: TestApp;
let office: Client, housing: Client, emergency: Client, street: Client, enterprise: Client, inspector: Client, admin: Client;
let unitId: Record<string, string>;
let campaignId: string;
let demoId: string;

/**
 * The reference plan imported here (2020-09 … 2022-12) is history on any test day (the demo seed
 * moves its own copy to the present, see the last block). The campaign made by hand
 * below runs around TEST_TODAY: from ten months before its month to a year after; `P(n)` is the
 * month n months from TEST_TODAY's (P(1) is in the future, P(-9) long past and still open).
 */
const P = (n: number) => shiftPeriod(TEST_TODAY.slice(0, 7), n);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

interface Entry {
  itemId: string;
  nodeId: string;
  role: string;
  status: string | null;
  narrative: string;
  attachments: { id: string; name: string }[];
  reviewComment: string | null;
  contributions?: { unitName: string; role: string; status: string; narrative: string; attachments: { id: string }[] }[];
}

beforeAll(async () => {
  t = await testApp();
  [office, housing, emergency, street, enterprise, inspector, admin] = await Promise.all(['anweiban', 'zhujianju', 'yingjiju', 'jiangjunlu', 'qiye', 'jiancha', 'admin'].map((u) => t.login(u)));
  const tree = (await office.get('/api/org/tree')).json();
  unitId = Object.fromEntries(tree.units.map((u: { code: string; id: string }) => [u.code, u.id]));
  const list = (await office.get('/api/campaigns')).json();
  demoId = list.find((c: { name: string }) => c.name === '东西湖区安全生产专项整治三年行动方案').id;
});
afterAll(async () => {
  await t.close();
});

async function form(c: Client, period: string, id = campaignId, query: Record<string, string> = {}) {
  const r = await c.get(`/api/campaigns/${id}/reports/${period}`, query);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { id: string | null; status: string; version: number; editable: boolean; late: boolean; entries: Entry[]; indicators: { id: string; name: string; unit: string; value: unknown }[]; reviews: { action: string }[]; reviewComment: string | null };
}

async function auditActions(entityId: string): Promise<string[]> {
  const r = await t.database.query<{ action: string }>('SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id', [entityId]);
  return r.map((x) => x.action);
}

describe('import the reference plan', () => {
  it('createCampaignFromPlan maps tasks, units, 属地 duty, milestones, indicators and phases; audited', async () => {
    const plan = await parsePlanDocument(readFileSync(REFERENCE_PLAN), 'dongxihu-2020-7.txt', { units: await planUnitDirectory(t.deps) });
    const ctx = { actor: null as never, ip: null, requestId: null };
    await expect(createCampaignFromPlan(t.deps, ctx, { plan })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // Through the API (multipart upload of the plan file), as the office.
    const up = multipart([{ field: 'file', name: 'dongxihu-2020-7.txt', data: readFileSync(REFERENCE_PLAN) }], { name: '三年行动（测试）' });
    const r = await office.post('/api/campaigns/import', up.payload, { headers: up.headers });
    expect(r.statusCode, r.body).toBe(201);
    const body = r.json();
    expect(body).toMatchObject({ tasks: 38, items: 196, unresolvedUnits: [] });
    campaignId = body.id;
    expect(await auditActions(campaignId)).toContain('campaign.import');

    const c = (await office.get(`/api/campaigns/${campaignId}`)).json();
    expect(c).toMatchObject({ name: '三年行动（测试）', docNumber: '东安〔2020〕7号', startDate: '2020-09-01', endDate: '2022-12-31', status: 'active' });
    expect(c.phases.map((p: { name: string }) => p.name)).toEqual(['动员部署', '排查整治', '集中攻坚', '巩固提升']);
    expect(c.settings.dueDay).toBe(25);
    expect(c.counts.tasks).toBe(38);
  });

  it('task 2.2.7 城市建设: lead 区城建专委会 reported by 区住建局, 属地 duty for every street and park', async () => {
    const tree = (await office.get(`/api/campaigns/${campaignId}/tree`)).json();
    const n = tree.nodes.find((x: { nodeId: string }) => x.nodeId === '2.2.7');
    const lead = n.assignments.filter((a: { role: string }) => a.role === 'lead');
    expect(lead).toHaveLength(1);
    expect(lead[0]).toMatchObject({ name: '区城建专委会', reportingUnitName: '区住建局', resolved: true });
    const terr = n.assignments.filter((a: { role: string }) => a.role === 'territorial');
    expect(terr).toHaveLength(19);
    expect(terr.map((a: { name: string }) => a.name)).toContain('将军路街道');
    expect(n.territorialDuty).toBe(true);
    const items = tree.nodes.filter((x: { parentId: string; kind: string }) => x.parentId === n.id && x.kind === 'item');
    expect(items).toHaveLength(10);
    expect(tree.indicators.length).toBeGreaterThanOrEqual(8);
    expect(tree.nodes.some((x: { milestones: unknown[] }) => x.milestones.length > 0)).toBe(true);
    // 区住建局 files on every item of 2.2.7 as the lead; 将军路街道 as 属地.
    const h = await form(housing, '2021-03');
    expect(h.entries.filter((e) => e.nodeId.startsWith('2.2.7.') && e.role === 'lead')).toHaveLength(10);
    const s = await form(street, '2021-03');
    expect(s.entries.filter((e) => e.nodeId.startsWith('2.2.7.')).every((e) => e.role === 'territorial')).toBe(true);
    expect(s.entries.length).toBeGreaterThan(150);
  });

  it('keeps unresolved unit names as text and reports them back', async () => {
    const plan = await parsePlanDocument(readFileSync(REFERENCE_PLAN), 'p.txt', { units: await planUnitDirectory(t.deps) });
    plan.tasks.find((n) => n.id === '2.2.2')!.coUnits.push('区火星局');
    const r = await office.post('/api/campaigns/from-plan', { plan, name: '含未识别单位的方案' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().unresolvedUnits).toEqual(['区火星局']);
    const tree = (await office.get(`/api/campaigns/${r.json().id}/tree`)).json();
    const a = tree.nodes.find((x: { nodeId: string }) => x.nodeId === '2.2.2').assignments.find((x: { name: string }) => x.name === '区火星局');
    expect(a).toMatchObject({ unitId: null, resolved: false, role: 'co' });
  });

  it('refuses a malformed plan with the field path, and non-office users', async () => {
    const bad = await office.post('/api/campaigns/from-plan', { plan: { document: { title: 'x', docNumber: null, issuer: null, issuedOn: null }, phases: [], tasks: [{ id: '1', parentId: null, ordinal: 'one', kind: 'task', title: 'x' }] } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().details)).toContain('plan.tasks.0.ordinal');
    const noDates = await office.post('/api/campaigns/from-plan', { plan: { document: { title: '无日期方案', docNumber: null, issuer: null, issuedOn: null }, phases: [], tasks: [{ id: '1', parentId: null, ordinal: 1, kind: 'task', title: 'x' }] } });
    expect(noDates.statusCode).toBe(400);
    expect(noDates.json().details[0].path).toBe('plan.campaign.start');
    expect((await housing.post('/api/campaigns/from-plan', { plan: {} })).statusCode).toBe(403);
    // Plans may come as PDF now (pdfjs text layer); a broken one is refused in words, not as an unknown type.
    const txt = multipart([{ field: 'file', name: 'a.pdf', data: PDF }]);
    const broken = await office.post('/api/campaigns/import', txt.payload, { headers: txt.headers });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().message).toMatch(/PDF/);
  });
});

describe('monthly report: submit → return → resubmit → accept → dashboard, assessment, summary', () => {
  let reportId: string;
  let items: Entry[];

  it('区住建局 saves a draft and submits 2021-03 (late: due 2021-03-25)', async () => {
    const f = await form(housing, '2021-03');
    expect(f).toMatchObject({ id: null, status: 'missing', editable: true });
    items = f.entries.filter((e) => e.nodeId.startsWith('2.2.7.'));
    const ind = f.indicators.find((i) => i.unit === '%')!;
    const save = await housing.put(`/api/campaigns/${campaignId}/reports/2021-03`, {
      summary: '本月开展建筑施工安全专项检查。',
      problems: '部分工地整改不及时。',
      nextPlan: '开展回头看。',
      entries: [
        { itemId: items[0].itemId, status: '推进中', narrative: '检查在建工地12个，发现隐患31处。' },
        { itemId: items[1].itemId, status: '已完成', narrative: '信息系统建设方案已印发。' },
      ],
      indicatorValues: [{ indicatorId: ind.id, value: 62.5 }],
    });
    expect(save.statusCode, save.body).toBe(200);
    expect(save.json()).toMatchObject({ status: 'draft', version: 2 });
    reportId = save.json().id;
    const sub = await housing.post(`/api/campaigns/${campaignId}/reports/2021-03/submit`, {});
    expect(sub.statusCode, sub.body).toBe(200);
    expect(sub.json()).toMatchObject({ status: 'submitted', late: true, editable: false });
    // Locked while waiting for review.
    expect((await housing.put(`/api/campaigns/${campaignId}/reports/2021-03`, { summary: 'x' })).statusCode).toBe(409);
  });

  it('the office sees it on its desk and returns it with comments; the unit is notified', async () => {
    const desk = (await office.get(`/api/campaigns/${campaignId}/periods/2021-03/status`)).json();
    const row = desk.units.find((u: { unitId: string }) => u.unitId === unitId['dept.housing']);
    expect(row).toMatchObject({ status: 'submitted', late: true, reportId });
    expect(desk.units.find((u: { unitId: string }) => u.unitId === unitId['dept.emergency']).status).toBe('missing');
    expect((await office.post(`/api/campaign-reports/${reportId}/return`, {})).statusCode).toBe(400);
    const r = await office.post(`/api/campaign-reports/${reportId}/return`, { comment: '请补充隐患整改数据', itemComments: { [items[0].itemId]: '写明已整改几处' } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'returned', returnCount: 1, reviewComment: '请补充隐患整改数据' });
    const n = (await housing.get('/api/notifications')).json();
    expect(n.items.some((x: { title: string }) => x.title.includes('被退回'))).toBe(true);
    const f = await form(housing, '2021-03');
    expect(f.editable).toBe(true);
    expect(f.entries.find((e) => e.itemId === items[0].itemId)!.reviewComment).toBe('写明已整改几处');
    // A draft save of the returned report answers with the form as stored, the comments included.
    const s = await housing.put(`/api/campaigns/${campaignId}/reports/2021-03`, { version: f.version, entries: [{ itemId: items[1].itemId, status: '已完成', narrative: '信息系统建设方案已印发。' }] });
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json()).toEqual(await form(housing, '2021-03'));
    expect(s.json().entries.find((e: Entry) => e.itemId === items[0].itemId).reviewComment).toBe('写明已整改几处');
  });

  it('resubmits with the correction; the office accepts; history keeps every step', async () => {
    const f = await form(housing, '2021-03');
    const r = await housing.post(`/api/campaigns/${campaignId}/reports/2021-03/submit`, {
      version: f.version,
      entries: [{ itemId: items[0].itemId, status: '推进中', narrative: '检查在建工地12个，发现隐患31处，已整改28处。' }],
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'submitted', late: true });
    // The correction is what was stored, the untouched entry stays as it was.
    const resubmitted = await form(housing, '2021-03');
    expect(resubmitted.entries.find((e) => e.itemId === items[0].itemId)).toMatchObject({ status: '推进中', narrative: '检查在建工地12个，发现隐患31处，已整改28处。' });
    expect(resubmitted.entries.find((e) => e.itemId === items[1].itemId)).toMatchObject({ status: '已完成', narrative: '信息系统建设方案已印发。' });
    expect((await housing.post(`/api/campaign-reports/${reportId}/accept`, {})).statusCode).toBe(403);
    const a = await office.post(`/api/campaign-reports/${reportId}/accept`, { comment: '同意' });
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json().status).toBe('accepted');
    expect((await office.post(`/api/campaign-reports/${reportId}/accept`, {})).statusCode).toBe(409);
    const h = (await housing.get(`/api/campaign-reports/${reportId}/history`)).json();
    expect(h.reviews.map((x: { action: string }) => x.action)).toEqual(['submit', 'return', 'resubmit', 'accept']);
    expect(await auditActions(reportId)).toEqual(['campaign_report.save', 'campaign_report.submit', 'campaign_report.return', 'campaign_report.save', 'campaign_report.save', 'campaign_report.resubmit', 'campaign_report.accept']);
    // The next month's form carries the accepted statuses over.
    const next = await form(housing, '2021-04');
    expect(next.entries.find((e) => e.itemId === items[1].itemId)).toMatchObject({ status: null, previousStatus: '已完成' } as never);
    // An earlier month's form does not carry it back (the latest accepted entry is not before that month).
    const earlier = await form(housing, '2021-02');
    expect(earlier.entries.find((e) => e.itemId === items[1].itemId)).toMatchObject({ status: null, previousStatus: null } as never);
  });

  it('a draft save writes and audits only the entries it changes', async () => {
    const path = `/api/campaigns/${campaignId}/reports/2021-06`;
    const three = items.slice(0, 3).map((x, i) => ({ itemId: x.itemId, status: '推进中', narrative: `第 ${i + 1} 项进展` }));
    expect((await housing.put(path, { entries: three })).statusCode).toBe(200);
    const again = await housing.put(path, { entries: three.map((e, i) => (i === 1 ? { ...e, narrative: '第 2 项已补充' } : e)) });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().entries.find((e: { itemId: string }) => e.itemId === three[1].itemId)).toMatchObject({ status: '推进中', narrative: '第 2 项已补充' });
    const saves = await t.database.query<{ after: { entries: { itemId: string; narrative: string }[]; entriesUnchanged: number } }>(
      `SELECT after FROM audit_log WHERE entity_id = $1 AND action = 'campaign_report.save' ORDER BY id`,
      [again.json().id],
    );
    expect(saves.map((s) => s.after.entries.length)).toEqual([3, 1]);
    expect(saves[1].after).toMatchObject({ entries: [{ itemId: three[1].itemId, narrative: '第 2 项已补充' }], entriesUnchanged: 2 });
    const stored = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM campaign_report_entries WHERE report_id = $1`, [again.json().id]);
    expect(stored[0].n).toBe(3);
    // The answer is built from what the save read and wrote, not read again: it is the form as
    // stored, with a new entry, a changed one and the unchanged ones.
    const more = await housing.put(path, { entries: [...three.slice(0, 2), { itemId: items[3].itemId, status: '未开始', narrative: '' }] });
    expect(more.statusCode, more.body).toBe(200);
    expect(more.json()).toEqual(await form(housing, '2021-06'));
    expect(more.json().entries.find((e: Entry) => e.itemId === items[3].itemId)).toMatchObject({ status: '未开始', narrative: '', attachments: [], reviewComment: null });
    expect(more.json().entries.find((e: Entry) => e.itemId === items[2].itemId)).toMatchObject({ status: '推进中', narrative: '第 3 项进展' });
  });

  it('the dashboard and the assessment reflect it', async () => {
    const d = (await office.get(`/api/campaigns/${campaignId}/dashboard`)).json();
    const task = d.byTask.find((x: { nodeId: string }) => x.nodeId === '2.2.7');
    expect(task).toMatchObject({ total: 10, done: 1, progress: 1 });
    const u = d.byUnit.find((x: { unitId: string }) => x.unitId === unitId['dept.housing']);
    expect(u.done).toBe(1);
    const ui = d.heatmap.units.findIndex((x: { unitId: string }) => x.unitId === unitId['dept.housing']);
    const pi = d.heatmap.periods.indexOf('2021-03');
    expect(d.heatmap.cells.find((c: [number, number, string]) => c[0] === ui && c[1] === pi)[2]).toBe('accepted_late');
    expect(d.summary.acceptedReports).toBe(1);
    expect(d.byPhase.map((p: { name: string }) => p.name)).toContain('集中攻坚');
    const ind = d.indicators.find((i: { current: number | null }) => i.current !== null);
    expect(ind).toMatchObject({ current: 62.5, reportingUnits: 1 });
    expect(ind.trend).toEqual([{ period: '2021-03', value: 62.5 }]);

    const a = (await office.get(`/api/campaigns/${campaignId}/assessment`, { from: '2021-01', to: '2021-06' })).json();
    const row = a.rows.find((x: { unitId: string }) => x.unitId === unitId['dept.housing']);
    expect(row.facts).toMatchObject({ reportsDue: 6, onTime: 0, late: 1, reviewed: 1, firstPass: 0 });
    expect(row.timeliness).toBeCloseTo(8.3, 1); // one late report of six, half credit
    expect(row.review).toBe(0);
    const other = a.rows.find((x: { unitId: string }) => x.unitId === unitId['dept.emergency']);
    expect(row.rank).toBeLessThan(other.rank);
    expect((await housing.get(`/api/campaigns/${campaignId}/assessment`)).statusCode).toBe(403);
  });

  it('a 一票否决 with a reason ranks the unit last with grade 不合格', async () => {
    expect((await office.put(`/api/campaigns/${campaignId}/vetoes/${unitId['dept.housing']}`, { reason: '' })).statusCode).toBe(400);
    const v = await office.put(`/api/campaigns/${campaignId}/vetoes/${unitId['dept.housing']}`, { reason: '辖区发生较大生产安全事故' });
    expect(v.statusCode, v.body).toBe(200);
    const a = (await office.get(`/api/campaigns/${campaignId}/assessment`)).json();
    const last = a.rows.at(-1);
    expect(last).toMatchObject({ unitId: unitId['dept.housing'], grade: '不合格', veto: { reason: '辖区发生较大生产安全事故' } });
    expect((await office.delete(`/api/campaigns/${campaignId}/vetoes/${unitId['dept.housing']}`)).statusCode).toBe(200);
    expect(await auditActions(campaignId)).toEqual(expect.arrayContaining(['campaign.veto', 'campaign.veto_clear']));
  });

  it('the quarterly summary compiles, is edited, and renders as a readable .docx (PDF via LibreOffice when installed)', async () => {
    // A later month's progress must not leak into the first quarter's figures.
    const apr = await housing.post(`/api/campaigns/${campaignId}/reports/2021-04/submit`, { entries: [{ itemId: items[2].itemId, status: '已完成', narrative: '危大工程专项检查完成。' }] });
    expect(apr.statusCode, apr.body).toBe(200);
    expect((await office.post(`/api/campaign-reports/${apr.json().id}/accept`, {})).statusCode).toBe(200);
    const h1 = (await office.post(`/api/campaigns/${campaignId}/summaries`, { periodKey: '2021-H1' })).json();
    expect(h1.stats).toMatchObject({ asOf: '2021-06', items: { done: 2 } });
    const r = await office.post(`/api/campaigns/${campaignId}/summaries`, { periodKey: '2021-Q1' });
    expect(r.statusCode, r.body).toBe(201);
    const s = r.json();
    expect(s.stats).toMatchObject({ asOf: '2021-03', items: { done: 1, progress: 1 }, reports: { accepted: 1, late: 1 } });
    expect(s.sections[0].paragraphs[0]).toContain('截至2021年3月');
    expect(s.title).toContain('2021年第一季度工作总结');
    expect(s.sections.map((x: { heading: string }) => x.heading)).toEqual(['总体进展情况', '主要工作及成效', '存在的问题', '下一步工作打算']);
    expect(JSON.stringify(s.sections)).toContain('检查在建工地12个');
    const sections = [...s.sections];
    sections[0] = { ...sections[0], paragraphs: [...sections[0].paragraphs, '经区安委办核定，一季度工作总体平稳。'] };
    const p = await office.patch(`/api/campaigns/${campaignId}/summaries/${s.id}`, { sections, docNumber: '东安办〔2021〕5号', issuedOn: '2021-04-10', version: s.version });
    expect(p.statusCode, p.body).toBe(200);
    const doc = await office.get(`/api/campaigns/${campaignId}/summaries/${s.id}/document.docx`);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toContain('wordprocessingml');
    const buf = doc.rawPayload;
    expect(buf.subarray(0, 2).toString()).toBe('PK');
    const text = (await mammoth.extractRawText({ buffer: buf })).value;
    expect(text).toContain('2021年第一季度工作总结');
    expect(text).toContain('一、总体进展情况');
    expect(text).toContain('（一）');
    expect(text).toContain('经区安委办核定，一季度工作总体平稳。');
    expect(text).toContain('2021年4月10日');
    expect(text).toContain('东西湖区安全生产委员会办公室');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'anzhi-docx-'));
    try {
      const file = path.join(dir, 'summary.docx');
      writeFileSync(file, buf);
      if (spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0) {
        const xml = execFileSync('unzip', ['-p', file, 'word/document.xml']).toString('utf8');
        expect(xml).toContain('仿宋_GB2312');
        expect(xml).toContain('方正小标宋简体');
        expect(xml).toContain('w:sz w:val="44"'); // 二号 title
      }
      if (existsSync('/usr/bin/soffice')) {
        const conv = spawnSync('/usr/bin/soffice', ['--headless', `-env:UserInstallation=file://${dir}/lo`, '--convert-to', 'pdf', '--outdir', dir, file], { timeout: 120_000 });
        expect(conv.status, String(conv.stderr)).toBe(0);
        const pdf = readFileSync(path.join(dir, 'summary.pdf'));
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        expect(pdf.length).toBeGreaterThan(2000);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const fin = await office.post(`/api/campaigns/${campaignId}/summaries/${s.id}/finalize`);
    expect(fin.json().status).toBe('final');
    expect((await office.patch(`/api/campaigns/${campaignId}/summaries/${s.id}`, { title: '改' })).statusCode).toBe(409);
  }, 180_000);

  it('a unit compiles its own summary; it may not compile the district one', async () => {
    expect((await housing.post(`/api/campaigns/${campaignId}/summaries`, { periodKey: '2021-Q1' })).statusCode).toBe(403);
    const r = await housing.post(`/api/campaigns/${campaignId}/summaries`, { periodKey: '2021-H1', unitId: unitId['dept.housing'] });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ unitName: '区住建局', recipient: '区安委办：' });
    expect((await emergency.get(`/api/campaigns/${campaignId}/summaries/${r.json().id}`)).statusCode).toBe(404);
    expect((await emergency.post(`/api/campaigns/${campaignId}/summaries`, { periodKey: '2021-H1', unitId: unitId['dept.housing'] })).statusCode).toBe(404);
    const fin = await office.post(`/api/campaigns/${campaignId}/summaries`, { periodKey: 'final' });
    expect(fin.statusCode, fin.body).toBe(201);
    expect(fin.json().sections.map((x: { heading: string }) => x.heading)).toContain('考核评估情况');
  });

  it('recompiling a draft summary answers with the new compilation (no deadlock on one connection)', async () => {
    // Found by the authorization matrix: the compilation read through deps.db inside the transaction.
    for (const [c, body] of [
      [office, { periodKey: '2021-Q2' }],
      [housing, { periodKey: '2021-Q2', unitId: unitId['dept.housing'] }],
    ] as const) {
      const s = (await c.post(`/api/campaigns/${campaignId}/summaries`, body)).json();
      const r = await c.post(`/api/campaigns/${campaignId}/summaries/${s.id}/recompile`);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ id: s.id, status: 'draft', title: s.title });
      expect(await auditActions(s.id)).toEqual(['campaign_summary.create', 'campaign_summary.recompile']);
    }
  }, 30_000);

  it('the consolidated month of the whole district (JSON and Excel)', async () => {
    const c = (await office.get(`/api/campaigns/${campaignId}/periods/2021-03/consolidated`)).json();
    expect(c.counts).toMatchObject({ accepted: 1 });
    const item = c.items.find((i: { itemId: string }) => i.itemId === items[0].itemId);
    expect(item.leads).toBe('区住建局');
    expect(item.entries[0]).toMatchObject({ unitName: '区住建局', role: 'lead', status: '推进中' });
    const x = await office.get(`/api/campaigns/${campaignId}/periods/2021-03/consolidated.xlsx`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    expect(String(wb.worksheets[0].getCell(1, 1).value)).toContain('2021年3月工作进展汇总表');
    expect((await housing.get(`/api/campaigns/${campaignId}/periods/2021-03/consolidated`)).statusCode).toBe(403);
  });
});

describe('scope', () => {
  it('a unit sees and edits only its own reports (404 outside); the office sees all', async () => {
    const f = await form(housing, '2021-03');
    expect((await emergency.get(`/api/campaign-reports/${f.id}`)).statusCode).toBe(404);
    expect((await emergency.get(`/api/campaign-reports/${f.id}/history`)).statusCode).toBe(404);
    expect((await emergency.get(`/api/campaigns/${campaignId}/reports/2021-03`, { unitId: unitId['dept.housing'] })).statusCode).toBe(404);
    const list = (await emergency.get(`/api/campaigns/${campaignId}/reports`, { pageSize: 500 })).json();
    expect(list.items.every((r: { unitId: string }) => r.unitId === unitId['dept.emergency'])).toBe(true);
    expect((await office.get(`/api/campaign-reports/${f.id}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/campaign-reports/${f.id}`)).statusCode).toBe(200);
    const desk = (await emergency.get(`/api/campaigns/${campaignId}/periods/2021-03/status`)).json();
    expect(desk.units.map((u: { unitId: string }) => u.unitId)).toEqual([unitId['dept.emergency']]);
    // A unit files only on its own items.
    const stranger = (await form(street, '2021-03')).entries.find((e) => !f.entries.some((x) => x.itemId === e.itemId))!;
    const bad = await housing.put(`/api/campaigns/${campaignId}/reports/2021-05`, { entries: [{ itemId: stranger.itemId, status: '推进中' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('entries.0.itemId');
  });

  it('streets see their 属地 items; the dashboard of a unit holds only its own figures', async () => {
    const s = await form(street, '2021-03');
    expect(new Set(s.entries.map((e) => e.role))).toEqual(new Set(['territorial']));
    const d = (await street.get(`/api/campaigns/${campaignId}/dashboard`)).json();
    expect(d.scope).toBe('unit');
    expect(d.heatmap.units.map((u: { unitId: string }) => u.unitId)).toEqual([unitId['street.420112004']]);
    expect(d.byUnit.map((u: { unitId: string }) => u.unitId)).toEqual([unitId['street.420112004']]);
  });

  it('enterprises and inspectors have no access to the campaign ledger', async () => {
    expect((await enterprise.get('/api/campaigns')).statusCode).toBe(403);
    expect((await enterprise.get(`/api/campaigns/${campaignId}/tree`)).statusCode).toBe(403);
    expect((await inspector.get(`/api/campaigns/${campaignId}`)).statusCode).toBe(403);
    expect((await housing.post('/api/campaigns', { name: '测试', startDate: `${P(0)}-01`, endDate: lastDay(P(11)) })).statusCode).toBe(403);
  });

  it('the lead unit sees what co units reported on its items and their attachments; others do not', async () => {
    const e = await form(emergency, '2021-06');
    const shared = e.entries.find((x) => x.nodeId.startsWith('2.2.7.') && x.role === 'co')!;
    const up = multipart([{ field: 'file', name: '现场照片.png', data: PNG }], { itemId: shared.itemId });
    const att = await emergency.post(`/api/campaigns/${campaignId}/reports/2021-06/attachments`, up.payload, { headers: up.headers });
    expect(att.statusCode, att.body).toBe(201);
    const sub = await emergency.post(`/api/campaigns/${campaignId}/reports/2021-06/submit`, { entries: [{ itemId: shared.itemId, status: '推进中', narrative: '配合开展燃气安全检查。' }] });
    expect(sub.statusCode, sub.body).toBe(200);
    const h = await form(housing, '2021-06');
    const mine = h.entries.find((x) => x.itemId === shared.itemId)!;
    expect(mine.role).toBe('lead');
    expect(mine.contributions).toEqual([expect.objectContaining({ unitName: '区应急管理局', role: 'co', status: '推进中', narrative: '配合开展燃气安全检查。' })]);
    const fileId = att.json().id;
    expect((await housing.get(`/api/files/${fileId}`)).statusCode).toBe(200);
    expect((await office.get(`/api/files/${fileId}`)).statusCode).toBe(200);
    expect((await street.get(`/api/files/${fileId}`)).statusCode).toBe(404);
    // A co unit does not see the other co units.
    const s = await form(street, '2021-06');
    expect(s.entries.every((x) => !x.contributions)).toBe(true);
  });
});

describe('bad input never loses what is stored', () => {
  let handId: string;

  it('a historical period stays open until closed; closed, future and outside periods are refused', async () => {
    // Reference campaign (2020-09 … 2022-12, long past): 2021-05 is still open.
    const ok = await housing.put(`/api/campaigns/${campaignId}/reports/2021-05`, { summary: '补报。' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await housing.put(`/api/campaigns/${campaignId}/reports/2023-01`, { summary: 'x' })).statusCode).toBe(400);
    expect((await housing.put(`/api/campaigns/${campaignId}/reports/2021-13`, { summary: 'x' })).statusCode).toBe(400);
    // A campaign reaching into the future.
    const c = await office.post('/api/campaigns', { name: '城镇燃气安全专项整治（跨年度）', startDate: `${P(-10)}-01`, endDate: lastDay(P(12)), settings: { dueDay: 20 } });
    expect(c.statusCode, c.body).toBe(201);
    handId = c.json().id;
    const task = (await office.post(`/api/campaigns/${handId}/tasks`, { kind: 'task', title: '瓶装液化气安全整治' })).json();
    const item = (await office.post(`/api/campaigns/${handId}/tasks`, { kind: 'item', title: '全面排查液化气供应站', parentId: task.id })).json();
    const asg = await office.put(`/api/campaigns/${handId}/tasks/${task.id}/assignments`, { lead: [{ unitId: unitId['dept.housing'] }], co: [{ name: '区火星局' }], territorial: true });
    expect(asg.statusCode, asg.body).toBe(200);
    expect(asg.json().assignments.filter((a: { role: string }) => a.role === 'territorial')).toHaveLength(19);
    const ms = await office.put(`/api/campaigns/${handId}/tasks/${item.id}/milestones`, { milestones: [{ dueDate: lastDay(P(-5)), kind: 'by', text: '上半年底前' }] });
    expect(ms.statusCode, ms.body).toBe(200);
    expect((await office.put(`/api/campaigns/${handId}/tasks/${item.id}/milestones`, { milestones: [{ dueDate: `${P(13)}-01` }] })).statusCode).toBe(400);
    const ind = await office.post(`/api/campaigns/${handId}/indicators`, { taskId: task.id, name: '液化气供应站整治完成率', unit: '%', targetValue: 100, comparator: '>=' });
    expect(ind.statusCode, ind.body).toBe(201);
    const tree = (await office.get(`/api/campaigns/${handId}/tree`)).json();
    expect(tree.nodes.find((n: { id: string }) => n.id === item.id)).toMatchObject({ isWork: true, dueDate: lastDay(P(-5)) });

    expect((await housing.put(`/api/campaigns/${handId}/reports/${P(1)}`, { summary: 'x' })).statusCode).toBe(400);
    expect((await housing.put(`/api/campaigns/${handId}/reports/${P(-11)}`, { summary: 'x' })).statusCode).toBe(400);
    const saved = await housing.put(`/api/campaigns/${handId}/reports/${P(-9)}`, { summary: '本月进展', entries: [{ itemId: item.id, status: '推进中', narrative: '已排查8家' }] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await office.post(`/api/campaigns/${handId}/periods/${P(-9)}/close`, {})).statusCode).toBe(200);
    expect((await office.post(`/api/campaigns/${handId}/periods/${P(-9)}/close`, {})).statusCode).toBe(409);
    expect((await office.post(`/api/campaigns/${handId}/periods/${P(2)}/close`, {})).statusCode).toBe(400);
    const closed = await housing.put(`/api/campaigns/${handId}/reports/${P(-9)}`, { summary: '覆盖', entries: [{ itemId: item.id, status: '已完成' }] });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().message).toContain('已封账');
    const after = await form(housing, P(-9), handId);
    expect(after.entries[0]).toMatchObject({ status: '推进中', narrative: '已排查8家' });
    expect((await office.post(`/api/campaigns/${handId}/periods/${P(-9)}/reopen`)).statusCode).toBe(200);
    const periods = (await office.get(`/api/campaigns/${handId}/periods`)).json();
    expect(periods.find((p: { period: string }) => p.period === P(1))).toMatchObject({ state: 'future', dueDate: `${P(1)}-20` });
    expect(periods.find((p: { period: string }) => p.period === P(0))).toMatchObject({ state: 'open' });
    expect(periods.find((p: { period: string }) => p.period === P(-9))).toMatchObject({ state: 'open', draft: 1 });
    expect(await auditActions(handId)).toEqual(expect.arrayContaining(['campaign.create', 'campaign.task_create', 'campaign.assign', 'campaign.milestones', 'campaign.indicator_create', 'campaign.period_close', 'campaign.period_reopen']));
    // A task with reports cannot be deleted.
    expect((await office.delete(`/api/campaigns/${handId}/tasks/${task.id}`)).statusCode).toBe(409);
  });

  it('an edit of a task or an indicator that changes nothing ({}) answers 200 unchanged, not 500', async () => {
    // Found by the fuzz test: UPDATE … SET with no column.
    const tree = (await office.get(`/api/campaigns/${handId}/tree`)).json();
    const task = tree.nodes.find((n: { kind: string }) => n.kind === 'task');
    const ind = tree.indicators[0];
    const t1 = await office.patch(`/api/campaigns/${handId}/tasks/${task.id}`, {});
    expect(t1.statusCode, t1.body).toBe(200);
    expect(t1.json()).toMatchObject({ id: task.id, title: task.title });
    const i1 = await office.patch(`/api/campaigns/${handId}/indicators/${ind.id}`, {});
    expect(i1.statusCode, i1.body).toBe(200);
    expect(i1.json()).toMatchObject({ id: ind.id, name: ind.name });
  });

  it('indicator values of the wrong type → 400 naming the field; the draft is unchanged', async () => {
    const before = await form(housing, P(-9), handId);
    const ind = before.indicators[0];
    for (const value of ['80%', true]) {
      const r = await housing.put(`/api/campaigns/${handId}/reports/${P(-9)}`, { summary: '不应保存', indicatorValues: [{ indicatorId: ind.id, value }] });
      expect(r.statusCode).toBe(400);
      expect(r.json().details[0].path).toBe('indicatorValues.0.value');
      expect(r.json().message).toContain('应填数字');
    }
    expect((await housing.put(`/api/campaigns/${handId}/reports/${P(-9)}`, { indicatorValues: [{ indicatorId: ind.id, value: 130 }] })).statusCode).toBe(400);
    const r = await housing.put(`/api/campaigns/${handId}/reports/${P(-9)}`, { entries: [{ itemId: before.entries[0].itemId, status: '做完了' }] });
    expect(r.statusCode).toBe(400);
    expect(r.json().details[0].path).toBe('entries.0.status');
    const after = await form(housing, P(-9), handId);
    expect(after.version).toBe(before.version);
    expect(after.entries).toEqual(before.entries);
    expect(await t.database.query('SELECT 1 FROM campaign_reports WHERE summary = $1', ['不应保存'])).toHaveLength(0);
    // Stale version → 409.
    expect((await housing.put(`/api/campaigns/${handId}/reports/${P(-9)}`, { summary: 'x', version: before.version - 1 })).statusCode).toBe(409);
    const ok = await housing.put(`/api/campaigns/${handId}/reports/${P(-9)}`, { indicatorValues: [{ indicatorId: ind.id, value: 45 }], version: before.version });
    expect(ok.statusCode).toBe(200);
  });

  it('attachments: too large → 413, forbidden type → 415, stored ones kept', async () => {
    const f = await form(housing, P(-9), handId);
    const itemId = f.entries[0].itemId;
    const good = multipart([{ field: 'file', name: '检查记录.pdf', data: PDF }], { itemId });
    const g = await housing.post(`/api/campaigns/${handId}/reports/${P(-9)}/attachments`, good.payload, { headers: good.headers });
    expect(g.statusCode, g.body).toBe(201);
    expect((await office.patch(`/api/campaigns/${handId}/settings`, { attachmentMaxMb: 1 })).statusCode).toBe(200);
    const big = multipart([{ field: 'file', name: 'big.png', data: Buffer.concat([PNG, Buffer.alloc(1_100_000)]) }], { itemId });
    const b = await housing.post(`/api/campaigns/${handId}/reports/${P(-9)}/attachments`, big.payload, { headers: big.headers });
    expect(b.statusCode).toBe(413);
    const exe = multipart([{ field: 'file', name: 'tool.exe', data: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]) }], { itemId });
    expect((await housing.post(`/api/campaigns/${handId}/reports/${P(-9)}/attachments`, exe.payload, { headers: exe.headers })).statusCode).toBe(415);
    const txt = multipart([{ field: 'file', name: 'note.txt', data: Buffer.from('文本') }], { itemId });
    expect((await housing.post(`/api/campaigns/${handId}/reports/${P(-9)}/attachments`, txt.payload, { headers: txt.headers })).statusCode).toBe(415);
    const noItem = multipart([{ field: 'file', name: 'a.png', data: PNG }]);
    expect((await housing.post(`/api/campaigns/${handId}/reports/${P(-9)}/attachments`, noItem.payload, { headers: noItem.headers })).statusCode).toBe(400);
    const after = await form(housing, P(-9), handId);
    expect(after.entries[0].attachments.map((a) => a.name)).toEqual(['检查记录.pdf']);
    expect(after.entries[0].narrative).toBe('已排查8家');
    // A save's answer is built from what its transaction read and wrote: it is the form as stored
    // (a changed entry keeping its attachment; a value set, then cleared).
    const path = `/api/campaigns/${handId}/reports/${P(-9)}`;
    const ind = after.indicators[0];
    const saved = await housing.put(path, { entries: [{ itemId, status: '推进中', narrative: '已排查9家' }], indicatorValues: [{ indicatorId: ind.id, value: 50 }] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual(await form(housing, P(-9), handId));
    expect(saved.json().entries[0]).toMatchObject({ narrative: '已排查9家', attachments: [expect.objectContaining({ name: '检查记录.pdf' })] });
    const cleared = await housing.put(path, { indicatorValues: [{ indicatorId: ind.id, value: null }] });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toEqual(await form(housing, P(-9), handId));
    expect(cleared.json().indicators.find((i: { id: string }) => i.id === ind.id).value).toBeNull();
    const del = await housing.delete(`/api/campaigns/${handId}/reports/${P(-9)}/attachments/${g.json().id}?itemId=${itemId}`);
    expect(del.statusCode).toBe(200);
  });

  it('滞后 needs an explanation; an empty report cannot be submitted; withdraw before review', async () => {
    const f = await form(housing, P(-8), handId);
    const lag = await housing.post(`/api/campaigns/${handId}/reports/${P(-8)}/submit`, { entries: [{ itemId: f.entries[0].itemId, status: '滞后', narrative: '' }] });
    expect(lag.statusCode).toBe(400);
    expect(lag.json().details[0].path).toBe('entries.0.narrative');
    // Every unexplained item is named in the user's words (编号 + 标题), never by an internal path.
    if (f.entries.length > 1) {
      const two = await housing.put(`/api/campaigns/${handId}/reports/${P(-8)}`, { entries: f.entries.slice(0, 2).map((e) => ({ itemId: e.itemId, status: '滞后', narrative: '' })) });
      expect(two.statusCode, two.body).toBe(200);
      const both = await housing.post(`/api/campaigns/${handId}/reports/${P(-8)}/submit`, {});
      expect(both.statusCode).toBe(400);
      expect(both.json().details).toHaveLength(2);
      for (const e of f.entries.slice(0, 2)) expect(both.json().message).toContain(e.nodeId);
      expect(both.json().message).not.toMatch(/entries|narrative/);
    }
    expect((await housing.post(`/api/campaigns/${handId}/reports/${P(-7)}/submit`, {})).statusCode).toBe(400);
    const ok = await housing.post(`/api/campaigns/${handId}/reports/${P(-8)}/submit`, { entries: [{ itemId: f.entries[0].itemId, status: '滞后', narrative: '供应商停业，改期复查。' }] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().late).toBe(true);
    const w = await housing.post(`/api/campaigns/${handId}/reports/${P(-8)}/withdraw`);
    expect(w.json().status).toBe('draft');
    expect((await office.post(`/api/campaign-reports/${w.json().id}/accept`, {})).statusCode).toBe(409);
  });

  it('archiving stops every change', async () => {
    expect((await office.post(`/api/campaigns/${handId}/archive`)).statusCode).toBe(200);
    expect((await housing.put(`/api/campaigns/${handId}/reports/${P(-6)}`, { summary: 'x' })).statusCode).toBe(409);
    expect((await office.post(`/api/campaigns/${handId}/tasks`, { kind: 'task', title: 'x' })).statusCode).toBe(409);
    expect((await office.post(`/api/campaigns/${handId}/unarchive`)).statusCode).toBe(200);
  });
});

describe('garbage on real records never answers 5xx', () => {
  it('report, list, summary, task and period routes answer 4xx to malformed input', async () => {
    const f = await form(housing, '2021-07');
    const junk: unknown[] = [null, 1, 'x', [], { entries: 'x' }, { entries: [{ itemId: 'x', status: '已完成' }] }, { entries: [{ itemId: f.entries[0].itemId, status: '已完成', narrative: '安'.repeat(6000) }] },
      { indicatorValues: [{ indicatorId: f.indicators[0]?.id ?? 'x', value: { a: 1 } }] }, { version: -1 }, { summary: 1 }, { entries: Array.from({ length: 2100 }, () => ({ itemId: f.entries[0].itemId, status: '推进中' })) }];
    const calls: [Client, string, string, unknown][] = [];
    for (const b of junk) {
      calls.push([housing, 'PUT', `/api/campaigns/${campaignId}/reports/2021-07`, b]);
      calls.push([housing, 'POST', `/api/campaigns/${campaignId}/reports/2021-07/submit`, b]);
      calls.push([housing, 'POST', `/api/campaigns/${campaignId}/lists`, b]);
      calls.push([office, 'POST', `/api/campaigns/${campaignId}/tasks`, b]);
      calls.push([office, 'POST', `/api/campaigns/${campaignId}/summaries`, b]);
      calls.push([office, 'PATCH', `/api/campaigns/${campaignId}/settings`, b]);
      calls.push([office, 'PUT', `/api/campaigns/${campaignId}/phases`, b]);
    }
    for (const p of ['2021-7', '20210', '2021-00', '../x', "2021-07' OR 1=1"]) calls.push([housing, 'GET', `/api/campaigns/${campaignId}/reports/${encodeURIComponent(p)}`, undefined]);
    calls.push([office, 'GET', `/api/campaigns/${campaignId}/assessment?from=2023-13&to=x`, undefined]);
    calls.push([office, 'GET', `/api/campaigns/${campaignId}/assessment?from=2022-06&to=2021-01`, undefined]);
    for (const [c, method, url, body] of calls) {
      const r = await c.request({ method: method as never, url, payload: body as never });
      expect(r.statusCode, `${method} ${url} ${JSON.stringify(body)?.slice(0, 80)} → ${r.body.slice(0, 200)}`).toBeLessThan(500);
      expect(r.statusCode, `${method} ${url} ${JSON.stringify(body)?.slice(0, 80)}`).toBeGreaterThanOrEqual(400);
    }
    // Nothing was stored by the refused calls.
    expect((await form(housing, '2021-07')).status).toBe('missing');
  });
});

describe('三个清单', () => {
  it('a unit keeps its lists with 时间表/路线图 and a hazard link; Excel in the office layout; scoped', async () => {
    const r = await housing.post(`/api/campaigns/${campaignId}/lists`, {
      kind: 'hazard',
      title: '某工地深基坑支护变形',
      hazardLevel: '重大',
      hazardId: '11111111-1111-4111-8111-111111111111',
      measures: '停工整改，专家论证后加固',
      roadmap: [
        { date: '2021-04-10', step: '停工并设置警戒', done: true },
        { date: '2021-05-31', step: '加固完成并验收' },
      ],
      deadline: '2021-05-31',
      responsiblePerson: '李文斌',
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ seq: 1, unitName: '区住建局', status: '未开始' });
    const id = r.json().id;
    const bad = await housing.post(`/api/campaigns/${campaignId}/lists`, { kind: 'hazard', title: 'x', deadline: '2021-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('deadline');
    expect((await housing.post(`/api/campaigns/${campaignId}/lists`, { kind: 'measure', title: 'x', unitId: unitId['dept.emergency'] })).statusCode).toBe(404);
    expect((await emergency.patch(`/api/campaign-lists/${id}`, { status: '已完成' })).statusCode).toBe(404);
    const done = await housing.patch(`/api/campaign-lists/${id}`, { status: '已完成', completionNote: '已加固并验收', version: 1 });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().completedOn).toBeTruthy();
    expect((await housing.patch(`/api/campaign-lists/${id}`, { status: '推进中', version: 1 })).statusCode).toBe(409);
    await housing.post(`/api/campaigns/${campaignId}/lists`, { kind: 'measure', title: '建筑施工安全生产约谈制度', category: '制度', docNumber: '东住建〔2021〕3号', deadline: '2021-06-30' });
    const x = await housing.get(`/api/campaigns/${campaignId}/lists/export.xlsx`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['问题隐患清单', '自查自纠清单', '制度措施清单']);
    const ws = wb.getWorksheet('问题隐患清单')!;
    expect(String(ws.getCell(1, 1).value)).toContain('区住建局');
    expect(String(ws.getCell(2, 1).value)).toContain('填报单位');
    const header = (ws.getRow(3).values as unknown[]).filter(Boolean).map(String);
    expect(header).toEqual(expect.arrayContaining(['序号', '时间表（完成时限）', '责任人', '完成情况']));
    expect(String(ws.getRow(4).getCell(5).value)).toContain('加固完成并验收');
    const ms = wb.getWorksheet('制度措施清单')!;
    expect(String(ms.getRow(4).getCell(2).value)).toBe('建筑施工安全生产约谈制度');
    const all = (await office.get(`/api/campaigns/${campaignId}/lists`)).json();
    expect(all.items.length).toBeGreaterThanOrEqual(2);
    const mine = (await emergency.get(`/api/campaigns/${campaignId}/lists`)).json();
    expect(mine.items.every((e: { unitId: string }) => e.unitId === unitId['dept.emergency'])).toBe(true);
    expect(await auditActions(id)).toEqual(['campaign_list.create', 'campaign_list.update']);
  });
});

describe('demo campaign (seed)', () => {
  const current = TEST_TODAY.slice(0, 7);
  it('has the reference plan moved to the present: in its second year today, past months mostly accepted, a few late, missed or returned', async () => {
    const c = (await office.get(`/api/campaigns/${demoId}`)).json();
    expect(c.startDate <= TEST_TODAY && TEST_TODAY <= c.endDate).toBe(true);
    const months = (Number(TEST_TODAY.slice(0, 4)) - Number(c.startDate.slice(0, 4))) * 12 + Number(TEST_TODAY.slice(5, 7)) - Number(c.startDate.slice(5, 7));
    expect(months).toBeGreaterThanOrEqual(9);
    expect(months).toBeLessThan(21);
    const d = (await office.get(`/api/campaigns/${demoId}/dashboard`)).json();
    expect(d.heatmap.periods.at(-1)).toBe(current);
    const cells = d.heatmap.cells.map((x: [number, number, string]) => x[2]);
    const states = new Set(cells);
    for (const s of ['accepted', 'accepted_late', 'missing', 'submitted']) expect(states).toContain(s);
    const past = d.heatmap.cells.filter((x: [number, number, string]) => x[0] < d.heatmap.periods.length - 2).map((x: [number, number, string]) => x[2]);
    expect(past.filter((s: string) => s.startsWith('accepted')).length / past.length).toBeGreaterThan(0.85);
    expect(d.summary.completionRate).toBeGreaterThan(20);
    expect(d.indicators.some((i: { trend: unknown[] }) => i.trend.length > 3)).toBe(true);
    const a = (await office.get(`/api/campaigns/${demoId}/assessment`)).json();
    expect(new Set(a.rows.map((r: { score: number }) => r.score)).size).toBeGreaterThan(10);
    // A living district: a few overdue reports and items, none overdue by years.
    const o = (await office.get(`/api/campaigns/${demoId}/overdue`)).json();
    expect(o.reports.length).toBeGreaterThan(0);
    expect(o.items.length).toBeGreaterThan(0);
    expect(o.reports.length).toBeLessThan(120);
    expect(o.items.length).toBeLessThan(300);
    const worst = Math.max(...o.reports.map((r: { daysOverdue: number }) => r.daysOverdue), ...o.items.map((i: { daysOverdue: number }) => i.daysOverdue));
    expect(worst).toBeLessThanOrEqual(400);
    const n = await office.get(`/api/campaigns/${demoId}/overdue/notice.docx`);
    expect(n.statusCode).toBe(200);
    const text = (await mammoth.extractRawText({ buffer: n.rawPayload })).value;
    expect(text).toContain('通报');
    expect(text).toContain('逾期未报送单位');
    // 区住建局's current month is left open for the demo; months long past are closed (封账).
    const h = await form(housing, current, demoId);
    expect(h.status).toBe('missing');
    expect(h.editable).toBe(true);
    const closed = await housing.put(`/api/campaigns/${demoId}/reports/${shiftPeriod(current, -6)}`, { summary: 'x' });
    expect(closed.statusCode).toBe(409);
  });

  it('my tasks: the unit\'s items, due this month, overdue, and the report status of the current period', async () => {
    const r = (await housing.get('/api/campaigns/my-tasks')).json();
    const demo = r.campaigns.find((c: { id: string }) => c.id === demoId);
    expect(demo).toMatchObject({ period: current, report: null });
    expect(demo.items.lead).toBeGreaterThan(10);
    expect(demo.overdueCount).toBeGreaterThanOrEqual(0);
    expect(demo.overdue.every((i: { daysOverdue: number }) => i.daysOverdue <= 400)).toBe(true);
    expect((await office.get('/api/campaigns/my-tasks')).statusCode).toBe(200);
  });
});
