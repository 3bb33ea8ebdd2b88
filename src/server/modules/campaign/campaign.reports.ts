import type { DbOrTx } from '../../db';
import { can, requireActor, type Actor, type RequestContext } from '../../platform/access';
import { listAuditOfEntity } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors';
import { dueDateOf, periodState } from '../../../shared/campaign/periods';
import type { CampaignSettings, ItemStatus, ReportQueryInput, ReportStatus } from '../../../shared/contracts/campaign';
import type { Attachment, PeriodStatus, ReportEntryView, ReportView } from '../../../shared/contracts/campaign.views';
import * as repo from './repo';
import type { CampaignRow, CampaignScope, DutyItem, ReportRow } from './repo';
import { assertPeriodInRange, loadCampaign, presentIndicator, reportingUnits } from './campaign.common';
import { cachedCampaignView } from './campaign.cache';
import { loadUnits, type Units } from './campaign.units';

/**
 * Monthly reports as they are read: a unit's form for a month (its items, last accepted statuses,
 * indicators, review comments; a lead unit also sees what its co and 属地 units filed), a report by
 * id, its history, the list of reports, a month's status per unit, and who may read an attachment.
 */

/** Reports a unit may still change: a draft, or one returned by the office. */
export const EDITABLE_REPORT_STATUSES = new Set(['draft', 'returned']);

type Indicators = Awaited<ReturnType<typeof repo.listIndicators>>;

/**
 * The parts of a unit's form that no draft save changes, kept between requests (campaign.cache.ts:
 * every other write of the campaign drops them, a draft save does not). A form is read and saved
 * over and over while a unit fills it in; these reads were most of a save's cost. Frozen: the rows
 * are shared between requests.
 */
function kept<T extends object>(db: DbOrTx, campaignId: string, key: string, load: () => Promise<T[]>): Promise<readonly T[]> {
  return cachedCampaignView(db, campaignId, key, () => load().then((rows) => Object.freeze(rows.map((r) => Object.freeze(r)))), { survivesDraftSaves: true });
}

/** The items a unit leads, co-operates on or answers for as 属地 (its form's rows). */
export function unitDuties(db: DbOrTx, campaignId: string, unitId: string): Promise<readonly DutyItem[]> {
  return kept(db, campaignId, `duties|${unitId}`, () => repo.dutiesOfUnit(db, campaignId, unitId));
}

/** The campaign's indicators (with their task's node number). */
export function campaignIndicators(db: DbOrTx, campaignId: string): Promise<Indicators> {
  return kept(db, campaignId, 'indicators', () => repo.listIndicators(db, campaignId)) as Promise<Indicators>;
}

/** What the other units filed on a lead unit's items this month (submitted or accepted reports only: no draft). */
function leadContributions(db: DbOrTx, campaignId: string, unitId: string, period: string, units: Units) {
  return kept(db, campaignId, `contributions|${unitId}|${period}|${units.fingerprint}`, () => repo.contributionsForLead(db, campaignId, unitId, period, units.order));
}

/** The unit's indicator values in its latest accepted report before `period`. */
function previousIndicatorValues(db: DbOrTx, campaignId: string, unitId: string, period: string) {
  return kept(db, campaignId, `previousValues|${unitId}|${period}`, () => repo.previousIndicatorValues(db, campaignId, unitId, period));
}

export function relevantIndicators(indicators: Indicators, duties: readonly DutyItem[]) {
  const nodes = new Set(duties.flatMap((d) => [d.itemId, d.taskId]));
  return indicators.filter(({ i }) => i.taskId && nodes.has(i.taskId));
}

function valueOf(v: { valueNumber: number | null; valueText: string | null; valueBool: boolean | null } | undefined, type: string): number | string | boolean | null {
  if (!v) return null;
  return type === 'number' ? v.valueNumber : type === 'boolean' ? v.valueBool : v.valueText;
}

/**
 * Each item's status in the unit's latest accepted report before `period` (the form's 上月状态). A
 * duty's status is its latest accepted entry of all (`refreshDutyStatus` after every acceptance
 * and return): when that entry is older than the period — always for the month being filed — it
 * is the answer, and the entries are not read again.
 */
async function previousStatusesOf(db: DbOrTx, campaignId: string, unitId: string, period: string, duties: readonly DutyItem[]): Promise<Map<string, string>> {
  if (duties.some((d) => d.statusPeriod !== null && d.statusPeriod >= period)) return repo.previousStatuses(db, campaignId, unitId, period);
  return new Map(duties.flatMap((d) => (d.statusPeriod !== null ? [[d.itemId, d.status] as const] : [])));
}

/** What a caller has already read in its transaction (the filing routes): not read again. */
export interface KnownForView {
  duties?: readonly DutyItem[];
  indicators?: Indicators;
  closed?: boolean;
  /** the report's entries, values and reviews as the transaction left them */
  parts?: repo.ReportParts;
}

export async function buildReportView(deps: AppDeps, viewer: Actor, campaign: CampaignRow, settings: CampaignSettings, unitId: string, period: string, report: ReportRow | undefined, known: KnownForView = {}): Promise<ReportView> {
  const db = deps.db;
  const dutiesRead = known.duties ? Promise.resolve(known.duties) : unitDuties(db, campaign.id, unitId);
  const [duties, { entries, values, reviews }, prev, indicators, prevValues, units, closed] = await Promise.all([
    dutiesRead,
    known.parts ?? (report ? repo.reportParts(db, report.id) : repo.NO_REPORT_PARTS),
    dutiesRead.then((d) => previousStatusesOf(db, campaign.id, unitId, period, d)),
    known.indicators ? Promise.resolve(known.indicators) : campaignIndicators(db, campaign.id),
    previousIndicatorValues(db, campaign.id, unitId, period),
    loadUnits(db),
    known.closed ?? repo.isPeriodClosed(db, campaign.id, period),
  ]);
  const isOwner = viewer.unitId === unitId;
  // A lead unit consolidates its item: it (and the office) sees the co and 属地 units' entries.
  const seesContributions = isOwner || repo.campaignScopeOf(viewer).kind !== 'unit';
  const contributions = seesContributions && duties.some((d) => d.role === 'lead') ? await leadContributions(db, campaign.id, unitId, period, units) : [];
  const byItem = new Map(entries.map((e) => [e.itemId, e]));
  const today = deps.clock.today();
  const state = periodState({ period, startDate: campaign.startDate, endDate: campaign.endDate, today, closed, archived: campaign.status === 'archived' });
  const status = report ? (report.status as ReportView['status']) : 'missing';
  const entryViews: ReportEntryView[] = duties.map((d) => {
    const e = byItem.get(d.itemId);
    const view: ReportEntryView = {
      itemId: d.itemId,
      nodeId: d.nodeId,
      taskNodeId: d.taskNodeId,
      taskTitle: d.taskTitle,
      title: d.title,
      text: d.text,
      role: d.role,
      dueDate: d.dueDate,
      status: (e?.status as ItemStatus) ?? null,
      previousStatus: (prev.get(d.itemId) as ItemStatus) ?? null,
      narrative: e?.narrative ?? '',
      attachments: (e?.attachments as Attachment[]) ?? [],
      reviewComment: e?.reviewComment ?? null,
    };
    if (d.role === 'lead' && seesContributions) {
      view.contributions = contributions
        .filter((c) => c.itemId === d.itemId)
        .map((c) => ({
          unitId: c.unitId,
          unitName: units.name(c.unitId),
          role: c.role as 'lead' | 'co' | 'territorial',
          reportStatus: c.reportStatus as 'submitted' | 'accepted',
          status: c.status as ItemStatus,
          narrative: c.narrative,
          attachments: (c.attachments as Attachment[]) ?? [],
        }));
    }
    return view;
  });
  const valByInd = new Map(values.map((v) => [v.indicatorId, v]));
  const prevByInd = new Map(prevValues.map((v) => [v.indicatorId, v]));
  return {
    id: report?.id ?? null,
    campaignId: campaign.id,
    campaignName: campaign.name,
    unitId,
    unitName: units.name(unitId),
    period,
    periodState: state,
    dueDate: report?.dueDate ?? dueDateOf(period, settings.dueDay),
    today,
    status,
    late: report?.late ?? false,
    summary: report?.summary ?? '',
    problems: report?.problems ?? '',
    nextPlan: report?.nextPlan ?? '',
    firstSubmittedAt: report?.firstSubmittedAt?.toISOString() ?? null,
    submittedAt: report?.submittedAt?.toISOString() ?? null,
    reviewedAt: report?.reviewedAt?.toISOString() ?? null,
    reviewComment: report?.reviewComment ?? null,
    returnCount: report?.returnCount ?? 0,
    version: report?.version ?? 0,
    // What the form offers (the filing routes check the same rules again).
    editable: isOwner && can(viewer, 'campaign.report') && state === 'open' && (!report || EDITABLE_REPORT_STATUSES.has(report.status)),
    entries: entryViews,
    indicators: relevantIndicators(indicators, duties).map(({ i, nodeId }) => ({
      ...presentIndicator(i, nodeId),
      value: valueOf(valByInd.get(i.id), i.valueType),
      previous: valueOf(prevByInd.get(i.id), i.valueType),
    })),
    reviews: reviews.map((r) => ({ id: r.id, action: r.action, comment: r.comment, actorName: r.actorName, at: r.at.toISOString(), itemComments: (r.itemComments as Record<string, string> | null) ?? null })),
  };
}

/** The monthly form of a unit (its own, or any unit's for the office). */
export async function getReportForm(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string, unitId?: string): Promise<ReportView> {
  const { actor, scope, campaign, settings } = await loadCampaign(deps, ctx, campaignId);
  assertPeriodInRange(campaign, period);
  const target = unitId ?? actor.unitId;
  if (!target) throw notFound('报送');
  if (scope.kind === 'unit' && target !== scope.unitId) throw notFound('报送');
  if (!(await repo.unitHasDuties(deps.db, campaignId, target))) throw new AppError('NOT_FOUND', '该单位在本专项行动中没有承担任务');
  const report = await repo.findReportOf(deps.db, campaignId, target, period);
  return buildReportView(deps, actor, campaign, settings, target, period, report);
}

export async function getReport(deps: AppDeps, ctx: RequestContext, reportId: string): Promise<ReportView> {
  const actor = requireActor(ctx);
  const report = await repo.findReport(deps.db, repo.campaignScopeOf(actor), reportId);
  if (!report) throw notFound('报告');
  const { campaign, settings } = await loadCampaign(deps, ctx, report.campaignId);
  return buildReportView(deps, actor, campaign, settings, report.unitId, report.period, report);
}

export async function reportHistory(deps: AppDeps, ctx: RequestContext, reportId: string) {
  const actor = requireActor(ctx);
  const report = await repo.findReport(deps.db, repo.campaignScopeOf(actor), reportId);
  if (!report) throw notFound('报告');
  const [reviews, audit] = await Promise.all([repo.reviewsOfReport(deps.db, reportId), listAuditOfEntity(deps.db, 'campaign_report', reportId)]);
  return {
    reviews: reviews.map((r) => ({ id: r.id, action: r.action, comment: r.comment, itemComments: (r.itemComments as Record<string, string> | null) ?? null, actorName: r.actorName, at: r.at.toISOString() })),
    audit,
  };
}

/** Report headers of a campaign (a unit: its own), newest month first. */
export async function listReports(deps: AppDeps, ctx: RequestContext, campaignId: string, q: ReportQueryInput) {
  const { scope } = await loadCampaign(deps, ctx, campaignId);
  const units = await loadUnits(deps.db);
  const { items, total } = await repo.listReports(deps.db, scope, campaignId, { ...q, late: q.late === undefined ? undefined : q.late === 'true' }, units.order);
  return {
    items: items.map((r) => ({
      id: r.id,
      unitId: r.unitId,
      unitName: units.name(r.unitId),
      unitKind: units.get(r.unitId)?.kind ?? '',
      period: r.period,
      status: r.status as ReportStatus,
      late: r.late,
      dueDate: r.dueDate,
      submittedAt: r.submittedAt?.toISOString() ?? null,
      reviewedAt: r.reviewedAt?.toISOString() ?? null,
      returnCount: r.returnCount,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Every reporting unit's status for one month, missing reports included (the office's review desk). */
export async function periodStatus(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string): Promise<PeriodStatus> {
  const { scope, campaign, settings } = await loadCampaign(deps, ctx, campaignId);
  assertPeriodInRange(campaign, period);
  return monthStatus(deps, scope, campaign, settings, period, await loadUnits(deps.db));
}

/** A month's status per reporting unit within `scope` (the campaign already loaded, the period checked). */
export async function monthStatus(deps: AppDeps, scope: CampaignScope, campaign: CampaignRow, settings: CampaignSettings, period: string, units: Units): Promise<PeriodStatus> {
  const [expected, reports] = await Promise.all([reportingUnits(deps.db, campaign.id, scope, units), repo.listReports(deps.db, scope, campaign.id, { period, page: 1, pageSize: 10_000 }, units.order)]);
  const byUnit = new Map(reports.items.map((r) => [r.unitId, r]));
  const dueDate = dueDateOf(period, settings.dueDay);
  const overdue = dueDate < deps.clock.today();
  return {
    period,
    dueDate,
    units: expected.map((u) => {
      const r = byUnit.get(u.unitId);
      return {
        unitId: u.unitId,
        unitName: u.name,
        unitKind: u.kind,
        items: u.items,
        reportId: r?.id ?? null,
        status: (r?.status as ReportStatus | undefined) ?? (overdue ? 'missing' : 'notdue'),
        late: r?.late ?? false,
        submittedAt: r?.submittedAt?.toISOString() ?? null,
        reviewedAt: r?.reviewedAt?.toISOString() ?? null,
        returnCount: r?.returnCount ?? 0,
      };
    }),
  };
}

/** Who may read a report attachment: whoever sees the report, and the lead unit of its item. */
export async function canReadReportFile(deps: AppDeps, ctx: RequestContext, fileId: string): Promise<boolean> {
  const actor = ctx.actor;
  if (!actor || !can(actor, 'campaign.read')) return false;
  const ref = await repo.reportOfFile(deps.db, fileId);
  if (!ref) return false;
  if (await repo.findReport(deps.db, repo.campaignScopeOf(actor), ref.reportId)) return true;
  return !!actor.unitId && (await repo.leadsItem(deps.db, actor.unitId, ref.itemId));
}
