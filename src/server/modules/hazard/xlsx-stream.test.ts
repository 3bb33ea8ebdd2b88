import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { XlsxStreamWriter } from './xlsx-stream';

async function write(rows: (string | number | null)[][]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((r) => out.on('end', r));
  const xw = new XlsxStreamWriter(out, { sheetName: '隐患台账', columns: [{ header: '甲', width: 10 }, { header: '乙', width: 10 }, { header: '丙', width: 10 }] });
  await xw.start();
  for (const r of rows) await xw.addRow(r);
  await xw.finish();
  await done;
  return Buffer.concat(chunks);
}

describe('XlsxStreamWriter', () => {
  // (ExcelJS, openpyxl and LibreOffice keep a text's spaces even without xml:space="preserve"; Excel
  // trims leading and trailing ones, so the writer marks such text — not checkable here.)
  it('keeps text as written: leading, trailing and repeated spaces, line breaks, tabs, XML characters', async () => {
    const texts = ['  前导空格', '尾随空格 ', '两个  空格', '第一行\n第二行', '制表\t符', '<a & "b">', '普通文本'];
    const rows: (string | number | null)[][] = texts.map((t, i) => [t, i % 2 ? null : i, `第${i}行`]);
    // Enough rows to pass several flushes of the buffer.
    for (let i = 0; i < 3000; i++) rows.push([`隐患描述第${i}条：消防通道堵塞，需立即清理。`, i, null]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await write(rows)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).values).toEqual([undefined, '甲', '乙', '丙']);
    texts.forEach((t, i) => {
      const row = ws.getRow(i + 2);
      expect(row.getCell(1).value).toBe(t);
      expect(row.getCell(2).value).toBe(i % 2 ? null : i);
      expect(row.getCell(3).value).toBe(`第${i}行`);
    });
    expect(ws.rowCount).toBe(1 + texts.length + 3000);
    expect(ws.getRow(ws.rowCount).getCell(1).value).toBe('隐患描述第2999条：消防通道堵塞，需立即清理。');
  });
});
