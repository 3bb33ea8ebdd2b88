import type ExcelJS from 'exceljs';
import { AppError } from './errors';

/** Shared helpers for the .xlsx files offices exchange (import templates, exports, reports). */

let loading: Promise<typeof ExcelJS> | undefined;
/**
 * ExcelJS, loaded with the first workbook: it costs the server ~29 MB and ~0.2 s that a process
 * which never reads or writes an .xlsx (most requests; the hazard export has its own writer) does
 * not spend at start.
 */
export function excelJs(): Promise<typeof ExcelJS> {
  return (loading ??= import('exceljs').then((m) => m.default));
}

/** A new workbook (ExcelJS loaded on first use). */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  return new (await excelJs()).Workbook();
}

export type CellValue = ExcelJS.CellValue;

/** Text of a cell whatever Excel stored: rich text, hyperlinks, formulas (their result), dates, numbers. */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('').trim();
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('result' in v) return cellText(v.result as CellValue);
    if ('error' in v) return '';
  }
  return String(v).trim();
}

export interface SheetRows {
  sheetName: string;
  header: string[];
  rows: { rowNumber: number; cells: CellValue[] }[];
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

export function isXlsx(buf: Buffer): boolean {
  return buf.length > 4 && ZIP_MAGIC.every((b, i) => buf[i] === b);
}

/** First worksheet: header (row 1) and the non-empty data rows below it. */
export async function readSheetRows(buf: Buffer, maxRows: number): Promise<SheetRows> {
  if (buf.length === 0) throw new AppError('VALIDATION', '上传的文件为空');
  if (OLE_MAGIC.every((b, i) => buf[i] === b)) {
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
  const headerRow = ws.getRow(1);
  const header: string[] = [];
  for (let c = 1; c <= ws.columnCount; c++) header.push(cellText(headerRow.getCell(c).value));
  const rows: SheetRows['rows'] = [];
  let tooMany = false;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: CellValue[] = [];
    let any = false;
    for (let c = 1; c <= header.length; c++) {
      const v = row.getCell(c).value;
      cells.push(v);
      if (cellText(v) !== '') any = true;
    }
    if (!any) return;
    if (rows.length >= maxRows) {
      tooMany = true;
      return;
    }
    rows.push({ rowNumber, cells });
  });
  if (tooMany) throw new AppError('PAYLOAD_TOO_LARGE', `一次最多导入 ${maxRows} 行，请拆分文件后分批导入`);
  return { sheetName: ws.name, header, rows };
}

/** Bold header with a light fill, as offices expect of a 台账. */
export function xlsxHeaderStyle(row: ExcelJS.Row): void {
  row.font = { bold: true, name: '宋体', size: 11 };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.height = 22;
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
  });
}

/** Content-Disposition with a Chinese file name (RFC 5987), safe for every browser. */
export function attachmentHeader(fileName: string, inline = false): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export { XLSX_MIME, DOCX_MIME } from '../../shared/contracts/endpoint';
