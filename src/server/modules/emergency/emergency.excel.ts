import type ExcelJS from 'exceljs';
import { requireActor, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { AppError, forbidden, zodFieldIssues } from '../../platform/errors';
import { cellText, type CellValue, newWorkbook, readSheetRows, xlsxHeaderStyle } from '../../platform/excel';
import type { ImportReport, ResourceQuery } from '../../../shared/contracts/emergency';
import {
  ACCIDENT_TYPES,
  EXPERT_AVAILABILITY,
  EXPERT_KINDS,
  MATERIAL_CATEGORIES,
  REGULATION_KINDS,
  REGULATION_LEVELS,
  REGULATION_STATUSES,
  RESOURCE_LABELS,
  TEAM_KINDS,
  TEAM_READINESS,
  type ResourceKind,
} from '../../../shared/emergency/catalog';
import { INPUTS, insertResourcesInTx, listResources } from './emergency.resources';

/**
 * Excel import and export of the five databases. The template, the import and the export share one
 * column list per kind (export → edit → import). Import validates every row first and writes nothing
 * unless every row is valid or the user chose to skip the bad ones (as the enterprise import does).
 */

type ColType = 'text' | 'int' | 'number' | 'date';
interface Column {
  key: string;
  header: string;
  aliases?: string[];
  required?: boolean;
  width: number;
  type?: ColType;
  options?: readonly string[];
  /** the view's field to export when it differs from the input key */
  viewKey?: string;
  example: string | number;
}

export const COLUMNS: Record<ResourceKind, Column[]> = {
  teams: [
    { key: 'name', header: '队伍名称', required: true, width: 26, example: '东西湖区危化品应急救援队' },
    { key: 'unitName', header: '所属单位', aliases: ['单位'], required: true, width: 22, example: '区应急管理局' },
    { key: 'kind', header: '队伍类别', aliases: ['类别'], required: true, width: 12, options: TEAM_KINDS, example: '专业救援队' },
    { key: 'specialty', header: '专业特长', aliases: ['专业'], required: true, width: 24, example: '危化品泄漏处置、堵漏、洗消' },
    { key: 'size', header: '人数', aliases: ['队员人数'], required: true, width: 8, type: 'int', example: 30 },
    { key: 'equipment', header: '主要装备', width: 30, example: '堵漏工具 2 套、防化服 20 套' },
    { key: 'baseAddress', header: '驻地', aliases: ['驻地地址', '地址'], required: true, width: 28, example: '吴家山街道东吴大道 88 号' },
    { key: 'lng', header: '经度', width: 11, type: 'number', example: 114.14 },
    { key: 'lat', header: '纬度', width: 11, type: 'number', example: 30.62 },
    { key: 'contactName', header: '联系人', required: true, width: 10, example: '王磊' },
    { key: 'contactPhone', header: '联系电话', width: 15, example: '13807180001' },
    { key: 'readiness', header: '战备状态', width: 10, options: TEAM_READINESS, example: '待命' },
  ],
  materials: [
    { key: 'name', header: '物资名称', aliases: ['名称'], required: true, width: 20, example: '正压式空气呼吸器' },
    { key: 'category', header: '物资类别', aliases: ['类别'], required: true, width: 12, options: MATERIAL_CATEGORIES, example: '防护用品' },
    { key: 'spec', header: '规格型号', width: 16, example: 'RHZKF6.8/30' },
    { key: 'unitOfMeasure', header: '计量单位', aliases: ['单位'], required: true, width: 9, example: '套' },
    { key: 'quantity', header: '数量', aliases: ['库存数量', '库存'], required: true, width: 9, type: 'number', example: 20 },
    { key: 'minQuantity', header: '最低库存', width: 9, type: 'number', example: 5 },
    { key: 'depot', header: '存放地点', aliases: ['存放位置', '储备库'], required: true, width: 26, example: '区应急物资储备库 A 区' },
    { key: 'lng', header: '经度', width: 11, type: 'number', example: 114.13 },
    { key: 'lat', header: '纬度', width: 11, type: 'number', example: 30.63 },
    { key: 'ownerName', header: '权属单位', aliases: ['所属单位'], required: true, width: 20, example: '区应急管理局' },
    { key: 'contactName', header: '联系人', width: 10, example: '李强' },
    { key: 'contactPhone', header: '联系电话', width: 15, example: '027-83891234' },
    { key: 'expiryDate', header: '有效期至', aliases: ['有效期'], width: 12, type: 'date', example: '2029-06-30' },
  ],
  experts: [
    { key: 'name', header: '姓名', required: true, width: 10, example: '周建国' },
    { key: 'kind', header: '专家类别', aliases: ['类别'], required: true, width: 10, options: EXPERT_KINDS, example: '技术' },
    { key: 'field', header: '专业领域', aliases: ['专业'], required: true, width: 18, example: '危险化学品' },
    { key: 'title', header: '职称', width: 12, example: '高级工程师' },
    { key: 'organisation', header: '工作单位', aliases: ['单位'], required: true, width: 24, example: '武汉化工研究院' },
    { key: 'position', header: '职务', width: 12, example: '副总工程师' },
    { key: 'phone', header: '联系电话', width: 15, example: '13907180002' },
    { key: 'availability', header: '可否调用', aliases: ['状态'], width: 10, options: EXPERT_AVAILABILITY, example: '可调用' },
    { key: 'expertise', header: '擅长方向', aliases: ['专长'], width: 30, example: '液氯、液氨泄漏处置' },
  ],
  regulations: [
    { key: 'title', header: '名称', aliases: ['法规名称', '标题'], required: true, width: 34, example: '生产安全事故应急条例' },
    { key: 'kind', header: '类别', required: true, width: 12, options: REGULATION_KINDS, example: '行政法规' },
    { key: 'level', header: '层级', required: true, width: 8, options: REGULATION_LEVELS, example: '国家' },
    { key: 'issuer', header: '发布机关', required: true, width: 16, example: '国务院' },
    { key: 'docNumber', header: '文号', aliases: ['标准号', '文号或标准号'], width: 18, example: '国务院令第708号' },
    { key: 'issuedOn', header: '发布日期', width: 12, type: 'date', example: '2019-02-17' },
    { key: 'effectiveOn', header: '施行日期', aliases: ['实施日期'], width: 12, type: 'date', example: '2019-04-01' },
    { key: 'status', header: '状态', aliases: ['效力'], width: 8, options: REGULATION_STATUSES, example: '现行' },
    { key: 'fullText', header: '全文', aliases: ['正文'], width: 40, example: '第一条 为了规范生产安全事故应急工作……' },
  ],
  cases: [
    { key: 'title', header: '案例名称', aliases: ['名称'], required: true, width: 30, example: '某化工企业液氯泄漏事故' },
    { key: 'occurredOn', header: '发生日期', required: true, width: 12, type: 'date', example: '2015-08-12' },
    { key: 'place', header: '发生地点', aliases: ['地点'], required: true, width: 20, example: '某市某区化工园区' },
    { key: 'sectorName', header: '行业领域', width: 12, example: '危险化学品' },
    { key: 'accidentType', header: '事故类型', required: true, width: 10, options: ACCIDENT_TYPES, example: '泄漏' },
    { key: 'deaths', header: '死亡人数', width: 8, type: 'int', example: 0 },
    { key: 'injuries', header: '受伤人数', width: 8, type: 'int', example: 3 },
    { key: 'directLoss', header: '直接经济损失（万元）', aliases: ['直接经济损失'], width: 12, type: 'number', example: 120 },
    { key: 'cause', header: '发生原因', required: true, width: 30, example: '阀门密封失效' },
    { key: 'measures', header: '采取措施', width: 30, example: '关阀断料、水幕稀释' },
    { key: 'process', header: '处置过程', width: 30, example: '接警后 10 分钟到场……' },
    { key: 'lessons', header: '主要经验', width: 24, example: '' },
    { key: 'problems', header: '存在问题', width: 24, example: '' },
    { key: 'suggestions', header: '意见建议', width: 24, example: '' },
    { key: 'expertOpinion', header: '专家意见', width: 24, example: '' },
  ],
};

const MAX_IMPORT_ROWS = 20_000;

function normHeader(h: string): string {
  return h.replace(/[\s*＊（(]?必填[）)]?/g, '').replace(/[\s*＊]/g, '').trim();
}

function parseCell(col: Column, v: CellValue | undefined): { value?: unknown; error?: string } {
  const t = cellText(v);
  if (t === '') return {};
  switch (col.type) {
    case 'int':
    case 'number': {
      const x = Number(t.replace(/[,，]/g, ''));
      if (Number.isNaN(x)) return { error: `应为数字，收到“${t}”` };
      if (col.type === 'int' && !Number.isInteger(x)) return { error: `应为整数，收到“${t}”` };
      return { value: x };
    }
    case 'date': {
      if (v instanceof Date) return { value: v.toISOString().slice(0, 10) };
      const d = t
        .replace(/[年/.]/g, '-')
        .replace(/月/g, '-')
        .replace(/日/g, '')
        .replace(/-(\d)(?=-|$)/g, '-0$1');
      return { value: d };
    }
    default:
      return { value: t };
  }
}

/**
 * Import one database from .xlsx: records are created for the importing unit. Nothing is written
 * when a row is wrong unless `skipInvalid`; `dryRun` only checks.
 */
export async function importResources(deps: AppDeps, ctx: RequestContext, kind: ResourceKind, file: Buffer, opts: { skipInvalid: boolean; dryRun: boolean }): Promise<ImportReport> {
  const actor = requireActor(ctx);
  if (!actor.unitId) throw forbidden('只有街道、部门和安委办可以导入应急资源');
  const columns = COLUMNS[kind];
  const sheet = await readSheetRows(file, MAX_IMPORT_ROWS);
  if (sheet.rows.length === 0) throw new AppError('VALIDATION', '文件中没有数据行（第 1 行应为表头，数据从第 2 行开始）');
  const colIndex = new Map<string, number>();
  sheet.header.forEach((h, i) => {
    const n = normHeader(h);
    const col = columns.find((c) => c.header === n || normHeader(c.header) === n || c.aliases?.includes(n));
    if (col && !colIndex.has(col.key)) colIndex.set(col.key, i);
  });
  const missing = columns.filter((c) => c.required && !colIndex.has(c.key)).map((c) => c.header);
  if (missing.length) {
    throw new AppError('VALIDATION', `表头缺少必填列：${missing.join('、')}（请使用“下载导入模板”的表头）`, missing.map((m) => ({ path: m, message: '缺少此列' })));
  }
  const errors: ImportReport['errors'] = [];
  const valid: Record<string, unknown>[] = [];
  const badRows = new Set<number>();
  for (const { rowNumber, cells } of sheet.rows) {
    const obj: Record<string, unknown> = {};
    const rowErrors: ImportReport['errors'] = [];
    for (const col of columns) {
      const i = colIndex.get(col.key);
      if (i === undefined) continue;
      const r = parseCell(col, cells[i]);
      if (r.error) rowErrors.push({ row: rowNumber, column: col.header, value: cellText(cells[i]), reason: r.error });
      else if (r.value !== undefined) obj[col.key] = r.value;
    }
    const parsed = INPUTS[kind].safeParse(obj);
    if (!parsed.success) {
      for (const issue of zodFieldIssues(parsed.error)) {
        const key = issue.path.split('.')[0];
        const col = columns.find((c) => c.key === key);
        if (col && rowErrors.some((e) => e.column === col.header)) continue;
        const i = col ? colIndex.get(col.key) : undefined;
        rowErrors.push({ row: rowNumber, column: col?.header ?? key, value: i === undefined ? '' : cellText(cells[i]), reason: issue.message });
      }
    }
    if (rowErrors.length || !parsed.success) {
      errors.push(...rowErrors);
      badRows.add(rowNumber);
    } else valid.push(parsed.data as Record<string, unknown>);
  }
  const report: ImportReport = { total: sheet.rows.length, valid: valid.length, invalid: badRows.size, created: 0, skipped: 0, committed: false, dryRun: opts.dryRun, errors: errors.slice(0, 5000) };
  if (opts.dryRun || (badRows.size > 0 && !opts.skipInvalid) || valid.length === 0) return report;
  const owner = { regionCode: actor.regionCode, ownerUnitId: actor.unitId, ownerUnitName: actor.unitName ?? actor.displayName };
  await deps.db.transaction(async (tx) => {
    await insertResourcesInTx(deps, tx, ctx, kind, valid, owner, 'import');
  });
  report.created = valid.length;
  report.skipped = badRows.size;
  report.committed = true;
  return report;
}

async function sheetOf(kind: ResourceKind) {
  const wb = await newWorkbook();
  wb.creator = '安治';
  const ws = wb.addWorksheet(RESOURCE_LABELS[kind]);
  ws.columns = COLUMNS[kind].map((c) => ({ header: c.required ? `${c.header}*` : c.header, key: c.key, width: c.width }));
  xlsxHeaderStyle(ws.getRow(1));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return { wb, ws };
}

function addDropdowns(ws: ExcelJS.Worksheet, kind: ResourceKind, lastRow: number) {
  COLUMNS[kind].forEach((c, i) => {
    if (!c.options) return;
    const letter = ws.getColumn(i + 1).letter;
    for (let r = 2; r <= lastRow; r++) {
      ws.getCell(`${letter}${r}`).dataValidation = { type: 'list', allowBlank: !c.required, formulae: [`"${c.options.join(',')}"`] };
    }
  });
}

export async function templateFile(kind: ResourceKind): Promise<Buffer> {
  const { wb, ws } = await sheetOf(kind);
  ws.addRow(Object.fromEntries(COLUMNS[kind].map((c) => [c.key, c.example])));
  addDropdowns(ws, kind, 200);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Export what the list shows (same filter), with the template's columns; phones as the actor may see them. */
export async function exportResources(deps: AppDeps, ctx: RequestContext, kind: ResourceKind, q: Partial<ResourceQuery>): Promise<Buffer> {
  const actor = requireActor(ctx);
  const { wb, ws } = await sheetOf(kind);
  let page = 1;
  let count = 0;
  for (;;) {
    const r = await listResources(deps, ctx, kind, { q: q.q, category: q.category, alert: q.alert, page, pageSize: 500 }, true);
    for (const item of r.items) {
      ws.addRow(Object.fromEntries(COLUMNS[kind].map((c) => [c.key, (item as Record<string, unknown>)[c.viewKey ?? c.key] ?? null])));
    }
    count += r.items.length;
    if (r.items.length < 500 || count >= 100_000) break;
    page++;
  }
  await deps.db.transaction((tx) => recordAudit(tx, ctx, { action: `emergency.${kind}.export`, entity: `emergency_${kind}`, entityId: null, regionCode: actor.regionCode || null, after: { filter: q, rows: count } }));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
