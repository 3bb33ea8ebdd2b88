/**
 * Assessment of units in a campaign (考核评估), pure. The plan (东安〔2020〕7号 五、严格责任追究) holds units
 * to account for slow or weak work (通报、约谈、一票否决); the office scores them from three parts:
 *
 *   T 按时报送 (timeliness) = (on-time reports + late reports × (1 − latePenalty)) / reports due
 *   C 任务完成 (completion) = completed items / items due by the evaluation date;
 *                            with nothing due yet: (completed + ½ in progress) / all items
 *   R 审核质量 (review)      = reports accepted without being returned / reports reviewed
 *
 *   score = 100 × (wT·T + wC·C + wR·R) / (wT + wC + wR)
 *
 * Default weights 30 / 50 / 20 and a late penalty of 0.5 are this deployment's choice (the plan
 * gives none); each campaign can change them in its settings. 一票否决 (veto, set by the office
 * with a reason) makes the grade 不合格 and ranks the unit after every unit without one.
 */

export interface AssessmentWeights {
  timeliness: number;
  completion: number;
  review: number;
}

export interface GradeBand {
  min: number;
  grade: string;
}

export interface AssessmentSettings {
  weights: AssessmentWeights;
  /** share of the credit a late report loses (0 = late counts fully, 1 = late counts as missing) */
  latePenalty: number;
  /** ordered from the highest minimum */
  gradeBands: GradeBand[];
}

export const DEFAULT_ASSESSMENT: AssessmentSettings = {
  weights: { timeliness: 30, completion: 50, review: 20 },
  latePenalty: 0.5,
  gradeBands: [
    { min: 90, grade: '优秀' },
    { min: 80, grade: '良好' },
    { min: 60, grade: '合格' },
    { min: 0, grade: '不合格' },
  ],
};

export interface UnitFacts {
  unitId: string;
  /** reports whose due date has passed in the evaluated range */
  reportsDue: number;
  onTime: number;
  late: number;
  /** items (duties) of the unit */
  items: number;
  completed: number;
  inProgress: number;
  /** items due by the evaluation date, and those of them completed */
  itemsDue: number;
  itemsDueCompleted: number;
  /** reports reviewed by the office (accepted, or returned at least once) */
  reviewed: number;
  /** accepted without ever being returned */
  firstPass: number;
  veto: { reason: string } | null;
}

export interface UnitScore {
  unitId: string;
  timeliness: number;
  completion: number;
  review: number;
  score: number;
  grade: string;
  veto: { reason: string } | null;
  rank: number;
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
const round1 = (x: number) => Math.round(x * 10) / 10;

export function timelinessRate(f: Pick<UnitFacts, 'reportsDue' | 'onTime' | 'late'>, latePenalty: number): number {
  if (f.reportsDue <= 0) return 1;
  return clamp01((f.onTime + f.late * (1 - clamp01(latePenalty))) / f.reportsDue);
}

export function completionRate(f: Pick<UnitFacts, 'items' | 'completed' | 'inProgress' | 'itemsDue' | 'itemsDueCompleted'>): number {
  if (f.itemsDue > 0) return clamp01(f.itemsDueCompleted / f.itemsDue);
  if (f.items <= 0) return 1;
  return clamp01((f.completed + 0.5 * f.inProgress) / f.items);
}

export function reviewRate(f: Pick<UnitFacts, 'reviewed' | 'firstPass' | 'reportsDue'>): number {
  if (f.reviewed <= 0) return f.reportsDue > 0 ? 0 : 1;
  return clamp01(f.firstPass / f.reviewed);
}

export function gradeOf(score: number, bands: GradeBand[]): string {
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  return sorted.find((b) => score >= b.min)?.grade ?? sorted[sorted.length - 1]?.grade ?? '';
}

export function scoreUnit(f: UnitFacts, s: AssessmentSettings = DEFAULT_ASSESSMENT): Omit<UnitScore, 'rank'> {
  const T = timelinessRate(f, s.latePenalty);
  const C = completionRate(f);
  const R = reviewRate(f);
  const w = s.weights;
  const total = w.timeliness + w.completion + w.review;
  const score = total > 0 ? round1((100 * (w.timeliness * T + w.completion * C + w.review * R)) / total) : 0;
  const lowest = [...s.gradeBands].sort((a, b) => a.min - b.min)[0]?.grade ?? '不合格';
  return {
    unitId: f.unitId,
    timeliness: round1(T * 100),
    completion: round1(C * 100),
    review: round1(R * 100),
    score,
    grade: f.veto ? lowest : gradeOf(score, s.gradeBands),
    veto: f.veto,
  };
}

/** Scores with ranks: vetoed units last; equal scores share a rank (1, 2, 2, 4). */
export function rankUnits(facts: UnitFacts[], s: AssessmentSettings = DEFAULT_ASSESSMENT): UnitScore[] {
  const scored = facts.map((f) => scoreUnit(f, s));
  scored.sort((a, b) => Number(!!a.veto) - Number(!!b.veto) || b.score - a.score || a.unitId.localeCompare(b.unitId));
  const out: UnitScore[] = [];
  scored.forEach((x, i) => {
    const prev = out[i - 1];
    const tie = prev && !!prev.veto === !!x.veto && prev.score === x.score;
    out.push({ ...x, rank: tie ? prev.rank : i + 1 });
  });
  return out;
}
