import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { multipart, pythonWithOpenpyxl, testApp, type Client, type TestApp } from '../../../../test/helpers';
import { rows } from '../../db';
import { HAZARD_STANDARDS } from '../../../shared/hazard/standards';
import { addDays, chinaToday, countPeriodEnds, periodOf, type Cycle } from '../../../shared/checklist/cycle';
import { loadReferenceChecklists } from './checklist.seed';
import { markMissedRuns } from './checklist.selfcheck';

/** The domain's today (the test clock: TEST_TODAY). */
const today = () => t.deps.clock.today();

let t: TestApp;
let office: Client, housing: Client, emergency: Client, street: Client, enterprise: Client, inspector: Client;

beforeAll(async () => {
  t = await testApp();
  [office, housing, emergency, street, enterprise, inspector] = await Promise.all(['anweiban', 'zhujianju', 'yingjiju', 'jiangjunlu', 'qiye', 'jiancha'].map((u) => t.login(u)));
});
afterAll(async () => {
  await t.close();
});

// A 1×1 PNG.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

const item = (n: number, major: { standard: string; item: string } | null = null) => ({
  category: n < 3 ? '基础管理' : '现场管理',
  project: `项目${n}`,
  point: `检查要点 ${n}：按规定落实。`,
  basis: '《中华人民共和国安全生产法》第四条',
  method: '查资料。判定：未落实的，判为不合格。',
  major,
});

async function xlsx(rowsIn: (string | number)[][], opts: { preamble?: string[] } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('清单');
  for (const p of opts.preamble ?? []) ws.addRow([p]);
  ws.addRow(['序号', '类别', '项目', '检查要点', '检查依据', '检查方法及判定标准', '是否重大隐患判定项']);
  for (const r of rowsIn) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(c: Client, url: string, data: Buffer, name = 'photo.png', type = 'image/png') {
  const mp = multipart([{ field: 'file', name, data, type }]);
  return c.post(url, mp.payload, { headers: mp.headers });
}

describe('reference checklists (seeded at every level)', () => {
  it('ships cited checklists for 危险化学品, 消防, 城镇燃气 and 建筑施工 as published version 1', async () => {
    const r = await enterprise.get('/api/checklists');
    expect(r.statusCode).toBe(200);
    const list = r.json() as { code: string; sector: string; currentVersion: number; itemCount: number; majorCount: number; builtin: boolean; currentVersionId: string }[];
    const fixtures = loadReferenceChecklists();
    expect(fixtures.length).toBeGreaterThanOrEqual(9);
    for (const f of fixtures) {
      const tpl = list.find((x) => x.code === f.code)!;
      expect(tpl, f.code).toBeTruthy();
      expect(tpl.builtin).toBe(true);
      expect(tpl.currentVersion).toBe(1);
      expect(tpl.itemCount).toBe(f.items.length);
    }
    const bySector = (s: string) => list.filter((x) => x.sector === s).reduce((n, x) => n + x.itemCount, 0);
    for (const s of ['hazchem', 'fire', 'citygas', 'construction']) expect(bySector(s), s).toBeGreaterThanOrEqual(40);
    for (const s of ['hazchem', 'citygas', 'construction']) expect(list.filter((x) => x.sector === s).reduce((n, x) => n + x.majorCount, 0), s).toBeGreaterThan(10);
  });

  it('installing the reference checklists again is idempotent and reserved to the office', async () => {
    const r = await office.post('/api/checklists/reference/install');
    expect(r.statusCode).toBe(200);
    expect(r.json().installed).toEqual([]);
    expect(r.json().skipped.length).toBe(loadReferenceChecklists().length);
    expect((await emergency.post('/api/checklists/reference/install')).statusCode).toBe(403);
    expect((await enterprise.post('/api/checklists/reference/install')).statusCode).toBe(403);
  });

  it('every item has the three levels, a cited basis and a method; 重大 items quote the official text verbatim', async () => {
    const list = (await office.get('/api/checklists')).json() as { code: string; currentVersionId: string }[];
    for (const tpl of list.filter((x) => x.currentVersionId)) {
      const v = (await office.get(`/api/checklists/versions/${tpl.currentVersionId}`)).json();
      expect(v.status).toBe('published');
      expect(v.basisNote).toMatch(/^说明一/);
      expect(v.methodNote).toMatch(/^说明二/);
      for (const it of v.items) {
        expect(it.category && it.project && it.point).toBeTruthy();
        expect(it.basis, `${tpl.code} ${it.seq}`).toMatch(/《|GB|JGJ|TSG|CJJ|GBZ/);
        expect(it.method, `${tpl.code} ${it.seq}`).toMatch(/查资料|查现场|问询|实操/);
        expect(it.method, `${tpl.code} ${it.seq}`).toMatch(/判定/);
        if (it.major) {
          const std = HAZARD_STANDARDS.find((s) => s.id === it.major.standard)!;
          expect(std.items.find((x) => x.item === it.major.item)!.text).toBe(it.major.text);
        }
      }
    }
    // Spot-check real citations.
    const gas = list.find((x) => x.code === 'citygas-operator')!;
    const items = (await office.get(`/api/checklists/versions/${gas.currentVersionId}`)).json().items as { point: string; basis: string; major: { label: string; text: string } | null }[];
    const odor = items.find((i) => i.point.includes('警示性臭味'))!;
    expect(odor.major!.label).toBe('第八条');
    const licence = items.find((i) => i.point.includes('燃气经营许可证'))!;
    expect(licence.basis).toContain('《城镇燃气管理条例》第十五条');
    expect(licence.major!.text).toBe('未取得燃气经营许可证从事燃气经营活动');
  });
});

describe('template versioning', () => {
  let templateId: string;
  let v1: string;

  it('the office creates a draft; only editors see an unpublished checklist', async () => {
    const r = await office.post('/api/checklists', { sector: 'fire', name: '测试消防检查清单', items: [item(1), item(2)] });
    expect(r.statusCode).toBe(201);
    const v = r.json();
    expect(v.status).toBe('draft');
    expect(v.version).toBe(1);
    templateId = v.templateId;
    v1 = v.id;
    expect((await enterprise.get(`/api/checklists/versions/${v1}`)).statusCode).toBe(404);
    expect((await enterprise.get('/api/checklists')).json().some((x: { id: string }) => x.id === templateId)).toBe(false);
    // The housing department does not supervise 消防: it cannot see or edit this draft.
    expect((await housing.patch(`/api/checklists/versions/${v1}`, { name: '改名' })).statusCode).toBe(404);
  });

  it('refuses bad input with the field path', async () => {
    const r = await office.post('/api/checklists', { sector: 'fire', name: '清单', items: [{ ...item(1), point: '' }] });
    expect(r.statusCode).toBe(400);
    expect(r.json().details[0].path).toBe('items.0.point');
    const bad = await office.patch(`/api/checklists/versions/${v1}`, { items: [item(1, { standard: 'citygas-2023', item: '99' })] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('items.0.major');
    expect((await office.post('/api/checklists', { sector: 'nosuch', name: '清单' })).statusCode).toBe(400);
    expect((await enterprise.post('/api/checklists', { sector: 'fire', name: '企业清单' })).statusCode).toBe(403);
    // A department only for its own sectors.
    expect((await emergency.post('/api/checklists', { sector: 'fire', name: '跨部门清单' })).statusCode).toBe(403);
  });

  it('edits a draft with optimistic revisions, publishes it, and then freezes it', async () => {
    const cur = (await office.get(`/api/checklists/versions/${v1}`)).json();
    const ok = await office.patch(`/api/checklists/versions/${v1}`, { rev: cur.rev, items: [item(1), item(2), item(3, { standard: 'construction-2024', item: '4.3' })] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().itemCount).toBe(3);
    expect(ok.json().majorCount).toBe(1);
    expect((await office.patch(`/api/checklists/versions/${v1}`, { rev: cur.rev, name: '并发修改' })).statusCode).toBe(409);
    const pub = await office.post(`/api/checklists/versions/${v1}/publish`, { changeNote: '首次发布' });
    expect(pub.statusCode).toBe(200);
    expect(pub.json().status).toBe('published');
    expect((await office.patch(`/api/checklists/versions/${v1}`, { name: '改已发布' })).statusCode).toBe(409);
    expect((await office.post(`/api/checklists/versions/${v1}/publish`, {})).statusCode).toBe(409);
    expect((await office.delete(`/api/checklists/versions/${v1}`)).statusCode).toBe(409);
    // Now everyone sees it.
    expect((await enterprise.get(`/api/checklists/versions/${v1}`)).statusCode).toBe(200);
  });

  it('a new version is a draft copy; one draft at a time; publishing supersedes the old version, which stays readable', async () => {
    const d = await office.post(`/api/checklists/${templateId}/versions`);
    expect(d.statusCode).toBe(201);
    const v2 = d.json();
    expect(v2.version).toBe(2);
    expect(v2.items.map((i: { point: string }) => i.point)).toEqual([1, 2, 3].map((n) => item(n).point));
    expect((await office.post(`/api/checklists/${templateId}/versions`)).statusCode).toBe(409);
    await office.patch(`/api/checklists/versions/${v2.id}`, { items: [item(1), item(4)] });
    // Runs keep using v1 until v2 is published.
    expect((await office.get(`/api/checklists/${templateId}`)).json().template.currentVersion).toBe(1);
    expect((await office.post(`/api/checklists/versions/${v2.id}/publish`)).statusCode).toBe(200);
    const tpl = (await office.get(`/api/checklists/${templateId}`)).json();
    expect(tpl.template.currentVersion).toBe(2);
    expect(tpl.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);
    const old = (await enterprise.get(`/api/checklists/versions/${v1}`)).json();
    expect(old.status).toBe('superseded');
    expect(old.itemCount).toBe(3);
    // A draft can be discarded; the audit trail shows every step.
    const v3 = (await office.post(`/api/checklists/${templateId}/versions`)).json();
    expect((await office.delete(`/api/checklists/versions/${v3.id}`)).statusCode).toBe(200);
    expect((await office.get(`/api/checklists/versions/${v3.id}`)).statusCode).toBe(404);
    const history = (await office.get(`/api/checklists/${templateId}/history`)).json().map((h: { action: string }) => h.action);
    expect(history).toEqual(expect.arrayContaining(['checklist.create', 'checklist.edit', 'checklist.publish', 'checklist.draft', 'checklist.discard']));
  });

  it('a department edits the checklists of its own sectors only', async () => {
    const hazchem = (await emergency.get('/api/checklists', { sector: 'hazchem' })).json();
    expect(hazchem.every((x: { editable: boolean }) => x.editable)).toBe(true);
    const fire = (await emergency.get('/api/checklists', { sector: 'fire' })).json();
    expect(fire.every((x: { editable: boolean }) => !x.editable)).toBe(true);
    expect((await emergency.post(`/api/checklists/${fire[0].id}/versions`)).statusCode).toBe(403);
    const d = await emergency.post(`/api/checklists/${hazchem[0].id}/versions`);
    expect(d.statusCode).toBe(201);
    expect((await emergency.delete(`/api/checklists/versions/${d.json().id}`)).statusCode).toBe(200);
  });
});

describe('Excel import and export', () => {
  it('reports errors row by row and writes nothing', async () => {
    const file = await xlsx([
      [1, '基础管理', '责任制', '建立全员安全生产责任制。', '《中华人民共和国安全生产法》第二十二条', '查资料。判定：未建立的，判为不合格。', '否'],
      [2, '', '', '', '《中华人民共和国安全生产法》第二十八条', '查资料。判定：未培训的，判为不合格。', '否'],
      [3, '', '培训', '从业人员经安全培训合格上岗。', '《中华人民共和国安全生产法》第二十八条', '查资料。', '是'],
      [4, '现场', '报警', '设置可燃气体报警装置。', 'GB/T 50493-2019', '查现场。判定：未设置的，判为不合格。', '是：《某某判定标准》第3项'],
      [5, '现场', '报警', '设置可燃气体报警装置并定期检定。', 'GB/T 50493-2019', '查现场。判定：失效的，判为不合格。', '是：《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》第12项'],
    ]);
    const mp = multipart([{ field: 'file', name: 'c.xlsx', data: file }]);
    const r = await office.post('/api/checklists/import?sector=hazchem&name=导入测试', mp.payload, { headers: mp.headers });
    expect(r.statusCode).toBe(200);
    const rep = r.json();
    expect(rep.committed).toBe(false);
    expect(rep.total).toBe(5);
    expect(rep.valid).toBe(2);
    expect(rep.invalid).toBe(3);
    const at = (row: number) => rep.errors.filter((e: { row: number }) => e.row === row).map((e: { column: string }) => e.column);
    // Excel row numbers: the header is row 1.
    expect(at(2)).toEqual([]);
    // Blank 类别/项目 continue the group above (merged cells); the empty 检查要点 is the error.
    expect(at(3)).toEqual(['检查要点']);
    expect(at(4)).toEqual(['是否重大隐患判定项']);
    expect(at(5)).toEqual(['是否重大隐患判定项']);
    expect(at(6)).toEqual([]);
    expect(rep.errors.find((e: { row: number }) => e.row === 4).reason).toContain('须注明判定标准');
    expect(rep.errors.find((e: { row: number }) => e.row === 5).reason).toContain('无法识别判定标准');
  });

  it('refuses files that are not checklists', async () => {
    const noHeader = new ExcelJS.Workbook();
    noHeader.addWorksheet('x').addRow(['名称', '地址']);
    const mp1 = multipart([{ field: 'file', name: 'x.xlsx', data: Buffer.from(await noHeader.xlsx.writeBuffer()) }]);
    expect((await office.post('/api/checklists/import?sector=fire&name=空表', mp1.payload, { headers: mp1.headers })).statusCode).toBe(400);
    const mp2 = multipart([{ field: 'file', name: 'x.xlsx', data: Buffer.from('not a spreadsheet') }]);
    expect((await office.post('/api/checklists/import?sector=fire&name=空表', mp2.payload, { headers: mp2.headers })).statusCode).toBe(415);
    const ok = await xlsx([[1, '类', '项', '要点要点', '依据依据', '方法方法', '否']]);
    const mp3 = multipart([{ field: 'file', name: 'c.xlsx', data: ok }]);
    expect((await street.post('/api/checklists/import?sector=fire&name=街道', mp3.payload, { headers: mp3.headers })).statusCode).toBe(403);
  });

  it('export → import gives the same items (office layout with merged 类别/项目 and the two explanations)', async () => {
    const list = (await office.get('/api/checklists')).json() as { code: string; currentVersionId: string }[];
    for (const code of ['construction-site', 'citygas-operator']) {
      const src = list.find((x) => x.code === code)!;
      const ex = await office.get(`/api/checklists/versions/${src.currentVersionId}/export.xlsx`);
      expect(ex.statusCode).toBe(200);
      expect(ex.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(ex.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      expect(ws.getRow(5).values).toEqual([undefined, '序号', '类别', '项目', '检查要点', '检查依据', '检查方法及判定标准', '是否重大隐患判定项']);
      expect(String(ws.getCell(3, 1).value)).toMatch(/^说明一/);
      const mp = multipart([{ field: 'file', name: 'e.xlsx', data: ex.rawPayload }]);
      const imp = await office.post('/api/checklists/import', mp.payload, { headers: mp.headers });
      expect(imp.statusCode).toBe(200);
      const rep = imp.json();
      expect(rep.errors).toEqual([]);
      expect(rep.committed).toBe(true);
      const [a, b] = await Promise.all([office.get(`/api/checklists/versions/${src.currentVersionId}`), office.get(`/api/checklists/versions/${rep.versionId}`)]);
      const strip = (v: { items: { category: string; project: string; point: string; basis: string; method: string; major: unknown }[] }) =>
        v.items.map(({ category, project, point, basis, method, major }) => ({ category, project, point, basis, method, major }));
      expect(strip(b.json())).toEqual(strip(a.json()));
      expect(b.json().sector).toBe(a.json().sector);
      expect(b.json().name).toBe(a.json().name);
      expect(b.json().methodNote).toBe(a.json().methodNote);
    }
  });

  it('the export opens in LibreOffice and openpyxl when they are installed', async () => {
    const list = (await office.get('/api/checklists')).json() as { code: string; currentVersionId: string }[];
    const src = list.find((x) => x.code === 'fire-crowded')!;
    const v = (await office.get(`/api/checklists/versions/${src.currentVersionId}`)).json();
    const ex = await office.get(`/api/checklists/versions/${src.currentVersionId}/export.xlsx`);
    expect(String(ex.headers['content-disposition'])).toContain("filename*=UTF-8''");
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cl-export-'));
    try {
      const file = path.join(dir, 'checklist.xlsx');
      writeFileSync(file, ex.rawPayload);
      const python = pythonWithOpenpyxl();
      if (python) {
        const out = execFileSync(python, ['-c', 'import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1]).worksheets[0]; print(ws.cell(5,4).value); print(ws.max_row)', file]).toString().trim().split('\n');
        expect(out[0]).toBe('检查要点');
        expect(Number(out[1])).toBe(5 + v.items.length);
      }
      if (spawnSync('which', ['soffice']).status === 0) {
        // CSV filter options: comma, quote, UTF-8 (76), first line 1.
        execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', dir, file], { timeout: 120_000, stdio: 'ignore' });
        const csv = readFileSync(path.join(dir, 'checklist.csv'), 'utf8');
        expect(csv).toContain('检查方法及判定标准');
        expect(csv).toContain(v.items[0].point);
        expect(csv).toContain(v.items[v.items.length - 1].point);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('imports into the draft of an existing checklist (a new draft version)', async () => {
    const fire = (await office.get('/api/checklists', { sector: 'fire' })).json().find((x: { code: string }) => x.code === 'fire-general');
    const file = await xlsx([[1, '消防安全管理', '防火检查', '每月进行一次防火检查。', '《机关、团体、企业、事业单位消防安全管理规定》（公安部令第61号）第二十六条', '查资料。判定：未检查的，判为不合格。', '否']]);
    const mp = multipart([{ field: 'file', name: 'c.xlsx', data: file }]);
    const dry = await office.post(`/api/checklists/import?templateId=${fire.id}&dryRun=true`, mp.payload, { headers: mp.headers });
    expect(dry.json()).toMatchObject({ committed: false, valid: 1, invalid: 0 });
    const mp2 = multipart([{ field: 'file', name: 'c.xlsx', data: file }]);
    const r = await office.post(`/api/checklists/import?templateId=${fire.id}`, mp2.payload, { headers: mp2.headers });
    expect(r.json().committed).toBe(true);
    const draft = (await office.get(`/api/checklists/versions/${r.json().versionId}`)).json();
    expect(draft).toMatchObject({ status: 'draft', version: 2, itemCount: 1 });
    // The published version 1 is unchanged.
    expect((await office.get(`/api/checklists/versions/${fire.currentVersionId}`)).json().itemCount).toBeGreaterThan(10);
    await office.delete(`/api/checklists/versions/${draft.id}`);
  });
});

describe('self-inspection', () => {
  let plans: { id: string; name: string; cycle: Cycle; templateId: string; current: { key: string; runId: string | null; status: string | null } }[];
  let runId: string;

  it('the enterprise sees its plans with the current period', async () => {
    const r = await enterprise.get('/api/self-inspection/plans', { active: 'true' });
    expect(r.statusCode).toBe(200);
    plans = r.json();
    expect(plans.length).toBe(3);
    const daily = plans.find((p) => p.cycle === 'daily')!;
    expect(daily.current.key).toBe(today());
    expect(daily.current.runId).toBeNull();
    const weekly = plans.find((p) => p.cycle === 'weekly')!;
    expect(weekly.current.key).toBe(periodOf('weekly', today()).key);
    // The enterprise sees only its own plans.
    for (const p of plans) expect((p as unknown as { enterpriseId: string }).enterpriseId).toBe(enterprise.user!.enterpriseId);
  });

  it('starts today’s run once (idempotent) on the exact current version', async () => {
    const daily = plans.find((p) => p.cycle === 'daily')!;
    const r = await enterprise.post(`/api/self-inspection/plans/${daily.id}/runs`);
    expect(r.statusCode).toBe(201);
    const run = r.json();
    runId = run.id;
    expect(run.status).toBe('in_progress');
    expect(run.editable).toBe(true);
    expect(run.items.length).toBe(run.itemTotal);
    expect(run.items.length).toBeGreaterThan(3);
    const again = await enterprise.post(`/api/self-inspection/plans/${daily.id}/runs`);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(runId);
    // Government users cannot run an enterprise's self-inspection.
    expect((await street.post(`/api/self-inspection/plans/${daily.id}/runs`)).statusCode).toBe(403);
  });

  it('checks photos: type and size limits', async () => {
    expect((await upload(enterprise, `/api/self-inspection/runs/${runId}/photos`, PNG)).statusCode).toBe(201);
    expect((await upload(enterprise, `/api/self-inspection/runs/${runId}/photos`, Buffer.from('%PDF-1.4 fake'), 'a.pdf', 'application/pdf')).statusCode).toBe(415);
    const big = Buffer.concat([PNG, Buffer.alloc(11 * 1024 * 1024)]);
    expect((await upload(enterprise, `/api/self-inspection/runs/${runId}/photos`, big)).statusCode).toBe(413);
    expect((await upload(street, `/api/self-inspection/runs/${runId}/photos`, PNG)).statusCode).toBe(403);
  });

  it('refuses wrong result values and inconsistent flags', async () => {
    const run = (await enterprise.get(`/api/self-inspection/runs/${runId}`)).json();
    const it0 = run.items[0];
    const bad = await enterprise.put(`/api/self-inspection/runs/${runId}/items/${it0.id}`, { result: 'ok' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('result');
    expect((await enterprise.put(`/api/self-inspection/runs/${runId}/items/${it0.id}`, { result: 'pass', fixedOnSpot: true })).json().details[0].path).toBe('fixedOnSpot');
    expect((await enterprise.put(`/api/self-inspection/runs/${runId}/items/${it0.id}`, { result: 'fail', fixedOnSpot: true })).json().details[0].path).toBe('afterPhotoFileIds');
    const nonMajor = run.items.find((i: { major: unknown }) => !i.major);
    expect((await enterprise.put(`/api/self-inspection/runs/${runId}/items/${nonMajor.id}`, { result: 'fail', confirmMajor: true })).json().details[0].path).toBe('confirmMajor');
    const foreign = await enterprise.put(`/api/self-inspection/runs/${runId}/items/${it0.id}`, { result: 'fail', photoFileIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().details[0].path).toBe('photoFileIds.0');
    expect((await enterprise.put(`/api/self-inspection/runs/${runId}/items/00000000-0000-4000-8000-000000000000`, { result: 'pass' })).statusCode).toBe(404);
    // Submitting with items left open is refused and names them.
    const early = await enterprise.post(`/api/self-inspection/runs/${runId}/submit`, {});
    expect(early.statusCode).toBe(400);
    expect(early.json().details.length).toBe(run.items.length);
  });

  it('submits: failures become hazards of the hazard module with their origin; 立查立改 is closed; a second submit is 409', async () => {
    const run = (await enterprise.get(`/api/self-inspection/runs/${runId}`)).json();
    const photo = (await upload(enterprise, `/api/self-inspection/runs/${runId}/photos`, PNG, '现场.png')).json().id;
    const after = (await upload(enterprise, `/api/self-inspection/runs/${runId}/photos`, PNG, '整改后.png')).json().id;
    const [failItem, fixedItem, ...rest] = run.items;
    let r = await enterprise.put(`/api/self-inspection/runs/${runId}/items/${failItem.id}`, { result: 'fail', note: '安全出口堆放货物', place: '一楼仓库', photoFileIds: [photo] });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ result: 'fail', place: '一楼仓库', photoFileIds: [photo] });
    r = await enterprise.put(`/api/self-inspection/runs/${runId}/items/${fixedItem.id}`, { result: 'fail', note: '灭火器被遮挡', fixedOnSpot: true, afterPhotoFileIds: [after], fixNote: '已移开遮挡物' });
    expect(r.statusCode).toBe(200);
    for (const [i, it] of rest.entries()) {
      expect((await enterprise.put(`/api/self-inspection/runs/${runId}/items/${it.id}`, { result: i === 0 ? 'na' : 'pass' })).statusCode).toBe(200);
    }
    // The street sees the run but cannot fill it in.
    expect((await street.get(`/api/self-inspection/runs/${runId}`)).json().editable).toBe(false);
    const s = await enterprise.post(`/api/self-inspection/runs/${runId}/submit`, { inspectorName: '赵晓东' });
    expect(s.statusCode).toBe(200);
    const done = s.json();
    expect(done).toMatchObject({ status: 'submitted', failCount: 2, naCount: 1, fixedCount: 1, hazardCount: 2, inspectorName: '赵晓东', editable: false });
    const f1 = done.items.find((i: { id: string }) => i.id === failItem.id);
    expect(f1.hazardCode).toMatch(/^YH-420112-/);
    const h1 = (await enterprise.get(`/api/hazards/${f1.hazardId}`)).json();
    expect(h1).toMatchObject({ source: 'self_check', grade: '一般', place: '一楼仓库', status: 'reported' });
    expect(h1.origin).toMatchObject({ kind: 'checklist_item', id: failItem.id });
    expect(h1.photos.length).toBe(1);
    const h2 = (await enterprise.get(`/api/hazards/${done.items.find((i: { id: string }) => i.id === fixedItem.id).hazardId}`)).json();
    expect(h2).toMatchObject({ status: 'closed', fixedOnSpot: true });
    expect(h2.photos.some((p: { kind: string }) => p.kind === 'after')).toBe(true);
    // Submitting twice, or editing after submission: 409.
    expect((await enterprise.post(`/api/self-inspection/runs/${runId}/submit`, {})).statusCode).toBe(409);
    expect((await enterprise.put(`/api/self-inspection/runs/${runId}/items/${failItem.id}`, { result: 'pass' })).statusCode).toBe(409);
    // The plan list shows the period as done.
    const daily = (await enterprise.get('/api/self-inspection/plans')).json().find((p: { cycle: string }) => p.cycle === 'daily');
    expect(daily.current).toMatchObject({ runId, status: 'submitted' });
  });

  it('a 重大隐患判定项 confirmed by the inspector becomes a 重大 hazard citing the standard clause', async () => {
    const monthly = plans.find((p) => p.cycle === 'monthly')!;
    const run = (await enterprise.post(`/api/self-inspection/plans/${monthly.id}/runs`)).json();
    const majorItem = run.items.find((i: { major: unknown }) => i.major);
    expect(majorItem).toBeTruthy();
    expect((await enterprise.put(`/api/self-inspection/runs/${run.id}/items/${majorItem.id}`, { result: 'fail', confirmMajor: true, fixedOnSpot: true, afterPhotoFileIds: [] })).statusCode).toBe(400);
    await enterprise.put(`/api/self-inspection/runs/${run.id}/items/${majorItem.id}`, { result: 'fail', confirmMajor: true, note: '抽查一名员工无考核合格证' });
    for (const it of run.items.filter((i: { id: string }) => i.id !== majorItem.id)) await enterprise.put(`/api/self-inspection/runs/${run.id}/items/${it.id}`, { result: 'pass' });
    const s = (await enterprise.post(`/api/self-inspection/runs/${run.id}/submit`, {})).json();
    expect(s.majorCount).toBe(1);
    const h = (await enterprise.get(`/api/hazards/${s.items.find((i: { id: string }) => i.id === majorItem.id).hazardId}`)).json();
    expect(h.grade).toBe('重大');
    expect(h.standardRef).toMatchObject({ standard: majorItem.major.standard, item: majorItem.major.item });
    const list = (await emergency.get('/api/hazards', { enterpriseId: enterprise.user!.enterpriseId!, source: 'self_check', pageSize: 100 })).json();
    expect(list.items.filter((x: { code: string }) => [h.code].includes(x.code)).length).toBe(1);
  });

  it('tallies 自查自改自报 for the enterprise', async () => {
    // The monthly run counts in the month it ends in: the range reaches past today.
    const r = await enterprise.get('/api/self-inspection/tally', { from: addDays(today(), -40), to: addDays(today(), 31) });
    expect(r.statusCode).toBe(200);
    const tl = r.json();
    expect(tl.done).toBeGreaterThan(20);
    expect(tl.due).toBeGreaterThanOrEqual(tl.done);
    expect(tl.missed).toBe(tl.due - tl.done);
    expect(tl.missed).toBeGreaterThanOrEqual(2);
    expect(tl.reported).toBe(3);
    expect(tl.reportedMajor).toBe(1);
    expect(tl.fixedOnSpot).toBe(1);
    expect(tl.fixed).toBe(tl.fixedOnSpot + tl.rectified);
    expect(tl.rate).toBeCloseTo(tl.done / tl.due, 2);
  });

  it('a range with nothing due has no completion rate (shown as —, not 100 %)', async () => {
    const far = { from: addDays(today(), 400), to: addDays(today(), 410) };
    const tl = (await enterprise.get('/api/self-inspection/tally', far)).json();
    expect(tl.due).toBe(0);
    expect(tl.rate).toBeNull();
    const c = (await office.get('/api/self-inspection/completion', far)).json();
    expect(c.total.due).toBe(0);
    expect(c.total.rate).toBeNull();
  });

  it('scopes: outside = 404 (runs, plans, photos); the supervising department and the street see it', async () => {
    const run = (await enterprise.get(`/api/self-inspection/runs/${runId}`)).json();
    expect((await housing.get(`/api/self-inspection/runs/${runId}`)).statusCode).toBe(404);
    expect((await emergency.get(`/api/self-inspection/runs/${runId}`)).statusCode).toBe(200);
    expect((await inspector.get(`/api/self-inspection/runs/${runId}`)).statusCode).toBe(200);
    expect((await street.get(`/api/self-inspection/runs/${runId}`)).statusCode).toBe(200);
    expect((await housing.get(`/api/self-inspection/plans/${run.planId}`)).statusCode).toBe(404);
    const photo = run.items.find((i: { photoFileIds: string[] }) => i.photoFileIds.length).photoFileIds[0];
    expect((await emergency.get(`/api/files/${photo}`)).statusCode).toBe(200);
    expect((await housing.get(`/api/files/${photo}`)).statusCode).toBe(404);
    // Another enterprise's run is not found for the qiye user.
    const [other] = await rows<{ id: string; plan_id: string }>(t.database.db, sql`SELECT id, plan_id FROM self_inspection_runs WHERE enterprise_id <> ${enterprise.user!.enterpriseId} LIMIT 1`);
    expect((await enterprise.get(`/api/self-inspection/runs/${other.id}`)).statusCode).toBe(404);
    expect((await enterprise.post(`/api/self-inspection/plans/${other.plan_id}/runs`)).statusCode).toBe(404);
    const list = (await enterprise.get('/api/self-inspection/runs', { pageSize: 500 })).json();
    for (const r of list.items) expect(r.enterpriseId).toBe(enterprise.user!.enterpriseId);
    expect((await enterprise.get('/api/self-inspection/completion')).statusCode).toBe(403);
  });

  it('two submissions at once: one wins, the other is 409, hazards are created once', async () => {
    const weekly = plans.find((p) => p.cycle === 'weekly')!;
    const run = (await enterprise.post(`/api/self-inspection/plans/${weekly.id}/runs`)).json();
    for (const [k, it] of run.items.entries()) await enterprise.put(`/api/self-inspection/runs/${run.id}/items/${it.id}`, { result: k === 0 ? 'fail' : 'pass', note: '并发测试' });
    const codes = await Promise.all([enterprise.post(`/api/self-inspection/runs/${run.id}/submit`, {}), enterprise.post(`/api/self-inspection/runs/${run.id}/submit`, {})]);
    expect(codes.map((c) => c.statusCode).sort()).toEqual([200, 409]);
    const [{ n }] = await rows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM hazards WHERE origin_kind = 'checklist_item' AND origin_id = ${run.items[0].id} AND description LIKE '%并发测试%'`);
    expect(n).toBe(1);
  });

  it('government units responsible for the enterprise may set up its plans', async () => {
    const tpl = (await street.get('/api/checklists', { sector: 'hazchem' })).json().find((x: { code: string }) => x.code === 'hazchem-trade');
    const body = { enterpriseId: enterprise.user!.enterpriseId, templateId: tpl.id, name: '街道布置的每月检查', cycle: 'monthly', responsibleName: '赵晓东' };
    expect((await street.post('/api/self-inspection/plans', body)).statusCode).toBe(201);
    expect((await housing.post('/api/self-inspection/plans', body)).statusCode).toBe(404);
    expect((await inspector.post('/api/self-inspection/plans', body)).statusCode).toBe(403);
  });

  it('plans: the enterprise creates one for itself only; bad input is 400', async () => {
    const tpl = (await enterprise.get('/api/checklists', { sector: 'fire' })).json().find((x: { code: string }) => x.code === 'fire-general');
    const base = { enterpriseId: enterprise.user!.enterpriseId, templateId: tpl.id, name: '每周用电检查', cycle: 'weekly', categories: ['用火用电'], responsibleName: '赵晓东' };
    const r = await enterprise.post('/api/self-inspection/plans', base);
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ cycle: 'weekly', categories: ['用火用电'], active: true });
    expect((await enterprise.post('/api/self-inspection/plans', { ...base, cycle: 'hourly' })).json().details[0].path).toBe('cycle');
    expect((await enterprise.post('/api/self-inspection/plans', { ...base, categories: ['不存在的类别'] })).json().details[0].path).toBe('categories.0');
    expect((await enterprise.post('/api/self-inspection/plans', { ...base, startDate: '2020-01-01' })).json().details[0].path).toBe('startDate');
    const [other] = await rows<{ id: string }>(t.database.db, sql`SELECT id FROM enterprises WHERE id <> ${enterprise.user!.enterpriseId} LIMIT 1`);
    expect((await enterprise.post('/api/self-inspection/plans', { ...base, enterpriseId: other.id })).statusCode).toBe(404);
    const id = r.json().id;
    const stop = await enterprise.patch(`/api/self-inspection/plans/${id}`, { active: false, version: r.json().version });
    expect(stop.statusCode).toBe(200);
    expect(stop.json().active).toBe(false);
    expect((await enterprise.patch(`/api/self-inspection/plans/${id}`, { name: '再改' })).statusCode).toBe(409);
    expect((await enterprise.post(`/api/self-inspection/plans/${id}/runs`)).statusCode).toBe(409);
  });
});

describe('due computation, completion and the missed-run job', () => {
  it('counts due periods per cycle in SQL exactly like the shared rule', async () => {
    const [ent] = await rows<{ id: string; region_code: string; sector: string }>(
      t.database.db,
      sql`SELECT id, region_code, sector FROM enterprises WHERE id NOT IN (SELECT enterprise_id FROM self_inspection_plans) AND sector = 'fire' ORDER BY credit_code LIMIT 1`,
    );
    const [tpl] = await rows<{ id: string }>(t.database.db, sql`SELECT id FROM checklist_templates WHERE code = 'fire-general'`);
    const start = '2026-01-15';
    for (const cycle of ['daily', 'weekly', 'monthly']) {
      await t.database.db.execute(sql`INSERT INTO self_inspection_plans (enterprise_id, region_code, sector, template_id, name, cycle, responsible_name, start_date)
        VALUES (${ent.id}, ${ent.region_code}, ${ent.sector}, ${tpl.id}, ${cycle}, ${cycle}, '测试', ${start})`);
    }
    for (const [from, to] of [
      ['2026-01-01', '2026-03-31'],
      ['2026-02-01', '2026-02-28'],
      ['2026-03-02', '2026-03-08'],
      ['2025-12-01', '2026-01-14'],
    ]) {
      const r = (await office.get('/api/self-inspection/tally', { enterpriseId: ent.id, from, to })).json();
      const yesterday = addDays(today(), -1);
      const expected = (['daily', 'weekly', 'monthly'] as Cycle[]).reduce((n, c) => n + countPeriodEnds(c, from < start ? start : from, to < yesterday ? to : yesterday), 0);
      expect(r.due, `${from}..${to}`).toBe(expected);
      expect(r.done).toBe(0);
    }
  });

  it('shows completion by street and by sector, scoped, and the enterprises behind schedule', async () => {
    const r = await office.get('/api/self-inspection/completion', { from: addDays(today(), -30), to: today() });
    expect(r.statusCode).toBe(200);
    const c = r.json();
    expect(c.total.due).toBeGreaterThan(0);
    expect(c.byRegion.length).toBeGreaterThan(3);
    expect(c.bySector.map((x: { code: string }) => x.code)).toEqual(expect.arrayContaining(['hazchem', 'construction']));
    for (const row of [...c.byRegion, ...c.bySector]) {
      expect(row.rate).toBeGreaterThanOrEqual(0);
      expect(row.rate).toBeLessThanOrEqual(1);
      expect(row.name).not.toBe(row.code);
    }
    const streetView = (await street.get('/api/self-inspection/completion', { from: addDays(today(), -30) })).json();
    expect(streetView.byRegion.map((x: { code: string }) => x.code)).toEqual(['420112004']);
    const dept = (await emergency.get('/api/self-inspection/completion', { from: addDays(today(), -30) })).json();
    expect(dept.bySector.map((x: { code: string }) => x.code)).toEqual(['hazchem']);
    const behind = (await office.get('/api/self-inspection/behind', { from: addDays(today(), -30) })).json();
    expect(behind.length).toBeGreaterThan(0);
    expect(behind[0].missed).toBeGreaterThanOrEqual(behind[behind.length - 1].missed);
    for (const b of behind) expect(b.done).toBeLessThan(b.due);
    expect((await office.get('/api/self-inspection/completion', { from: '2026-02-01', to: '2026-01-01' })).statusCode).toBe(400);
  });

  it('marks missed periods once per day and notifies the enterprise (idempotent)', async () => {
    // The day after this month ends: the monthly plan the street set up today was never run.
    const monthEnd = periodOf('monthly', today()).end;
    const tomorrow = new Date(Date.parse(`${addDays(monthEnd, 1)}T01:00:00+08:00`));
    const first = await markMissedRuns(t.deps, tomorrow);
    expect(first!.marked).toBeGreaterThan(0);
    const again = await markMissedRuns(t.deps, tomorrow);
    expect(again).toEqual({ marked: 0, notified: 0 });
    const notes = (await enterprise.get('/api/notifications', { pageSize: 50 })).json().items.filter((n: { kind: string }) => n.kind === 'selfcheck.missed');
    expect(notes.length).toBe(1);
    // Nothing was left in progress with an ended period; submitted runs are untouched.
    const [{ n }] = await rows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM self_inspection_runs WHERE status = 'in_progress' AND period_end < ${chinaToday(tomorrow)}::date`);
    expect(n).toBe(0);
    const [{ s }] = await rows<{ s: number }>(t.database.db, sql`SELECT count(*)::int AS s FROM self_inspection_runs WHERE status = 'submitted' AND hazard_count > 0`);
    expect(s).toBe(3);
  });
});
