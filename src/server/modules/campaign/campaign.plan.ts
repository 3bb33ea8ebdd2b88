import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '../../db';
import { requireActor, requirePermission, type Actor, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { invalidField, parseOrThrow } from '../../platform/errors';
import type { ParsedPlan } from '../../../shared/plan/types';
import { mapPlanToCampaign, type ResolvedUnit } from '../../../shared/campaign/plan';
import { CampaignFromPlan, DEFAULT_CAMPAIGN_SETTINGS } from '../../../shared/contracts/campaign';
import type { CreateFromPlanResult } from '../../../shared/contracts/campaign.views';
import * as repo from './repo';
import { rebuildDuties } from './campaign.duties';
import { loadUnits, type Units } from './campaign.units';
import { campaignWrite } from './campaign.cache';

/**
 * A parsed plan (方案) becomes a campaign: the plan's tree with its lead/co units resolved against
 * the organisation (aliases included; unresolved names kept as text and reported back), 属地 duty
 * for every street and park where the plan says so, deadlines as milestones, targets as
 * indicators, phases as phases — then the duties are built. One transaction, one audit row.
 */

export type { CreateFromPlanResult };

/** Resolve a unit name as the plan writes it (short name, full name or alias) to a unit. */
export function unitResolver(units: Units): (name: string) => ResolvedUnit | undefined {
  const dir = units.directory('id');
  return (name) => {
    const e = dir.resolve(name);
    const u = e ? units.get(e.code) : undefined;
    return u ? { unitId: u.id, name: u.shortName, kind: u.kind, leadUnitId: u.leadUnitId } : undefined;
  };
}

/** Plan → campaign inside the caller's transaction (the seed calls it with the system context). */
export async function importPlanTx(tx: DbOrTx, ctx: RequestContext, input: { plan: ParsedPlan; name?: string; sourceDraftId?: string; regionCode: string; now: Date }): Promise<CreateFromPlanResult> {
  const plan = input.plan;
  const units = await loadUnits(tx);
  const territorialUnits = units.territorial().map((u) => ({ unitId: u.id, name: u.shortName }));
  const m = mapPlanToCampaign({ plan, resolve: unitResolver(units), territorialUnits });
  if (!m.startDate) throw invalidField('plan.campaign.start', '未能从方案中识别专项行动的开始日期，请在方案审核中填写');
  if (!m.endDate) throw invalidField('plan.campaign.end', '未能从方案中识别专项行动的结束日期，请在方案审核中填写');
  if (m.startDate > m.endDate) throw invalidField('plan.campaign.end', '结束日期不能早于开始日期');
  const name = input.name ?? plan.document.title ?? '';
  if (name.trim().length < 2) throw invalidField('name', '请填写专项行动名称（方案未识别出标题）');

  const campaign = await repo.insertCampaign(tx, {
    name: name.trim(),
    docNumber: plan.document.docNumber,
    issuer: plan.document.issuer,
    issuedOn: plan.document.issuedOn,
    startDate: m.startDate,
    endDate: m.endDate,
    regionCode: input.regionCode,
    settings: DEFAULT_CAMPAIGN_SETTINGS,
    sourceDraftId: input.sourceDraftId ?? null,
    sourceText: plan.sourceText || null,
    createdBy: ctx.actor?.userId ?? null,
    createdAt: input.now,
    updatedAt: input.now,
  });
  const idOf = new Map(m.nodes.map((n) => [n.nodeId, randomUUID()]));
  await repo.insertTasks(
    tx,
    m.nodes.map((n) => ({
      id: idOf.get(n.nodeId)!,
      campaignId: campaign.id,
      parentId: n.parentNodeId ? (idOf.get(n.parentNodeId) ?? null) : null,
      nodeId: n.nodeId,
      ordinal: n.ordinal,
      marker: n.marker,
      kind: n.kind,
      level: n.level,
      title: n.title,
      text: n.text,
      sort: n.sort,
      series: n.series,
      territorialDuty: n.territorialDuty,
      sourceStart: n.sourceStart,
      sourceEnd: n.sourceEnd,
    })),
  );
  await repo.insertAssignments(
    tx,
    m.assignments.map((a) => ({ campaignId: campaign.id, taskId: idOf.get(a.nodeId)!, role: a.role, unitId: a.unitId, reportingUnitId: a.reportingUnitId, name: a.name, generic: a.generic, sort: a.sort })),
  );
  await repo.insertMilestones(
    tx,
    m.milestones.map((x) => ({
      campaignId: campaign.id,
      taskId: idOf.get(x.nodeId)!,
      title: x.title,
      dueDate: x.dueDate,
      kind: x.kind,
      text: x.text,
      recurrenceEvery: x.recurrenceEvery,
      recurrenceTimes: x.recurrenceTimes,
      atLeast: x.atLeast,
    })),
  );
  await repo.insertIndicators(
    tx,
    m.indicators.map((x) => ({
      campaignId: campaign.id,
      taskId: idOf.get(x.nodeId)!,
      name: x.name,
      unit: x.unit,
      valueType: 'number',
      comparator: x.comparator,
      targetValue: x.targetValue,
      targetValueMax: x.targetValueMax,
      dueDate: x.dueDate,
      aggregate: x.aggregate,
      text: x.text,
      sort: x.sort,
    })),
  );
  await repo.insertPhases(
    tx,
    m.phases.map((p) => ({ campaignId: campaign.id, ordinal: p.ordinal, name: p.name, startDate: p.startDate, endDate: p.endDate, description: p.description, nodeId: p.nodeId })),
  );
  const built = await rebuildDuties(tx, campaign, { fresh: true });
  const result: CreateFromPlanResult = {
    id: campaign.id,
    tasks: m.nodes.filter((n) => n.kind === 'task').length,
    items: m.nodes.filter((n) => n.kind === 'item').length,
    unresolvedUnits: m.unresolvedUnits,
  };
  await recordAudit(tx, ctx, {
    action: 'campaign.import',
    entity: 'campaign',
    entityId: campaign.id,
    regionCode: campaign.regionCode,
    after: {
      name: campaign.name,
      docNumber: campaign.docNumber,
      startDate: campaign.startDate,
      endDate: campaign.endDate,
      sourceDraftId: campaign.sourceDraftId,
      nodes: m.nodes.length,
      tasks: result.tasks,
      items: result.items,
      workItems: built.items,
      duties: built.duties,
      indicators: m.indicators.length,
      milestones: m.milestones.length,
      phases: m.phases.length,
      unresolvedUnits: m.unresolvedUnits,
    },
  });
  return result;
}

/** A parsed plan as a campaign, in its own transaction (node ids must be unique: they link the tree). */
export async function createFromParsedPlan(deps: AppDeps, ctx: RequestContext, actor: Actor, input: { plan: ParsedPlan; name?: string; sourceDraftId?: string }): Promise<CreateFromPlanResult> {
  const ids = new Set<string>();
  input.plan.tasks.forEach((t, i) => {
    if (ids.has(t.id)) throw invalidField(`plan.tasks.${i}.id`, `节点编号“${t.id}”重复`);
    ids.add(t.id);
  });
  return campaignWrite(deps, undefined, (tx) => importPlanTx(tx, ctx, { plan: input.plan, name: input.name, sourceDraftId: input.sourceDraftId, regionCode: actor.regionCode, now: deps.clock.now() }));
}

/** POST /api/campaigns/from-plan: the body is ParsedPlan's wire form (defaults filled, extra parser fields passed through). */
export async function importCampaignPlan(deps: AppDeps, ctx: RequestContext, input: CampaignFromPlan): Promise<CreateFromPlanResult> {
  return createFromParsedPlan(deps, ctx, requireActor(ctx), { ...input, plan: input.plan as unknown as ParsedPlan });
}

/**
 * Create a campaign from a (possibly clerk-edited) parsed plan: the use case the plan module's
 * review calls (keep the signature). The caller's own route let it in, so the campaign's rule is
 * checked here: only who may manage campaigns creates one; a draft is checked like the HTTP body.
 */
export async function createCampaignFromPlan(deps: AppDeps, ctx: RequestContext, input: { plan: ParsedPlan; name?: string; sourceDraftId?: string }): Promise<CreateFromPlanResult> {
  requirePermission(ctx, 'campaign.manage');
  return importCampaignPlan(deps, ctx, parseOrThrow(CampaignFromPlan, input));
}
