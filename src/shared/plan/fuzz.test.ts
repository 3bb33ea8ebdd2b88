/**
 * Never throws: random, plan-like, truncated, shuffled and mutated inputs always give a valid
 * structure (and never through the INTERNAL safety net); random bytes only ever fail with a
 * PlanInputError. 2,600 runs in total.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceUnitDirectory } from '../org/reference.js';
import { isValidIso } from './dates.js';
import { decodePlanBytes } from './decode.js';
import { PlanInputError } from './errors.js';
import { parsePlanText } from './parse.js';
import type { ParsedPlan } from './types.js';

const reference = readFileSync(new URL('../../../fixtures/plans/dongxihu-2020-7.txt', import.meta.url), 'utf8');
const referenceLines = reference.split('\n');
const units = referenceUnitDirectory();

const KINDS = new Set(['section', 'group', 'task', 'item']);
const DEADLINE_KINDS = new Set(['by', 'before', 'during', 'on', 'campaign_end', 'ongoing']);
const SPAN_KINDS = new Set(['lead', 'co', 'deadline', 'target', 'recurrence']);

/**
 * One seed for every property here, so CI gives the same answer on every run (the API fuzzing does
 * the same). Explore others with PLAN_FUZZ_SEED=<n>; what a seed finds becomes a test below (seed
 * -757808042 found the clause that opens before an item's line and closes after it).
 */
const FUZZ_SEED = Number(process.env.PLAN_FUZZ_SEED ?? 20261128);

/** Structural invariants of the output contract. Returns the first violation, or null. */
function violation(p: ParsedPlan): string | null {
  if (typeof p.sourceText !== 'string' || !Array.isArray(p.tasks) || !Array.isArray(p.warnings) || !Array.isArray(p.phases)) return 'shape';
  if (p.warnings.some((w) => w.code === 'INTERNAL')) return 'internal error';
  const len = p.sourceText.length;
  const seen = new Map<string, { start: number; end: number }>();
  for (const n of p.tasks) {
    if (seen.has(n.id)) return `duplicate id ${n.id}`;
    if (n.parentId !== null) {
      const parent = seen.get(n.parentId);
      if (!parent) return `parent ${n.parentId} of ${n.id} missing or later`;
      if (n.start < parent.start || n.end > parent.end) return `${n.id} outside its parent`;
    }
    seen.set(n.id, n);
    if (!KINDS.has(n.kind) || !(n.level >= 1) || !(n.ordinal >= 1)) return `kind/level of ${n.id}`;
    if (!(0 <= n.start && n.start <= n.end && n.end <= len)) return `range of ${n.id}`;
    if (n.leadUnits.some((u) => n.coUnits.includes(u))) return `lead and co overlap in ${n.id}`;
    if ([...n.leadUnits, ...n.coUnits].some((u) => typeof u !== 'string' || u === '')) return `empty unit in ${n.id}`;
    for (const s of n.spans) if (!SPAN_KINDS.has(s.kind) || !(0 <= s.start && s.start <= s.end && s.end <= len)) return `span in ${n.id}`;
    for (const d of n.deadlines) {
      if (!DEADLINE_KINDS.has(d.kind)) return `deadline kind in ${n.id}`;
      if (d.date !== null && !isValidIso(d.date)) return `deadline date ${d.date} in ${n.id}`;
      if (p.sourceText.slice(d.start, d.end) !== d.text) return `deadline span in ${n.id}`;
    }
    for (const t of n.targets) if (!Number.isFinite(t.value) || p.sourceText.slice(t.start, t.end) !== t.text) return `target in ${n.id}`;
    if (n.recurrence !== (n.recurrences[0] ?? null)) return `recurrence of ${n.id}`;
  }
  for (const ph of p.phases) if ((ph.start !== null && !isValidIso(ph.start)) || (ph.end !== null && !isValidIso(ph.end))) return 'phase date';
  for (const v of [p.document.issuedOn, p.campaign.start, p.campaign.end]) if (v !== null && !isValidIso(v)) return 'document date';
  if (p.warnings.some((w) => typeof w.message !== 'string' || !/[\u4e00-\u9fff]/.test(w.message))) return 'warning message';
  return null;
}

/** Fragments that make plan-like noise: markers, units, clauses, dates, numbers, damage. */
const TOKENS = [
  '一、', '二、', '（一）', '(二)', '1.', '2、', '（1）', '（2）', '一是', '二是', '十六是', '**四是**', '第一，', '①', '\n', '\n\n', '。', '；', '，', '：',
  '（', '）', '(', ')', '【牵头单位】', '【责任单位】', '牵头单位：', '配合单位：', '责任单位：', '（牵头）', '牵头', '分别牵头', '按职责分工负责', '相关部门配合',
  '区应急管理局', '区消防专委会（区消防救援大队）', '区委统战部（台办、民宗局）', '各街道办事处（常青花园社管办）', '等有关单位', '和', '、', '由公安交管部门',
  '负有属地管理责任，以下均需要', '不再列出', '2021年底前', '到2022年底', '2020年10月前', '2024 年第二季度', '上半年', '年度', '三年内', '长期坚持', '每季度至少1次',
  '不低于', '达到', '100%', '75%', '以上', '1-2次', '是否', '《', '》', '—1—', '- 3 -', '安 全', '２０２５年', 'and', '年', '月', '日', '前', '底', '〔2020〕7号',
  '进度安排', '（从即日起至2020年9月）', '保障措施', '东安', '方案', '\u0000', '\uFEFF', '\uD800', '😀',
];

describe('parsePlanText never throws', () => {
  it('keeps an item inside its parent when a responsibility clause opens before the item and closes after it (PLAN_FUZZ_SEED=-757808042, shrunk)', () => {
    // Shuffled lines: the 一是 item of "9." sits inside the parentheses that close item 5; cutting
    // item 5 before its clause left 4.5.1 outside 4.5.
    const lines = [
      '（四）着力推进 4 项重点工程',
      '5.综合交通（铁路、邮政、水上和城市轨道交通）安全整治。',
      '（区城建安全生产专业委员会（区住建局）牵头，区发改局、',
      '9.危险废物等安全整治。一是全面开展危险废物排查，对属性不明的固体废物进行鉴别鉴定，重点整治园区、化工企业、危',
      '区教育局、区科经局、区公安分局、区应急管理局、区市场监管局、区消防救援大队、各街道办事处、区属企业等有关单位按职责分工负责)',
      '（一）加强组织领导。',
      '15.校园安全整治。',
      '20.海关特殊监管区安全整治。',
    ];
    expect(violation(parsePlanText(lines.join('\n'), { units }))).toBeNull();
  });

  it('on random Unicode strings (800 runs)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        expect(violation(parsePlanText(s))).toBeNull();
      }),
      { numRuns: 800, seed: FUZZ_SEED },
    );
  });

  it('on plan-like token soup, with and without a directory (700 runs)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 120 }), fc.boolean(), (parts, withUnits) => {
        expect(violation(parsePlanText(parts.join(''), withUnits ? { units } : {}))).toBeNull();
      }),
      { numRuns: 700, seed: FUZZ_SEED },
    );
  });

  it('on truncated and mutated copies of the reference plan (300 runs)', () => {
    fc.assert(
      fc.property(
        fc.nat(reference.length),
        fc.nat(reference.length),
        fc.array(fc.tuple(fc.nat(reference.length), fc.constantFrom(...TOKENS)), { maxLength: 8 }),
        (a, b, edits) => {
          let s = reference.slice(Math.min(a, b), Math.max(a, b));
          for (const [at, tok] of edits) s = s.slice(0, at % (s.length + 1)) + tok + s.slice(at % (s.length + 1));
          expect(violation(parsePlanText(s, { units }))).toBeNull();
        },
      ),
      { numRuns: 300, seed: FUZZ_SEED },
    );
  });

  it('on shuffled lines of the reference plan (300 runs)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(referenceLines, { minLength: 1 }), (lines) => {
        expect(violation(parsePlanText(lines.join('\n'), { units }))).toBeNull();
      }),
      { numRuns: 300, seed: FUZZ_SEED },
    );
  });

  it('on non-string input and bad options', () => {
    for (const v of [undefined, null, 42, {}, []] as unknown[]) expect(violation(parsePlanText(v as string))).toBeNull();
    expect(violation(parsePlanText(reference, { campaignEnd: 'soon', campaignStart: '2020-13-45' }))).toBeNull();
  });
});

describe('decodePlanBytes on random bytes (500 runs)', () => {
  it('returns text or throws a PlanInputError with a Chinese message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        try {
          expect(typeof decodePlanBytes(bytes)).toBe('string');
        } catch (e) {
          expect(e).toBeInstanceOf(PlanInputError);
          expect((e as PlanInputError).message).toMatch(/[\u4e00-\u9fff]/);
        }
      }),
      { numRuns: 500, seed: FUZZ_SEED },
    );
  });
});
