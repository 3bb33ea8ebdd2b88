import type { DbOrTx } from '../../db';
import { requireActor, type Actor, type RequestContext } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import { AppError, invalidField, notFound } from '../../platform/errors';
import { dueDateOf, isPeriod, periodOf, periodState, PERIOD_STATE_MESSAGES } from '../../../shared/campaign/periods';
import { CampaignSettings, DEFAULT_CAMPAIGN_SETTINGS } from '../../../shared/contracts/campaign';
import type { IndicatorView } from '../../../shared/contracts/campaign.views';
import * as repo from './repo';
import type { CampaignRow, CampaignScope, IndicatorRow } from './repo';
import type { Units } from './campaign.units';

/**
 * What every use case of the ledger shares: the campaign as the caller may see it, its settings,
 * the month a unit works on, the open-period rule and the units expected to report. The route's
 * permission has let the caller in; these functions apply the scope (which campaign, which unit).
 */

export interface Loaded {
  actor: Actor;
  scope: CampaignScope;
  campaign: CampaignRow;
  settings: CampaignSettings;
}

export function settingsOf(c: Pick<CampaignRow, 'settings'>): CampaignSettings {
  const r = CampaignSettings.safeParse({ ...((c.settings as object) ?? {}) });
  return r.success ? r.data : DEFAULT_CAMPAIGN_SETTINGS;
}

/** The campaign if the caller takes part in it (404 otherwise). */
export async function loadCampaign(deps: AppDeps, ctx: RequestContext, id: string, db: DbOrTx = deps.db): Promise<Loaded> {
  const actor = requireActor(ctx);
  const scope = repo.campaignScopeOf(actor);
  const campaign = await repo.findCampaign(db, scope, id);
  if (!campaign) throw notFound('专项行动');
  return { actor, scope, campaign, settings: settingsOf(campaign) };
}

/** Inside a transaction: lock the campaign row (serialises tree edits and duty rebuilds); an archived campaign is read-only. */
export async function lockForEdit(tx: DbOrTx, ctx: RequestContext, id: string): Promise<Loaded> {
  const actor = requireActor(ctx);
  const scope = repo.campaignScopeOf(actor);
  const campaign = await repo.lockCampaign(tx, scope, id);
  if (!campaign) throw notFound('专项行动');
  if (campaign.status === 'archived') throw new AppError('CONFLICT', '专项行动已归档，不能修改；如需修改请先取消归档');
  return { actor, scope, campaign, settings: settingsOf(campaign) };
}

/** The month a unit should work on: the month of `today` inside the range, else the nearest end of it. */
export function currentPeriodOf(c: Pick<CampaignRow, 'startDate' | 'endDate'>, today: string): string {
  const p = periodOf(today);
  const first = periodOf(c.startDate);
  const last = periodOf(c.endDate);
  return p < first ? first : p > last ? last : p;
}

/** A month inside the campaign's range (400 naming `period` otherwise). */
export function assertPeriodInRange(c: Pick<CampaignRow, 'startDate' | 'endDate'>, period: string): void {
  if (!isPeriod(period) || period < periodOf(c.startDate) || period > periodOf(c.endDate)) throw invalidField('period', `报送月份 ${period} 不在专项行动期限内`);
}

/**
 * Refuse a period that is not open (outside the range, future, closed, campaign archived): a unit
 * files a month from its first day until the office closes it (封账) or archives the campaign.
 */
export async function assertPeriodOpen(db: DbOrTx, c: CampaignRow, period: string, settings: CampaignSettings, today: string): Promise<{ period: string; dueDate: string }> {
  if (!isPeriod(period)) throw invalidField('period', '月份格式不正确（应为 YYYY-MM）');
  return checkPeriodOpen(c, period, settings, today, await repo.isPeriodClosed(db, c.id, period));
}

/** `assertPeriodOpen` with the month's 封账 already read (`closed`). */
export function checkPeriodOpen(c: CampaignRow, period: string, settings: CampaignSettings, today: string, closed: boolean): { period: string; dueDate: string } {
  if (!isPeriod(period)) throw invalidField('period', '月份格式不正确（应为 YYYY-MM）');
  const state = periodState({ period, startDate: c.startDate, endDate: c.endDate, today, closed, archived: c.status === 'archived' });
  if (state === 'outside' || state === 'future') throw new AppError('VALIDATION', PERIOD_STATE_MESSAGES[state](period), [{ path: 'period', message: PERIOD_STATE_MESSAGES[state](period) }]);
  if (state === 'closed' || state === 'archived') throw new AppError('CONFLICT', PERIOD_STATE_MESSAGES[state](period));
  return { period, dueDate: dueDateOf(period, settings.dueDay) };
}

export interface ReportingUnit {
  unitId: string;
  name: string;
  kind: string;
  regionCode: string;
  items: number;
  lead: number;
}

/** Units with duties in a campaign (the units expected to report), within scope, in the organisation's order. */
export async function reportingUnits(db: DbOrTx, campaignId: string, scope: CampaignScope, units: Units): Promise<ReportingUnit[]> {
  const rows = await repo.dutyUnits(db, campaignId, scope);
  const out: ReportingUnit[] = [];
  for (const r of units.sortBy(rows, (x) => x.unitId)) {
    const u = units.get(r.unitId);
    if (u) out.push({ unitId: u.id, name: u.shortName, kind: u.kind, regionCode: u.regionCode, items: Number(r.items), lead: Number(r.lead) });
  }
  return out;
}

export function presentIndicator(i: IndicatorRow, nodeId: string | null): IndicatorView {
  return {
    id: i.id,
    taskId: i.taskId,
    nodeId,
    name: i.name,
    unit: i.unit,
    valueType: i.valueType as IndicatorView['valueType'],
    comparator: i.comparator,
    targetValue: i.targetValue,
    targetValueMax: i.targetValueMax,
    dueDate: i.dueDate,
    aggregate: i.aggregate,
    text: i.text,
  };
}
