import { requireActor, type RequestContext } from '../../platform/access';
import { listAuditOfEntity, recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { AppError, invalidField, notFound } from '../../platform/errors';
import { periodOf } from '../../../shared/campaign/periods';
import { CampaignSettings, DEFAULT_CAMPAIGN_SETTINGS, type CampaignCreateInput, type CampaignSettingsPatchInput, type CampaignUpdateInput } from '../../../shared/contracts/campaign';
import type { CampaignView } from '../../../shared/contracts/campaign.views';
import * as repo from './repo';
import type { CampaignRow } from './repo';
import { currentPeriodOf, loadCampaign, lockForEdit, settingsOf } from './campaign.common';
import { rebuildDuties } from './campaign.duties';
import { campaignWrite } from './campaign.cache';

/** Campaigns themselves: list, detail, create by hand, edit, settings, archive, history. */

export async function presentCampaigns(deps: AppDeps, list: CampaignRow[]): Promise<CampaignView[]> {
  const counts = await repo.campaignCounts(deps.db, list.map((c) => c.id));
  const phases = await Promise.all(list.map((c) => repo.listPhases(deps.db, c.id)));
  const today = deps.clock.today();
  return list.map((c, i) => ({
    id: c.id,
    name: c.name,
    docNumber: c.docNumber,
    issuer: c.issuer,
    issuedOn: c.issuedOn,
    startDate: c.startDate,
    endDate: c.endDate,
    status: c.status as CampaignView['status'],
    settings: settingsOf(c),
    sourceDraftId: c.sourceDraftId,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    archivedAt: c.archivedAt?.toISOString() ?? null,
    counts: counts.get(c.id) ?? { tasks: 0, items: 0, units: 0, indicators: 0 },
    phases: phases[i].map((p) => ({ id: p.id, ordinal: p.ordinal, name: p.name, startDate: p.startDate, endDate: p.endDate, description: p.description })),
    currentPeriod: currentPeriodOf(c, today),
  }));
}

/** The audit snapshot of a campaign (a CampaignRow has no plan source text: too big, and it never changes). */
export function auditCampaign(c: CampaignRow) {
  const { createdAt: _c, ...rest } = c;
  return rest;
}

export async function listCampaigns(deps: AppDeps, ctx: RequestContext): Promise<CampaignView[]> {
  const actor = requireActor(ctx);
  return presentCampaigns(deps, await repo.listCampaigns(deps.db, repo.campaignScopeOf(actor)));
}

export async function getCampaign(deps: AppDeps, ctx: RequestContext, id: string): Promise<CampaignView> {
  const { campaign } = await loadCampaign(deps, ctx, id);
  return (await presentCampaigns(deps, [campaign]))[0];
}

export async function campaignHistory(deps: AppDeps, ctx: RequestContext, id: string) {
  await loadCampaign(deps, ctx, id);
  return listAuditOfEntity(deps.db, 'campaign', id);
}

/** A campaign by hand (no plan): the office of the actor's region runs it. */
export async function createCampaign(deps: AppDeps, ctx: RequestContext, input: CampaignCreateInput): Promise<CampaignView> {
  const actor = requireActor(ctx);
  const settings = CampaignSettings.parse({ ...DEFAULT_CAMPAIGN_SETTINGS, ...(input.settings ?? {}) });
  const now = deps.clock.now();
  const id = await campaignWrite(deps, undefined, async (tx) => {
    const c = await repo.insertCampaign(tx, {
      name: input.name,
      docNumber: input.docNumber ?? null,
      issuer: input.issuer ?? null,
      issuedOn: input.issuedOn ?? null,
      startDate: input.startDate,
      endDate: input.endDate,
      regionCode: actor.regionCode,
      settings,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, ctx, { action: 'campaign.create', entity: 'campaign', entityId: c.id, regionCode: c.regionCode, after: auditCampaign(c) });
    return c.id;
  });
  return getCampaign(deps, ctx, id);
}

export async function updateCampaign(deps: AppDeps, ctx: RequestContext, id: string, input: CampaignUpdateInput): Promise<CampaignView> {
  await campaignWrite(deps, id, async (tx) => {
    const { campaign: before } = await lockForEdit(tx, ctx, id);
    if (input.version !== undefined && input.version !== before.version) throw new AppError('CONFLICT', '该专项行动已被他人修改，请刷新后再编辑', { currentVersion: before.version });
    const start = input.startDate ?? before.startDate;
    const end = input.endDate ?? before.endDate;
    if (start > end) throw invalidField('endDate', '结束日期不能早于开始日期');
    if (start !== before.startDate || end !== before.endDate) {
      // Shrinking the range must not orphan reports already filed.
      const counts = await repo.reportCountsByPeriod(tx, id, { kind: 'all' });
      const outside = counts.filter((r) => r.period < periodOf(start) || r.period > periodOf(end));
      if (outside.length) throw new AppError('CONFLICT', `已有 ${[...new Set(outside.map((o) => o.period))].sort().join('、')} 的报送记录，不能把期限缩短到这些月份之外`);
    }
    const { version: _v, ...values } = input;
    const after = await repo.updateCampaignRow(tx, id, values, deps.clock.now());
    if (end !== before.endDate) await rebuildDuties(tx, after);
    await recordAudit(tx, ctx, { action: 'campaign.update', entity: 'campaign', entityId: id, regionCode: after.regionCode, before: auditCampaign(before), after: auditCampaign(after) });
  });
  return getCampaign(deps, ctx, id);
}

export async function updateSettings(deps: AppDeps, ctx: RequestContext, id: string, patch: CampaignSettingsPatchInput): Promise<CampaignView> {
  await campaignWrite(deps, id, async (tx) => {
    const { campaign, settings } = await lockForEdit(tx, ctx, id);
    const next = CampaignSettings.parse({ ...settings, ...patch });
    const after = await repo.updateCampaignRow(tx, id, { settings: next }, deps.clock.now());
    await recordAudit(tx, ctx, { action: 'campaign.settings', entity: 'campaign', entityId: id, regionCode: campaign.regionCode, before: { settings }, after: { settings: settingsOf(after) } });
  });
  return getCampaign(deps, ctx, id);
}

/** Archive (every month stops taking reports) or bring back. */
export async function setArchived(deps: AppDeps, ctx: RequestContext, id: string, archived: boolean): Promise<CampaignView> {
  await campaignWrite(deps, id, async (tx) => {
    const actor = requireActor(ctx);
    const c = await repo.lockCampaign(tx, repo.campaignScopeOf(actor), id);
    if (!c) throw notFound('专项行动');
    if ((c.status === 'archived') === archived) throw new AppError('CONFLICT', archived ? '专项行动已归档' : '专项行动未归档');
    const now = deps.clock.now();
    const after = await repo.updateCampaignRow(tx, id, { status: archived ? 'archived' : 'active', archivedAt: archived ? now : null }, now);
    await recordAudit(tx, ctx, { action: archived ? 'campaign.archive' : 'campaign.unarchive', entity: 'campaign', entityId: id, regionCode: c.regionCode, before: { status: c.status }, after: { status: after.status } });
  });
  return getCampaign(deps, ctx, id);
}
