/**
 * The 是否重大隐患判定项 cell of the office checklist layout: "否", or "是" with the 判定标准 clause,
 * e.g. `是：《城镇燃气经营安全重大隐患判定标准》（建城规〔2023〕4号）第五条第4项`. Export writes this
 * form and import reads it back (also the shorter `是：citygas-2023 5.4`, `是（建城规〔2023〕4号 第五条第4项）`).
 * Clauses are checked against the official texts in reference-data/standards via shared/hazard/standards.
 */
import { findStandard, HAZARD_STANDARDS, normalizeItem, resolveClause, type HazardStandard, type StandardItem } from '../hazard/standards';

export interface MajorRef {
  standard: string;
  item: string;
}

/** The document number without its annotation: "安监总管三〔2017〕121号（附件一；…）" → "安监总管三〔2017〕121号". */
export function shortNumber(s: HazardStandard): string {
  return s.number.replace(/[（(].*$/, '').trim();
}

export function resolveMajor(ref: MajorRef): { standard: HazardStandard; item: StandardItem } | undefined {
  const r = resolveClause(ref);
  return r.ok ? { standard: r.standard, item: r.item } : undefined;
}

/** "是：《name》（number）第五条第4项", or "否". */
export function formatMajorCell(ref: MajorRef | null | undefined): string {
  if (!ref) return '否';
  const r = resolveMajor(ref);
  if (!r) return `是：${ref.standard} ${ref.item}`;
  return `是：《${r.standard.name}》（${shortNumber(r.standard)}）${r.item.label}`;
}

export type MajorCellParse = { ok: true; ref: MajorRef | null } | { ok: false; message: string };

const NO = new Set(['', '否', '不是', 'N', 'n', 'NO', 'No', 'no', '0', 'FALSE', 'false', '—', '-', '/', '无']);

/** Read the cell back: "否"/blank → null; "是…" → the clause (validated); anything else → an error message. */
export function parseMajorCell(text: string): MajorCellParse {
  const t = text.trim();
  if (NO.has(t)) return { ok: true, ref: null };
  if (!/^(是|Y|y|YES|Yes|yes)/.test(t)) return { ok: false, message: `应填“否”，或“是”并注明判定标准条款，收到“${t}”` };
  const rest = t.replace(/^(是|YES|Yes|yes|Y|y)[\s:：,，、|｜]*/, '').trim();
  if (!rest) return { ok: false, message: '标为“是”时须注明判定标准及条款，如：是：《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》第12项' };
  let standard: HazardStandard | undefined;
  let itemText = '';
  const inner = rest.replace(/^[（(]/, '').replace(/[）)]$/, '');
  const book = /《([^》]+)》/.exec(inner);
  if (book) {
    standard = findStandard(book[1]);
    itemText = inner.slice(book.index + book[0].length).replace(/^\s*[（(][^）)]*[）)]/, '').trim();
  } else {
    // "citygas-2023 5.4", "建城规〔2023〕4号 第五条第4项", "安监总管三〔2017〕121号附件一 第12项"
    const m = /^(\S+?)[\s,，]*((?:第[^第]+(?:条|项))+|\d+(?:\.\d+)?)$/.exec(inner);
    if (m) {
      standard = findStandard(m[1]) ?? findStandard(m[1].replace(/附件一$/, '')) ?? HAZARD_STANDARDS.find((s) => shortNumber(s) === m[1] && !s.number.includes('附件二'));
      itemText = m[2];
    }
  }
  if (!standard) return { ok: false, message: `无法识别判定标准“${rest}”，可选：${HAZARD_STANDARDS.map((s) => `《${s.name}》`).join('、')}` };
  const item = normalizeItem(itemText);
  if (!item) return { ok: false, message: `未注明《${standard.name}》的条款，如“第12项”或“第五条第4项”` };
  const check = resolveClause({ standard: standard.id, item });
  if (!check.ok) return { ok: false, message: check.message };
  return { ok: true, ref: { standard: standard.id, item: check.item.item } };
}
