import { requireActor, type RequestContext } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import { dueDateOf, periodOf, periodsBetween } from '../../../shared/campaign/periods';
import type { Dashboard, HeatmapCell } from '../../../shared/contracts/campaign.views';
import * as repo from './repo';
import type { CampaignScope } from './repo';
import { cachedCampaignView } from './campaign.cache';
import { currentPeriodOf, loadCampaign } from './campaign.common';
import { loadUnits, type Units } from './campaign.units';

/**
 * The dashboard (驾驶舱): completion by task, unit and phase, the unit × month report heatmap, overdue
 * counts and indicator progress — the district's for the office, the unit's own for a unit.
 */

const rate = (done: number, total: number) => (total > 0 ? Math.round((done / total) * 1000) / 10 : 0);

function compare(value: number, comparator: string, target: number | null, max: number | null): boolean | null {
  if (target === null) return null;
  switch (comparator) {
    case '>=':
      return value >= target;
    case '>':
      return value > target;
    case '<=':
      return value <= target;
    case '<':
      return value < target;
    case '=':
      return value >= target; // 达到 100% = reach it
    case 'between':
      return value >= target && (max === null || value <= max);
    default:
      return null;
  }
}

function scopeKey(scope: CampaignScope): string {
  switch (scope.kind) {
    case 'region':
      return `region:${scope.prefix}`;
    case 'unit':
      return `unit:${scope.unitId}:${scope.regionCode}`;
    default:
      return scope.kind;
  }
}

/**
 * One answer for the whole dashboard. Every figure is an SQL aggregate (~30 ms of PostgreSQL at 40
 * units × 36 months × 240 items), so the answer is kept per campaign, scope, day and organisation
 * (unit names and order) until the ledger's next write to the campaign (campaign.cache.ts). The
 * scope's check of the campaign is part of what is kept: an answer exists only for a scope that
 * saw the campaign, and a change of the campaign drops it.
 */
export async function dashboard(deps: AppDeps, ctx: RequestContext, campaignId: string): Promise<Dashboard> {
  const scope = repo.campaignScopeOf(requireActor(ctx));
  const day = deps.clock.today();
  const allUnits = await loadUnits(deps.db);
  return cachedCampaignView(deps.db, campaignId, `dashboard|${scopeKey(scope)}|${day}|${allUnits.fingerprint}`, () => computeDashboard(deps, ctx, campaignId, day, allUnits));
}

async function computeDashboard(deps: AppDeps, ctx: RequestContext, campaignId: string, day: string, allUnits: Units): Promise<Dashboard> {
  const { campaign, settings, scope } = await loadCampaign(deps, ctx, campaignId);
  const db = deps.db;
  const [tasks, byTask, byUnitRows, byPhase, matrix, phases, indicators, figures, leads] = await Promise.all([
    repo.listTaskTitles(db, campaignId),
    repo.dutyStatsByTask(db, campaignId, scope, day),
    repo.dutyStatsByUnit(db, campaignId, scope, day),
    repo.dutyStatsByPhase(db, campaignId, scope),
    repo.reportMatrix(db, campaignId, scope),
    repo.listPhases(db, campaignId),
    repo.listIndicators(db, campaignId),
    repo.indicatorFigures(db, campaignId, scope),
    repo.indicatorLeads(db, campaignId),
  ]);
  // The units expected to report (they have duties), in the organisation's order.
  const byUnit = allUnits
    .sortBy(byUnitRows, (u) => u.unitId)
    .flatMap((u) => {
      const x = allUnits.get(u.unitId);
      return x ? [{ ...u, name: x.shortName, kind: x.kind }] : [];
    });
  const units = byUnit;
  const latest = figures.filter((f) => f.k === 'latest') as { indicatorId: string; unitId: string; period: string; value: number | null }[];
  const trend = figures.filter((f) => f.k === 'trend').map((f) => ({ indicatorId: f.indicatorId, period: f.period, avg: f.value, sum: f.sum }));
  const current = currentPeriodOf(campaign, day);
  const periods = periodsBetween(periodOf(campaign.startDate), current);
  const taskById = new Map(tasks.map((t) => [t.id, t]));

  // unit × month heatmap
  const cellOf = new Map(matrix.map((m) => [`${m.unitId}|${m.period}`, m]));
  const dueOf = new Map(periods.map((p) => [p, dueDateOf(p, settings.dueDay)]));
  const cells: [number, number, HeatmapCell][] = [];
  const missingByPeriod = new Map<string, number>();
  const overdueReportsByUnit = new Map<string, number>();
  units.forEach((u, ui) => {
    periods.forEach((p, pi) => {
      const m = cellOf.get(`${u.unitId}|${p}`);
      const overdue = dueOf.get(p)! < day;
      let s: HeatmapCell;
      if (!m) s = overdue ? 'missing' : 'notdue';
      else if (m.status === 'accepted') s = m.late ? 'accepted_late' : 'accepted';
      else if (m.status === 'submitted' || m.status === 'returned') s = m.status;
      else s = overdue ? 'missing' : 'draft';
      if (m?.status === 'draft' && !overdue) s = 'draft';
      cells.push([ui, pi, s]);
      if (overdue && (!m || m.status === 'draft' || m.status === 'returned')) {
        missingByPeriod.set(p, (missingByPeriod.get(p) ?? 0) + 1);
        overdueReportsByUnit.set(u.unitId, (overdueReportsByUnit.get(u.unitId) ?? 0) + 1);
      }
    });
  });

  const sum = (list: { total: number; done: number }[]) => list.reduce((a, x) => ({ total: a.total + Number(x.total), done: a.done + Number(x.done) }), { total: 0, done: 0 });
  const all = sum(byTask);
  const latestByInd = new Map<string, typeof latest>();
  for (const l of latest) {
    if (!latestByInd.has(l.indicatorId)) latestByInd.set(l.indicatorId, []);
    latestByInd.get(l.indicatorId)!.push(l);
  }
  const leadSet = new Set(leads.map((l) => `${l.indicatorId}|${l.unitId}`));

  return {
    campaign: { id: campaign.id, name: campaign.name, startDate: campaign.startDate, endDate: campaign.endDate, status: campaign.status, currentPeriod: current },
    today: day,
    scope: scope.kind === 'unit' ? ('unit' as const) : ('district' as const),
    summary: {
      units: units.length,
      items: byUnit.reduce((s, u) => s + Number(u.total), 0),
      leadItems: all.total,
      leadDone: all.done,
      completionRate: rate(all.done, all.total),
      overdueItems: byUnit.reduce((s, u) => s + Number(u.overdue), 0),
      laggingItems: byUnit.reduce((s, u) => s + Number(u.lagging), 0),
      overdueReports: [...missingByPeriod.values()].reduce((s, n) => s + n, 0),
      pendingReview: matrix.filter((m) => m.status === 'submitted').length,
      lateReports: matrix.filter((m) => m.late).length,
      acceptedReports: matrix.filter((m) => m.status === 'accepted').length,
    },
    byTask: byTask
      .map((t) => {
        const n = taskById.get(t.taskId);
        return { taskId: t.taskId, nodeId: n?.nodeId ?? '', title: n?.title ?? '', sort: n?.sort ?? 0, total: Number(t.total), done: Number(t.done), progress: Number(t.progress), lagging: Number(t.lagging), overdue: Number(t.overdue), rate: rate(Number(t.done), Number(t.total)) };
      })
      .sort((a, b) => a.sort - b.sort),
    byUnit: byUnit.map((u) => ({
      unitId: u.unitId,
      name: u.name,
      kind: u.kind,
      total: Number(u.total),
      done: Number(u.done),
      progress: Number(u.progress),
      lagging: Number(u.lagging),
      overdue: Number(u.overdue),
      overdueReports: overdueReportsByUnit.get(u.unitId) ?? 0,
      rate: rate(Number(u.done), Number(u.total)),
    })),
    byPhase: [
      ...phases.map((p) => {
        const s = byPhase.find((x) => x.phaseId === p.id);
        const total = Number(s?.total ?? 0);
        const done = Number(s?.done ?? 0);
        return { phaseId: p.id, name: p.name, startDate: p.startDate, endDate: p.endDate, total, done, progress: Number(s?.progress ?? 0), rate: rate(done, total) };
      }),
      ...byPhase
        .filter((x) => !x.phaseId)
        .map((x) => ({ phaseId: null, name: '长期坚持/未定阶段', startDate: null, endDate: null, total: Number(x.total), done: Number(x.done), progress: Number(x.progress), rate: rate(Number(x.done), Number(x.total)) })),
    ].filter((p) => p.total > 0 || p.phaseId),
    heatmap: { units: units.map((u) => ({ unitId: u.unitId, name: u.name, kind: u.kind })), periods, cells },
    overdueByPeriod: periods.map((p) => ({ period: p, missing: missingByPeriod.get(p) ?? 0 })),
    indicators: indicators.map(({ i, nodeId }) => {
      const vals = (latestByInd.get(i.id) ?? []).filter((v) => v.value !== null);
      const pick = i.aggregate === 'lead' ? vals.filter((v) => leadSet.has(`${i.id}|${v.unitId}`)) : vals;
      const numbers = pick.map((v) => Number(v.value));
      const current = numbers.length ? (i.aggregate === 'sum' ? numbers.reduce((a, b) => a + b, 0) : numbers.reduce((a, b) => a + b, 0) / numbers.length) : null;
      const rounded = current === null ? null : Math.round(current * 10) / 10;
      return {
        id: i.id,
        nodeId,
        name: i.name,
        unit: i.unit,
        comparator: i.comparator,
        targetValue: i.targetValue,
        targetValueMax: i.targetValueMax,
        dueDate: i.dueDate,
        aggregate: i.aggregate,
        current: rounded,
        reportingUnits: numbers.length,
        met: rounded === null ? null : compare(rounded, i.comparator, i.targetValue, i.targetValueMax),
        trend: scope.kind === 'unit' ? [] : trend.filter((t) => t.indicatorId === i.id).map((t) => ({ period: t.period, value: Math.round(Number(i.aggregate === 'sum' ? t.sum : t.avg) * 10) / 10 })),
      };
    }),
  };
}
