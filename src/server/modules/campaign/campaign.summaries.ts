import { can, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import type { DbOrTx } from '../../db';
import { AppError, forbidden, invalidField, notFound } from '../../platform/errors';
import { summaryKeyLabel, summaryKindOf, summaryPeriods, SUMMARY_KIND_LABELS } from '../../../shared/campaign/periods';
import type { SummaryCreateInput, SummarySection, SummaryUpdateInput } from '../../../shared/contracts/campaign';
import type { SummaryView } from '../../../shared/contracts/campaign.views';
import * as repo from './repo';
import type { SummaryRow } from './repo';
import { loadCampaign } from './campaign.common';
import { compileSummary } from './campaign.compile';
import { renderOfficialDocx } from './campaign.docx';
import { loadUnits, type UnitInfo } from './campaign.units';
import { campaignWrite } from './campaign.cache';

/**
 * Quarterly, half-year and annual summaries (district-wide by the office, per unit by each unit)
 * and the final evaluation (全面总结评估, 2022年11月 in the reference plan). A summary is compiled
 * from the accepted reports and the ledger's figures into structured sections, which the office
 * edits before issuing; the .docx is rendered in 公文 layout (campaign.docx.ts).
 */

export function presentSummary(s: SummaryRow, unitName: string | null): SummaryView {
  return {
    id: s.id,
    campaignId: s.campaignId,
    unitId: s.unitId,
    unitName,
    kind: s.kind as SummaryView['kind'],
    kindLabel: SUMMARY_KIND_LABELS[s.kind as 'quarter'],
    periodKey: s.periodKey,
    periodLabel: summaryKeyLabel(s.periodKey),
    title: s.title,
    recipient: s.recipient,
    docNumber: s.docNumber,
    issuer: s.issuer,
    issuedOn: s.issuedOn,
    sections: s.sections as SummarySection[],
    stats: s.stats as Record<string, unknown>,
    status: s.status as SummaryView['status'],
    version: s.version,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    finalizedAt: s.finalizedAt?.toISOString() ?? null,
  };
}

async function unitOf(db: DbOrTx, id: string): Promise<UnitInfo | undefined> {
  return (await loadUnits(db)).get(id);
}

export async function listSummaries(deps: AppDeps, ctx: RequestContext, campaignId: string): Promise<SummaryView[]> {
  const { scope } = await loadCampaign(deps, ctx, campaignId);
  const [rows, units] = await Promise.all([repo.listSummaries(deps.db, scope, campaignId), loadUnits(deps.db)]);
  return rows.map((s) => presentSummary(s, s.unitId ? units.name(s.unitId) || null : null));
}

export async function getSummary(deps: AppDeps, ctx: RequestContext, campaignId: string, id: string): Promise<SummaryView> {
  const { scope } = await loadCampaign(deps, ctx, campaignId);
  const s = await repo.findSummary(deps.db, scope, id);
  if (!s || s.campaignId !== campaignId) throw notFound('总结');
  return presentSummary(s, s.unitId ? ((await unitOf(deps.db, s.unitId))?.shortName ?? null) : null);
}

/** Compile a draft: district-wide by the office (no unit), or a unit's own. */
export async function createSummary(deps: AppDeps, ctx: RequestContext, campaignId: string, input: SummaryCreateInput): Promise<SummaryView> {
  const { campaign, settings, actor, scope } = await loadCampaign(deps, ctx, campaignId);
  const unitId = input.unitId ?? null;
  // District-wide summaries are the office's; a unit compiles its own for 区安委办.
  if (!unitId && !can(actor, 'campaign.manage')) throw forbidden('全区总结由区安委办编制；本单位总结请选择本单位');
  if (unitId) {
    if (scope.kind === 'unit' && unitId !== scope.unitId) throw notFound('单位');
    if (unitId !== actor.unitId && !can(actor, 'campaign.manage')) throw forbidden();
    if (!(await repo.unitHasDuties(deps.db, campaignId, unitId))) throw invalidField('unitId', '该单位在本专项行动中没有承担任务');
  }
  if (!summaryPeriods(input.periodKey, campaign.startDate, campaign.endDate).length) throw invalidField('periodKey', `${summaryKeyLabel(input.periodKey)}不在专项行动期限内`);
  const unit = unitId ? await unitOf(deps.db, unitId) : null;
  if (unitId && !unit) throw invalidField('unitId', '单位不存在');
  const compiled = await compileSummary(deps, { campaign, settings, periodKey: input.periodKey, unit: unit ? { id: unit.id, name: unit.name, shortName: unit.shortName, regionCode: unit.regionCode } : null });
  const now = deps.clock.now();
  const row = await campaignWrite(deps, campaignId, async (tx) => {
    const r = await repo.insertSummary(tx, {
      campaignId,
      unitId,
      regionCode: unit?.regionCode ?? campaign.regionCode,
      kind: summaryKindOf(input.periodKey)!,
      periodKey: input.periodKey,
      title: compiled.title,
      recipient: compiled.recipient,
      issuer: compiled.issuer,
      sections: compiled.sections,
      stats: compiled.stats,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, ctx, { action: 'campaign_summary.create', entity: 'campaign_summary', entityId: r.id, regionCode: r.regionCode, after: { campaignId, unitId, periodKey: r.periodKey, title: r.title } });
    return r;
  });
  return presentSummary(row, unit?.shortName ?? null);
}

/** The summary locked for a change: a unit's by that unit or the office, a district one by the office; final ones only reopen. */
async function lockEditable(tx: DbOrTx, deps: AppDeps, ctx: RequestContext, campaignId: string, id: string, allowFinal = false) {
  const { actor, scope } = await loadCampaign(deps, ctx, campaignId, tx);
  const s = await repo.lockSummary(tx, scope, id);
  if (!s || s.campaignId !== campaignId) throw notFound('总结');
  const mayEdit = s.unitId ? s.unitId === actor.unitId || can(actor, 'campaign.manage') : can(actor, 'campaign.manage');
  if (!mayEdit) throw forbidden();
  if (!allowFinal && s.status === 'final') throw new AppError('CONFLICT', '总结已定稿，不能修改；如需修改请先退回草稿');
  return { actor, s };
}

export async function updateSummary(deps: AppDeps, ctx: RequestContext, campaignId: string, id: string, input: SummaryUpdateInput): Promise<SummaryView> {
  const row = await campaignWrite(deps, campaignId, async (tx) => {
    const { s } = await lockEditable(tx, deps, ctx, campaignId, id);
    if (input.version !== undefined && input.version !== s.version) throw new AppError('CONFLICT', '该总结已被他人修改，请刷新后再编辑', { currentVersion: s.version });
    const { version: _v, ...values } = input;
    const after = await repo.updateSummaryRow(tx, id, values, deps.clock.now());
    await recordAudit(tx, ctx, {
      action: 'campaign_summary.update',
      entity: 'campaign_summary',
      entityId: id,
      regionCode: s.regionCode,
      before: { title: s.title, recipient: s.recipient, docNumber: s.docNumber, issuer: s.issuer, issuedOn: s.issuedOn, sections: s.sections },
      after: { title: after.title, recipient: after.recipient, docNumber: after.docNumber, issuer: after.issuer, issuedOn: after.issuedOn, sections: after.sections },
    });
    return after;
  });
  return getSummary(deps, ctx, campaignId, row.id);
}

/** Compile again from the current data (draft only): the office's edits are replaced. */
export async function recompileSummary(deps: AppDeps, ctx: RequestContext, campaignId: string, id: string): Promise<SummaryView> {
  const { campaign, settings } = await loadCampaign(deps, ctx, campaignId);
  await campaignWrite(deps, campaignId, async (tx) => {
    const { s } = await lockEditable(tx, deps, ctx, campaignId, id);
    const unit = s.unitId ? await unitOf(tx, s.unitId) : null;
    const compiled = await compileSummary(deps, { campaign, settings, periodKey: s.periodKey, unit: unit ? { id: unit.id, name: unit.name, shortName: unit.shortName, regionCode: unit.regionCode } : null }, tx);
    await repo.updateSummaryRow(tx, id, { sections: compiled.sections, stats: compiled.stats }, deps.clock.now());
    await recordAudit(tx, ctx, { action: 'campaign_summary.recompile', entity: 'campaign_summary', entityId: id, regionCode: s.regionCode, before: { sections: s.sections }, after: { sections: compiled.sections } });
  });
  return getSummary(deps, ctx, campaignId, id);
}

/** 定稿 (dated today unless a date was set) or back to draft. */
export async function setSummaryStatus(deps: AppDeps, ctx: RequestContext, campaignId: string, id: string, status: 'final' | 'draft'): Promise<SummaryView> {
  await campaignWrite(deps, campaignId, async (tx) => {
    const { s } = await lockEditable(tx, deps, ctx, campaignId, id, true);
    if (s.status === status) throw new AppError('CONFLICT', status === 'final' ? '总结已定稿' : '总结已是草稿');
    const now = deps.clock.now();
    await repo.updateSummaryRow(tx, id, { status, finalizedAt: status === 'final' ? now : null, issuedOn: status === 'final' ? (s.issuedOn ?? deps.clock.today()) : s.issuedOn }, now);
    await recordAudit(tx, ctx, { action: status === 'final' ? 'campaign_summary.finalize' : 'campaign_summary.reopen', entity: 'campaign_summary', entityId: id, regionCode: s.regionCode, before: { status: s.status }, after: { status } });
  });
  return getSummary(deps, ctx, campaignId, id);
}

export async function deleteSummary(deps: AppDeps, ctx: RequestContext, campaignId: string, id: string) {
  await campaignWrite(deps, campaignId, async (tx) => {
    const { s } = await lockEditable(tx, deps, ctx, campaignId, id);
    await repo.deleteSummaryRow(tx, id);
    await recordAudit(tx, ctx, { action: 'campaign_summary.delete', entity: 'campaign_summary', entityId: id, regionCode: s.regionCode, before: { title: s.title, periodKey: s.periodKey, unitId: s.unitId } });
  });
  return { ok: true as const };
}

export async function summaryDocx(deps: AppDeps, ctx: RequestContext, campaignId: string, id: string): Promise<{ buffer: Buffer; fileName: string }> {
  const { settings } = await loadCampaign(deps, ctx, campaignId);
  const s = await getSummary(deps, ctx, campaignId, id);
  const buffer = await renderOfficialDocx({
    title: s.title,
    docNumber: s.docNumber || null,
    recipient: s.recipient || null,
    sections: s.sections,
    issuer: s.issuer,
    issuedOn: s.issuedOn ?? deps.clock.today(),
    fontProfile: settings.fontProfile,
    note: s.status === 'draft' ? '（草稿）' : null,
  });
  return { buffer, fileName: `${s.title}${s.status === 'draft' ? '（草稿）' : ''}.docx` };
}
