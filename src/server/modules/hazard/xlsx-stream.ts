import { once } from 'node:events';
import type { Duplex, Writable } from 'node:stream';
import { constants, crc32, createDeflateRaw, deflateRawSync, type ZlibOptions } from 'node:zlib';

/**
 * A minimal streaming .xlsx writer for very large exports: one worksheet of inline strings and
 * numbers, a styled header row, frozen first row, column widths. Rows are turned into XML text
 * directly and deflated into a ZIP stream as they come, with backpressure, so memory stays flat.
 *
 * Why not ExcelJS's WorkbookWriter here: on the 2-core benchmark machine it wrote 100,000 rows ×
 * 21 columns in 7.2 s (4.1 s without styles) — a cell object, a type check and a style lookup per
 * cell — against the 5 s budget of the whole export. This writer does the same rows in well under
 * a second. ExcelJS still writes every other workbook of the module (reports, templates).
 */
export interface XlsxColumn {
  header: string;
  width: number;
  /**
   * A column of few distinct values (a street, a status, an enterprise's name): its text goes once
   * into the shared string table and each cell holds its index, as Excel itself writes them.
   */
  shared?: boolean;
}

/**
 * Distinct texts kept in the shared string table at most; later new texts are written inline. A
 * bound on memory for a column that turns out to be less repetitive than declared.
 */
const MAX_SHARED = 100_000;

export type XlsxCell = string | number | null | undefined;

// XML 1.0 forbids most control characters; drop them (they cannot be stored in a cell anyway).
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
export function xmlText(s: string): string {
  return NEEDS_ESCAPE.test(s) ? s.replace(INVALID_XML, '').replace(/[&<>"]/g, (c) => ESC[c]) : s;
}

/** Resolves when the stream drains; rejects if it closes first (the client went away). */
function drained(s: Writable | Duplex): Promise<void> {
  if (s.destroyed) return Promise.reject(new Error('输出流已关闭'));
  return new Promise((resolve, reject) => {
    const done = () => {
      s.off('drain', done);
      s.off('close', closed);
      resolve();
    };
    const closed = () => {
      s.off('drain', done);
      s.off('close', closed);
      reject(new Error('输出流已关闭'));
    };
    s.on('drain', done);
    s.on('close', closed);
  });
}

function colName(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Text whose whitespace must be kept as written: leading or trailing, runs, tabs and line breaks. */
const SPACES = /^\s|\s$|\s\s|[\t\n\r]/;
/**
 * Any character that needs a closer look: whitespace (for SPACES), XML's specials, control
 * characters. Most cells have none, and one scan for a character class is several times cheaper
 * than SPACES' alternatives tried at every position (the two tests were 13 % of the writer).
 */
const NOT_PLAIN = /[\s&<>"\u0000-\u001f\ufffe\uffff]/;

/** A text as its <t> element (of an inline string or a shared one), escaped and marked as needed. */
function textElement(v: string): string {
  if (!NOT_PLAIN.test(v)) return `<t>${v}</t>`;
  return `${SPACES.test(v) ? '<t xml:space="preserve">' : '<t>'}${xmlText(v)}</t>`;
}

/**
 * Bytes of encoded XML handed to the deflater at a time. Each row's XML is encoded straight into
 * this buffer (Buffer.write), so no joined string is built and copied per flush: gathering rows as
 * strings, joining and encoding them was a fifth of the writer's time (measured: 100,000 ledger
 * rows 1.45 → 1.15 s of the main thread, with the one-scan test below). A buffer is outside V8's
 * heap, so its size does not make large-object garbage as a 64K-character string did.
 */
const CHUNK_BYTES = 64 * 1024;
/**
 * Encoded XML queued for the deflater (which runs on the thread pool) before a flush waits for it.
 * At the stream default (16 KB) every flush waited for the previous chunk's deflate, so building the
 * XML and compressing it took turns instead of overlapping.
 */
const DEFLATE_QUEUE_BYTES = 256 * 1024;

interface Entry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  method: number;
}

const DOS_TIME = (() => {
  const d = new Date();
  const time = (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2);
  const date = ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate();
  return { time, date };
})();

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
// Style 0: default (宋体 11); style 1: the header (bold, light fill, thin border, centred, wrapped).
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="宋体"/><family val="2"/></font><font><b/><sz val="11"/><name val="宋体"/><family val="2"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF7"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

export class XlsxStreamWriter {
  private offset = 0;
  private readonly entries: Entry[] = [];
  private readonly cols: string[];
  private readonly sharedCols: boolean[];
  private readonly sst = new Map<string, number>();
  private sstRefs = 0;
  private rowNo = 0;
  /** The sheet's XML, encoded as it is written: handed to the deflater (and replaced) when full. */
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  // zlib hands its options to its Transform stream as well (the types declare only zlib's own).
  private deflate = createDeflateRaw({ level: 1, strategy: constants.Z_DEFAULT_STRATEGY, writableHighWaterMark: DEFLATE_QUEUE_BYTES } as ZlibOptions);
  private sheet!: Entry;
  private sheetCrc = 0;
  private sheetSize = 0;
  private sheetCompressed = 0;
  private deflateDone!: Promise<void>;

  constructor(
    private readonly out: Writable,
    private readonly opts: { sheetName: string; columns: XlsxColumn[]; creator?: string },
  ) {
    this.cols = opts.columns.map((_, i) => colName(i));
    this.sharedCols = opts.columns.map((c) => !!c.shared);
  }

  private async emit(b: Buffer): Promise<void> {
    this.offset += b.length;
    if (!this.out.write(b)) await drained(this.out);
  }

  private async storeEntry(name: string, text: string): Promise<void> {
    const data = Buffer.from(text, 'utf8');
    const comp = deflateRawSync(data);
    const e: Entry = { name: Buffer.from(name, 'utf8'), crc: crc32(data), compressed: comp.length, size: data.length, offset: this.offset, method: 8 };
    this.entries.push(e);
    await this.emit(this.localHeader(e, false));
    await this.emit(comp);
  }

  private localHeader(e: Entry, streamed: boolean): Buffer {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    // bit 3: sizes and CRC follow the data (streamed entry); bit 11: UTF-8 names
    h.writeUInt16LE((streamed ? 0x0008 : 0) | 0x0800, 6);
    h.writeUInt16LE(e.method, 8);
    h.writeUInt16LE(DOS_TIME.time, 10);
    h.writeUInt16LE(DOS_TIME.date, 12);
    h.writeUInt32LE(streamed ? 0 : e.crc, 14);
    h.writeUInt32LE(streamed ? 0 : e.compressed, 18);
    h.writeUInt32LE(streamed ? 0 : e.size, 22);
    h.writeUInt16LE(e.name.length, 26);
    h.writeUInt16LE(0, 28);
    return Buffer.concat([h, e.name]);
  }

  /** Package parts, then the sheet's head and the header row. */
  async start(): Promise<void> {
    const esc = xmlText(this.opts.sheetName);
    await this.storeEntry('[Content_Types].xml', CONTENT_TYPES);
    await this.storeEntry('_rels/.rels', ROOT_RELS);
    await this.storeEntry(
      'docProps/app.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>${xmlText(this.opts.creator ?? '安治 Anzhi')}</Application></Properties>`,
    );
    await this.storeEntry(
      'docProps/core.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>${xmlText(this.opts.creator ?? '安治 Anzhi')}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}</dcterms:created></cp:coreProperties>`,
    );
    await this.storeEntry(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${esc}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    );
    await this.storeEntry('xl/_rels/workbook.xml.rels', WORKBOOK_RELS);
    await this.storeEntry('xl/styles.xml', STYLES);
    this.sheet = { name: Buffer.from('xl/worksheets/sheet1.xml', 'utf8'), crc: 0, compressed: 0, size: 0, offset: this.offset, method: 8 };
    await this.emit(this.localHeader(this.sheet, true));
    // Compressed bytes go to the output as the deflater produces them, pausing it when the output is full.
    this.deflate.on('data', (c: Buffer) => {
      this.sheetCompressed += c.length;
      this.offset += c.length;
      if (!this.out.write(c)) {
        this.deflate.pause();
        this.out.once('drain', () => this.deflate.resume());
      }
    });
    this.deflateDone = once(this.deflate, 'end').then(() => undefined);
    // A client that goes away stops the export instead of leaving it waiting for a drain.
    this.out.once('close', () => this.deflate.destroy());
    const cols = this.opts.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('');
    await this.text(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`,
    );
    await this.addRow(
      this.opts.columns.map((c) => c.header),
      1,
    );
  }

  /**
   * Encode XML text into the chunk; a text that may not fit goes in after a flush, or alone if it
   * is larger than a chunk. A returned promise must be awaited before the next text.
   */
  private text(s: string): Promise<void> | undefined {
    // UTF-8 takes at most three bytes per UTF-16 unit.
    if (this.used + s.length * 3 <= this.chunk.length) {
      this.used += this.chunk.write(s, this.used, 'utf8');
      return undefined;
    }
    return this.flush().then(() => {
      if (s.length * 3 <= this.chunk.length) this.used += this.chunk.write(s, this.used, 'utf8');
      else return this.deflateBytes(Buffer.from(s, 'utf8'));
    });
  }

  private async flush(): Promise<void> {
    if (!this.used) return;
    const data = this.chunk.subarray(0, this.used);
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    await this.deflateBytes(data);
  }

  private async deflateBytes(data: Buffer): Promise<void> {
    this.sheetCrc = crc32(data, this.sheetCrc);
    this.sheetSize += data.length;
    if (!this.deflate.write(data)) await drained(this.deflate);
  }

  /**
   * One row; strings as inline strings, numbers as numbers, null/undefined as empty cells. Returns a
   * promise only when the row filled the buffer (then await it: that is the backpressure).
   * `xml:space="preserve"` only on text whose spaces a reader could otherwise trim (Excel trims
   * leading and trailing ones): every byte of the XML is built, encoded, checksummed and deflated,
   * and the attribute on every cell was ~18 % of a ledger row's XML.
   */
  addRow(cells: XlsxCell[], style = 0): Promise<void> | undefined {
    const r = ++this.rowNo;
    let x = `<row r="${r}"${style ? ' ht="22" customHeight="1"' : ''}>`;
    const s = style ? ` s="${style}"` : '';
    let k: number | undefined;
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      if (v === null || v === undefined || v === '') continue;
      if (typeof v === 'number') {
        if (Number.isFinite(v)) x += `<c r="${this.cols[i]}${r}"${s}><v>${v}</v></c>`;
      } else if (this.sharedCols[i] && !style && (k = this.sharedIndex(v)) !== undefined) x += `<c r="${this.cols[i]}${r}" t="s"><v>${k}</v></c>`;
      else x += `<c r="${this.cols[i]}${r}"${s} t="inlineStr"><is>${textElement(v)}</is></c>`;
    }
    return this.text(`${x}</row>`);
  }

  /** The text's index in the shared string table (added if new and there is room), or undefined. */
  private sharedIndex(v: string): number | undefined {
    let k = this.sst.get(v);
    if (k === undefined && this.sst.size < MAX_SHARED) this.sst.set(v, (k = this.sst.size));
    if (k !== undefined) this.sstRefs++;
    return k;
  }

  private sharedStringsXml(): string {
    const parts = [`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.sstRefs}" uniqueCount="${this.sst.size}">`];
    for (const t of this.sst.keys()) parts.push(`<si>${textElement(t)}</si>`);
    parts.push('</sst>');
    return parts.join('');
  }

  /** Close the sheet, write the shared strings and the ZIP directory; the output stream is ended. */
  async finish(): Promise<void> {
    await this.text('</sheetData></worksheet>');
    await this.flush();
    this.deflate.end();
    await this.deflateDone;
    Object.assign(this.sheet, { crc: this.sheetCrc, size: this.sheetSize, compressed: this.sheetCompressed });
    const dd = Buffer.alloc(16);
    dd.writeUInt32LE(0x08074b50, 0);
    dd.writeUInt32LE(this.sheetCrc >>> 0, 4);
    dd.writeUInt32LE(this.sheetCompressed, 8);
    dd.writeUInt32LE(this.sheetSize, 12);
    await this.emit(dd);
    await this.storeEntry('xl/sharedStrings.xml', this.sharedStringsXml());
    const all = [...this.entries, this.sheet];
    const dirStart = this.offset;
    for (const e of all) {
      const streamed = e === this.sheet;
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4);
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE((streamed ? 0x0008 : 0) | 0x0800, 8);
      h.writeUInt16LE(e.method, 10);
      h.writeUInt16LE(DOS_TIME.time, 12);
      h.writeUInt16LE(DOS_TIME.date, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      await this.emit(Buffer.concat([h, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(all.length, 8);
    end.writeUInt16LE(all.length, 10);
    end.writeUInt32LE(this.offset - dirStart, 12);
    end.writeUInt32LE(dirStart, 16);
    await this.emit(end);
    this.out.end();
  }
}
