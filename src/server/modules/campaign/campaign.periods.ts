import type { RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { AppError, badRequest, invalidField } from '../../platform/errors';
import { campaignPeriods, dueDateOf, periodState, PERIOD_STATE_MESSAGES } from '../../../shared/campaign/periods';
import type { ClosePeriodInput } from '../../../shared/contracts/campaign';
import type { PeriodRow } from '../../../shared/contracts/campaign.views';
import * as repo from './repo';
import { loadCampaign, lockForEdit, reportingUnits } from './campaign.common';
import { loadUnits } from './campaign.units';
import { campaignWrite } from './campaign.cache';

/**
 * Reporting months (逐月报送): each month's due date, state and report counts; the office closes a
 * month (封账: no more filing or returning) and may reopen it.
 */

/** Every month of the campaign, newest first, with the counts of the caller's scope. */
export async function listPeriods(deps: AppDeps, ctx: RequestContext, campaignId: string): Promise<PeriodRow[]> {
  const { campaign, settings, scope } = await loadCampaign(deps, ctx, campaignId);
  const allUnits = await loadUnits(deps.db);
  const [closed, counts, units] = await Promise.all([repo.closedPeriods(deps.db, campaignId), repo.reportCountsByPeriod(deps.db, campaignId, scope), reportingUnits(deps.db, campaignId, scope, allUnits)]);
  const day = deps.clock.today();
  return campaignPeriods(campaign.startDate, campaign.endDate)
    .map((period) => {
      const c = counts.filter((x) => x.period === period);
      const n = (status: string) => c.filter((x) => x.status === status).reduce((s, x) => s + Number(x.n), 0);
      const state = periodState({ period, startDate: campaign.startDate, endDate: campaign.endDate, today: day, closed: closed.has(period), archived: campaign.status === 'archived' });
      const dueDate = dueDateOf(period, settings.dueDay);
      return {
        period,
        dueDate,
        state,
        overdue: dueDate < day,
        expected: units.length,
        draft: n('draft'),
        submitted: n('submitted'),
        returned: n('returned'),
        accepted: n('accepted'),
        late: c.filter((x) => x.late).reduce((s, x) => s + Number(x.n), 0),
      };
    })
    .reverse();
}

/** 封账: a month that has begun stops taking reports and returns. */
export async function closePeriod(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string, input: ClosePeriodInput = {}) {
  const note = input.note ?? '';
  await campaignWrite(deps, campaignId, async (tx) => {
    const { campaign, actor } = await lockForEdit(tx, ctx, campaignId);
    const state = periodState({ period, startDate: campaign.startDate, endDate: campaign.endDate, today: deps.clock.today(), closed: false, archived: false });
    if (state === 'outside') throw invalidField('period', PERIOD_STATE_MESSAGES.outside(period));
    if (state === 'future') throw badRequest(`${period} 尚未开始，不能封账`);
    if (!(await repo.closePeriodRow(tx, campaignId, period, actor.userId, note, deps.clock.now()))) throw new AppError('CONFLICT', `${period} 已封账`);
    await recordAudit(tx, ctx, { action: 'campaign.period_close', entity: 'campaign', entityId: campaignId, regionCode: campaign.regionCode, after: { period, note } });
  });
  return { ok: true as const, period, state: 'closed' as const };
}

export async function reopenPeriod(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string) {
  await campaignWrite(deps, campaignId, async (tx) => {
    const { campaign } = await lockForEdit(tx, ctx, campaignId);
    if (!(await repo.reopenPeriodRow(tx, campaignId, period))) throw new AppError('CONFLICT', `${period} 未封账`);
    await recordAudit(tx, ctx, { action: 'campaign.period_reopen', entity: 'campaign', entityId: campaignId, regionCode: campaign.regionCode, before: { period, state: 'closed' }, after: { period, state: 'open' } });
  });
  return { ok: true as const, period, state: 'open' as const };
}
