import type { RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { invalidField, notFound } from '../../platform/errors';
import { campaignPeriods, dueDateOf, lastDay } from '../../../shared/campaign/periods';
import { DEFAULT_ASSESSMENT, rankUnits, type UnitFacts } from '../../../shared/campaign/scoring';
import type { AssessmentQueryInput, VetoPutInput } from '../../../shared/contracts/campaign';
import type { Assessment } from '../../../shared/contracts/campaign.views';
import * as repo from './repo';
import { currentPeriodOf, loadCampaign, reportingUnits } from './campaign.common';
import { loadUnits } from './campaign.units';
import { campaignWrite } from './campaign.cache';

/**
 * 考核评估 over a range of months: timeliness, completion and review quality per unit (weights from
 * the settings), grade, rank overall and within 成员单位 / 属地, and 一票否决.
 */
export async function assessment(deps: AppDeps, ctx: RequestContext, campaignId: string, q: AssessmentQueryInput): Promise<Assessment> {
  const { campaign, settings, scope } = await loadCampaign(deps, ctx, campaignId);
  const day = deps.clock.today();
  const all = campaignPeriods(campaign.startDate, campaign.endDate);
  const from = q.from ?? all[0];
  const to = q.to ?? currentPeriodOf(campaign, day);
  if (from > to) throw invalidField('查询参数.to', '截止月份不能早于起始月份');
  const periods = all.filter((p) => p >= from && p <= to);
  const evalDate = [day, lastDay(to)].sort()[0];
  // A range ending before this month is judged on the statuses as they stood then.
  const historical = to < currentPeriodOf(campaign, day);
  const allUnits = await loadUnits(deps.db);
  const [units, current, asOf, reviews, vetoes] = await Promise.all([
    reportingUnits(deps.db, campaignId, scope, allUnits),
    historical ? Promise.resolve([]) : repo.dutyStatsByUnit(deps.db, campaignId, scope, evalDate),
    historical ? repo.dutiesAsOf(deps.db, campaignId, scope, to, allUnits.order) : Promise.resolve([]),
    repo.reviewFacts(deps.db, campaignId, from, to, day),
    repo.listVetoes(deps.db, campaignId),
  ]);
  const duties = historical
    ? units.map((u) => {
        const list = asOf.filter((d) => d.unitId === u.unitId);
        const due = list.filter((d) => d.dueDate && d.dueDate <= evalDate);
        return {
          unitId: u.unitId,
          total: list.length,
          done: list.filter((d) => d.status === '已完成').length,
          progress: list.filter((d) => d.status === '推进中').length,
          due: due.length,
          dueDone: due.filter((d) => d.status === '已完成').length,
        };
      })
    : current;
  const reportsDue = periods.filter((p) => dueDateOf(p, settings.dueDay) < day).length;
  const dutyBy = new Map(duties.map((d) => [d.unitId, d]));
  const revBy = new Map(reviews.map((r) => [r.unitId, r]));
  const vetoBy = new Map(vetoes.map((v) => [v.unitId, v]));
  const facts: UnitFacts[] = units.map((u) => {
    const d = dutyBy.get(u.unitId);
    const r = revBy.get(u.unitId);
    const v = vetoBy.get(u.unitId);
    return {
      unitId: u.unitId,
      reportsDue,
      onTime: Number(r?.onTime ?? 0),
      late: Number(r?.late ?? 0),
      items: Number(d?.total ?? 0),
      completed: Number(d?.done ?? 0),
      inProgress: Number(d?.progress ?? 0),
      itemsDue: Number(d?.due ?? 0),
      itemsDueCompleted: Number(d?.dueDone ?? 0),
      reviewed: Number(r?.reviewed ?? 0),
      firstPass: Number(r?.firstPass ?? 0),
      veto: v ? { reason: v.reason } : null,
    };
  });
  const scores = rankUnits(facts, { ...DEFAULT_ASSESSMENT, weights: settings.weights, latePenalty: settings.latePenalty });
  const unitBy = new Map(units.map((u) => [u.unitId, u]));
  const factBy = new Map(facts.map((f) => [f.unitId, f]));
  // Departments and streets are ranked separately too (成员单位 / 属地).
  const group = (kind: string) => (kind === 'street' || kind === 'park' ? ('territory' as const) : ('department' as const));
  const rankIn = new Map<string, number>();
  for (const g of ['territory', 'department']) {
    const list = scores.filter((s) => group(unitBy.get(s.unitId)?.kind ?? '') === g);
    list.forEach((s, i) => rankIn.set(s.unitId, i > 0 && list[i - 1].score === s.score && !!list[i - 1].veto === !!s.veto ? rankIn.get(list[i - 1].unitId)! : i + 1));
  }
  return {
    from,
    to,
    reportsDue,
    settings: { weights: settings.weights, latePenalty: settings.latePenalty, gradeBands: DEFAULT_ASSESSMENT.gradeBands },
    rows: scores.map((s) => {
      const u = unitBy.get(s.unitId)!;
      const f = factBy.get(s.unitId)!;
      const vt = vetoBy.get(s.unitId);
      return { ...s, name: u.name, kind: u.kind, group: group(u.kind), rankInGroup: rankIn.get(s.unitId)!, facts: f, vetoSetAt: vt?.setAt.toISOString() ?? null };
    }),
  };
}

/** 一票否决 of a unit that reports in the campaign, with the reason (e.g. a serious accident in its area). */
export async function setVeto(deps: AppDeps, ctx: RequestContext, campaignId: string, unitId: string, { reason }: VetoPutInput) {
  const { campaign, actor, scope } = await loadCampaign(deps, ctx, campaignId);
  const units = await reportingUnits(deps.db, campaignId, scope, await loadUnits(deps.db));
  if (!units.some((u) => u.unitId === unitId)) throw notFound('单位');
  await campaignWrite(deps, campaignId, async (tx) => {
    const before = await repo.upsertVeto(tx, campaignId, unitId, reason, actor.userId, deps.clock.now());
    await recordAudit(tx, ctx, { action: 'campaign.veto', entity: 'campaign', entityId: campaignId, regionCode: campaign.regionCode, before: before ? { unitId, reason: before.reason } : null, after: { unitId, reason } });
  });
  return { ok: true as const, unitId, reason };
}

export async function clearVeto(deps: AppDeps, ctx: RequestContext, campaignId: string, unitId: string) {
  const { campaign } = await loadCampaign(deps, ctx, campaignId);
  await campaignWrite(deps, campaignId, async (tx) => {
    const before = await repo.deleteVeto(tx, campaignId, unitId);
    if (!before) throw notFound('一票否决记录');
    await recordAudit(tx, ctx, { action: 'campaign.veto_clear', entity: 'campaign', entityId: campaignId, regionCode: campaign.regionCode, before: { unitId, reason: before.reason } });
  });
  return { ok: true as const };
}
