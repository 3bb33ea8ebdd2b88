import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { multipart, testApp, type Client, type TestApp } from '../../../../test/helpers';
import { buildUscc } from '../../../shared/org/uscc';
import { rows } from '../../db';
import { iterateEnterprises } from './org.repo';

let t: TestApp;
let office: Client, housing: Client, emergency: Client, street: Client, enterprise: Client, inspector: Client, admin: Client;

beforeAll(async () => {
  t = await testApp();
  [office, housing, emergency, street, enterprise, inspector, admin] = await Promise.all(
    ['anweiban', 'zhujianju', 'yingjiju', 'jiangjunlu', 'qiye', 'jiancha', 'admin'].map((u) => t.login(u)),
  );
});
afterAll(async () => {
  await t.close();
});

async function allEnterprises(c: Client) {
  const r = await c.get('/api/enterprises', { pageSize: 500 });
  expect(r.statusCode).toBe(200);
  return r.json() as { total: number; items: { id: string; sector: string; regionCode: string; name: string; legalRepPhone: string | null }[] };
}

async function enterpriseOutside(where: string) {
  const [r] = await rows<{ id: string }>(t.database.db, sql.raw(`SELECT id FROM enterprises WHERE ${where} LIMIT 1`));
  return r.id;
}

describe('organisation reference', () => {
  it('lists each alias of a unit once, never repeating its name or short name (issue #11: 7 units showed an alias twice)', async () => {
    const tree = (await office.get('/api/org/tree')).json() as { units: { name: string; shortName: string; aliases: string[] }[] };
    const bad = tree.units.filter((u) => new Set(u.aliases).size !== u.aliases.length || u.aliases.includes(u.name) || u.aliases.includes(u.shortName)).map((u) => `${u.shortName}: ${u.aliases.join('、')}`);
    expect(bad).toEqual([]);
    // an edit that repeats an alias stores it once
    const unit = tree.units.find((u) => u.shortName === '区委组织部') ?? tree.units[0];
    const id = (tree.units as unknown as { id: string; shortName: string }[]).find((u) => u.shortName === unit.shortName)!.id;
    const r = await admin.patch(`/api/org/units/${id}`, { aliases: ['组织部', '组织部', unit.shortName, ' 组织部 '] });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().aliases).toEqual(['组织部']);
  });

  it('has the district, 12 streets and 7 parks, the 14 专委会 with lead departments, and 26 sectors', async () => {
    const r = (await office.get('/api/org/tree')).json();
    expect(r.regions.filter((x: { kind: string }) => x.kind === 'street')).toHaveLength(12);
    expect(r.regions.filter((x: { kind: string }) => x.kind === 'park')).toHaveLength(7);
    const committees = r.units.filter((u: { kind: string }) => u.kind === 'sector_committee');
    expect(committees).toHaveLength(14);
    for (const c of committees) expect(c.leadUnitId).toBeTruthy();
    expect(r.sectors).toHaveLength(26);
    const fire = r.sectors.find((s: { name: string }) => s.name === '消防');
    expect(fire.departmentName).toBe('区消防救援大队');
    // Aliases merge the plan's spellings into one unit.
    const health = r.units.filter((u: { aliases: string[]; shortName: string }) => u.shortName === '区卫生健康局' || u.aliases.includes('区卫健局'));
    expect(health).toHaveLength(1);
    const ps = r.units.find((u: { aliases: string[] }) => u.aliases.includes('区公安局分局'));
    expect(ps.shortName).toBe('区公安分局');
  });
});

describe('scope: list', () => {
  it('the office sees every enterprise of the district', async () => {
    const r = await allEnterprises(office);
    expect(r.total).toBeGreaterThanOrEqual(290);
  });

  it('a department sees only the sectors it supervises', async () => {
    const r = await allEnterprises(housing);
    expect(r.total).toBeGreaterThan(0);
    for (const e of r.items) expect(['construction', 'housing', 'civildefense']).toContain(e.sector);
    const em = await allEnterprises(emergency);
    for (const e of em.items) expect(['hazchem']).toContain(e.sector);
  });

  it('a street sees only its territory', async () => {
    const r = await allEnterprises(street);
    expect(r.total).toBeGreaterThan(0);
    for (const e of r.items) expect(e.regionCode).toBe('420112004');
  });

  it('an enterprise user sees only itself', async () => {
    const r = await allEnterprises(enterprise);
    expect(r.total).toBe(1);
    expect(r.items[0].id).toBe(enterprise.user!.enterpriseId);
  });

  it('an inspector sees the scope of its unit', async () => {
    const r = await allEnterprises(inspector);
    for (const e of r.items) expect(e.sector).toBe('hazchem');
  });

  it('lists show phones masked', async () => {
    const r = await allEnterprises(office);
    const withPhone = r.items.find((e) => e.legalRepPhone);
    expect(withPhone!.legalRepPhone).toMatch(/^\d{3}\*{4}\d{4}$/);
  });
});

describe('scope: read and write answer 404 outside scope', () => {
  it('department: another sector is not found, read or write', async () => {
    const other = await enterpriseOutside(`sector = 'hazchem'`);
    expect((await housing.get(`/api/enterprises/${other}`)).statusCode).toBe(404);
    const w = await housing.patch(`/api/enterprises/${other}`, { address: '篡改' });
    expect(w.statusCode).toBe(404);
    expect((await housing.get(`/api/enterprises/${other}/history`)).statusCode).toBe(404);
    const own = await enterpriseOutside(`sector = 'construction'`);
    expect((await housing.get(`/api/enterprises/${own}`)).statusCode).toBe(200);
  });

  it('street: another territory is not found', async () => {
    const other = await enterpriseOutside(`region_code <> '420112004'`);
    expect((await street.get(`/api/enterprises/${other}`)).statusCode).toBe(404);
    expect((await street.patch(`/api/enterprises/${other}`, { address: 'x' })).statusCode).toBe(404);
  });

  it('enterprise: another enterprise is not found, its own is readable and partly editable', async () => {
    const other = await enterpriseOutside(`id <> '${enterprise.user!.enterpriseId}'`);
    expect((await enterprise.get(`/api/enterprises/${other}`)).statusCode).toBe(404);
    expect((await enterprise.patch(`/api/enterprises/${other}`, { address: 'x' })).statusCode).toBe(404);
    const own = enterprise.user!.enterpriseId!;
    const ok = await enterprise.patch(`/api/enterprises/${own}`, { safetyManagerName: '新安全员', safetyManagerPhone: '13912345678' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().safetyManagerPhone).toBe('13912345678');
    const refused = await enterprise.patch(`/api/enterprises/${own}`, { sector: 'fire' });
    expect(refused.statusCode).toBe(403);
  });

  it('the same answer for a record that does not exist at all', async () => {
    const r = await housing.get('/api/enterprises/00000000-0000-4000-8000-000000000000');
    expect(r.statusCode).toBe(404);
    const other = await enterpriseOutside(`sector = 'hazchem'`);
    expect((await housing.get(`/api/enterprises/${other}`)).json().message).toBe(r.json().message);
  });

  it('a department cannot move an enterprise out of its sectors', async () => {
    const own = await enterpriseOutside(`sector = 'construction'`);
    const r = await housing.patch(`/api/enterprises/${own}`, { sector: 'hazchem' });
    expect(r.statusCode).toBe(403);
  });

  it('personal data: clear for the street, masked for the admin and the inspector', async () => {
    const id = enterprise.user!.enterpriseId!;
    const s = (await street.get(`/api/enterprises/${id}`)).json();
    const a = (await admin.get(`/api/enterprises/${id}`)).json();
    const i = (await inspector.get(`/api/enterprises/${id}`)).json();
    expect(s.legalRepPhone).toMatch(/^1\d{10}$/);
    expect(a.legalRepPhone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(i.legalRepPhone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(a.phonesMasked).toBe(true);
  });

  it('phones are stored encrypted (SM4), never in clear', async () => {
    const [r] = await rows<{ legal_rep_phone_enc: string }>(t.database.db, sql`SELECT legal_rep_phone_enc FROM enterprises WHERE legal_rep_phone_enc IS NOT NULL LIMIT 1`);
    expect(r.legal_rep_phone_enc).toMatch(/^sm4:/);
    expect(r.legal_rep_phone_enc).not.toMatch(/1\d{10}/);
  });
});

describe('create and update', () => {
  const base = { name: '武汉测试建筑工程有限公司', sector: 'construction', regionCode: '420112001', address: '东西湖区测试路1号', scale: '小型', status: '在营' };

  it('accepts a valid credit code and records the change in history', async () => {
    const code = buildUscc('9', '1', '420112', 'MA4KTKT1');
    const r = await housing.post('/api/enterprises', { ...base, creditCode: code, legalRepPhone: '13800001111' });
    expect(r.statusCode).toBe(201);
    const e = r.json();
    expect(e).toMatchObject({ creditCode: code, supervisingUnitName: '区住建局', regionName: '吴家山街道', legalRepPhone: '13800001111' });
    const u = await housing.patch(`/api/enterprises/${e.id}`, { employees: 120, version: e.version });
    expect(u.statusCode).toBe(200);
    expect(u.json().version).toBe(e.version + 1);
    const stale = await housing.patch(`/api/enterprises/${e.id}`, { employees: 130, version: e.version });
    expect(stale.statusCode).toBe(409);
    const h = (await housing.get(`/api/enterprises/${e.id}/history`)).json();
    expect(h.map((x: { action: string }) => x.action)).toEqual(['enterprise.update', 'enterprise.create']);
    expect(h[0].before.employees).toBeNull();
    expect(h[0].after.employees).toBe(120);
    expect(h[0].actorUsername).toBe('zhujianju');
    // Duplicates are refused.
    const dup = await office.post('/api/enterprises', { ...base, creditCode: code });
    expect(dup.statusCode).toBe(409);
  });

  it.each([
    ['9144030071526726XA', '第 18 位校验码错误'],
    ['91440300715267O6XG', '第 15 位'],
    ['9144030071526726X', '应为 18 位'],
    ['0144030071526726XG', '登记管理部门'],
    ['9744030071526726XG', '机构类别'],
    ['91AB030071526726XG', '行政区划码'],
    ['', '不能为空'],
  ])('refuses the credit code %s with a message naming the wrong part', async (code, part) => {
    const r = await office.post('/api/enterprises', { ...base, creditCode: code });
    expect(r.statusCode).toBe(400);
    const body = r.json();
    expect(body.details[0].path).toBe('creditCode');
    expect(body.details[0].message).toContain(part);
  });

  it('refuses a department registering an enterprise outside its sectors, and a street outside its territory', async () => {
    const r = await housing.post('/api/enterprises', { ...base, sector: 'hazchem', creditCode: buildUscc('9', '1', '420112', 'MA4KTKT2') });
    expect(r.statusCode).toBe(403);
    const s = await street.post('/api/enterprises', { ...base, regionCode: '420112001', creditCode: buildUscc('9', '1', '420112', 'MA4KTKT3') });
    expect(s.statusCode).toBe(403);
  });

  it('refuses wrong types, impossible dates and unknown fields with field paths', async () => {
    const r = await office.post('/api/enterprises', { ...base, creditCode: buildUscc('9', '1', '420112', 'MA4KTKT4'), employees: 'many', establishedOn: '2023-02-30', lng: 500, foo: 1 });
    expect(r.statusCode).toBe(400);
    const paths = r.json().details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['employees', 'establishedOn', 'lng']));
  });

  it('refuses an unknown sector or region by name', async () => {
    const r = await office.post('/api/enterprises', { ...base, sector: 'nope', creditCode: buildUscc('9', '1', '420112', 'MA4KTKT5') });
    expect(r.statusCode).toBe(400);
    expect(r.json().details[0].path).toBe('sector');
  });
});

async function workbook(rowsIn: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('企业');
  ws.addRow(['统一社会信用代码', '企业名称', '行业领域', '所属街道', '地址', '法定代表人电话', '从业人数', '是否规上']);
  for (const r of rowsIn) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('Excel import and export', () => {
  const good1 = buildUscc('9', '1', '420112', 'MA4KMPQ1');
  const good2 = buildUscc('9', '1', '420112', 'MA4KMPQ2');

  it('reports every bad row with row, column and reason, and imports nothing', async () => {
    const buf = await workbook([
      [good1, '武汉导入一号化工有限公司', '危险化学品', '吴家山街道', '路1号', '13800000001', 10, '否'],
      ['9144030071526726XA', '坏代码公司', '危险化学品', '吴家山', '路2号', '', 5, '否'],
      [good2, '武汉导入二号公司', '不存在的行业', '不存在的街道', '', '12345', 'abc', '也许'],
    ]);
    const before = (await allEnterprises(office)).total;
    const r = await office.request({ method: 'POST', url: '/api/enterprises/import', ...multipart([{ field: 'file', name: '企业.xlsx', data: buf }]) });
    expect(r.statusCode).toBe(200);
    const rep = r.json();
    expect(rep).toMatchObject({ total: 3, valid: 1, invalid: 2, committed: false });
    const byRow = (n: number) => rep.errors.filter((e: { row: number }) => e.row === n);
    expect(byRow(3)[0]).toMatchObject({ column: '统一社会信用代码' });
    expect(byRow(3)[0].reason).toContain('校验码');
    const cols4 = byRow(4).map((e: { column: string }) => e.column);
    expect(cols4).toEqual(expect.arrayContaining(['行业领域', '所属街道', '法定代表人电话', '从业人数', '是否规上']));
    expect((await allEnterprises(office)).total).toBe(before);
  });

  it('imports the valid rows when asked to skip the bad ones, and updates existing codes', async () => {
    const buf = await workbook([
      [good1, '武汉导入一号化工有限公司', '危险化学品', '吴家山街道', '路1号', '13800000001', 10, '否'],
      ['bad', '坏', '危险化学品', '吴家山街道', '', '', '', ''],
    ]);
    const r = await office.request({ method: 'POST', url: '/api/enterprises/import?skipInvalid=true', ...multipart([{ field: 'file', name: 'a.xlsx', data: buf }]) });
    expect(r.json()).toMatchObject({ committed: true, created: 1, skipped: 1 });
    const again = await workbook([[good1, '武汉导入一号化工有限公司（更名）', '危险化学品', '吴家山街道', '路1号', '13800000001', 12, '是']]);
    const r2 = await office.request({ method: 'POST', url: '/api/enterprises/import', ...multipart([{ field: 'file', name: 'a.xlsx', data: again }]) });
    expect(r2.json()).toMatchObject({ committed: true, created: 0, updated: 1 });
    const found = (await office.get('/api/enterprises', { q: good1 })).json();
    expect(found.items[0]).toMatchObject({ name: '武汉导入一号化工有限公司（更名）', employees: 12, aboveScale: true });
  });

  it('refuses rows outside the importer’s scope', async () => {
    const buf = await workbook([[buildUscc('9', '1', '420112', 'MA4KMPQ3'), '武汉越权公司', '危险化学品', '吴家山街道', '', '', 1, '否']]);
    const r = await housing.request({ method: 'POST', url: '/api/enterprises/import', ...multipart([{ field: 'file', name: 'a.xlsx', data: buf }]) });
    expect(r.json().errors[0].reason).toContain('管辖范围');
    expect(r.json().committed).toBe(false);
  });

  it('refuses a file that is not .xlsx, a missing header, and a missing file', async () => {
    const notX = await office.request({ method: 'POST', url: '/api/enterprises/import', ...multipart([{ field: 'file', name: 'a.xlsx', data: Buffer.from('hello') }]) });
    expect(notX.statusCode).toBe(415);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['名称']).commit();
    wb.getWorksheet('x')!.addRow(['a']);
    const noHeader = await office.request({ method: 'POST', url: '/api/enterprises/import', ...multipart([{ field: 'file', name: 'a.xlsx', data: Buffer.from(await wb.xlsx.writeBuffer()) }]) });
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json().message).toContain('统一社会信用代码');
    const none = await office.request({ method: 'POST', url: '/api/enterprises/import', ...multipart([], { x: '1' }) });
    expect(none.statusCode).toBe(400);
  });

  it('exports the scope as a real .xlsx that reads back, without phones for roles that may not see them', async () => {
    const r = await street.get('/api/enterprises/export.xlsx');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as never);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as string[]).slice(1);
    expect(header).toContain('统一社会信用代码');
    expect(header).toContain('法定代表人电话');
    const total = (await allEnterprises(street)).total;
    expect(ws.actualRowCount - 1).toBe(total);
    const ai = await inspector.get('/api/enterprises/export.xlsx');
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(ai.rawPayload as never);
    expect((wb2.worksheets[0].getRow(1).values as string[]).slice(1)).not.toContain('法定代表人电话');
  });

  it('the import template opens and round-trips', async () => {
    const r = await office.get('/api/enterprises/import-template.xlsx');
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as never);
    expect(wb.worksheets[0].getRow(1).getCell(1).value).toBe('统一社会信用代码*');
  });
});

describe('search', () => {
  it('finds by a Chinese substring of the name and by part of the credit code', async () => {
    const all = await allEnterprises(office);
    const sample = all.items[7];
    const part = sample.name.slice(2, 5);
    const r = (await office.get('/api/enterprises', { q: part })).json();
    expect(r.items.some((e: { id: string }) => e.id === sample.id)).toBe(true);
    for (const e of r.items) expect(`${e.name} ${e.creditCode} ${e.address}`).toContain(part);
  });

  it('sorts and pages consistently', async () => {
    const a = (await office.get('/api/enterprises', { sort: '-employees', pageSize: 10 })).json().items as { employees: number | null; id: string }[];
    for (let i = 1; i < a.length; i++) expect((a[i - 1].employees ?? -1) >= (a[i].employees ?? -1)).toBe(true);
    const byName = (await office.get('/api/enterprises', { sort: 'name', pageSize: 30 })).json().items as { name: string }[];
    const names = byName.map((e) => e.name);
    expect(names).toEqual([...names].sort((x, y) => (Buffer.from(x) < Buffer.from(y) ? -1 : Buffer.from(x) > Buffer.from(y) ? 1 : 0)));
    const p1 = (await office.get('/api/enterprises', { sort: 'name', pageSize: 15, page: 1 })).json().items as { id: string }[];
    const p2 = (await office.get('/api/enterprises', { sort: 'name', pageSize: 15, page: 2 })).json().items as { id: string }[];
    expect([...p1, ...p2].map((e) => e.id)).toEqual(byName.map((e) => (e as unknown as { id: string }).id));
  });

  it('lists, for every scope, filter and sort, what the registry holds (checked against the export walk, a separate query)', async () => {
    const keyOf: Record<string, (e: ListItem) => unknown> = {
      name: (e) => e.name,
      updatedAt: (e) => e.updatedAt,
      creditCode: (e) => e.creditCode,
      employees: (e) => e.employees,
    };
    type ListItem = { id: string; name: string; creditCode: string; updatedAt: string; employees: number | null; sector: string; sectors: string[]; regionCode: string; sectorName: string; regionName: string; supervisingUnitName: string; status: string; aboveScale: boolean; riskLevel: string | null; establishedOn: string | null; createdAt: string };
    const sample = (await allEnterprises(office)).items as unknown as ListItem[];
    const withRisk = sample.find((e) => e.riskLevel)?.riskLevel;
    const filters: Record<string, string | number | boolean>[] = [
      {},
      { sector: 'hazchem' },
      { sector: sample[3].sectors.at(-1)! },
      { regionCode: sample[5].regionCode },
      { regionCode: '420112' },
      { status: '在营', aboveScale: true },
      { aboveScale: false, sector: 'fire' },
      ...(withRisk ? [{ riskLevel: withRisk }] : []),
      { q: sample[9].name.slice(1, 4) },
      { q: sample[2].creditCode.slice(4, 12), regionCode: sample[2].regionCode },
    ];
    for (const [who, c] of [
      ['office', office],
      ['street', street],
      ['department', housing],
      ['enterprise', enterprise],
    ] as const) {
      const me = (await c.get('/api/auth/me')).json();
      const scope = me.user?.scope ?? me.scope;
      expect(scope?.kind, who).toBeTruthy();
      for (const f of filters) {
        const expected: string[] = [];
        for await (const batch of iterateEnterprises(t.database.db, scope, { ...f, aboveScale: f.aboveScale as boolean | undefined } as never)) expected.push(...batch.map((r) => r.e.id));
        for (const sort of ['name', '-name', 'updatedAt', '-updatedAt', 'creditCode', 'employees', '-employees']) {
          const what = `${who} ${JSON.stringify(f)} sort=${sort}`;
          const seen: ListItem[] = [];
          for (let page = 1; ; page++) {
            const r = await c.get('/api/enterprises', { ...f, sort, page, pageSize: 7 });
            expect(r.statusCode, what).toBe(200);
            const body = r.json() as { total: number; items: ListItem[] };
            expect(body.total, what).toBe(expected.length);
            seen.push(...body.items);
            if (body.items.length < 7) break;
          }
          expect(seen.map((e) => e.id).sort(), what).toEqual([...expected].sort());
          // in order: by the key, ties by id (the database's collation decides the names)
          const key = keyOf[sort.replace('-', '')];
          const desc = sort.startsWith('-');
          if (sort.endsWith('name')) {
            const byDb = await t.database.query<{ id: string }>(`SELECT id FROM enterprises WHERE id = ANY($1::uuid[]) ORDER BY name ${desc ? 'DESC' : 'ASC'}, id`, [seen.map((e) => e.id)]);
            expect(seen.map((e) => e.id), what).toEqual(byDb.map((x) => x.id));
          } else
            for (let i = 1; i < seen.length; i++) {
              const [a, b] = [key(seen[i - 1]), key(seen[i])];
              const cmp = a === b ? 0 : a === null ? -1 : b === null ? 1 : (a as string | number) < (b as string | number) ? -1 : 1;
              expect(desc ? cmp >= 0 : cmp <= 0, `${what} at ${i}`).toBe(true);
            }
        }
      }
    }
    // the names beside the codes come from the organisation, as on the detail page
    const one = sample[11];
    const detail = (await office.get(`/api/enterprises/${one.id}`)).json() as ListItem;
    for (const k of ['sectorName', 'regionName', 'supervisingUnitName', 'establishedOn', 'createdAt', 'updatedAt', 'sectors'] as const) expect(one[k], k).toEqual(detail[k]);
  });

  it('finds every enterprise holding a one-, two- or three-character term or a lower-cased part of its code (the character-pair index loses none)', async () => {
    const all = (await allEnterprises(office)).items as unknown as { id: string; name: string; creditCode: string; address: string }[];
    const e = all[17];
    // a code with letters in it, searched lower-case (two characters, and eight)
    const lettered = all.find((x) => /[A-Z]{2}/.test(x.creditCode.slice(8, 17)))!;
    const at = lettered.creditCode.slice(8, 17).search(/[A-Z]{2}/) + 8;
    const terms = [e.name.slice(0, 1), e.name.slice(1, 3), e.name.slice(-2), e.address.slice(2, 4), e.name.slice(2, 5), lettered.creditCode.slice(at, at + 2).toLowerCase(), lettered.creditCode.slice(at - 3, at + 5).toLowerCase(), '物流', '化工'];
    for (const term of terms) {
      const expected = all.filter((x) => `${x.name} ${x.creditCode} ${x.address}`.toLowerCase().includes(term.toLowerCase())).map((x) => x.id);
      const r = (await office.get('/api/enterprises', { q: term, pageSize: 500 })).json() as { total: number; items: { id: string }[] };
      expect(r.items.map((x) => x.id).sort(), term).toEqual(expected.sort());
      expect(r.total, term).toBe(expected.length);
    }
  });

  it('kept totals and pages follow every write at once: a registration, an edit that leaves the filter, an import', async () => {
    const totalOf = async (f: Record<string, string>) => (await office.get('/api/enterprises', { ...f, pageSize: 5 })).json().total as number;
    const firstOf = async (f: Record<string, string>) => (await office.get('/api/enterprises', { ...f, sort: '-updatedAt', pageSize: 5 })).json().items[0] as { id: string; name: string; status: string };
    const f = { sector: 'fire', status: '在营' };
    const before = await totalOf(f);
    expect(await totalOf(f)).toBe(before); // now kept
    await firstOf(f);
    await firstOf({ sector: 'fire', status: '停产' });
    const code = buildUscc('9', '1', '420112', 'MA4KTC01');
    const created = await office.post('/api/enterprises', { creditCode: code, name: '计数测试商场', sector: 'fire', regionCode: '420112001', status: '在营' });
    expect(created.statusCode, created.body).toBe(201);
    expect(await totalOf(f)).toBe(before + 1);
    expect(await firstOf(f)).toMatchObject({ id: created.json().id, name: '计数测试商场' });
    const edited = await office.patch(`/api/enterprises/${created.json().id}`, { status: '停产' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(await totalOf(f)).toBe(before);
    expect((await firstOf(f)).id).not.toBe(created.json().id);
    expect(await firstOf({ sector: 'fire', status: '停产' })).toMatchObject({ id: created.json().id, status: '停产' });
    expect(await totalOf({ sector: 'fire', status: '停产' })).toBeGreaterThan(0);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('企业');
    ws.addRow(['统一社会信用代码', '企业名称', '行业领域', '所属街道', '经营状态']);
    ws.addRow([buildUscc('9', '1', '420112', 'MA4KTC02'), '计数测试酒店', '消防', '吴家山街道', '在营']);
    const imported = await office.request({ method: 'POST', url: '/api/enterprises/import', ...multipart([{ field: 'file', name: '企业.xlsx', data: Buffer.from(await wb.xlsx.writeBuffer()) }]) });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json().created, imported.body).toBe(1);
    expect(await totalOf(f)).toBe(before + 1);
    expect((await firstOf(f)).name).toBe('计数测试酒店');
  });

  it('treats % and _ literally', async () => {
    const r = (await office.get('/api/enterprises', { q: '%' })).json();
    expect(r.total).toBe(0);
  });
});
