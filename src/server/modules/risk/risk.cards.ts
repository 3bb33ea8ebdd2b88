import type { AlignmentType, Paragraph, TableRow, TextRun } from 'docx';
import type * as Docx from 'docx';
import type { RiskCardView } from '../../../shared/contracts/risk';
import { LEVEL_COLOURS, type RiskLevel } from '../../../shared/risk';
import { docxLib } from '../../platform/docx';

/** The docx package, bound by the rendering function below before any helper here runs (platform/docx.ts). */
let D: typeof Docx;

/**
 * 风险告知卡 / 岗位应急处置卡 as Word (.docx), A4 portrait, for offices that print from Word.
 * The same content as the print view of the web page; the QR code points to the public card page.
 */
const FONT = '宋体';
const run = (text: string, opts: { bold?: boolean; size?: number; color?: string } = {}) => new D.TextRun({ text, bold: opts.bold, size: opts.size ?? 22, color: opts.color, font: FONT });
const para = (children: TextRun[], align?: (typeof AlignmentType)[keyof typeof AlignmentType]) => new D.Paragraph({ children, alignment: align, spacing: { after: 60 } });

function cell(children: Paragraph[], opts: { width: number; fill?: string; span?: number } = { width: 25 }) {
  return new D.TableCell({
    children,
    columnSpan: opts.span,
    width: { size: opts.width, type: D.WidthType.PERCENTAGE },
    verticalAlign: D.VerticalAlign.CENTER,
    shading: opts.fill ? { type: D.ShadingType.CLEAR, color: 'auto', fill: opts.fill } : undefined,
    margins: { top: 80, bottom: 80, left: 100, right: 100 },
  });
}

const label = (text: string) => cell([para([run(text, { bold: true })])], { width: 18, fill: 'F1F5F9' });
const value = (text: string, span = 1, width = 32) => cell([para([run(text || '—')])], { width, span });
const list = (items: string[]) => (items.length ? items.map((t, i) => para([run(`${i + 1}. ${t}`)])) : [para([run('—')])]);

export async function cardDocx(card: RiskCardView): Promise<Buffer> {
  D = await docxLib();
  const QRCode = (await import('qrcode')).default;
  const qr = await QRCode.toBuffer(card.publicUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const colour = card.level ? LEVEL_COLOURS[card.level as RiskLevel] : undefined;
  const levelText = card.level ? `${card.level}风险（${colour!.name}色）` : '未评估';
  const rows: TableRow[] = [
    new D.TableRow({ children: [label('企业名称'), value(card.enterpriseName, 3, 82)] }),
    new D.TableRow({ children: [label('风险点'), value(`${card.point.name}（${card.point.code}）`), label('类型'), value(card.point.kind)] }),
    new D.TableRow({ children: [label('位置'), value(card.point.location), label('管控层级'), value(card.point.controlLevel)] }),
    new D.TableRow({
      children: [
        label('风险等级'),
        cell([para([run(levelText, { bold: true, color: colour?.text.replace('#', '').toUpperCase() })])], { width: 32, fill: colour?.hex.replace('#', '').toUpperCase() }),
        label('责任人'),
        value(card.point.responsiblePerson),
      ],
    }),
  ];
  if (card.type === 'notice') {
    rows.push(new D.TableRow({ children: [label('主要危险有害因素'), cell(list(card.hazardFactors), { width: 82, span: 3 })] }));
    rows.push(new D.TableRow({ children: [label('可能导致的事故'), value(card.accidentTypes.join('、'), 3, 82)] }));
    rows.push(new D.TableRow({ children: [label('管控措施'), cell(list(card.measures.map((m) => `【${m.kind}】${m.content}（${m.responsibleLevel}级）`)), { width: 82, span: 3 })] }));
    rows.push(new D.TableRow({ children: [label('应急处置'), cell(list(card.emergency.steps), { width: 82, span: 3 })] }));
  } else {
    rows.push(new D.TableRow({ children: [label('主要风险'), value(`${card.accidentTypes.join('、')}${card.hazardFactors.length ? `；${card.hazardFactors.join('；')}` : ''}`, 3, 82)] }));
    rows.push(new D.TableRow({ children: [label('应急处置程序'), cell(list(card.emergency.steps), { width: 82, span: 3 })] }));
    rows.push(new D.TableRow({ children: [label('注意事项'), cell(list(card.emergency.cautions), { width: 82, span: 3 })] }));
  }
  rows.push(new D.TableRow({ children: [label('应急电话'), value(`火警 119\u3000急救 120\u3000报警 110${card.emergency.dutyPhone ? `\u3000值班 ${card.emergency.dutyPhone}` : ''}`, 3, 82)] }));
  const doc = new D.Document({
    creator: '安治',
    title: card.title,
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1000, bottom: 1000, left: 1000, right: 1000 } } },
        children: [
          para([run(card.title, { bold: true, size: 40 })], D.AlignmentType.CENTER),
          new D.Table({ rows, width: { size: 100, type: D.WidthType.PERCENTAGE } }),
          para([run(' ')]),
          new D.Paragraph({ alignment: D.AlignmentType.RIGHT, children: [new D.ImageRun({ type: 'png', data: qr, transformation: { width: 110, height: 110 } })] }),
          para([run(`扫码查看：${card.publicUrl}`, { size: 16 })], D.AlignmentType.RIGHT),
          para([run(`评价日期：${card.assessedOn ?? '—'}\u3000生成：${card.generatedAt.slice(0, 10)}`, { size: 16, color: '666666' })], D.AlignmentType.RIGHT),
        ],
      },
    ],
  });
  return D.Packer.toBuffer(doc);
}
