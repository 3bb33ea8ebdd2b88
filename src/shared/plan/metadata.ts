/**
 * Document metadata from the parts around the body, laid out as GB/T 9704-2012 prescribes:
 * 版头 (发文机关标志 "X文件", 发文字号 "东安〔2020〕7号"), title, 主送, text, 落款 (issuer + date),
 * 版记 ("X办公室 2020年9月23日印发").
 */

import { parseFullDate, FULL_DATE_SOURCE } from './dates.js';
import type { Paragraph } from './text.js';
import type { PlanDocumentMeta } from './types.js';

const ORG_END_RE =
  /(委员会|办公室|办公厅|人民政府|政府|委|局|厅|办|部|中心|指挥部|领导小组|管委会|管理委员会|大队|支队|总队|公司|集团)$/;
const DOC_NUMBER_RE = /([\u4e00-\u9fa5]{1,8})\s*[〔[［（【]\s*((?:19|20)\d{2})\s*[〕\]］）】]\s*(\d{1,4})\s*号/;
const PLAN_TITLE_RE = /(方案|计划|规划|意见|办法|细则|要点|措施|安排|清单)(（[^）]{0,20}）)?$/;
const NOTICE_TITLE_RE = /关于印发《?(.+?)》?的(通知|函)$/;
const COLOPHON_RE = new RegExp(`(${FULL_DATE_SOURCE})\\s*印发$`);

function isSignature(p: string): boolean {
  return p.length <= 40 && !/[。，；：、]/.test(p) && ORG_END_RE.test(p);
}

function isDateLine(p: string): boolean {
  return parseFullDate(p) !== null;
}

/** Paragraph index where the back matter (落款 after the body, 版记) starts, or paragraphs.length. */
export function backMatterIndex(paragraphs: Paragraph[], firstBodyIndex: number): number {
  let i = paragraphs.length;
  let sawClear = false;
  while (i - 1 > firstBodyIndex) {
    const p = paragraphs[i - 1].text;
    const clear =
      (p.length <= 80 && COLOPHON_RE.test(p)) || /^(抄送|抄报|主送|主题词|分送|发送)[：:]/.test(p) || /^（此件.*）$/.test(p) || /^（联系人/.test(p) || isDateLine(p);
    if (clear) sawClear = true;
    if (clear || (isSignature(p) && sawClear) || (isSignature(p) && i - 1 < paragraphs.length - 1 && isDateLine(paragraphs[i].text))) {
      i--;
      continue;
    }
    break;
  }
  return sawClear ? i : paragraphs.length;
}

export function extractMetadata(paragraphs: Paragraph[], firstBodyIndex: number, backIndex: number): PlanDocumentMeta {
  const front = paragraphs.slice(0, firstBodyIndex).map((p) => p.text);
  const back = paragraphs.slice(backIndex).map((p) => p.text);

  let docNumber: string | null = null;
  for (const p of [...front, ...back]) {
    if (p.length > 40) continue;
    const m = DOC_NUMBER_RE.exec(p);
    if (m) {
      const prefix = m[1].replace(/^.*文件/, '');
      docNumber = `${prefix || m[1]}〔${m[2]}〕${m[3]}号`;
      break;
    }
  }

  let issuedOn: string | null = null;
  let issuer: string | null = null;
  const dateIdx = front.findIndex(isDateLine);
  if (dateIdx >= 0) {
    issuedOn = parseFullDate(front[dateIdx]);
    if (dateIdx > 0 && isSignature(front[dateIdx - 1])) issuer = front[dateIdx - 1];
  }
  const backDate = back.findIndex(isDateLine);
  if (backDate >= 0) {
    issuedOn ??= parseFullDate(back[backDate]);
    if (!issuer && backDate > 0 && isSignature(back[backDate - 1])) issuer = back[backDate - 1];
  }
  if (!issuer) {
    const header = front.find((p) => /^.{2,40}文件$/.test(p));
    if (header) issuer = header.replace(/文件$/, '');
  }
  if (!issuer) {
    const notice = front.find((p) => /^.{2,30}关于印发/.test(p));
    if (notice) issuer = notice.replace(/关于印发.*$/, '');
  }
  for (const p of back) {
    const m = p.length <= 80 ? COLOPHON_RE.exec(p) : null;
    if (!m) continue;
    issuedOn ??= parseFullDate(m[1]);
    if (!issuer) {
      const org = p.slice(0, m.index).trim();
      if (org && isSignature(org)) issuer = org;
    }
  }

  let title: string | null = null;
  const candidates = front.filter(
    (p) => p.length >= 4 && p.length <= 80 && !/[。；：]$/.test(p) && !/[。；]/.test(p) && !isDateLine(p) && !DOC_NUMBER_RE.test(p),
  );
  const planTitles = candidates.filter((p) => PLAN_TITLE_RE.test(p) && !/关于印发/.test(p));
  if (planTitles.length) title = planTitles[planTitles.length - 1];
  if (!title) {
    for (const p of candidates) {
      const m = NOTICE_TITLE_RE.exec(p);
      if (m) {
        title = m[1].replace(/^.*关于印发/, '');
        break;
      }
    }
  }
  if (!title) title = candidates.find((p) => !/文件$/.test(p) && !isSignature(p)) ?? null;

  return { title, docNumber, issuer, issuedOn };
}
