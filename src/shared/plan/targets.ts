/**
 * Quantified targets: "不低于在职人员的75%", "装备和使用率必须达到100%", "80%以上养老机构…",
 * "建成率100%", "组织1-2次综合性应急救援演练", "培训不少于3次".
 *
 * Comparator (document for reviewers):
 * - 不低于 / 不少于 / 不小于 / 至少 / 达到 / 不得低于, or 以上 after the number → '>='
 *   (达到 means "reach at least": a rate that reaches 100% is also ≥ 100%);
 * - 超过 / 高于 / 大于 → '>';  低于 / 小于 / 少于 → '<';
 * - 不超过 / 不高于 / 控制在 / 以下 / 以内 after the number → '<=';
 * - "N-M次" → 'between' (value N, valueMax M); a bare figure ("建成率100%") → '='.
 *
 * Not targets: a quantity inside a 是否 inspection question ("每班是否至少2人"), a count qualifying
 * a noun without an achievement verb ("10人以上危险作业场所", "5类非法行为"), a count after 每…
 * (a recurrence), numbers in 《》 titles.
 */

import { inRanges } from './text.js';
import type { Comparator, Target } from './types.js';

// bounded digit runs: a long run of digits must not make the scan quadratic
const PERCENT_RE = /(?<![\d.])(\d{1,6}(?:\.\d{1,4})?)\s?%/g;
const COUNT_UNITS = '人次|个|家|处|人|次|项|座|辆|台|套|所|名|场|批|条|公里|千米|万元|亿元|元|户|栋|支|期|篇|份|艘|架|吨|万人|场次';
const COUNT_RE = new RegExp(`(?<![\\d.])(\\d{1,6})(?:\\s?[-—~～至到]\\s?(\\d{1,6}))?\\s?(${COUNT_UNITS})`, 'g');

/** Comparator words right before the number, most specific first ("不低于" before "低于"). */
const BEFORE_WORDS: Array<[RegExp, Comparator]> = [
  [/(?:不得|不应|不宜|不能)(?:低于|少于|小于)$/, '>='],
  [/(?:不低于|不少于|不小于|至少|达到|达|提高到|提升到|提高至|提升至|增加到|增至)$/, '>='],
  [/(?:不得|不应|不宜|不能)(?:超过|高于|大于|多于)$/, '<='],
  [/(?:不超过|不高于|不大于|控制在|降低到|降至|下降到|压减到|减少到)$/, '<='],
  [/(?:超过|高于|大于|多于)$/, '>'],
  [/(?:低于|少于|小于)$/, '<'],
];
const AFTER_WORDS: Array<[RegExp, Comparator]> = [
  [/^(及以上|以上|或以上)/, '>='],
  [/^(及以下|以下|以内|之内)/, '<='],
];

/** Verbs that make a bare count a goal: "组织1-2次演练", "建成10个示范点". */
const ACHIEVE_VERBS = '组织|举办|建成|建设|创建|培育|打造|新建|改造|培训|招录|配备|新增|完成|实现|召开|达到|评选|认定|推广';
const ACHIEVE_VERB_RE = new RegExp(`(?:${ACHIEVE_VERBS})$`);
const BARE_VERB_RE = new RegExp(`^(?:${ACHIEVE_VERBS})$`);

/** Clause boundaries for subjects. */
const BOUNDARY = '，。；：！？\n';

/** The clause around `pos`, at most 200 characters each way (keeps the scan linear). */
function clauseBounds(text: string, pos: number, from: number, to: number): [number, number] {
  let s = pos;
  const sMin = Math.max(from, pos - 200);
  while (s > sMin && !BOUNDARY.includes(text[s - 1])) s--;
  let e = pos;
  const eMax = Math.min(to, pos + 200);
  while (e < eMax && !BOUNDARY.includes(text[e])) e++;
  return [s, e];
}

/** Leading words that are not part of the measured thing: a deadline, 力争, 确保 … */
const SUBJECT_PREFIX_RE =
  /^(?:(?:力争|确保|要|并|且|使|让|将|把|同时|其中|全面|基本|逐步|到|至|于|在|截至)|(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:度|底|末|年底|[上下]半年|第?[一二三四1-4]季度)?(?:前|之前|以前)?|(?:三|3)年内|完成|实现)+/;
const SUBJECT_SUFFIX_RE = /(?:必须|要|应当|应|均|全部|都|须|需|需要|的|将|已|逐步|力争|确保)+$/;
const SUBJECT_STOP_RE = /达到|实现|完成|必须|应当|应达|均需|均应|得到|保持|接入|纳入/;

function cleanSubject(s: string): string | null {
  let t = s.trim();
  for (let i = 0; i < 3; i++) t = t.replace(SUBJECT_PREFIX_RE, '').replace(SUBJECT_SUFFIX_RE, '');
  t = t.replace(/^[、“”"]+|[、“”"]+$/g, '');
  return t.length >= 2 ? t : null;
}

function comparatorBefore(prefix: string): { comparator: Comparator; at: number } | null {
  // search the nearest comparator word before the number within the clause (up to 20 chars)
  const tail = prefix.slice(-20);
  for (let cut = tail.length; cut >= 0; cut--) {
    const head = tail.slice(0, cut);
    for (const [re, cmp] of BEFORE_WORDS) {
      const m = re.exec(head);
      if (m) return { comparator: cmp, at: prefix.length - tail.length + m.index };
    }
  }
  return null;
}

export function findTargets(
  text: string,
  from: number,
  to: number,
  exclude: Array<[number, number]>,
): Target[] {
  const out: Target[] = [];
  const region = text.slice(from, to);

  PERCENT_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PERCENT_RE.exec(region)) !== null) {
    const s = from + m.index;
    const e = s + m[0].length;
    if (inRanges(exclude, s)) continue;
    const [cs, ce] = clauseBounds(text, s, from, to);
    const clause = text.slice(cs, ce);
    if (/是否/.test(clause)) continue;
    const prefix = text.slice(cs, s);
    const after = text.slice(e, ce);
    const t = measure(prefix, after, Number(m[1]), '%', s, e, text, cs);
    out.push(t);
  }

  COUNT_RE.lastIndex = 0;
  while ((m = COUNT_RE.exec(region)) !== null) {
    const s = from + m.index;
    const e = s + m[0].length;
    if (inRanges(exclude, s)) continue;
    if (/[\d.]$/.test(region.slice(0, m.index))) continue;
    const [cs, ce] = clauseBounds(text, s, from, to);
    const clause = text.slice(cs, ce);
    if (/是否/.test(clause)) continue;
    const prefix = text.slice(cs, s);
    if (/每(?:个)?(?:日|天|周|月|季度|季|半年|年度|年)[^，。；]*$/.test(prefix) && m[3] === '次') continue;
    if (/第$/.test(prefix)) continue;
    const cmp = comparatorBefore(prefix);
    const isRange = m[2] !== undefined && Number(m[2]) > Number(m[1]);
    const verb = ACHIEVE_VERB_RE.test(prefix.replace(/(?:不少于|至少|不低于)$/, ''));
    const directCmp = cmp && cmp.at >= prefix.length - 4;
    if (!directCmp && !verb) continue;
    const t = measure(prefix, text.slice(e, ce), Number(m[1]), m[3], s, e, text, cs);
    if (isRange) {
      t.valueMax = Number(m[2]);
      t.comparator = 'between';
    }
    out.push(t);
  }
  out.sort((a, b) => a.start - b.start);
  return out;
}

function measure(
  prefix: string,
  after: string,
  value: number,
  unit: string,
  s: number,
  e: number,
  text: string,
  clauseStart: number,
): Target {
  let comparator: Comparator = '=';
  let end = e;
  const before = comparatorBefore(prefix);
  for (const [re, cmp] of AFTER_WORDS) {
    const m = re.exec(after);
    if (m) {
      comparator = cmp;
      end = e + m[0].length;
      break;
    }
  }
  let start = s;
  if (before) {
    comparator = before.comparator;
    start = clauseStart + before.at;
  }
  // the subject precedes the comparator ("执法人员不低于…") or, when nothing precedes, follows
  // the number ("80%以上养老机构食堂…达到良好").
  let subject = cleanSubject(before ? prefix.slice(0, before.at) : prefix);
  // "组织1-2次综合性应急救援演练": a bare verb before the count, the subject follows it
  // (for a count, "全年组织不少于3次联合执法": what is counted follows the number)
  if (subject && (BARE_VERB_RE.test(subject) || (unit !== '%' && ACHIEVE_VERB_RE.test(subject)))) subject = null;
  if (!subject) {
    const rest = text.slice(end, end + 60);
    const stop = rest.search(new RegExp(`[${BOUNDARY}]`));
    let phrase = stop >= 0 ? rest.slice(0, stop) : rest;
    const verb = SUBJECT_STOP_RE.exec(phrase);
    if (verb && verb.index >= 2) phrase = phrase.slice(0, verb.index);
    subject = cleanSubject(phrase);
  }
  return { text: text.slice(start, end), value, unit, comparator, subject, start, end };
}
