import type { RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { AppError, invalidField, notFound } from '../../platform/errors';
import type { IndicatorCreateInput, IndicatorUpdateInput } from '../../../shared/contracts/campaign';
import type { IndicatorView } from '../../../shared/contracts/campaign.views';
import * as repo from './repo';
import { lockForEdit, presentIndicator } from './campaign.common';
import { campaignWrite } from './campaign.cache';

/** Target indicators (目标指标: 不低于75%, 达到100% …) of a campaign or of one of its tasks. */

function checkTarget(i: { comparator?: string; targetValue?: number | null; targetValueMax?: number | null; valueType?: string }) {
  if (i.comparator === 'between' && i.targetValue != null && (i.targetValueMax == null || i.targetValueMax < i.targetValue)) throw invalidField('targetValueMax', '区间的上限应不小于下限');
  if (i.valueType === 'number' && i.targetValue == null) throw invalidField('targetValue', '数值指标请填写目标值');
}

export async function createIndicator(deps: AppDeps, ctx: RequestContext, campaignId: string, input: IndicatorCreateInput): Promise<IndicatorView> {
  checkTarget(input);
  return campaignWrite(deps, campaignId, async (tx) => {
    const { campaign } = await lockForEdit(tx, ctx, campaignId);
    let nodeId: string | null = null;
    if (input.taskId) {
      const t = await repo.findTask(tx, campaignId, input.taskId);
      if (!t) throw invalidField('taskId', '任务不存在');
      nodeId = t.nodeId;
    }
    const [row] = await repo.insertIndicators(tx, [
      {
        campaignId,
        taskId: input.taskId ?? null,
        name: input.name,
        unit: input.unit,
        valueType: input.valueType,
        comparator: input.comparator,
        targetValue: input.targetValue ?? null,
        targetValueMax: input.targetValueMax ?? null,
        dueDate: input.dueDate ?? campaign.endDate,
        aggregate: input.aggregate,
        sort: 10_000,
      },
    ]);
    await recordAudit(tx, ctx, { action: 'campaign.indicator_create', entity: 'campaign', entityId: campaignId, regionCode: campaign.regionCode, after: row });
    return presentIndicator(row, nodeId);
  });
}

export async function updateIndicator(deps: AppDeps, ctx: RequestContext, campaignId: string, indicatorId: string, input: IndicatorUpdateInput): Promise<IndicatorView> {
  return campaignWrite(deps, campaignId, async (tx) => {
    const { campaign } = await lockForEdit(tx, ctx, campaignId);
    const before = await repo.findIndicator(tx, campaignId, indicatorId);
    if (!before) throw notFound('指标');
    checkTarget({ ...before, ...input });
    let nodeId: string | null = null;
    const taskId = input.taskId === undefined ? before.taskId : input.taskId;
    if (taskId) {
      const t = await repo.findTask(tx, campaignId, taskId);
      if (!t) throw invalidField('taskId', '任务不存在');
      nodeId = t.nodeId;
    }
    const after = await repo.updateIndicatorRow(tx, indicatorId, input);
    await recordAudit(tx, ctx, { action: 'campaign.indicator_update', entity: 'campaign', entityId: campaignId, regionCode: campaign.regionCode, before, after });
    return presentIndicator(after, nodeId);
  });
}

export async function deleteIndicator(deps: AppDeps, ctx: RequestContext, campaignId: string, indicatorId: string): Promise<{ ok: true }> {
  return campaignWrite(deps, campaignId, async (tx) => {
    const { campaign } = await lockForEdit(tx, ctx, campaignId);
    const before = await repo.findIndicator(tx, campaignId, indicatorId);
    if (!before) throw notFound('指标');
    const used = await repo.indicatorValueCount(tx, indicatorId);
    if (used) throw new AppError('CONFLICT', `指标“${before.name}”已有 ${used} 条填报数据，不能删除`);
    await repo.deleteIndicatorRow(tx, indicatorId);
    await recordAudit(tx, ctx, { action: 'campaign.indicator_delete', entity: 'campaign', entityId: campaignId, regionCode: campaign.regionCode, before });
    return { ok: true as const };
  });
}
