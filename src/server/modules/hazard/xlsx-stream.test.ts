import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { inflateRawSync } from 'node:zlib';
import { XlsxStreamWriter, type XlsxColumn } from './xlsx-stream';

const COLS: XlsxColumn[] = [{ header: '甲', width: 10 }, { header: '乙', width: 10 }, { header: '丙', width: 10 }];

async function write(rows: (string | number | null)[][], columns = COLS): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((r) => out.on('end', r));
  const xw = new XlsxStreamWriter(out, { sheetName: '隐患台账', columns });
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

  it('writes a cell larger than its encoding buffer whole, between rows that fill it', async () => {
    // 30,000 Chinese characters are 90,000 bytes of UTF-8: more than a 64 KB chunk.
    const huge = '隐'.repeat(29_999) + '患';
    const rows: (string | number | null)[][] = [];
    for (let i = 0; i < 200; i++) rows.push([`前${i}：储罐区液位计显示异常 & 报警失效`, i, null]);
    rows.push([huge, -1, '大']);
    for (let i = 0; i < 200; i++) rows.push([`后${i}`, i, '<x>']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await write(rows)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(1 + 401);
    expect(ws.getRow(2).getCell(1).value).toBe('前0：储罐区液位计显示异常 & 报警失效');
    expect(ws.getRow(201).getCell(1).value).toBe('前199：储罐区液位计显示异常 & 报警失效');
    expect(ws.getRow(202).values).toEqual([undefined, huge, -1, '大']);
    expect(ws.getRow(203).values).toEqual([undefined, '后0', 0, '<x>']);
    expect(ws.getRow(402).values).toEqual([undefined, '后199', 199, '<x>']);
  });

  it('writes a shared column\'s texts once, in the shared string table, and reads back the same cells', async () => {
    const texts = ['将军路街道', '  前导空格', '<a & "b">', '第一行\n第二行', '将军路街道'];
    const rows: (string | number | null)[][] = [];
    for (let i = 0; i < 2000; i++) rows.push([texts[i % texts.length], i, `描述${i}`]);
    const file = await write(rows, [{ header: '属地', width: 10, shared: true }, { header: '序号', width: 6, shared: true }, { header: '描述', width: 20 }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).values).toEqual([undefined, '属地', '序号', '描述']);
    for (const n of [2, 3, 4, 5, 6, 2001]) expect(ws.getRow(n).values).toEqual([undefined, texts[(n - 2) % texts.length], n - 2, `描述${n - 2}`]);
    // Four distinct texts for 2,000 cells; numbers and the other column stay in the sheet.
    const sst = zipEntry(file, 'xl/sharedStrings.xml');
    expect(sst).toContain('count="2000" uniqueCount="4"');
    expect(sst).toContain('<si><t xml:space="preserve">  前导空格</t></si>');
    expect(sst).toContain('<si><t>&lt;a &amp; &quot;b&quot;&gt;</t></si>');
    expect(zipEntry(file, 'xl/worksheets/sheet1.xml')).toContain('<c r="A2" t="s"><v>0</v></c><c r="B2"><v>0</v></c><c r="C2" t="inlineStr"><is><t>描述0</t></is></c>');
  });
});

/** One entry of a ZIP written by the writer (local header, deflated data, sizes from the central directory). */
function zipEntry(zip: Buffer, name: string): string {
  for (let at = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])), p = zip.readUInt32LE(at + 16), n = zip.readUInt16LE(at + 10); n > 0; n--) {
    const nameLen = zip.readUInt16LE(p + 28);
    const entryName = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const compressed = zip.readUInt32LE(p + 20);
    const local = zip.readUInt32LE(p + 42);
    if (entryName === name) {
      const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      return inflateRawSync(zip.subarray(data, data + compressed)).toString('utf8');
    }
    p += 46 + nameLen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  throw new Error(`${name} not in the ZIP`);
}
