import type { AlignmentType, Paragraph, Table, TextRun } from 'docx';
import type * as Docx from 'docx';
import { DOCUMENT_LABELS, type DocumentKind } from '../../../shared/inspection/rules';
import { formatDateChinese } from '../../../shared/time';
import { docxLib } from '../../platform/docx';

/** The docx package, bound by the rendering function below before any helper here runs (platform/docx.ts). */
let D: typeof Docx;

/**
 * 安全生产执法文书 (应急管理部《安全生产执法文书》式样): the issuing authority's name over the
 * document name, the number (东应急责改〔2026〕12号) on the right, the addressee, the body, the
 * legal basis and remedies, and the signatures/seal with the date. A4, 宋体/仿宋 (substituted by
 * LibreOffice where missing).
 */

export interface EnforcementDocData {
  authority: string;
  number: string;
  issuedOn: string;
  enterpriseName: string;
  address: string;
  legalRep: string;
  /** label/value lines under the addressee (检查时间、地点、检查人员…) */
  fields: [string, string][];
  /** body paragraphs */
  body: string[];
  /** numbered list (problems found, items) */
  list?: string[];
  /** closing paragraphs (basis, remedies) */
  closing?: string[];
  /** signature lines at the end */
  signatures: string[];
}

const MM = 56.6929;
const SONG = { ascii: '宋体', eastAsia: '宋体', hAnsi: '宋体' };
const FANG = { ascii: '仿宋', eastAsia: '仿宋', hAnsi: '仿宋' };

const run = (text: string, o: { size?: number; bold?: boolean; font?: typeof SONG; underline?: boolean } = {}) =>
  new D.TextRun({ text, font: o.font ?? FANG, size: o.size ?? 28, bold: o.bold, underline: o.underline ? {} : undefined });
const para = (children: TextRun[], o: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean; after?: number } = {}) =>
  new D.Paragraph({ children, alignment: o.align, indent: o.indent ? { firstLine: 560 } : undefined, spacing: { line: 440, after: o.after ?? 0 } });

function fieldTable(fields: [string, string][]): Table {
  const NONE = { style: D.BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  return new D.Table({
    width: { size: 100, type: D.WidthType.PERCENTAGE },
    borders: { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE },
    rows: fields.map(
      ([k, v]) =>
        new D.TableRow({
          children: [
            new D.TableCell({ width: { size: 24, type: D.WidthType.PERCENTAGE }, children: [para([run(`${k}：`)])] }),
            new D.TableCell({ width: { size: 76, type: D.WidthType.PERCENTAGE }, children: [para([run(v || '——', { underline: true })])] }),
          ],
        }),
    ),
  });
}

export async function renderEnforcementDocx(kind: DocumentKind, d: EnforcementDocData): Promise<Buffer> {
  D = await docxLib();
  const children: (Paragraph | Table)[] = [
    para([run(d.authority, { size: 36, bold: true, font: SONG })], { align: D.AlignmentType.CENTER }),
    para([run(DOCUMENT_LABELS[kind], { size: 44, bold: true, font: SONG })], { align: D.AlignmentType.CENTER, after: 120 }),
    para([run(d.number)], { align: D.AlignmentType.RIGHT, after: 200 }),
    para([run(`${d.enterpriseName}：`, { bold: true })]),
    fieldTable([['地址', d.address], ['法定代表人（负责人）', d.legalRep], ...d.fields]),
    para([run('')]),
  ];
  for (const p of d.body) children.push(para([run(p)], { indent: true }));
  (d.list ?? []).forEach((x, i) => children.push(para([run(`${i + 1}. ${x}`)], { indent: true })));
  for (const p of d.closing ?? []) children.push(para([run(p)], { indent: true }));
  children.push(para([run('')]));
  for (const s of d.signatures) children.push(para([run(s)]));
  children.push(para([run('')]), para([run(`${d.authority}（印章）`)], { align: D.AlignmentType.RIGHT }), para([run(formatDateChinese(d.issuedOn))], { align: D.AlignmentType.RIGHT }));
  const doc = new D.Document({
    creator: '安治 Anzhi',
    title: `${DOCUMENT_LABELS[kind]} ${d.number}`,
    styles: { default: { document: { run: { font: FANG, size: 28 } } } },
    sections: [
      {
        properties: { page: { size: { width: Math.round(210 * MM), height: Math.round(297 * MM) }, margin: { top: Math.round(30 * MM), bottom: Math.round(28 * MM), left: Math.round(28 * MM), right: Math.round(26 * MM) } } },
        children,
      },
    ],
  });
  return D.Packer.toBuffer(doc);
}
