import type { AlignmentType, Footer, LineRuleType, PageNumber, Paragraph, TextRun } from 'docx';
import type * as Docx from 'docx';
import type { SummarySection } from '../../../shared/contracts/campaign';
import { formatDateChinese } from '../../../shared/time';
import { docxLib } from '../../platform/docx';

/** The docx package, bound by the rendering function below before any helper here runs (platform/docx.ts). */
let D: typeof Docx;

/**
 * Documents in 公文 layout (GB/T 9704-2012 党政机关公文格式):
 * - A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心 156 × 225 mm);
 * - 标题 2号 (22 pt) 方正小标宋简体, centred; 正文 3号 (16 pt) 仿宋_GB2312, 22 lines a page
 *   (fixed line pitch 28.95 pt), first line indented two characters;
 * - 结构层次序数 一、（一）1.（1）: 第一层 黑体, 第二层 楷体_GB2312, 第三层 仿宋 bold, 第四层 仿宋;
 * - 发文机关署名 and 成文日期 (Arabic numerals, 2026年11月28日) at the end, right side;
 * - 页码 4号 (14 pt) 宋体 "— 1 —", odd pages right, even pages left.
 * Machines without the GB fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312) substitute them; the
 * campaign setting `fontProfile: 'common'` writes 宋体 (bold title) / 仿宋 / 黑体 / 楷体 instead.
 */

export type FontProfile = 'standard' | 'common';

const FONTS: Record<FontProfile, { title: string; titleBold: boolean; body: string; h1: string; h2: string; page: string }> = {
  standard: { title: '方正小标宋简体', titleBold: false, body: '仿宋_GB2312', h1: '黑体', h2: '楷体_GB2312', page: '宋体' },
  common: { title: '宋体', titleBold: true, body: '仿宋', h1: '黑体', h2: '楷体', page: '宋体' },
};

const MM = 56.6929; // twips per millimetre
const SIZE_2 = 44; // half-points: 二号 22 pt
const SIZE_3 = 32; // 三号 16 pt
const SIZE_4 = 28; // 四号 14 pt
const LINE = 579; // 28.95 pt in twips: 22 lines in the 225 mm 版心
const INDENT_2 = 640; // two 16 pt characters, in twips

const CN = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (1–99). */
export function chineseNumber(n: number): string {
  if (n <= 0 || n >= 100 || !Number.isInteger(n)) return String(n);
  if (n < 10) return CN[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : CN[tens]}十${ones ? CN[ones] : ''}`;
}

/** The ordinal of a heading at a level: 一、 （一） 1. （1） */
export function headingMarker(level: number, n: number): string {
  switch (level) {
    case 1:
      return `${chineseNumber(n)}、`;
    case 2:
      return `（${chineseNumber(n)}）`;
    case 3:
      return `${n}.`;
    default:
      return `（${n}）`;
  }
}

export interface OfficialDocument {
  title: string;
  /** 发文字号 (e.g. 东安办〔2022〕12号), shown above the title of a draft without 版头 */
  docNumber?: string | null;
  /** 主送机关, ends with a full-width colon */
  recipient?: string | null;
  /** opening paragraphs before the numbered sections */
  intro?: string[];
  sections: SummarySection[];
  /** 发文机关署名 */
  issuer: string;
  /** YYYY-MM-DD */
  issuedOn: string;
  fontProfile?: FontProfile;
  /** a line under the title such as （代拟稿） */
  note?: string | null;
}

function bodyRun(text: string, font: string, opts: { bold?: boolean; size?: number } = {}): TextRun {
  return new D.TextRun({ text, font: { ascii: font, eastAsia: font, hAnsi: font, hint: 'eastAsia' }, size: opts.size ?? SIZE_3, bold: opts.bold });
}

let spacing: { line: number; lineRule: (typeof LineRuleType)[keyof typeof LineRuleType]; before: number; after: number };

function bodyParagraph(text: string, font: string): Paragraph {
  return new D.Paragraph({ children: [bodyRun(text, font)], indent: { firstLine: INDENT_2 }, alignment: D.AlignmentType.JUSTIFIED, spacing });
}

function sectionParagraphs(sections: SummarySection[], level: number, f: (typeof FONTS)[FontProfile]): Paragraph[] {
  const out: Paragraph[] = [];
  sections.forEach((s, i) => {
    const marker = headingMarker(level, i + 1);
    const headingFont = level === 1 ? f.h1 : level === 2 ? f.h2 : f.body;
    if (s.heading.trim()) {
      out.push(
        new D.Paragraph({
          children: [bodyRun(`${marker}${s.heading.trim()}`, headingFont, { bold: level === 3 })],
          indent: { firstLine: INDENT_2 },
          spacing,
          keepNext: true,
        }),
      );
    }
    for (const p of s.paragraphs) if (p.trim()) out.push(bodyParagraph(p.trim(), f.body));
    if (s.children?.length) out.push(...sectionParagraphs(s.children, Math.min(level + 1, 4), f));
  });
  return out;
}

function pageNumberFooter(align: (typeof AlignmentType)[keyof typeof AlignmentType], font: string): Footer {
  const run = (children: (string | (typeof PageNumber)[keyof typeof PageNumber])[]) => new D.TextRun({ children, font: { ascii: font, eastAsia: font, hAnsi: font }, size: SIZE_4 });
  return new D.Footer({
    children: [new D.Paragraph({ alignment: align, indent: align === D.AlignmentType.RIGHT ? { right: 280 } : { left: 280 }, children: [run(['— ', D.PageNumber.CURRENT, ' —'])] })],
  });
}

/** Render a 公文 as a .docx buffer. */
export async function renderOfficialDocx(d: OfficialDocument): Promise<Buffer> {
  D = await docxLib();
  spacing = { line: LINE, lineRule: D.LineRuleType.EXACT, before: 0, after: 0 };
  const f = FONTS[d.fontProfile ?? 'standard'];
  const blank = () => new D.Paragraph({ children: [bodyRun('', f.body)], spacing });
  const children: Paragraph[] = [];
  if (d.docNumber) children.push(new D.Paragraph({ alignment: D.AlignmentType.CENTER, children: [bodyRun(d.docNumber, f.body)], spacing }), blank());
  // The title may wrap; 2号 needs a wider pitch than the body grid.
  children.push(
    new D.Paragraph({
      alignment: D.AlignmentType.CENTER,
      children: [bodyRun(d.title, f.title, { size: SIZE_2, bold: f.titleBold })],
      spacing: { line: 720, lineRule: D.LineRuleType.EXACT, before: 0, after: 0 },
    }),
  );
  if (d.note) children.push(new D.Paragraph({ alignment: D.AlignmentType.CENTER, children: [bodyRun(d.note, f.h2)], spacing }));
  children.push(blank());
  if (d.recipient) children.push(new D.Paragraph({ children: [bodyRun(d.recipient, f.body)], spacing }));
  for (const p of d.intro ?? []) if (p.trim()) children.push(bodyParagraph(p.trim(), f.body));
  children.push(...sectionParagraphs(d.sections, 1, f));
  children.push(blank(), blank());
  // 署名 centred over the date; the date indented four characters from the right.
  children.push(new D.Paragraph({ alignment: D.AlignmentType.RIGHT, indent: { right: INDENT_2 * 2 }, children: [bodyRun(d.issuer, f.body)], spacing }));
  children.push(new D.Paragraph({ alignment: D.AlignmentType.RIGHT, indent: { right: INDENT_2 * 2 }, children: [bodyRun(formatDateChinese(d.issuedOn), f.body)], spacing }));

  const doc = new D.Document({
    creator: '安治 Anzhi',
    title: d.title,
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: { ascii: f.body, eastAsia: f.body, hAnsi: f.body }, size: SIZE_3 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
            margin: { top: Math.round(37 * MM), bottom: Math.round(35 * MM), left: Math.round(28 * MM), right: Math.round(26 * MM), footer: Math.round(22 * MM) },
          },
        },
        footers: { default: pageNumberFooter(D.AlignmentType.RIGHT, f.page), even: pageNumberFooter(D.AlignmentType.LEFT, f.page) },
        children,
      },
    ],
  });
  return D.Packer.toBuffer(doc);
}
