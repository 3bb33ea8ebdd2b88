import { requireActor, type Actor, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { forbidden, notFound } from '../../platform/errors';
import { listUnits } from '../org';
import { UNIT_KIND_LABELS } from '../../../shared/access';
import type { AssessmentInput, AssessmentOverview, AssessmentView } from '../../../shared/contracts/emergency';
import { SEVEN_HAS, sevenHasScore, type SevenHasKey } from '../../../shared/emergency/catalog';
import { chinaYear } from '../../../shared/time';
import * as repo from './emergency.repo';
import { planDrillEvidence } from './emergency.plans.repo';

/**
 * 七有 self-assessment (有队伍, 有组织机构, 有应急预案, 有物资储备, 有设备机具, 有实战演练, 有专家支撑):
 * each street, department and park says which it has, with a note; the evidence the databases hold for
 * the unit (its teams, materials, equipment, experts, liaisons) is shown beside each item. Score = the
 * share of items present (100/7 each). The office sees every unit's score and gaps.
 */

const ASSESSED_KINDS = ['street', 'department', 'park'];

/** Which database records count as evidence for which item. */
const EVIDENCE: Partial<Record<SevenHasKey, { kind: string; label: string }>> = {
  team: { kind: 'teams', label: '救援队伍' },
  organisation: { kind: 'liaisons', label: '应急联络员' },
  materials: { kind: 'materials', label: '物资储备' },
  equipment: { kind: 'equipment', label: '设备机具' },
  experts: { kind: 'experts', label: '专家' },
  // ---------- 预案与演练 ----------
  plan: { kind: 'plans', label: '已备案的应急预案' },
  drill: { kind: 'drills', label: '本年度已完成的演练' },
};
const EVIDENCE_TEXT: Record<string, (label: string, n: number) => string> = {
  plans: (l, n) => `${l} ${n} 件`,
  drills: (l, n) => `${l} ${n} 次`,
};

/** The databases' evidence and the unit's filed plans and this year's drills. */
async function evidenceOf(deps: AppDeps, unitIds: string[], year: number): Promise<Map<string, Record<string, number>>> {
  const ev = await repo.evidenceCounts(deps.db, unitIds);
  const pd = await planDrillEvidence(deps.db, unitIds, `${year}-01-01`);
  for (const [unit, x] of pd) ev.set(unit, { ...(ev.get(unit) ?? {}), plans: x.plans, drills: x.drills });
  return ev;
}

type Unit = { id: string; shortName: string; kind: string; regionCode: string };

function assessmentView(unit: Unit, year: number, row: repo.AssessmentRow | undefined, evidence: Record<string, number>): AssessmentView {
  const items = SEVEN_HAS.map((i) => {
    const saved = row?.items.find((x) => x.key === i.key);
    const ev = EVIDENCE[i.key];
    const count = ev ? (evidence[ev.kind] ?? 0) : 0;
    return {
      key: i.key,
      label: i.label,
      has: saved?.has ?? false,
      note: saved?.note ?? null,
      evidence: ev ? [{ kind: ev.kind, count, label: EVIDENCE_TEXT[ev.kind]?.(ev.label, count) ?? `资源库登记${ev.label} ${count} 条` }] : [],
    };
  });
  return {
    unitId: unit.id,
    unitName: unit.shortName,
    unitKind: unit.kind,
    year,
    submitted: !!row,
    submittedAt: row?.submittedAt.toISOString() ?? null,
    score: row ? Number(row.score) : 0,
    items,
    gaps: items.filter((i) => !i.has).map((i) => i.label),
  };
}

async function unitOf(deps: AppDeps, actor: Actor): Promise<Unit> {
  if (!actor.unitId) throw forbidden('当前账号未关联单位');
  const u = (await listUnits(deps.db)).find((x) => x.id === actor.unitId);
  if (!u) throw notFound('单位');
  return u;
}

const yearOf = (deps: AppDeps, year?: number) => year ?? chinaYear(deps.clock.now());

export async function myAssessment(deps: AppDeps, ctx: RequestContext, q: { year?: number }): Promise<AssessmentView> {
  const actor = requireActor(ctx);
  const unit = await unitOf(deps, actor);
  const year = yearOf(deps, q.year);
  const row = await repo.findAssessment(deps.db, unit.id, year);
  const ev = await evidenceOf(deps, [unit.id], year);
  return assessmentView(unit, year, row, ev.get(unit.id) ?? {});
}

export async function saveAssessment(deps: AppDeps, ctx: RequestContext, input: AssessmentInput): Promise<AssessmentView> {
  const actor = requireActor(ctx);
  const unit = await unitOf(deps, actor);
  const items = SEVEN_HAS.map((i) => {
    const x = input.items.find((y) => y.key === i.key);
    return { key: i.key, has: x?.has ?? false, note: x?.note || null };
  });
  const score = sevenHasScore(items);
  const row = await deps.db.transaction(async (tx) => {
    const before = await repo.findAssessment(tx, unit.id, input.year);
    const r = await repo.upsertAssessment(tx, { unitId: unit.id, unitName: unit.shortName, unitKind: unit.kind, regionCode: unit.regionCode, year: input.year, items, score, submittedAt: deps.clock.now(), submittedByName: actor.displayName });
    await recordAudit(tx, ctx, { action: 'emergency.seven_has.submit', entity: 'emergency_assessment', entityId: r.id, regionCode: unit.regionCode, before: before ? { items: before.items, score: before.score } : null, after: { year: input.year, items, score } });
    return r;
  });
  const ev = await evidenceOf(deps, [unit.id], input.year);
  return assessmentView(unit, input.year, row, ev.get(unit.id) ?? {});
}

async function districtUnits(deps: AppDeps, actor: Actor): Promise<Unit[]> {
  const prefix = actor.scope.kind === 'all' ? '' : actor.regionCode;
  return (await listUnits(deps.db)).filter((u) => u.active && ASSESSED_KINDS.includes(u.kind) && u.regionCode.startsWith(prefix));
}

export async function assessmentOverview(deps: AppDeps, ctx: RequestContext, q: { year?: number }): Promise<AssessmentOverview> {
  const actor = requireActor(ctx);
  const year = yearOf(deps, q.year);
  const units = await districtUnits(deps, actor);
  const saved = new Map((await repo.assessmentsOfYear(deps.db, actor.scope.kind === 'all' ? '' : actor.regionCode, year)).map((a) => [a.unitId, a]));
  const rowsOut = units.map((u) => {
    const a = saved.get(u.id);
    const have = new Set((a?.items ?? []).filter((i) => i.has).map((i) => i.key));
    return {
      unitId: u.id,
      unitName: u.shortName,
      unitKind: u.kind,
      unitKindLabel: UNIT_KIND_LABELS[u.kind] ?? u.kind,
      submitted: !!a,
      score: a ? Number(a.score) : null,
      gaps: a ? SEVEN_HAS.filter((i) => !have.has(i.key)).map((i) => i.label) : ['未自评'],
    };
  });
  const scores = rowsOut.filter((r) => r.score !== null).map((r) => r.score as number);
  return {
    year,
    units: rowsOut.sort((a, b) => (a.score ?? -1) - (b.score ?? -1) || a.unitName.localeCompare(b.unitName, 'zh')),
    summary: {
      units: rowsOut.length,
      submitted: scores.length,
      averageScore: scores.length ? Math.round((scores.reduce((s, x) => s + x, 0) / scores.length) * 10) / 10 : null,
      full: scores.filter((s) => s >= 100).length,
    },
    itemGaps: SEVEN_HAS.map((i) => ({ key: i.key, label: i.label, missing: [...saved.values()].filter((a) => !a.items.some((x) => x.key === i.key && x.has)).length })),
  };
}

export async function assessmentOfUnit(deps: AppDeps, ctx: RequestContext, unitId: string, q: { year?: number }): Promise<AssessmentView> {
  const actor = requireActor(ctx);
  const unit = (await districtUnits(deps, actor)).find((u) => u.id === unitId);
  if (!unit) throw notFound('单位');
  const year = yearOf(deps, q.year);
  const row = await repo.findAssessment(deps.db, unit.id, year);
  const ev = await evidenceOf(deps, [unit.id], year);
  return assessmentView(unit, year, row, ev.get(unit.id) ?? {});
}
