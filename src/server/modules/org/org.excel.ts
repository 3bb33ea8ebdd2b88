import { PassThrough, type Readable } from 'node:stream';
import { can, inScope, requirePermission, type RequestContext } from '../../platform/access';
import { recordAudit, type AuditEntry } from '../../platform/audit';
import { cellText, excelJs, newWorkbook, readSheetRows, xlsxHeaderStyle } from '../../platform/excel';
import type { AppDeps } from '../../platform/deps';
import { AppError, zodFieldIssues } from '../../platform/errors';
import { EnterpriseCreate, type EnterpriseQuery } from '../../../shared/contracts/org';
import { normalizeUnitName } from '../../../shared/org/reference';
import * as repo from './org.repo';
import { presentEnterprise, toEnterpriseValues } from './org.service';

/** Columns of the enterprise sheet: import template, import and export share them (export → edit → import). */
interface Column {
  key: string;
  header: string;
  aliases: string[];
  required?: boolean;
  width: number;
  pii?: boolean;
}

export const ENTERPRISE_COLUMNS: Column[] = [
  { key: 'creditCode', header: '统一社会信用代码', aliases: ['信用代码', '社会信用代码', '统一信用代码'], required: true, width: 22 },
  { key: 'name', header: '企业名称', aliases: ['单位名称', '名称', '生产经营单位名称'], required: true, width: 34 },
  { key: 'sector', header: '行业领域', aliases: ['主行业领域', '行业', '所属行业'], required: true, width: 14 },
  { key: 'sectors', header: '其他行业领域', aliases: ['兼营行业领域'], width: 18 },
  { key: 'regionCode', header: '所属街道', aliases: ['属地', '街道', '所在街道', '街道（管理处）', '属地街道'], required: true, width: 16 },
  { key: 'address', header: '地址', aliases: ['详细地址', '经营地址', '注册地址', '生产经营地址'], width: 36 },
  { key: 'lng', header: '经度', aliases: [], width: 11 },
  { key: 'lat', header: '纬度', aliases: [], width: 11 },
  { key: 'legalRepName', header: '法定代表人', aliases: ['法人', '法人代表'], width: 11 },
  { key: 'legalRepPhone', header: '法定代表人电话', aliases: ['法人电话', '法定代表人联系电话'], width: 16, pii: true },
  { key: 'safetyManagerName', header: '安全负责人', aliases: ['安全管理人员', '安全管理负责人'], width: 11 },
  { key: 'safetyManagerPhone', header: '安全负责人电话', aliases: ['安全管理人员电话', '安全负责人联系电话'], width: 16, pii: true },
  { key: 'scale', header: '企业规模', aliases: ['规模'], width: 9 },
  { key: 'aboveScale', header: '是否规上', aliases: ['规上企业', '规模以上', '是否规模以上'], width: 9 },
  { key: 'status', header: '经营状态', aliases: ['状态', '生产状态'], width: 10 },
  { key: 'employees', header: '从业人数', aliases: ['职工人数', '员工人数', '从业人员'], width: 9 },
  { key: 'establishedOn', header: '成立日期', aliases: ['成立时间'], width: 12 },
  { key: 'businessScope', header: '经营范围', aliases: [], width: 40 },
];

const MAX_IMPORT_ROWS = 100_000;

export interface ImportIssue {
  /** Excel row number (1-based, as Excel shows it) */
  row: number;
  column: string;
  value: string;
  reason: string;
}

export interface ImportReport {
  total: number;
  valid: number;
  invalid: number;
  toCreate: number;
  toUpdate: number;
  created: number;
  updated: number;
  skipped: number;
  committed: boolean;
  dryRun: boolean;
  errors: ImportIssue[];
}

function normHeader(h: string): string {
  return h.replace(/[\s*＊（(]?必填[）)]?/g, '').replace(/[\s*＊]/g, '').trim();
}

type Lookup = { regionByName: Map<string, string>; sectorByName: Map<string, string> };

async function lookups(deps: AppDeps): Promise<Lookup> {
  const [regions, sectors] = await Promise.all([repo.listRegions(deps.db), repo.listSectors(deps.db)]);
  const regionByName = new Map<string, string>();
  for (const r of regions) {
    if (r.kind === 'district') continue;
    for (const n of [r.code, r.name, ...r.aliases]) regionByName.set(normalizeUnitName(n).replace(/^区/, ''), r.code);
  }
  const sectorByName = new Map<string, string>();
  const fold = (s: string) => s.replace(/[（）()]/g, '');
  for (const s of sectors) for (const n of [s.code, s.name]) sectorByName.set(fold(n), s.code);
  return { regionByName, sectorByName: new Map([...sectorByName].map(([k, v]) => [k, v])) };
}

function lookupSector(l: Lookup, text: string): string | undefined {
  return l.sectorByName.get(text.replace(/[（）()]/g, '').trim());
}

function lookupRegion(l: Lookup, text: string): string | undefined {
  return l.regionByName.get(normalizeUnitName(text).replace(/^区/, ''));
}

/**
 * Import enterprises from .xlsx. Every row is validated first; nothing is written unless every
 * row is valid, or the user chose to skip bad rows. Existing credit codes in the caller's scope
 * are updated; new ones created. One transaction, one audit row per enterprise.
 */
export async function importEnterprises(
  deps: AppDeps,
  ctx: RequestContext,
  file: Buffer,
  opts: { skipInvalid: boolean; dryRun: boolean },
): Promise<ImportReport> {
  const actor = requirePermission(ctx, 'enterprise.import');
  const sheet = await readSheetRows(file, MAX_IMPORT_ROWS);
  if (sheet.rows.length === 0) throw new AppError('VALIDATION', '文件中没有数据行（第 1 行应为表头，数据从第 2 行开始）');
  const colIndex = new Map<string, number>();
  sheet.header.forEach((h, i) => {
    const n = normHeader(h);
    const col = ENTERPRISE_COLUMNS.find((c) => c.header === n || c.aliases.includes(n));
    if (col && !colIndex.has(col.key)) colIndex.set(col.key, i);
  });
  const missing = ENTERPRISE_COLUMNS.filter((c) => c.required && !colIndex.has(c.key)).map((c) => c.header);
  if (missing.length) {
    throw new AppError('VALIDATION', `表头缺少必填列：${missing.join('、')}（请使用“下载导入模板”的表头）`, missing.map((m) => ({ path: m, message: '缺少此列' })));
  }
  const l = await lookups(deps);
  const errors: ImportIssue[] = [];
  const seen = new Map<string, number>();
  const candidates: { row: number; input: EnterpriseCreate; present: Set<string> }[] = [];

  for (const { rowNumber, cells } of sheet.rows) {
    const rowErrors: ImportIssue[] = [];
    const raw = (key: string) => {
      const i = colIndex.get(key);
      return i === undefined ? undefined : cells[i];
    };
    const text = (key: string) => cellText(raw(key));
    const header = (key: string) => ENTERPRISE_COLUMNS.find((c) => c.key === key)!.header;
    const bad = (key: string, reason: string) => rowErrors.push({ row: rowNumber, column: header(key), value: text(key), reason });
    const present = new Set<string>([...colIndex.keys()]);

    const obj: Record<string, unknown> = {};
    const codeCell = raw('creditCode');
    if (typeof codeCell === 'number') bad('creditCode', '该单元格被 Excel 存为数字，18 位代码已丢失精度；请把此列设为“文本”格式后重新填写');
    obj.creditCode = text('creditCode');
    obj.name = text('name');
    const sectorText = text('sector');
    const sector = lookupSector(l, sectorText);
    if (!sectorText) bad('sector', '必填');
    else if (!sector) bad('sector', `未知的行业领域“${sectorText}”`);
    obj.sector = sector ?? sectorText;
    if (present.has('sectors')) {
      const list = text('sectors')
        .split(/[、,，;；\s]+/)
        .filter(Boolean);
      const codes: string[] = [];
      for (const s of list) {
        const c = lookupSector(l, s);
        if (c) codes.push(c);
        else bad('sectors', `未知的行业领域“${s}”`);
      }
      obj.sectors = codes;
    }
    const regionText = text('regionCode');
    const region = lookupRegion(l, regionText);
    if (!regionText) bad('regionCode', '必填');
    else if (!region) bad('regionCode', `未知的街道或管理处“${regionText}”`);
    obj.regionCode = region ?? '000000000';
    for (const k of ['address', 'legalRepName', 'safetyManagerName', 'businessScope']) if (present.has(k)) obj[k] = text(k);
    for (const k of ['legalRepPhone', 'safetyManagerPhone']) if (present.has(k)) obj[k] = text(k) || null;
    for (const k of ['lng', 'lat', 'employees']) {
      if (!present.has(k)) continue;
      const t = text(k);
      if (t === '') obj[k] = null;
      else if (Number.isNaN(Number(t))) bad(k, `应为数字，收到“${t}”`);
      else obj[k] = Number(t);
    }
    if (present.has('scale') && text('scale')) obj.scale = text('scale');
    if (present.has('status') && text('status')) obj.status = text('status');
    if (present.has('aboveScale')) {
      const t = text('aboveScale');
      if (['是', '规上', 'Y', 'y', 'TRUE', 'true', '1'].includes(t)) obj.aboveScale = true;
      else if (['否', '', 'N', 'n', 'FALSE', 'false', '0'].includes(t)) obj.aboveScale = false;
      else bad('aboveScale', `应填“是”或“否”，收到“${t}”`);
    }
    if (present.has('establishedOn')) {
      const v = raw('establishedOn');
      if (v instanceof Date) obj.establishedOn = v.toISOString().slice(0, 10);
      else {
        const t = text('establishedOn').replace(/[年/.]/g, '-').replace(/月/g, '-').replace(/日/g, '');
        obj.establishedOn = t ? t.replace(/-(\d)(?=-|$)/g, '-0$1') : null;
      }
    }
    const parsed = EnterpriseCreate.safeParse(obj);
    if (!parsed.success) {
      for (const issue of zodFieldIssues(parsed.error)) {
        const key = issue.path.split('.')[0];
        if (key === 'sector' || key === 'regionCode' || rowErrors.some((e) => e.column === header(key))) continue;
        if (ENTERPRISE_COLUMNS.some((c) => c.key === key)) bad(key, issue.message);
        else rowErrors.push({ row: rowNumber, column: key, value: '', reason: issue.message });
      }
    }
    const code = String(obj.creditCode).toUpperCase();
    if (code && seen.has(code)) bad('creditCode', `与第 ${seen.get(code)} 行重复`);
    else if (code) seen.set(code, rowNumber);
    if (parsed.success && region && sector && !inScope(actor.scope, { regionCode: region, sector })) {
      bad(actor.scope.kind === 'sectors' ? 'sector' : 'regionCode', '不在本单位管辖范围内（行业领域/属地）');
    }
    if (rowErrors.length || !parsed.success) errors.push(...rowErrors);
    else candidates.push({ row: rowNumber, input: parsed.data, present });
  }

  // Existing codes: update when in scope, refuse otherwise.
  const existing = new Map((await repo.findEnterprisesByCreditCodes(deps.db, candidates.map((c) => c.input.creditCode))).map((e) => [e.creditCode, e]));
  const valid: typeof candidates = [];
  for (const c of candidates) {
    const ex = existing.get(c.input.creditCode);
    if (ex && !inScope(actor.scope, { regionCode: ex.regionCode, sector: ex.sector, enterpriseId: ex.id })) {
      errors.push({ row: c.row, column: '统一社会信用代码', value: c.input.creditCode, reason: '该代码已由其他单位登记，不在本单位管辖范围内' });
    } else valid.push(c);
  }
  errors.sort((a, b) => a.row - b.row);
  const invalidRows = new Set(errors.map((e) => e.row)).size;
  const report: ImportReport = {
    total: sheet.rows.length,
    valid: valid.length,
    invalid: invalidRows,
    toCreate: valid.filter((c) => !existing.has(c.input.creditCode)).length,
    toUpdate: valid.filter((c) => existing.has(c.input.creditCode)).length,
    created: 0,
    updated: 0,
    skipped: 0,
    committed: false,
    dryRun: opts.dryRun,
    errors: errors.slice(0, 5000),
  };
  if (opts.dryRun || (invalidRows > 0 && !opts.skipInvalid) || valid.length === 0) return report;

  await deps.db.transaction(async (tx) => {
    const audits: AuditEntry[] = [];
    const creates = valid.filter((c) => !existing.has(c.input.creditCode));
    for (let i = 0; i < creates.length; i += 500) {
      const inserted = await repo.insertEnterprises(tx, creates.slice(i, i + 500).map((c) => toEnterpriseValues(deps, c.input)));
      for (const row of inserted) {
        const { legalRepPhoneEnc, safetyManagerPhoneEnc, ...snap } = row;
        audits.push({ action: 'enterprise.import_create', entity: 'enterprise', entityId: row.id, regionCode: row.regionCode, after: { ...snap, legalRepPhoneSet: !!legalRepPhoneEnc, safetyManagerPhoneSet: !!safetyManagerPhoneEnc } });
      }
    }
    for (const c of valid.filter((v) => existing.has(v.input.creditCode))) {
      const before = existing.get(c.input.creditCode)!;
      const values = toEnterpriseValues(deps, c.input);
      // Columns absent from the sheet keep their stored values.
      const patch: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(values)) {
        const col = k === 'legalRepPhoneEnc' ? 'legalRepPhone' : k === 'safetyManagerPhoneEnc' ? 'safetyManagerPhone' : k;
        if (c.present.has(col) || col === 'sectors') patch[k] = v;
      }
      const after = await repo.updateEnterpriseRow(tx, before.id, patch);
      const strip = (e: typeof before) => ({ ...e, legalRepPhoneEnc: undefined, safetyManagerPhoneEnc: undefined });
      audits.push({ action: 'enterprise.import_update', entity: 'enterprise', entityId: before.id, regionCode: after.regionCode, before: strip(before), after: strip(after) });
    }
    for (let i = 0; i < audits.length; i += 500) await recordAudit(tx, ctx, audits.slice(i, i + 500));
    report.created = creates.length;
    report.updated = valid.length - creates.length;
  });
  report.skipped = invalidRows;
  report.committed = true;
  return report;
}

/** The import template: headers, one example row, dropdowns for sector, street, scale, status. */
export async function enterpriseTemplate(deps: AppDeps): Promise<Buffer> {
  const [regions, sectors] = await Promise.all([repo.listRegions(deps.db), repo.listSectors(deps.db)]);
  const wb = await newWorkbook();
  wb.creator = '安治 Anzhi';
  const ws = wb.addWorksheet('企业名录');
  const lists = wb.addWorksheet('选项', { state: 'veryHidden' });
  const streets = regions.filter((r) => r.kind !== 'district').map((r) => r.name);
  const sectorNames = sectors.map((s) => s.name);
  streets.forEach((s, i) => (lists.getCell(i + 1, 1).value = s));
  sectorNames.forEach((s, i) => (lists.getCell(i + 1, 2).value = s));
  ws.columns = ENTERPRISE_COLUMNS.map((c) => ({ header: c.required ? `${c.header}*` : c.header, key: c.key, width: c.width }));
  xlsxHeaderStyle(ws.getRow(1));
  ws.getColumn('creditCode').numFmt = '@';
  ws.addRow({
    creditCode: '91420112MA4KXXX10W',
    name: '武汉示例化工有限公司',
    sector: '危险化学品',
    sectors: '消防、特种设备',
    regionCode: streets[0],
    address: '东西湖区示例大道1号',
    lng: 114.14,
    lat: 30.62,
    legalRepName: '张三',
    legalRepPhone: '13800000000',
    safetyManagerName: '李四',
    safetyManagerPhone: '027-83890000',
    scale: '小型',
    aboveScale: '否',
    status: '在营',
    employees: 45,
    establishedOn: '2015-06-01',
    businessScope: '化工原料（不含危险品）销售',
  });
  const colNo = (key: string) => ENTERPRISE_COLUMNS.findIndex((c) => c.key === key) + 1;
  for (let r = 2; r <= 2000; r++) {
    ws.getCell(r, colNo('sector')).dataValidation = { type: 'list', allowBlank: false, formulae: [`选项!$B$1:$B$${sectorNames.length}`] };
    ws.getCell(r, colNo('regionCode')).dataValidation = { type: 'list', allowBlank: false, formulae: [`选项!$A$1:$A$${streets.length}`] };
    ws.getCell(r, colNo('scale')).dataValidation = { type: 'list', allowBlank: true, formulae: ['"大型,中型,小型,微型"'] };
    ws.getCell(r, colNo('aboveScale')).dataValidation = { type: 'list', allowBlank: true, formulae: ['"是,否"'] };
    ws.getCell(r, colNo('status')).dataValidation = { type: 'list', allowBlank: true, formulae: ['"在营,停产,停业整顿,关闭,注销"'] };
  }
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Streaming export of the enterprises matching a filter (constant memory). Phones only for pii.read. */
export function exportEnterprises(deps: AppDeps, ctx: RequestContext, q: Partial<EnterpriseQuery>): Readable {
  const actor = requirePermission(ctx, 'enterprise.read');
  const withPii = can(actor, 'pii.read');
  const cols = ENTERPRISE_COLUMNS.filter((c) => withPii || !c.pii);
  const out = new PassThrough();
  (async () => {
    const wb = new (await excelJs()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet('企业名录');
    ws.columns = [...cols.map((c) => ({ header: c.header, key: c.key, width: c.width })), { header: '监管部门', key: 'dept', width: 16 }, { header: '风险等级', key: 'risk', width: 9 }];
    xlsxHeaderStyle(ws.getRow(1));
    ws.getRow(1).commit();
    let count = 0;
    for await (const batch of repo.iterateEnterprises(deps.db, actor.scope, q)) {
      for (const j of batch) {
        const v = presentEnterprise(deps, actor, j);
        ws.addRow({
          ...v,
          sector: v.sectorName,
          sectors: j.e.sectors.filter((s) => s !== v.sector).join('、'),
          regionCode: v.regionName,
          aboveScale: v.aboveScale ? '是' : '否',
          dept: v.supervisingUnitName,
          risk: v.riskLevel ?? '',
        }).commit();
        count++;
      }
    }
    ws.commit();
    await wb.commit();
    await deps.db.transaction(async (tx) =>
      recordAudit(tx, ctx, { action: 'enterprise.export', entity: 'enterprise', entityId: null, regionCode: actor.regionCode || null, after: { filter: q, rows: count, withPii } }),
    );
  })().catch((err) => out.destroy(err as Error));
  return out;
}
