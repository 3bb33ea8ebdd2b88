import { randomBytes } from 'node:crypto';
import type ExcelJS from 'exceljs';
import { requireActor, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { cellText, type CellValue, isXlsx, newWorkbook, xlsxHeaderStyle } from '../../platform/excel';
import { AppError, invalidField, zodFieldIssues } from '../../platform/errors';
import { ChecklistItemInput, VERSION_STATUS_LABELS, type TemplateVersionView } from '../../../shared/contracts/checklist';
import { formatMajorCell, parseMajorCell } from '../../../shared/checklist/major';
import { listSectors } from '../org';
import * as repo from './checklist.repo';
import { AUDIT_ENTITY, getVersion, mayEdit, validateItems } from './checklist.service';

/**
 * The office layout of a 检查清单 (市安委办 template): a title, the scope line, the two
 * explanations (说明一 检查依据 / 说明二 检查方法及判定标准), then the three-level directory with one
 * row per 检查要点: 序号 | 类别 | 项目 | 检查要点 | 检查依据 | 检查方法及判定标准 | 是否重大隐患判定项.
 * Export and import share the columns, so export → edit in Excel → import gives the same items.
 * A checklist is at most 2000 rows, so the workbook is built in memory (merged cells need it).
 */
interface Column {
  key: 'seq' | 'category' | 'project' | 'point' | 'basis' | 'method' | 'major';
  header: string;
  aliases: string[];
  required: boolean;
  width: number;
}

export const CHECKLIST_COLUMNS: Column[] = [
  { key: 'seq', header: '序号', aliases: ['编号', '序'], required: false, width: 6 },
  { key: 'category', header: '类别', aliases: ['一级目录', '检查类别', '大类'], required: true, width: 14 },
  { key: 'project', header: '项目', aliases: ['二级目录', '检查项目', '检查项'], required: true, width: 16 },
  { key: 'point', header: '检查要点', aliases: ['三级目录', '检查内容', '检查标准', '检查要求'], required: true, width: 46 },
  { key: 'basis', header: '检查依据', aliases: ['依据', '法律法规依据', '依据条款'], required: true, width: 36 },
  { key: 'method', header: '检查方法及判定标准', aliases: ['检查方法及判定', '检查方法', '方法/判定', '检查方法和判定标准', '判定标准'], required: true, width: 48 },
  { key: 'major', header: '是否重大隐患判定项', aliases: ['重大隐患判定项', '是否重大隐患', '重大隐患', '是否为重大隐患判定项'], required: false, width: 30 },
];

const MAX_ROWS = 2000;
const thin = { style: 'thin' as const };
const border = { top: thin, bottom: thin, left: thin, right: thin };

function normHeader(h: string): string {
  return h.replace(/[\s*＊]/g, '').replace(/（必填）|\(必填\)/g, '').trim();
}

function addPreamble(ws: ExcelJS.Worksheet, v: { name: string; sectorName: string; applicability: string; basisNote: string; methodNote: string; versionLine: string }) {
  const last = CHECKLIST_COLUMNS.length;
  const total = CHECKLIST_COLUMNS.reduce((n, c) => n + c.width, 0);
  const line = (row: number, text: string, opts: { bold?: boolean; size?: number; height?: number; center?: boolean }) => {
    ws.mergeCells(row, 1, row, last);
    const c = ws.getCell(row, 1);
    c.value = text;
    c.font = { name: '宋体', bold: !!opts.bold, size: opts.size ?? 10 };
    c.alignment = { vertical: 'middle', horizontal: opts.center ? 'center' : 'left', wrapText: true };
    ws.getRow(row).height = opts.height ?? wrappedHeight([{ text, width: total }]);
  };
  line(1, v.name, { bold: true, size: 16, height: 30, center: true });
  line(2, `行业领域：${v.sectorName}\u3000\u3000${v.versionLine}\u3000\u3000适用范围：${v.applicability || '—'}`, {});
  line(3, v.basisNote || '说明一（检查依据）：', {});
  line(4, v.methodNote || '说明二（检查方法及判定标准）：', {});
}

/** Display width of text in Excel column units (a CJK character is about two). */
function textUnits(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u2e80-\uffff]/.test(ch) ? 2 : 1.1;
  return n;
}

/**
 * Row height (points) for wrapped text: not every spreadsheet program fits rows on open (LibreOffice
 * keeps the default height), so the height is set from the longest cell.
 */
function wrappedHeight(cells: { text: string; width: number }[], lineHeight = 13.5): number {
  const lines = Math.max(1, ...cells.map((c) => c.text.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(textUnits(part) / Math.max(1, c.width - 1.5))), 0)));
  return Math.min(409, lines * lineHeight + 4);
}

function styleItemRows(ws: ExcelJS.Worksheet, first: number, lastRow: number) {
  for (let r = first; r <= lastRow; r++) {
    const row = ws.getRow(r);
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      if (col > CHECKLIST_COLUMNS.length) return;
      cell.border = border;
      cell.font = { name: '宋体', size: 10 };
      cell.alignment = { vertical: 'middle', horizontal: col === 1 ? 'center' : 'left', wrapText: true };
    });
  }
}

/** Merge 类别 / 项目 cells down over consecutive equal values (the three-level directory). */
function mergeDirectory(ws: ExcelJS.Worksheet, first: number, items: { category: string; project: string }[]) {
  const run = (col: number, same: (a: number, b: number) => boolean) => {
    let start = 0;
    for (let i = 1; i <= items.length; i++) {
      if (i === items.length || !same(start, i)) {
        if (i - 1 > start) ws.mergeCells(first + start, col, first + i - 1, col);
        start = i;
      }
    }
  };
  run(2, (a, b) => items[a].category === items[b].category);
  run(3, (a, b) => items[a].category === items[b].category && items[a].project === items[b].project);
}

export async function buildChecklistWorkbook(v: Pick<TemplateVersionView, 'name' | 'sectorName' | 'applicability' | 'basisNote' | 'methodNote' | 'version' | 'status' | 'itemCount' | 'majorCount' | 'items'>): Promise<ExcelJS.Workbook> {
  const wb = await newWorkbook();
  wb.creator = '安治 Anzhi';
  const ws = wb.addWorksheet('检查清单', {
    // A4 landscape, one page wide; rows run onto as many pages as needed (fitToHeight 0 means
    // "automatic" to Excel but "1 page" to LibreOffice, so a generous page count is given instead).
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 200, printTitlesRow: '5:5', margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 } },
  });
  ws.columns = CHECKLIST_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  addPreamble(ws, {
    name: v.name,
    sectorName: v.sectorName,
    applicability: v.applicability,
    basisNote: v.basisNote,
    methodNote: v.methodNote,
    versionLine: `版本：第 ${v.version} 版（${VERSION_STATUS_LABELS[v.status]}）\u3000检查项 ${v.itemCount} 项，其中重大隐患判定项 ${v.majorCount} 项`,
  });
  const header = ws.getRow(5);
  CHECKLIST_COLUMNS.forEach((c, i) => (header.getCell(i + 1).value = c.header));
  xlsxHeaderStyle(header);
  v.items.forEach((it, i) => {
    const values = [i + 1, it.category, it.project, it.point, it.basis, it.method, formatMajorCell(it.major ? { standard: it.major.standard, item: it.major.item } : null)];
    const row = ws.getRow(6 + i);
    row.values = values;
    // 类别/项目 are merged over several rows: they do not decide the height of one row.
    row.height = wrappedHeight(values.slice(3).map((x, k) => ({ text: String(x), width: CHECKLIST_COLUMNS[k + 3].width })));
  });
  styleItemRows(ws, 6, 5 + v.items.length);
  mergeDirectory(ws, 6, v.items);
  ws.views = [{ state: 'frozen', ySplit: 5 }];
  return wb;
}

export async function exportVersion(deps: AppDeps, ctx: RequestContext, versionId: string): Promise<{ buffer: Buffer; fileName: string }> {
  const v = await getVersion(deps, ctx, versionId);
  const wb = await buildChecklistWorkbook(v);
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await deps.db.transaction((tx) => recordAudit(tx, ctx, { action: 'checklist.export', entity: AUDIT_ENTITY, entityId: v.templateId, regionCode: null, after: { version: v.version, items: v.itemCount } }));
  return { buffer, fileName: `${v.name}（第${v.version}版）.xlsx` };
}

/** A blank sheet in the office layout with two example rows. */
export async function checklistTemplateWorkbook(): Promise<Buffer> {
  const wb = await buildChecklistWorkbook({
    name: '××检查清单',
    sectorName: '（请填写行业领域，如：危险化学品）',
    applicability: '（请填写适用范围）',
    basisNote: '说明一（检查依据）：列出检查要点所依据的法律法规和标准条款；不确定条款号的，只写文件名称。',
    methodNote: '说明二（检查方法及判定标准）：写明查资料、查现场或问询的方法，以及判为“不合格”的情形。“是否重大隐患判定项”填“否”，或填“是：《判定标准名称》第×条第×项”。',
    version: 1,
    status: 'draft',
    itemCount: 2,
    majorCount: 1,
    items: [
      { id: '', seq: 1, category: '基础管理', project: '全员安全生产责任制', point: '建立与岗位相匹配的全员安全生产责任制，明确各岗位的责任人员、责任范围和考核标准。', basis: '《中华人民共和国安全生产法》第四条、第二十二条', method: '查资料：抽查责任制文本和考核记录。判定：未建立或与岗位不匹配的，判为不合格。', major: { standard: 'hazchem-2017', item: '16', label: '', standardName: '', number: '', text: '' } },
      { id: '', seq: 2, category: '基础管理', project: '安全警示标志', point: '在有较大危险因素的场所和设施设备上设置明显的安全警示标志。', basis: '《中华人民共和国安全生产法》第三十五条', method: '查现场。判定：应设未设的，判为不合格。', major: null },
    ],
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------- import ----------

export type { ChecklistImportIssue, ChecklistImportReport } from '../../../shared/contracts/checklist';
import type { ChecklistImportIssue, ChecklistImportReport } from '../../../shared/contracts/checklist';

interface ParsedSheet {
  name: string | null;
  sectorText: string | null;
  applicability: string | null;
  basisNote: string | null;
  methodNote: string | null;
  items: ChecklistItemInput[];
  total: number;
  errors: ChecklistImportIssue[];
}

/** Read a checklist sheet (office layout or a bare header row): row-by-row validation. */
export async function parseChecklistWorkbook(buf: Buffer): Promise<ParsedSheet> {
  if (buf.length === 0) throw new AppError('VALIDATION', '上传的文件为空');
  if (buf.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '这是旧版 Excel 97-2003 (.xls) 文件，请在 Excel 中“另存为” .xlsx 后再上传');
  }
  if (!isXlsx(buf)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '文件不是有效的 Excel (.xlsx) 文件');
  const wb = await newWorkbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new AppError('VALIDATION', '无法读取该 Excel 文件（文件已损坏或不是 .xlsx 格式）');
  }
  const ws = wb.worksheets.find((w) => w.state !== 'hidden' && w.state !== 'veryHidden') ?? wb.worksheets[0];
  if (!ws) throw new AppError('VALIDATION', 'Excel 文件中没有工作表');
  // The header row is the first row (within the first 15) naming the 检查要点 column.
  let headerRow = 0;
  const colIndex = new Map<Column['key'], number>();
  for (let r = 1; r <= Math.min(15, ws.rowCount); r++) {
    const found = new Map<Column['key'], number>();
    const row = ws.getRow(r);
    for (let c = 1; c <= Math.max(ws.columnCount, CHECKLIST_COLUMNS.length); c++) {
      const h = normHeader(cellText(row.getCell(c).value));
      const col = CHECKLIST_COLUMNS.find((x) => x.header === h || x.aliases.includes(h));
      if (col && !found.has(col.key)) found.set(col.key, c);
    }
    if (found.has('point')) {
      headerRow = r;
      found.forEach((v, k) => colIndex.set(k, v));
      break;
    }
  }
  if (!headerRow) throw new AppError('VALIDATION', '未找到表头行：前 15 行中应有“检查要点”等列（请使用“下载导入模板”的格式）');
  const missing = CHECKLIST_COLUMNS.filter((c) => c.required && !colIndex.has(c.key)).map((c) => c.header);
  if (missing.length) {
    throw new AppError('VALIDATION', `表头缺少必填列：${missing.join('、')}`, missing.map((m) => ({ path: m, message: '缺少此列' })));
  }
  // Preamble above the header: title, scope line, 说明一, 说明二.
  let name: string | null = null;
  let sectorText: string | null = null;
  let applicability: string | null = null;
  let basisNote: string | null = null;
  let methodNote: string | null = null;
  for (let r = 1; r < headerRow; r++) {
    const t = cellText(ws.getRow(r).getCell(1).value);
    if (!t) continue;
    if (/^说明一|检查依据[）)]?[:：]/.test(t) && !basisNote) basisNote = t;
    else if (/^说明二/.test(t) && !methodNote) methodNote = t;
    else if (/^行业领域[:：]/.test(t)) {
      sectorText = /^行业领域[:：]\s*([^\s\u3000]+)/.exec(t)?.[1] ?? null;
      applicability = /适用范围[:：]\s*(.*)$/.exec(t)?.[1]?.trim() ?? null;
      if (applicability === '—') applicability = '';
    } else if (!name) name = t.replace(/[（(]第\s*\d+\s*版[）)]$/, '').trim();
  }

  const errors: ChecklistImportIssue[] = [];
  const items: ChecklistItemInput[] = [];
  let total = 0;
  let prevCategory = '';
  let prevProject = '';
  const header = (k: Column['key']) => CHECKLIST_COLUMNS.find((c) => c.key === k)!.header;
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const get = (k: Column['key']): CellValue | undefined => {
      const c = colIndex.get(k);
      return c ? row.getCell(c).value : undefined;
    };
    const text = (k: Column['key']) => cellText(get(k));
    const content = (['category', 'project', 'point', 'basis', 'method', 'major'] as const).map(text);
    if (content.every((x) => x === '')) continue;
    total++;
    if (total > MAX_ROWS) throw new AppError('PAYLOAD_TOO_LARGE', `一个清单最多 ${MAX_ROWS} 项，请拆分后导入`);
    const rowErrors: ChecklistImportIssue[] = [];
    const bad = (k: Column['key'], reason: string) => rowErrors.push({ row: r, column: header(k), value: text(k).slice(0, 200), reason });
    // Merged (or left blank) 类别/项目 cells continue the group above.
    let category = text('category');
    let project = text('project');
    if (!category) category = prevCategory;
    if (!project && category === prevCategory) project = prevProject;
    if (!category) bad('category', '必填（第一项的类别不能为空）');
    if (!project) bad('project', '必填');
    const major = parseMajorCell(text('major'));
    if (!major.ok) bad('major', major.message);
    const obj = { category, project, point: text('point'), basis: text('basis'), method: text('method'), major: major.ok ? major.ref : null };
    const parsed = ChecklistItemInput.safeParse(obj);
    if (!parsed.success) {
      for (const issue of zodFieldIssues(parsed.error)) {
        const k = issue.path.split('.')[0] as Column['key'];
        if (rowErrors.some((e) => e.column === header(k))) continue;
        if (CHECKLIST_COLUMNS.some((c) => c.key === k)) bad(k, issue.message);
        else rowErrors.push({ row: r, column: issue.path, value: '', reason: issue.message });
      }
    }
    if (rowErrors.length) errors.push(...rowErrors);
    else if (parsed.success) items.push(parsed.data);
    prevCategory = category;
    prevProject = project;
  }
  if (total === 0) throw new AppError('VALIDATION', '表头下没有检查项数据行');
  return { name, sectorText, applicability, basisNote, methodNote, items, total, errors };
}

const ImportTargetError = (m: string) => new AppError('VALIDATION', m);

/**
 * Import a checklist from .xlsx. Into an existing template (templateId): its open draft's items are
 * replaced (a new draft is opened from the current version if there is none). Without templateId:
 * a new template (sector and name from the query, or from the sheet's scope line and title).
 * Every row is checked first; nothing is written unless all rows are valid, or when dryRun.
 */
export async function importChecklist(
  deps: AppDeps,
  ctx: RequestContext,
  file: Buffer,
  opts: { templateId?: string; sector?: string; name?: string; dryRun: boolean },
): Promise<ChecklistImportReport> {
  const actor = requireActor(ctx);
  const sheet = await parseChecklistWorkbook(file);
  const sectors = await listSectors(deps.db);
  let sector: string | null = null;
  let template: repo.TemplateRow | undefined;
  if (opts.templateId) {
    template = await repo.findTemplate(deps.db, opts.templateId);
    if (!template || (!template.currentVersionId && !mayEdit(actor, template.sector))) throw ImportTargetError('目标清单不存在或无权访问');
    sector = template.sector;
  } else {
    const s = opts.sector ?? sheet.sectorText ?? '';
    sector = sectors.find((x) => x.code === s || x.name === s)?.code ?? null;
    if (!sector) throw invalidField('sector', s ? `行业领域“${s}”不存在` : '新建清单须指定行业领域（sector 参数，或表格第 2 行“行业领域：××”）');
  }
  if (!mayEdit(actor, sector)) throw new AppError('FORBIDDEN', '只能导入本部门监管行业领域的检查清单');
  const name = opts.name ?? sheet.name ?? null;
  if (!template && (!name || name.length < 2)) throw invalidField('name', '新建清单须有名称（name 参数，或表格第 1 行标题）');
  const invalidRows = new Set(sheet.errors.map((e) => e.row)).size;
  const report: ChecklistImportReport = {
    total: sheet.total,
    valid: sheet.items.length,
    invalid: invalidRows,
    majorCount: sheet.items.filter((i) => i.major).length,
    categories: [...new Set(sheet.items.map((i) => i.category))],
    errors: sheet.errors.slice(0, 2000),
    dryRun: opts.dryRun,
    committed: false,
    templateId: template?.id ?? null,
    versionId: null,
    name,
    sector,
  };
  if (opts.dryRun || invalidRows > 0) return report;

  const { values } = validateItems(sheet.items);
  const result = await deps.db.transaction(async (tx) => {
    let t = template ? await repo.lockTemplate(tx, template.id) : undefined;
    let draft: repo.VersionRow | undefined;
    if (t) {
      draft = await repo.findDraft(tx, t.id);
      if (!draft) {
        const next = t.latestVersion + 1;
        const src = t.currentVersionId ? (await repo.findVersion(tx, t.currentVersionId))?.v : undefined;
        draft = await repo.insertVersion(tx, {
          templateId: t.id,
          version: next,
          status: 'draft',
          name: src?.name ?? name ?? t.code,
          applicability: src?.applicability ?? '',
          basisNote: src?.basisNote ?? '',
          methodNote: src?.methodNote ?? '',
          createdBy: actor.userId,
        });
        t = await repo.updateTemplateRow(tx, t.id, { latestVersion: next });
      }
    } else {
      const code = `${sector}-${randomBytes(5).toString('hex')}`;
      t = await repo.insertTemplate(tx, { code, sector: sector!, regionCode: actor.regionCode.slice(0, 6), ownerUnitId: actor.unitId, createdBy: actor.userId });
      draft = await repo.insertVersion(tx, { templateId: t.id, version: 1, status: 'draft', name: name!, createdBy: actor.userId });
    }
    await repo.replaceItems(tx, draft.id, values);
    const patch: Partial<repo.VersionRow> = { itemCount: values.length, majorCount: values.filter((v) => v.majorStandard).length, rev: draft.rev + 1 };
    if (sheet.applicability) patch.applicability = sheet.applicability;
    if (sheet.basisNote) patch.basisNote = sheet.basisNote;
    if (sheet.methodNote) patch.methodNote = sheet.methodNote;
    if (opts.name) patch.name = opts.name;
    await repo.updateVersionRow(tx, draft.id, patch);
    await recordAudit(tx, ctx, { action: 'checklist.import', entity: AUDIT_ENTITY, entityId: t.id, regionCode: t.regionCode, after: { version: draft.version, items: values.length, majors: patch.majorCount } });
    return { templateId: t.id, versionId: draft.id };
  });
  return { ...report, committed: true, ...result };
}
