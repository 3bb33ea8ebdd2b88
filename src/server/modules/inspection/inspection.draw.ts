import { createHash, randomBytes } from 'node:crypto';
import { DRAW_ALGORITHM, DRAW_ALGORITHM_V1 } from '../../../shared/inspection/rules';

/**
 * 双随机 draw, algorithms `anzhi-draw-v1` and `anzhi-draw-v2` — deterministic from the stored pool and the seed, so anyone
 * holding the published pool and seed re-runs it and gets the same result:
 *
 * 1. Random stream: block k = SHA-256(`${seed}:${k}`) (k = 0, 1, …), read as eight big-endian
 *    uint32 words; an integer below n is drawn by rejection (discard words ≥ floor(2³²/n)·n).
 * 2. Targets (v1): the pool's target ids sorted ascending, Fisher–Yates shuffled (i from the end,
 *    j uniform in [0, i]); the first `count` are selected. (v2): weighted sampling without
 *    replacement over the sorted ids (see selectWeighted) — a 失信 enterprise weighs more.
 * 3. Inspectors: for each selected target in that order, the eligible inspectors (pool inspectors
 *    without a declared conflict with the enterprise) are ordered by (assignments so far, a fresh
 *    random word, id); the first `perTarget` are assigned. This keeps loads within one of each other
 *    whenever conflicts allow.
 * Commit-reveal: SHA-256(seed) is stored and shown when the draw is created (pool frozen); the seed
 * is revealed with the result, so the operator cannot pick a seed after seeing the outcome.
 */

export interface DrawPool {
  /** eligible enterprises (ids) */
  targets: string[];
  /** eligible inspectors (user ids): certificate valid on the draw day, in the department's pool */
  inspectors: string[];
  /** declared conflicts of interest: [inspectorId, enterpriseId] */
  conflicts: [string, string][];
  /**
   * anzhi-draw-v2: selection weights of targets other than 1 (an enterprise on the 失信 list counts
   * DISHONEST_DRAW_WEIGHT times); stored with the pool so the draw re-runs from it.
   */
  weights?: Record<string, number>;
}

export interface DrawParams {
  count: number;
  perTarget: number;
}

export interface DrawAssignment {
  enterpriseId: string;
  inspectorIds: string[];
}

export class DrawInfeasible extends Error {}

export function newSeed(): string {
  return randomBytes(32).toString('hex');
}

export function seedHash(seed: string): string {
  return createHash('sha256').update(seed, 'utf8').digest('hex');
}

/** The random stream of a seed (step 1). */
export function randomStream(seed: string) {
  let block = 0;
  const words: number[] = [];
  const next32 = (): number => {
    if (words.length === 0) {
      const h = createHash('sha256').update(`${seed}:${block++}`, 'utf8').digest();
      for (let i = 0; i < 32; i += 4) words.push(h.readUInt32BE(i));
    }
    return words.shift()!;
  };
  const below = (n: number): number => {
    if (n <= 0) throw new Error('below(0)');
    const limit = Math.floor(0x1_0000_0000 / n) * n;
    for (;;) {
      const w = next32();
      if (w < limit) return w % n;
    }
  };
  return { next32, below };
}

/** Run the draw (steps 2–3). Throws DrawInfeasible when a target cannot get enough inspectors. */
export function runDraw(pool: DrawPool, params: DrawParams, seed: string, algorithm = DRAW_ALGORITHM): DrawAssignment[] {
  if (algorithm !== DRAW_ALGORITHM && algorithm !== DRAW_ALGORITHM_V1) throw new Error(`未知的抽取算法 ${algorithm}`);
  const rng = randomStream(seed);
  const selected = algorithm === DRAW_ALGORITHM_V1 ? selectUniform(pool, params.count, rng) : selectWeighted(pool, params.count, rng);
  const inspectors = [...pool.inspectors].sort();
  const conflict = new Set(pool.conflicts.map(([i, e]) => `${i}|${e}`));
  const load = new Map(inspectors.map((i) => [i, 0]));
  const out: DrawAssignment[] = [];
  for (const enterpriseId of selected) {
    const eligible = inspectors
      .filter((i) => !conflict.has(`${i}|${enterpriseId}`))
      .map((id) => ({ id, load: load.get(id)!, key: rng.next32() }))
      .sort((a, b) => a.load - b.load || a.key - b.key || (a.id < b.id ? -1 : 1));
    if (eligible.length < params.perTarget) throw new DrawInfeasible(enterpriseId);
    const team = eligible.slice(0, params.perTarget).map((x) => x.id);
    for (const id of team) load.set(id, load.get(id)! + 1);
    out.push({ enterpriseId, inspectorIds: team.sort() });
  }
  return out;
}

/** v1, step 2: Fisher–Yates over the sorted ids; the first `count`. */
function selectUniform(pool: DrawPool, count: number, rng: ReturnType<typeof randomStream>): string[] {
  const targets = [...pool.targets].sort();
  for (let i = targets.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [targets[i], targets[j]] = [targets[j], targets[i]];
  }
  return targets.slice(0, Math.min(count, targets.length));
}

/**
 * v2, step 2: weighted sampling without replacement. The remaining ids in ascending order, each
 * with its integer weight (1 unless `pool.weights` says otherwise); r = below(total weight); the
 * id whose cumulative range holds r is selected and removed; repeated `count` times.
 */
function selectWeighted(pool: DrawPool, count: number, rng: ReturnType<typeof randomStream>): string[] {
  const remaining = [...pool.targets].sort().map((id) => ({ id, w: Math.max(1, Math.floor(pool.weights?.[id] ?? 1)) }));
  const out: string[] = [];
  while (out.length < count && remaining.length > 0) {
    const total = remaining.reduce((s, x) => s + x.w, 0);
    let r = rng.below(total);
    let k = 0;
    while (r >= remaining[k].w) r -= remaining[k++].w;
    out.push(remaining[k].id);
    remaining.splice(k, 1);
  }
  return out;
}

/** Same result? (order of targets matters: it is the draw order) */
export function sameResult(a: DrawAssignment[], b: DrawAssignment[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
