/**
 * Responsibility clauses: who leads (牵头) and who takes part (配合 / 负责) in a task.
 *
 * Forms understood (all seen in 安全生产 plans):
 * - parenthesised: （X牵头，Y、Z等有关单位按职责分工负责）, （X、Y分别牵头，…）, （相关部门配合）,
 *   committee with its department: （区消防专委会（区消防救援大队）牵头，…）;
 * - labelled: 牵头单位：X  配合单位：Y  责任单位：Z, 【牵头单位】X【责任单位】Y, X（牵头）inside a list;
 * - inline: 由X牵头…;
 * - 属地 statements: "各街道办事处负有属地管理责任，以下均需要…负责，不再列出" — a global statement
 *   applies to every task from there on (see parse.ts).
 *
 * A list without any lead ("（A、B、C等有关单位按职责分工负责）", "责任单位：A、B") makes every named
 * unit jointly responsible: they go to leadUnits; collective markers stay co units.
 */

import { inRanges, splitTopLevel } from './text.js';
import type { UnitResolver, UnitRole } from './types.js';

export interface RawMention {
  written: string;
  start: number;
  end: number;
  /** explicit role, or 'responsible' (lead when the clause names no lead, else co) */
  role: UnitRole | 'responsible';
  departments: Array<{ written: string; start: number; end: number }>;
  territorial: boolean;
}

export interface Clause {
  start: number;
  end: number;
  form: 'paren' | 'label' | 'inline' | 'statement';
  mentions: RawMention[];
  /** contains a 属地 statement that applies to every following task */
  globalTerritorial: boolean;
}

/** Endings of unit names (局, 委, 办, 大队, 公司 …). */
const UNIT_SUFFIX_RE =
  /(局|委|办|部|队|中心|公司|院|所|处|会|站|厅|室|组|社|馆|联|协|部门|单位|政府|街道|镇|乡|园区|集团|办事处|分局|支队|大队|总队|委员会|专委会|管委会|指挥部|领导小组)$/;

const GENERIC_PATTERNS: RegExp[] = [
  /^(各|有关|相关|其他|其它|所有|全体|其余)/,
  /(成员单位|有关单位|相关单位|有关部门|相关部门|职能部门|主管部门|监管部门|其他单位|责任单位)$/,
  /^[区市县镇乡省州旗]?[属直](国有)?(企业|单位|部门|机关)$/,
  /^(园区|企业|街道|社区|乡镇|镇街|街镇|部门|单位|镇（街）)$/,
];

/** A collective phrase (有关单位, 各街道办事处, 专委会成员单位, 园区 …), not one registry unit. */
export function isGenericUnitName(name: string): boolean {
  return GENERIC_PATTERNS.some((re) => re.test(name));
}

export function looksLikeUnit(name: string, resolver?: UnitResolver): boolean {
  if (name.length < 2) return false;
  if (isGenericUnitName(name) || UNIT_SUFFIX_RE.test(name)) return true;
  return !!resolver?.resolve(name);
}

const LEAD_LABEL = '牵头|主责|主办';
const CO_LABEL = '配合|协办|参与|协助|协同';
const LABEL_RE = new RegExp(`【?\\s*(${LEAD_LABEL}|${CO_LABEL}|责任)(?:单位|部门)\\s*(?:】|[：:])`, 'g');
const LABEL_TERMINATOR_RE = new RegExp(
  `【|[。；\\n]|(?:完成时限|完成时间|时间节点|时限要求|工作目标)\\s*[：:】]|${LABEL_RE.source}`,
);

const CO_VERB_RE = /(?:等)?(?:按照?职责分工|按职责|依职责|根据职责|各司其职|分工)?(?:共同|分别)?(配合实施|配合落实|负责落实|负责|配合|参与|协助|协办|协同|落实|实施)$/;
const LEAD_RE = /^(.*?)(?:分别|共同|联合|负责)?牵头(?:负责|落实|实施|抓总)?(.*)$/;
const TERRITORIAL_CONTINUATION_RE = /^(以下|下同|下列|不再|均需|均由|均要|其余|此后)|不再(一一)?列出/;
const GLOBAL_HINT_RE = /以下|下同|下列|不再(一一)?列出|均需|均由|均要|各项任务/;

function isResponsibilityContent(content: string): boolean {
  const t = content.replace(/[。；，\s]+$/, '');
  if (t.length < 2 || t.length > 600) return false;
  if (/牵头/.test(t)) return true;
  if (/(负责|配合|参与|协助|协办)$/.test(t)) return true;
  if (/属地/.test(t) && /(责任|负责)/.test(t)) return true;
  LABEL_RE.lastIndex = 0;
  return LABEL_RE.test(t);
}

/** Find every responsibility clause between `from` and `to`. */
export function findClauses(text: string, from: number, to: number, resolver?: UnitResolver): Clause[] {
  const clauses: Clause[] = [];

  // 1. Parenthesised clauses: the outermost （…） groups of a paragraph.
  const stack: number[] = [];
  for (let i = from; i < to; i++) {
    const ch = text[i];
    if (ch === '\n') stack.length = 0;
    else if (ch === '（') {
      if (stack.length > 20) stack.length = 0;
      stack.push(i);
    } else if (ch === '）' && stack.length) {
      const open = stack.pop()!;
      if (stack.length === 0 && i - open <= 600) {
        const content = text.slice(open + 1, i);
        if (isResponsibilityContent(content)) {
          const c = parseClauseContent(content, open + 1, resolver);
          if (c.mentions.length) clauses.push({ start: open, end: i + 1, form: 'paren', ...c });
        }
      }
    }
  }
  const parenRanges = clauses.map((c): [number, number] => [c.start, c.end]);
  const insideParen = (pos: number) => inRanges(parenRanges, pos);

  // 2. Labelled clauses outside parentheses, consecutive labels forming one clause.
  const region = text.slice(from, to);
  LABEL_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let group: { start: number; end: number; labels: LabelPart[] } | null = null;
  const flush = () => {
    if (!group) return;
    const mentions = mentionsFromLabels(group.labels, resolver);
    if (mentions.length) clauses.push({ start: group.start, end: group.end, form: 'label', mentions, globalTerritorial: false });
    group = null;
  };
  while ((m = LABEL_RE.exec(region)) !== null) {
    const labelStart = from + m.index;
    if (insideParen(labelStart)) continue;
    const listStart = labelStart + m[0].length;
    const rest = text.slice(listStart, Math.min(to, listStart + 400));
    const t = LABEL_TERMINATOR_RE.exec(rest);
    const listEnd = listStart + (t ? t.index : rest.length);
    const part: LabelPart = { kind: labelKind(m[1]), listStart, listText: text.slice(listStart, listEnd) };
    if (group && /^[\s，。；、]*$/.test(text.slice(group.end, labelStart))) {
      group.labels.push(part);
      group.end = listEnd;
    } else {
      flush();
      group = { start: labelStart, end: listEnd, labels: [part] };
    }
    LABEL_RE.lastIndex = Math.max(LABEL_RE.lastIndex, listEnd - from);
  }
  flush();

  // 3. Inline "由X牵头".
  const inlineRe = /由([^，。；、：（）\n由]{2,20}?)(?:负责)?牵头/g;
  while ((m = inlineRe.exec(region)) !== null) {
    const nameStart = from + m.index + 1;
    if (insideParen(nameStart)) continue;
    const name = m[1];
    if (!looksLikeUnit(name, resolver)) continue;
    clauses.push({
      start: from + m.index,
      end: from + m.index + m[0].length,
      form: 'inline',
      mentions: [{ written: name, start: nameStart, end: nameStart + name.length, role: 'lead', departments: [], territorial: false }],
      globalTerritorial: false,
    });
  }

  // 4. 属地 statements in running text: "各镇街负有属地管理责任，以下各项任务均需…，不再列出。"
  // (indexOf + manual sentence bounds: a regex with a leading [^。]* would backtrack quadratically)
  let lastSentenceEnd = from;
  for (let at = text.indexOf('属地', from); at >= 0 && at < to; at = text.indexOf('属地', at + 2)) {
    if (at < lastSentenceEnd || insideParen(at)) continue;
    let sStart = at;
    while (sStart > from && !'。；\n'.includes(text[sStart - 1])) sStart--;
    let sEnd = at;
    while (sEnd < to && !'。\n'.includes(text[sEnd])) sEnd++;
    if (sEnd < to && text[sEnd] === '。') sEnd++;
    lastSentenceEnd = sEnd;
    const sentence = text.slice(sStart, sEnd);
    if (insideParen(sStart) || !GLOBAL_HINT_RE.test(sentence)) continue;
    const verb = /(负有|承担|履行|负)/.exec(sentence);
    if (!verb) continue;
    const subject = sentence.slice(0, verb.index).replace(/^(注|说明)[：:]/, '');
    const subjectOff = sStart + (sentence.slice(0, verb.index).length - subject.length);
    const mentions = parseUnitList(subject, subjectOff, 'co', resolver).map((x) => ({ ...x, territorial: true }));
    if (mentions.length) clauses.push({ start: sStart, end: sEnd, form: 'statement', mentions, globalTerritorial: true });
  }

  clauses.sort((a, b) => a.start - b.start);
  return clauses;
}

type LabelKind = 'lead' | 'co' | 'responsible';
interface LabelPart {
  kind: LabelKind;
  listStart: number;
  listText: string;
}

function labelKind(word: string): LabelKind {
  if (new RegExp(`^(${LEAD_LABEL})$`).test(word)) return 'lead';
  if (word === '责任') return 'responsible';
  return 'co';
}

function mentionsFromLabels(labels: LabelPart[], resolver?: UnitResolver): RawMention[] {
  const hasLeadLabel = labels.some((l) => l.kind === 'lead');
  const out: RawMention[] = [];
  for (const l of labels) {
    const role = l.kind === 'lead' ? 'lead' : l.kind === 'co' ? 'co' : hasLeadLabel ? 'co' : 'responsible';
    out.push(...parseUnitList(l.listText, l.listStart, role, resolver));
  }
  return out;
}

/** Parse the inside of a （…） responsibility clause. */
function parseClauseContent(
  content: string,
  base: number,
  resolver?: UnitResolver,
): { mentions: RawMention[]; globalTerritorial: boolean } {
  LABEL_RE.lastIndex = 0;
  const label = LABEL_RE.exec(content);
  if (label) {
    const labels: LabelPart[] = [];
    const re = new RegExp(LABEL_RE.source, 'g');
    let m: RegExpExecArray | null;
    const found: Array<{ index: number; len: number; word: string }> = [];
    while ((m = re.exec(content)) !== null) found.push({ index: m.index, len: m[0].length, word: m[1] });
    for (let i = 0; i < found.length; i++) {
      const listStart = found[i].index + found[i].len;
      const listEnd = i + 1 < found.length ? found[i + 1].index : content.length;
      labels.push({ kind: labelKind(found[i].word), listStart: base + listStart, listText: content.slice(listStart, listEnd).replace(/[；。，]+$/, '') });
    }
    // units written before the first label ("区应急局（牵头），配合单位：…") are kept too
    const before = content.slice(0, found[0].index);
    const mentions = mentionsFromLabels(labels, resolver);
    if (before.trim()) mentions.unshift(...parsePart(before, base, resolver).mentions);
    return { mentions, globalTerritorial: false };
  }

  const mentions: RawMention[] = [];
  let globalTerritorial = false;
  let lastTerritorial: RawMention[] | null = null;
  for (const [seg, segOff] of splitTopLevel(content, '；。')) {
    for (const [part, partOff] of splitTopLevel(seg, '，')) {
      const off = base + segOff + partOff;
      if (!part.trim()) continue;
      if (lastTerritorial && TERRITORIAL_CONTINUATION_RE.test(part)) {
        if (GLOBAL_HINT_RE.test(part)) globalTerritorial = true;
        continue;
      }
      if (/属地/.test(part)) {
        const verb = /(负有|承担|履行|负责|负)/.exec(part);
        const subject = verb ? part.slice(0, verb.index) : part.replace(/属地.*$/, '');
        const list = parseUnitList(subject, off, 'co', resolver).map((x) => ({ ...x, territorial: true }));
        mentions.push(...list);
        lastTerritorial = list;
        if (GLOBAL_HINT_RE.test(part)) globalTerritorial = true;
        continue;
      }
      lastTerritorial = null;
      mentions.push(...parsePart(part, off, resolver).mentions);
    }
  }
  return { mentions, globalTerritorial };
}

/** One comma-separated part: "X、Y分别牵头" / "Y、Z等有关单位按职责分工负责" / "相关部门配合". */
function parsePart(part: string, off: number, resolver?: UnitResolver): { mentions: RawMention[] } {
  if (/（牵头）/.test(part)) {
    return { mentions: parseUnitList(part, off, 'responsible', resolver) };
  }
  const lead = LEAD_RE.exec(part);
  if (lead) {
    const mentions = parseUnitList(lead[1], off, 'lead', resolver);
    if (lead[2].trim()) {
      const restOff = off + part.length - lead[2].length;
      mentions.push(...parsePart(lead[2], restOff, resolver).mentions.map((x) => (x.role === 'responsible' ? { ...x, role: 'co' as const } : x)));
    }
    return { mentions };
  }
  const verb = CO_VERB_RE.exec(part);
  let list = part;
  let role: RawMention['role'] = 'responsible';
  if (verb) {
    list = part.slice(0, verb.index);
    if (/配合|协助|协办|协同|参与/.test(verb[1])) role = 'co';
  }
  return { mentions: parseUnitList(list, off, role, resolver) };
}

const GENERIC_TAIL_RE = /^(?:有关|相关|其他|其它|各|各有关|各相关)?(?:成员)?(?:单位|部门|机构)$/;

/**
 * Split a list of unit names ("A、B（C）、D等有关单位") into mentions with offsets.
 * A tail after 等 ("有关单位") becomes a generic co-unit marker; a bare 等单位 adds nothing.
 */
export function parseUnitList(list: string, off: number, role: RawMention['role'], resolver?: UnitResolver): RawMention[] {
  const out: RawMention[] = [];
  let body = list;
  // the last top-level 等 closes the list; what follows it is a collective phrase
  const parts = splitTopLevel(body, '等');
  if (parts.length > 1) {
    const [tail, tailOff] = parts[parts.length - 1];
    const tailTrim = tail.replace(/^[\s、，]+|[\s、，。；]+$/g, '');
    if (tailTrim === '' || GENERIC_TAIL_RE.test(tailTrim) || isGenericUnitName(tailTrim)) {
      body = list.slice(0, tailOff - 1);
      if (tailTrim && !/^(单位|部门|机构)$/.test(tailTrim)) {
        const s = off + tailOff + tail.indexOf(tailTrim);
        out.push({ written: tailTrim, start: s, end: s + tailTrim.length, role: role === 'lead' ? 'co' : role, departments: [], territorial: false });
      }
    }
  }

  const tokens: Array<[string, number]> = [];
  for (const [tok, tokOff] of splitTopLevel(body, '、，,/')) {
    for (const [sub, subOff] of splitConjunction(tok, resolver)) tokens.push([sub, tokOff + subOff]);
  }
  const items: RawMention[] = [];
  for (const [tok, tokOff] of tokens) {
    const m = cleanToken(tok, off + tokOff, role, resolver);
    if (m) items.push(m);
  }
  // "X（牵头）、Y、Z": the marked units lead, the others take part.
  if (items.some((x) => x.role === 'lead') && role === 'responsible') {
    for (const x of items) if (x.role === 'responsible') x.role = 'co';
  }
  return [...items, ...out];
}

/** "区应急局和区住建局" → two names, but "区水务和湖泊局" stays one: both sides must be units. */
function splitConjunction(tok: string, resolver?: UnitResolver): Array<[string, number]> {
  if (resolver?.resolve(tok.trim())) return [[tok, 0]];
  const re = /以及|和|及|与/g;
  let m: RegExpExecArray | null;
  let depth = 0;
  while ((m = re.exec(tok)) !== null) {
    depth = 0;
    for (let i = 0; i < m.index; i++) {
      if (tok[i] === '（') depth++;
      else if (tok[i] === '）') depth--;
    }
    if (depth !== 0) continue;
    const left = tok.slice(0, m.index).trim();
    const right = tok.slice(m.index + m[0].length).trim();
    if (looksLikeUnit(stripParen(left), resolver) && UNIT_SUFFIX_RE.test(stripParen(left)) && looksLikeUnit(stripParen(right), resolver)) {
      return [
        [tok.slice(0, m.index), 0],
        ...splitConjunction(tok.slice(m.index + m[0].length), resolver).map(([s, o]): [string, number] => [s, o + m!.index + m![0].length]),
      ];
    }
  }
  return [[tok, 0]];
}

function stripParen(s: string): string {
  return s.replace(/（[^（）]*）$/, '');
}

const LEADING_NOISE_RE = /^(?:[\s“”"'‘’]|由|会同|联合|协调|并由|其中|以及|和|及|与|另外|同时|请)+/;
const TRAILING_NOISE_RE = /(?:[\s“”"'‘’]|等|负责|牵头|配合|参与)+$/;

function cleanToken(tok: string, off: number, role: RawMention['role'], resolver?: UnitResolver): RawMention | null {
  let s = 0;
  let e = tok.length;
  const lead = LEADING_NOISE_RE.exec(tok);
  if (lead) s = lead[0].length;
  const trail = TRAILING_NOISE_RE.exec(tok.slice(s));
  if (trail) e = s + trail.index;
  let t = tok.slice(s, e);
  if (!t) return null;

  let myRole = role;
  const departments: RawMention['departments'] = [];
  if (t.endsWith('）')) {
    const open = matchingOpenIn(t);
    if (open > 0) {
      const outer = t.slice(0, open);
      const inner = t.slice(open + 1, -1);
      if (inner === '牵头') {
        myRole = 'lead';
        t = outer;
        e = s + outer.length;
      } else if (!resolver?.resolve(t) || resolver?.resolve(outer)) {
        const pieces = splitTopLevel(inner, '、，');
        // 区消防专委会（区消防救援大队）, 区委统战部（台办、民宗局）: units in the parenthesis are
        // departments; 各乡镇（街道）, 各县（市、区）: a collective qualifier stays part of the name.
        if (pieces.every(([p]) => looksLikeUnit(p.trim(), resolver) && !isGenericUnitName(p.trim()))) {
          for (const [p, pOff] of pieces) {
            const pt = p.trim();
            const ps = off + s + open + 1 + pOff + p.indexOf(pt);
            departments.push({ written: pt, start: ps, end: ps + pt.length });
          }
          t = outer;
          e = s + outer.length;
        }
      } else {
        // the registry knows the full spelling with its parenthesis: keep it whole
      }
    }
  }
  t = t.trim();
  if (t.length < 2) return null;
  // prose that is not a name (a long phrase without any unit ending)
  if (t.length > 20 && !UNIT_SUFFIX_RE.test(t) && !resolver?.resolve(t)) return null;
  if (/^(按照?职责分工|按职责|分工|职责|有关|相关|各|其他)$/.test(t)) return null;
  return { written: t, start: off + s, end: off + e, role: myRole, departments, territorial: false };
}

function matchingOpenIn(t: string): number {
  let depth = 0;
  for (let i = t.length - 1; i >= 0; i--) {
    if (t[i] === '）') depth++;
    else if (t[i] === '（') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
