/**
 * The official 重大事故隐患判定标准 (reference-data/standards/*.json, item by item) as one flat list.
 * A 重大 grading must cite one of these items (DOMAIN.md: "A 重大 grading cites the standard and item").
 *
 * Item numbers: standards that list items directly use their number ("5"); standards organised by
 * article use "article.item" ("11.3" = 第十一条第（三）项); an article that is itself one criterion
 * (e.g. 第八条 臭味剂, 第十四条 通则) is cited by its article number alone ("8").
 *
 * GB 35181 (fire) and AQ 3067-2026 are not collected yet (DOMAIN.md); add their JSON here when they are.
 */
import chem from '../../../reference-data/standards/chem_hazchem_2017_anjianzongguansan_2017_121.json';
import fireworks from '../../../reference-data/standards/fireworks_SAWS_2017.json';
import gongmao from '../../../reference-data/standards/gongmao_MEM_order10_2023.json';
import cityGas from '../../../reference-data/standards/city_gas_MOHURD_2023.json';
import construction from '../../../reference-data/standards/construction_MOHURD_2024.json';

interface RawItem {
  no: string;
  text: string;
}
interface RawStandard {
  name: string;
  number: string;
  issuer: string;
  effective: string;
  items?: RawItem[];
  sections?: { name: string; article: number; lead: string; items: RawItem[] }[];
}

export interface StandardItem {
  /** "5", "11.3" or "8" (see above) */
  item: string;
  /** 第5项 / 第十一条第3项 / 第八条 */
  label: string;
  section?: string;
  text: string;
}

export interface HazardStandard {
  id: string;
  name: string;
  number: string;
  issuer: string;
  effective: string;
  /** sectors whose enterprises it is written for (other sectors may still cite it, e.g. 涉氨制冷 in a cold-chain warehouse) */
  sectors: string[];
  items: StandardItem[];
}

const CN_DIGITS = '零一二三四五六七八九';
/** 1..99 in Chinese numerals (第十一条). */
export function chineseNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n];
  if (n < 20) return `十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  return `${CN_DIGITS[Math.floor(n / 10)]}十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
}

function build(id: string, sectors: string[], raw: RawStandard): HazardStandard {
  const items: StandardItem[] = [];
  if (raw.items) {
    for (const it of raw.items) items.push({ item: it.no, label: `第${it.no}项`, text: it.text });
  }
  for (const s of raw.sections ?? []) {
    for (const it of s.items) {
      const whole = s.items.length === 1 && it.no === String(s.article);
      items.push({
        item: whole ? String(s.article) : `${s.article}.${it.no}`,
        label: whole ? `第${chineseNumber(s.article)}条` : `第${chineseNumber(s.article)}条第${it.no}项`,
        section: s.name,
        text: it.text,
      });
    }
  }
  return { id, name: raw.name, number: raw.number, issuer: raw.issuer, effective: raw.effective, sectors, items };
}

export const HAZARD_STANDARDS: HazardStandard[] = [
  build('hazchem-2017', ['hazchem', 'hazwaste', 'pipeline', 'commerceoil'], chem as RawStandard),
  build('fireworks-2017', ['fireworks'], fireworks as RawStandard),
  build('gongmao-2023', ['metallurgy', 'industrialpark', 'customszone', 'transport'], gongmao as RawStandard),
  build('citygas-2023', ['citygas'], cityGas as RawStandard),
  build('construction-2024', ['construction', 'civildefense', 'housing'], construction as RawStandard),
];

const byId = new Map(HAZARD_STANDARDS.map((s) => [s.id, s]));

/** Find a standard by its id, its document number (安监总管三〔2017〕121号…) or its name. */
export function findStandard(ref: string): HazardStandard | undefined {
  const r = ref.trim();
  const direct = byId.get(r);
  if (direct) return direct;
  const norm = (s: string) => s.replace(/[\s（）()〔〕[\]【】]/g, '');
  const n = norm(r);
  if (!n) return undefined;
  const exact = HAZARD_STANDARDS.filter((s) => norm(s.name) === n || norm(s.number) === n);
  if (exact.length === 1) return exact[0];
  // "安监总管三〔2017〕121号" names two standards (附件一/附件二): only unambiguous prefixes count.
  const partial = HAZARD_STANDARDS.filter((s) => norm(s.number).startsWith(n) || norm(s.name).startsWith(n));
  return partial.length === 1 ? partial[0] : undefined;
}

const CN_VALUE: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
function parseChineseNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[零一二两三四五六七八九十]+$/.test(s)) return undefined;
  if (s === '十') return 10;
  const i = s.indexOf('十');
  if (i < 0) return s.length === 1 ? CN_VALUE[s] : undefined;
  const tens = i === 0 ? 1 : CN_VALUE[s.slice(0, i)];
  const ones = s.slice(i + 1) ? CN_VALUE[s.slice(i + 1)] : 0;
  return tens === undefined || ones === undefined ? undefined : tens * 10 + ones;
}

/** "11.3", "11-3", "第十一条第（三）项", "第11条第3项", "（三）" under a flat standard … → the canonical item number. */
export function normalizeItem(item: string): string | undefined {
  const s = item.trim().replace(/[（(]/g, '').replace(/[）)]/g, '').replace(/\s+/g, '');
  let m = /^(\d+)(?:[.．\-－、](\d+))?$/.exec(s);
  if (m) return m[2] ? `${Number(m[1])}.${Number(m[2])}` : String(Number(m[1]));
  m = /^第?([零一二两三四五六七八九十\d]+)条(?:第?([零一二两三四五六七八九十\d]+)项?)?$/.exec(s);
  if (m) {
    const a = parseChineseNumber(m[1]);
    const b = m[2] ? parseChineseNumber(m[2]) : undefined;
    if (a === undefined || (m[2] && b === undefined)) return undefined;
    return b === undefined ? String(a) : `${a}.${b}`;
  }
  m = /^第?([零一二两三四五六七八九十\d]+)项?$/.exec(s);
  if (m) {
    const a = parseChineseNumber(m[1]);
    return a === undefined ? undefined : String(a);
  }
  return undefined;
}

export type ClauseCheck =
  | { ok: true; standard: HazardStandard; item: StandardItem }
  | { ok: false; field: 'standard' | 'item'; message: string };

/** Validate a 判定标准 clause (standard + item) against the shipped standards. */
export function resolveClause(ref: { standard: string; item: string }): ClauseCheck {
  const standard = findStandard(ref.standard);
  if (!standard) {
    return { ok: false, field: 'standard', message: `未知的重大事故隐患判定标准“${ref.standard}”，可选：${HAZARD_STANDARDS.map((s) => `${s.name}（${s.id}）`).join('；')}` };
  }
  const key = normalizeItem(ref.item);
  const item = key ? standard.items.find((i) => i.item === key) : undefined;
  if (!item) {
    const sample = standard.items.slice(0, 3).map((i) => `${i.item}（${i.label}）`).join('、');
    return { ok: false, field: 'item', message: `《${standard.name}》中没有条款“${ref.item}”；条款编号形如 ${sample}，共 ${standard.items.length} 条` };
  }
  return { ok: true, standard, item };
}

/** Standards written for a sector first, then the others (for pickers). */
export function standardsForSector(sector: string | null | undefined): HazardStandard[] {
  const own = HAZARD_STANDARDS.filter((s) => sector && s.sectors.includes(sector));
  return [...own, ...HAZARD_STANDARDS.filter((s) => !own.includes(s))];
}
