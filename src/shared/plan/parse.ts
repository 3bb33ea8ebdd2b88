/**
 * Plan parser: a campaign plan (方案) → the reviewed task tree of the 任务分解表.
 *
 * Pipeline: normalise (normalize.ts) → markers (markers.ts) → raw tree (structure.ts) →
 * responsibility clauses (units.ts) → node kinds → clause owners → phases and campaign period →
 * deadlines, recurrences (dates.ts) and targets (targets.ts) → 属地 duty → output contract (types.ts).
 *
 * `parsePlanText` is pure and browser-safe; it never throws. `parsePlanDocument` takes uploaded
 * bytes (text or .docx) and throws PlanInputError for input a user must fix.
 */

import { findDeadlines, findRecurrences, isValidIso, parsePeriod, type CampaignPeriod } from './dates.js';
import { decodePlanBytes, assertPlanLikeText, MAX_PLAN_BYTES } from './decode.js';
import { PlanInputError } from './errors.js';
import { isArabicHeading, isHeadingFamily, scanMarkers } from './markers.js';
import { backMatterIndex, extractMetadata } from './metadata.js';
import { normalizePlanText } from './normalize.js';
import { buildTree, ownerAt, type RawNode } from './structure.js';
import { findTargets } from './targets.js';
import { bookTitleRanges, chineseNumber, paragraphsOf, trimRange } from './text.js';
import type {
  Deadline,
  NodeKind,
  ParsedPlan,
  ParsePlanOptions,
  Phase,
  PlanDocumentMeta,
  PlanNode,
  PlanWarning,
  Recurrence,
  Span,
  Target,
  UnitMention,
  UnitResolver,
} from './types.js';
import { findClauses, isGenericUnitName, type Clause, type RawMention } from './units.js';

/** Parts of a plan that frame the work instead of listing tasks (GB/T 9704 plans use these titles). */
const NON_TASK_SECTION_RE =
  /^(总体要求|指导思想|基本原则|工作原则|工作目标|主要目标|总体目标|目标任务要求|进度安排|工作步骤|实施步骤|时间安排|方法步骤|步骤安排|阶段安排|实施阶段|工作阶段|时间步骤|进度要求|工作进度|保障措施|组织保障|工作保障|工作要求|有关要求|相关要求|组织实施|组织领导|其他事项|有关事项|工作背景|编制依据|适用范围)/;
const PHASE_SECTION_RE = /进度安排|工作步骤|实施步骤|时间安排|方法步骤|步骤安排|阶段安排|实施阶段|工作阶段|时间步骤|进度要求|工作进度/;

export function parsePlanText(text: string, opts: ParsePlanOptions = {}): ParsedPlan {
  let sourceText = '';
  try {
    sourceText = normalizePlanText(typeof text === 'string' ? text : String(text ?? ''));
    return parseNormalized(sourceText, opts ?? {});
  } catch {
    // A safety net for a bug, not a code path: the fuzz tests assert it is never taken.
    return {
      document: { title: null, docNumber: null, issuer: null, issuedOn: null },
      phases: [],
      campaign: { start: null, end: null },
      tasks: [],
      sourceText,
      warnings: [{ code: 'INTERNAL', message: '解析过程中发生内部错误，未能生成任务树，请人工核对原文。' }],
    };
  }
}

/**
 * Parse an uploaded file: .docx (by its PK signature or extension) through mammoth, anything else
 * as text in UTF-8 / UTF-16 / GBK. Throws PlanInputError (code TOO_LARGE above 10 MB).
 */
export async function parsePlanDocument(buf: Uint8Array, fileName: string, opts: ParsePlanOptions = {}): Promise<ParsedPlan> {
  if (buf.length > MAX_PLAN_BYTES) {
    throw new PlanInputError('TOO_LARGE', `文件超过 ${MAX_PLAN_BYTES / 1024 / 1024} MB 上限，请拆分后上传。`);
  }
  if (buf.length === 0) throw new PlanInputError('EMPTY', '文件为空，请上传包含方案正文的文本或 Word 文件。');
  const isZip = buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
  const ext = /\.([a-z0-9]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  const isPdfFile = buf.length >= 5 && new TextDecoder('latin1').decode(buf.subarray(0, Math.min(buf.length, 1024))).includes('%PDF-');
  let text: string;
  if (isPdfFile || ext === 'pdf') {
    // pdfjs-dist is Node-side here: loaded only when a PDF arrives
    const { extractPdfText } = await import('./pdf.js');
    const pdf = await extractPdfText(buf);
    assertPlanLikeText(pdf.text);
    const plan = parsePlanText(pdf.text, opts);
    return { ...plan, warnings: [...pdf.warnings, ...plan.warnings] };
  }
  if (isZip || ext === 'docx') {
    // mammoth is Node-side: load it only when a Word file arrives (keeps this module browser-safe)
    const { extractDocxText } = await import('./docx.js');
    text = await extractDocxText(buf);
    assertPlanLikeText(text);
  } else {
    text = decodePlanBytes(buf);
  }
  return parsePlanText(text, opts);
}

// ---------------------------------------------------------------------------------------------

interface Ctx {
  text: string;
  nodes: RawNode[];
  kinds: Map<RawNode, NodeKind>;
  titles: Map<RawNode, string>;
  warnings: PlanWarning[];
  resolver?: UnitResolver;
}

function parseNormalized(text: string, opts: ParsePlanOptions): ParsedPlan {
  const warnings: PlanWarning[] = [];
  const paragraphs = paragraphsOf(text);
  const hits = scanMarkers(paragraphs);

  // The body starts at the first numbered heading; what precedes it is the 版头/通知/title.
  const lineHits = hits.filter((h) => !h.inline);
  const firstHeading = lineHits.find((h) => isHeadingFamily(h.family)) ?? lineHits[0];
  let firstBodyIndex = firstHeading ? paragraphs.findIndex((p) => p.start === firstHeading.paragraphStart) : paragraphs.length;
  if (firstBodyIndex < 0) firstBodyIndex = paragraphs.length;
  const backIndex = backMatterIndex(paragraphs, firstBodyIndex);
  const bodyStart = firstBodyIndex < paragraphs.length ? paragraphs[firstBodyIndex].start : text.length;
  const bodyEnd = backIndex < paragraphs.length ? Math.max(bodyStart, trimRange(text, 0, paragraphs[backIndex].start)[1]) : text.length;

  const meta = extractMetadata(paragraphs, firstBodyIndex, backIndex);
  const nodes = buildTree(text, hits, bodyStart, bodyEnd, warnings);
  const clauses = findClauses(text, bodyStart, bodyEnd, opts.units);

  const ctx: Ctx = { text, nodes, kinds: new Map(), titles: new Map(), warnings, resolver: opts.units };
  for (const n of nodes) ctx.titles.set(n, titleOf(text, n));
  classifyKinds(ctx, clauses);
  const clauseOwners = assignClauses(ctx, clauses);

  const bookTitles = bookTitleRanges(text);
  const { phases, periodRanges } = extractPhases(ctx, meta, paragraphs, bodyStart, bodyEnd);
  const campaign = campaignPeriod(opts, phases, meta, warnings);
  const exclude = mergeRanges([...bookTitles, ...periodRanges]);

  const deadlines = findDeadlines(text, bodyStart, bodyEnd, campaign, exclude);
  const recurrences = findRecurrences(text, bodyStart, bodyEnd, exclude);
  const targets = findTargets(text, bodyStart, bodyEnd, exclude);

  const out = assemble(ctx, clauses, clauseOwners, deadlines, targets, recurrences, phases);
  // point structural warnings at their node so the review UI can jump to it
  for (const w of warnings) {
    if (w.nodeId === undefined && w.start !== undefined) {
      const owner = ownerAt(nodes, w.start);
      if (owner) w.nodeId = out[owner.index].id;
    }
  }
  if (nodes.length === 0) {
    warnings.push({ code: 'NO_STRUCTURE', message: '未识别到任何编号层级（一、（一）1. 一是…），无法拆分任务，请核对原文格式。' });
  } else if (!out.some((n) => n.kind === 'task')) {
    warnings.push({ code: 'NO_TASKS', message: '识别到了编号层级，但未能确定哪一级是任务，请人工核对。' });
  }
  for (const d of deadlines) {
    if (d.kind === 'campaign_end' && d.date === null) {
      warnings.push({ code: 'CAMPAIGN_END_UNKNOWN', message: `“${d.text}”指向行动结束时间，但方案中未找到行动期限，请补充。`, start: d.start, end: d.end });
    } else if (d.yearless && d.date === null) {
      warnings.push({ code: 'YEARLESS_DATE', message: `“${d.text}”未写明年份，请核对完成时限。`, start: d.start, end: d.end });
    }
  }
  return { document: meta, phases, campaign: { start: campaign.start, end: campaign.end }, tasks: out, sourceText: text, warnings: capWarnings(warnings) };
}

function titleOf(text: string, n: RawNode): string {
  const firstLine = text.slice(n.bodyStart, n.end).split('\n')[0];
  let cut = firstLine.length;
  const stop = /[。；！？]/.exec(firstLine);
  if (stop) cut = stop.index;
  const colon = firstLine.indexOf('：');
  if (colon >= 2 && colon < cut) cut = colon;
  let title = firstLine.slice(0, cut).trim();
  if (title.length > 50) {
    const comma = title.indexOf('，');
    title = comma >= 4 ? title.slice(0, comma) : `${title.slice(0, 50)}…`;
  }
  return title;
}

// ---------------------------------------------------------------------------------------------
// Kinds: which level is the task?

function classifyKinds(ctx: Ctx, clauses: Clause[]): void {
  const { nodes, kinds, titles } = ctx;
  const clauseStarts = clauses.map((c) => c.start);
  const hasClause = (n: RawNode) => countIn(clauseStarts, n.start, n.end) > 0;

  const sections = nodes.filter((n) => !n.parent && (n.family === 'cn-dun' || n.family === 'part'));
  const looseTops = nodes.filter((n) => !n.parent && !(n.family === 'cn-dun' || n.family === 'part'));

  const markAll = (n: RawNode, f: (x: RawNode) => NodeKind) => {
    kinds.set(n, f(n));
    for (const c of n.children) markAll(c, f);
  };

  const taskRegions: RawNode[][] = [];
  for (const s of sections) {
    kinds.set(s, 'section');
    if (isNonTaskSection(titles.get(s) ?? '')) {
      for (const c of s.children) markAll(c, (x) => (isHeadingFamily(x.family) ? 'group' : 'item'));
    } else {
      taskRegions.push(s.children);
    }
  }
  if (looseTops.length) taskRegions.push(looseTops);
  for (const region of taskRegions) classifyTaskRegion(region, hasClause, kinds);

  // Fallback: a plan whose top-level parts carry the clauses themselves ("一、X（A牵头）二、…").
  if (![...kinds.values()].includes('task')) {
    for (const s of sections) {
      if (kinds.get(s) === 'section' && !isNonTaskSection(titles.get(s) ?? '') && hasClause(s)) {
        kinds.set(s, 'task');
        for (const c of s.children) markAll(c, () => 'item');
      }
    }
  }
}

/** "保障措施" frames the work; "目标任务" / "工作目标和主要任务" still lists tasks. */
function isNonTaskSection(title: string): boolean {
  return NON_TASK_SECTION_RE.test(title) && !/任务/.test(title);
}

function classifyTaskRegion(region: RawNode[], hasClause: (n: RawNode) => boolean, kinds: Map<RawNode, NodeKind>): void {
  const eligible = new Set<RawNode>();
  const visit = (n: RawNode, parentEligible: boolean) => {
    const ok =
      parentEligible &&
      isHeadingFamily(n.family) &&
      !(isArabicHeading(n.family) && n.parent !== null && isArabicHeading(n.parent.family) && eligible.has(n.parent));
    if (ok) eligible.add(n);
    for (const c of n.children) visit(c, ok);
  };
  for (const n of region) visit(n, true);

  const all: RawNode[] = [];
  const collect = (n: RawNode) => {
    all.push(n);
    n.children.forEach(collect);
  };
  region.forEach(collect);

  if (eligible.size === 0) {
    // Only inline enumerations: they are the tasks when they carry responsibility clauses.
    const promote = region.some(hasClause);
    const top = new Set(region);
    for (const n of all) kinds.set(n, promote && top.has(n) ? 'task' : 'item');
    return;
  }

  // The task level is the deepest heading level whose nodes (nearly) all carry a clause; this
  // tells "（一）task + 1. items + 牵头单位 line" apart from "（一）group + 1. tasks (X牵头)".
  const byDepth = new Map<number, { total: number; withClause: number }>();
  for (const n of eligible) {
    const e = byDepth.get(n.depth) ?? { total: 0, withClause: 0 };
    e.total++;
    if (hasClause(n)) e.withClause++;
    byDepth.set(n.depth, e);
  }
  let maxRatio = 0;
  for (const e of byDepth.values()) maxRatio = Math.max(maxRatio, e.withClause / e.total);
  let taskDepth: number | null = null;
  if (maxRatio > 0) {
    for (const [d, e] of byDepth) if (e.withClause / e.total >= 0.8 * maxRatio && (taskDepth === null || d > taskDepth)) taskDepth = d;
  }

  const hasEligibleChild = (n: RawNode) => n.children.some((c) => eligible.has(c));
  for (const n of all) {
    if (!eligible.has(n)) {
      kinds.set(n, 'item');
    } else if (taskDepth === null || n.depth < taskDepth) {
      kinds.set(n, hasEligibleChild(n) ? 'group' : 'task');
    } else {
      kinds.set(n, n.depth === taskDepth ? 'task' : 'item');
    }
  }
}

function countIn(sorted: number[], from: number, to: number): number {
  return lowerBound(sorted, to) - lowerBound(sorted, from);
}

function lowerBound(sorted: number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// Clause owners

/**
 * A clause belongs to the deepest node containing it, except a clause closing a task whose last
 * item it sits in: that is the task's clause ("…六是…。（X牵头，…）"), and the item ends before it.
 * When every earlier item also closes with its own clause, the plan assigns units per item and the
 * last clause stays with the last item.
 */
function assignClauses(ctx: Ctx, clauses: Clause[]): Map<Clause, RawNode | null> {
  const { nodes, kinds, text } = ctx;
  const owners = new Map<Clause, RawNode | null>();
  const clauseStarts = clauses.map((c) => c.start);
  for (const c of clauses) {
    const leaf = ownerAt(nodes, c.start);
    let owner = leaf;
    // A leaf with items after the clause's start (lines out of order put an item inside the
    // parentheses) keeps the clause: cutting it before the clause would leave those items outside it.
    if (leaf && kinds.get(leaf) !== 'task' && !leaf.children.some((ch) => ch.start >= c.start)) {
      let task: RawNode | null = leaf.parent;
      while (task && kinds.get(task) !== 'task') task = task.parent;
      if (task && /^[\s。；，.、）]*$/.test(text.slice(c.end, task.end))) {
        const chain: RawNode[] = [];
        let n: RawNode | null = leaf;
        let lastChildren = true;
        while (n && n !== task) {
          chain.push(n);
          const p: RawNode = n.parent!;
          if (p.children[p.children.length - 1] !== n) lastChildren = false;
          n = p;
        }
        const top = chain[chain.length - 1];
        const earlier = task.children.slice(0, task.children.indexOf(top));
        const perItem = earlier.length > 0 && earlier.every((s) => countIn(clauseStarts, s.start, s.end) > 0);
        if (lastChildren && !perItem) {
          owner = task;
          const [, cut] = trimRange(text, top.start, c.start);
          for (const x of chain) x.end = Math.max(x.bodyStart, Math.min(x.end, cut));
        }
      }
    }
    owners.set(c, owner);
  }
  return owners;
}

// ---------------------------------------------------------------------------------------------
// Phases and the campaign period

function extractPhases(
  ctx: Ctx,
  meta: PlanDocumentMeta,
  paragraphs: Array<{ text: string; start: number; end: number }>,
  bodyStart: number,
  bodyEnd: number,
): { phases: Phase[]; periodRanges: Array<[number, number]> } {
  const { nodes, kinds, titles, text } = ctx;
  const phases: Phase[] = [];
  const periodRanges: Array<[number, number]> = [];
  let previousEnd: string | null = null;

  const consider = (head: string, headStart: number, nodeText: string, nodeId: RawNode | null) => {
    const parsed = parsePhaseHead(head, meta.issuedOn, previousEnd);
    if (!parsed) return false;
    phases.push({ name: parsed.name, start: parsed.start, end: parsed.end, text: nodeText, nodeId: nodeId ? `#${nodeId.index}` : null });
    if (parsed.range) periodRanges.push([headStart + parsed.range[0], headStart + parsed.range[1]]);
    if (parsed.end) previousEnd = parsed.end;
    return true;
  };

  const phaseSections = nodes.filter((n) => kinds.get(n) === 'section' && PHASE_SECTION_RE.test(titles.get(n) ?? ''));
  const seen = new Set<number>();
  for (const s of phaseSections) {
    for (const c of s.children) {
      const head = firstSentence(text, c.bodyStart, c.end);
      if (consider(head, c.bodyStart, text.slice(c.bodyStart, c.end).trim(), c)) seen.add(c.start);
    }
  }
  // "第一阶段：动员部署（2024年1月—2月）" paragraphs, numbered or not, anywhere in the body.
  for (const p of paragraphs) {
    if (p.start < bodyStart || p.start >= bodyEnd || seen.has(p.start)) continue;
    const m = /^(?:（[一二三四五六七八九十]+）|\d{1,2}[.、])?(第[一二三四五六七八九十]+阶段)/.exec(p.text);
    if (!m) continue;
    const owner = ownerAt(nodes, p.start);
    consider(p.text.slice(0, 120).split('。')[0], p.start, p.text, owner && owner.start === p.start ? owner : null);
  }
  periodRanges.sort((a, b) => a[0] - b[0]);
  return { phases, periodRanges };
}

function firstSentence(text: string, from: number, to: number): string {
  const s = text.slice(from, Math.min(to, from + 120)).split('\n')[0];
  const i = s.indexOf('。');
  return i >= 0 ? s.slice(0, i) : s;
}

function parsePhaseHead(
  head: string,
  issuedOn: string | null,
  previousEnd: string | null,
): { name: string; start: string | null; end: string | null; range: [number, number] | null } | null {
  const ordinalName = /^(第[一二三四五六七八九十]+阶段)[：:]?/.exec(head);
  let name = head.replace(/^(?:（[一二三四五六七八九十]+）|\d{1,2}[.、])?第[一二三四五六七八九十]+阶段[：:]?/, '');
  const nameEnd = name.search(/[（：:，]/);
  if (nameEnd >= 0) name = name.slice(0, nameEnd);
  name = name.trim() || ordinalName?.[1] || '';

  const candidates: Array<[string, number]> = [];
  const parenRe = /（([^（）]{2,40})）/g;
  let m: RegExpExecArray | null;
  while ((m = parenRe.exec(head)) !== null) candidates.push([m[1], m.index]);
  const colon = head.search(/[：:]/);
  if (colon >= 0) candidates.push([head.slice(colon + 1), colon]);
  for (const [c, at] of candidates) {
    const p = parsePeriod(c, issuedOn, previousEnd);
    if (p && (p.start || p.end)) {
      const end = at + c.length + (head[at] === '（' ? 2 : 1);
      return { name: name || c, start: p.start, end: p.end, range: [at, Math.min(head.length, end)] };
    }
  }
  return null;
}

function campaignPeriod(opts: ParsePlanOptions, phases: Phase[], meta: PlanDocumentMeta, warnings: PlanWarning[]): CampaignPeriod {
  let start = isValidIso(opts.campaignStart) ? opts.campaignStart : null;
  let end = isValidIso(opts.campaignEnd) ? opts.campaignEnd : null;
  for (const p of phases) {
    if (!isValidIso(opts.campaignStart) && p.start && (!start || p.start < start)) start = p.start;
    if (!isValidIso(opts.campaignEnd) && p.end && (!end || p.end > end)) end = p.end;
  }
  // "…三年行动方案（2024—2026年）"
  const span = /((?:19|20)\d{2})\s*年?\s*[—–\-~至到]\s*((?:19|20)\d{2})\s*年/.exec(meta.title ?? '');
  if (span) {
    start ??= `${span[1]}-01-01`;
    end ??= `${span[2]}-12-31`;
  }
  if (!end && meta.issuedOn && /三年/.test(meta.title ?? '')) {
    end = `${Number(meta.issuedOn.slice(0, 4)) + 2}-12-31`;
    start ??= meta.issuedOn;
    warnings.push({ code: 'CAMPAIGN_END_GUESSED', message: `方案未写明行动期限，按“三年行动”自印发年度起推算至 ${end}，请核对。` });
  }
  // "三年行动" / "3年行动": 三年内 means the campaign's end even when its dates are overridden
  const named = /([一二两三四五六七八九十]|\d{1,2})\s*年(?:专项)?(?:行动|攻坚|整治|规划)/.exec(meta.title ?? '');
  const years = named ? chineseNumber(named[1] === '两' ? '二' : named[1]) : null;
  return { start, end, years: years && years > 0 ? years : null };
}

// ---------------------------------------------------------------------------------------------
// Output

function assemble(
  ctx: Ctx,
  clauses: Clause[],
  clauseOwners: Map<Clause, RawNode | null>,
  deadlines: Deadline[],
  targets: Target[],
  recurrences: Recurrence[],
  phases: Phase[],
): PlanNode[] {
  const { nodes, kinds, titles, text, resolver, warnings } = ctx;

  // ids: path of ordinals, a letter for a restarted run ("2.2.24.b1")
  const ids = new Map<RawNode, string>();
  const used = new Map<string, number>(); // id → how many times it was asked for
  for (const n of nodes) {
    const token = n.run > 1 ? `${runLetters(n.run)}${n.ordinal}` : String(n.ordinal);
    let id = n.parent ? `${ids.get(n.parent)}.${token}` : token;
    const count = used.get(id) ?? 0;
    used.set(id, count + 1);
    if (count > 0) {
      let k = count + 1;
      while (used.has(`${id}_${k}`)) k++;
      id = `${id}_${k}`;
      used.set(id, 1);
    }
    ids.set(n, id);
  }
  for (const p of phases) {
    if (p.nodeId?.startsWith('#')) p.nodeId = ids.get(nodes[Number(p.nodeId.slice(1))]) ?? null;
  }

  const out = new Map<RawNode, PlanNode>();
  for (const n of nodes) {
    out.set(n, {
      id: ids.get(n)!,
      parentId: n.parent ? ids.get(n.parent)! : null,
      ordinal: n.ordinal,
      marker: n.marker,
      kind: kinds.get(n) ?? 'item',
      level: n.depth,
      title: titles.get(n) ?? '',
      text: text.slice(n.bodyStart, n.end).trim(),
      start: n.start,
      end: n.end,
      leadUnits: [],
      coUnits: [],
      units: [],
      territorialDuty: false,
      deadlines: [],
      targets: [],
      recurrence: null,
      recurrences: [],
      unresolvedUnits: [],
      spans: [],
      ...(n.series ? { series: n.series } : {}),
    });
  }

  const resolveName = (written: string) => {
    const entry = resolver?.resolve(written);
    return entry ? { name: entry.name, code: entry.code } : { name: written, code: null };
  };
  // offsets of the department names behind each mention, for the spans (kept off the contract)
  const departmentRanges = new WeakMap<UnitMention, Array<{ start: number; end: number }>>();
  const toMention = (m: RawMention, clause: Clause): UnitMention => {
    const r = resolveName(m.written);
    const generic = r.code === null && isGenericUnitName(m.written);
    const hasLead = clause.mentions.some((x) => x.role === 'lead');
    const role = m.role === 'responsible' ? (hasLead || generic ? 'co' : 'lead') : m.role;
    const departments: string[] = [];
    for (const d of m.departments) {
      const dr = resolveName(d.written);
      if (r.code !== null && dr.code === r.code) continue;
      if (!departments.includes(dr.name)) departments.push(dr.name);
    }
    const mention: UnitMention = { name: r.name, written: m.written, role, code: r.code, generic, departments, territorial: m.territorial, start: m.start, end: m.end };
    departmentRanges.set(mention, m.departments.map((d) => ({ start: d.start, end: d.end })));
    return mention;
  };

  const globalStatements: Array<{ pos: number; mentions: UnitMention[] }> = [];
  const ownsClause = new Set<RawNode>();
  for (const c of clauses) {
    const owner = clauseOwners.get(c) ?? null;
    const mentions = c.mentions.map((m) => toMention(m, c));
    if (c.globalTerritorial) globalStatements.push({ pos: c.start, mentions: mentions.filter((m) => m.territorial) });
    if (!owner) continue;
    ownsClause.add(owner);
    const node = out.get(owner)!;
    node.units.push(...mentions);
    if (mentions.some((m) => m.territorial) && node.kind === 'task') node.territorialDuty = true;
  }

  // A global 属地 statement covers the task it stands in and every task after it.
  // (nodes and statements are both in text order, so one pointer walks the statements)
  let g = 0;
  let covering: { pos: number; mentions: UnitMention[] } | null = null;
  for (const n of [...nodes].sort((a, b) => a.end - b.end)) {
    while (g < globalStatements.length && globalStatements[g].pos < n.end) covering = globalStatements[g++];
    const node = out.get(n)!;
    if (node.kind !== 'task' || !covering) continue;
    node.territorialDuty = true;
    for (const m of covering.mentions) {
      if (!node.units.some((u) => u.name === m.name && u.role === 'co')) node.units.push({ ...m, role: 'co', start: null, end: null });
    }
  }

  for (const d of deadlines) attach(d.start, (p) => p.deadlines.push(stripExtra(d)));
  for (const t of targets) attach(t.start, (p) => p.targets.push(t));
  for (const r of recurrences) attach(r.start, (p) => p.recurrences.push(r));

  function attach(pos: number, f: (p: PlanNode) => void) {
    const owner = ownerAt(nodes, pos);
    if (owner) f(out.get(owner)!);
  }

  const result: PlanNode[] = [];
  for (const n of nodes) {
    const node = out.get(n)!;
    // a count in a heading that announces its children ("重点开展26项专项整治") is not a target
    if (n.children.length) {
      const titleEnd = n.bodyStart + node.title.length;
      node.targets = node.targets.filter((t) => t.start >= titleEnd || t.unit === '%');
    }
    node.recurrence = node.recurrences[0] ?? null;
    for (const u of node.units) {
      const list = u.role === 'lead' ? node.leadUnits : node.coUnits;
      if (!list.includes(u.name)) list.push(u.name);
      for (const name of [u.written, ...u.departments]) {
        const resolved = name === u.written ? u.code !== null : resolveName(name).code !== null;
        if (!resolved && !isGenericUnitName(name) && !node.unresolvedUnits.includes(name)) node.unresolvedUnits.push(name);
      }
    }
    node.coUnits = node.coUnits.filter((c) => !node.leadUnits.includes(c));
    const spans: Span[] = [];
    for (const u of node.units) {
      if (u.start === null || u.end === null) continue;
      spans.push({ kind: u.role, start: u.start, end: u.end });
      for (const d of departmentRanges.get(u) ?? []) spans.push({ kind: u.role, start: d.start, end: d.end });
    }
    for (const d of node.deadlines) spans.push({ kind: 'deadline', start: d.start, end: d.end });
    for (const t of node.targets) spans.push({ kind: 'target', start: t.start, end: t.end });
    for (const r of node.recurrences) spans.push({ kind: 'recurrence', start: r.start, end: r.end });
    node.spans = spans.sort((a, b) => a.start - b.start || a.end - b.end);

    if (node.kind === 'task') {
      if (clauses.length > 0 && node.leadUnits.length === 0 && !n.children.some((c) => out.get(c)!.leadUnits.length)) {
        warnings.push({ code: 'TASK_WITHOUT_LEAD', message: `任务“${node.title}”未找到牵头单位，请补充。`, nodeId: node.id, start: n.start, end: n.bodyStart });
      }
      if (ownsClause.has(n) && hasDescendantOwning(n, ownsClause)) {
        warnings.push({
          code: 'MULTIPLE_CLAUSES',
          message: `任务“${node.title}”中有多处责任分工表述，已分别记在所在条目和任务上，请核对。`,
          nodeId: node.id,
          start: n.start,
          end: n.bodyStart,
        });
      }
    }
    result.push(node);
  }

  if (resolver) {
    const names = new Set<string>();
    for (const n of result) for (const u of n.unresolvedUnits) names.add(u);
    if (names.size) {
      const list = [...names];
      warnings.push({
        code: 'UNRESOLVED_UNITS',
        message: `以下单位未能在组织机构库中找到，已按原文保留，请核对：${list.slice(0, 30).join('、')}${list.length > 30 ? ` 等 ${list.length} 个` : ''}`,
      });
    }
  }
  return result;
}

/** Sorted, disjoint ranges (inRanges binary-searches them). */
function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Run 2 → "b", run 27 → "aa": a readable, unique prefix for restarted numbering. */
function runLetters(run: number): string {
  let n = run - 1;
  let out = '';
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}

/** At most `limit` warnings of one code; the rest are summarised in one line. */
function capWarnings(warnings: PlanWarning[], limit = 30): PlanWarning[] {
  const counts = new Map<string, number>();
  const out: PlanWarning[] = [];
  for (const w of warnings) {
    const c = (counts.get(w.code) ?? 0) + 1;
    counts.set(w.code, c);
    if (c <= limit) out.push(w);
  }
  for (const [code, c] of counts) {
    if (c > limit) out.push({ code, message: `另有 ${c - limit} 条同类提示（${code}）未逐条列出。` });
  }
  return out;
}

function hasDescendantOwning(n: RawNode, owners: Set<RawNode>): boolean {
  return n.children.some((c) => owners.has(c) || hasDescendantOwning(c, owners));
}

function stripExtra(d: Deadline & { yearless?: boolean }): Deadline {
  return { date: d.date, text: d.text, kind: d.kind, start: d.start, end: d.end };
}
