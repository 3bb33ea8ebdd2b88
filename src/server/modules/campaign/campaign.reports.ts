import ExcelJS from 'exceljs';
import type { DbOrTx } from '../../db';
import { can, requirePermission, type Actor, type RequestContext } from '../../platform/access';
import { listAuditOfEntity, recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { AppError, forbidden, invalidField, notFound, parseOrThrow } from '../../platform/errors';
import { storeFile, type FileKind, type Upload } from '../../platform/files';
import { notify } from '../../platform/notifications';
import { xlsxHeaderStyle } from '../../platform/excel';
import { DUTY_ROLE_LABELS } from '../../../shared/campaign/duties';
import { dueDateOf, isLate, isPeriod, periodLabel, periodState } from '../../../shared/campaign/periods';
import {
  ReportQuery,
  ReportSave,
  ReviewInput,
  type IndicatorView,
  type ItemStatus,
  type ReportEntryView,
  type ReportView,
} from '../../../shared/contracts/campaign';
import { Uuid } from '../../../shared/contracts/common';
import * as repo from './campaign.repo';
import type { CampaignRow, ReportRow } from './campaign.repo';
import { assertPeriodOpen, loadCampaign, presentIndicator, settingsOf, today } from './campaign.service';
import type { CampaignSettings } from '../../../shared/contracts/campaign';

/** Attachments of a report: images, PDF, Word, Excel (sniffed from the bytes, never the name). */
export const REPORT_ATTACHMENT_KINDS: FileKind[] = ['jpg', 'png', 'webp', 'gif', 'pdf', 'docx', 'xlsx'];
const MAX_ATTACHMENTS_PER_ITEM = 20;

interface Attachment {
  id: string;
  name: string;
  mime: string;
  size: number;
}

function ownUnit(actor: Actor): string {
  if (!actor.unitId) throw forbidden('您的账号未关联单位，不能报送');
  return actor.unitId;
}

const EDITABLE = new Set(['draft', 'returned']);

function refuseLocked(r: ReportRow) {
  if (r.status === 'submitted') throw new AppError('CONFLICT', `${periodLabel(r.period)}的报告已提交，等待区安委办审核；如需修改请先撤回`);
  if (r.status === 'accepted') throw new AppError('CONFLICT', `${periodLabel(r.period)}的报告已采纳，不能修改；如有更正请联系区安委办退回`);
}

// ---------- view ----------

async function unitName(db: DbOrTx, unitId: string): Promise<string> {
  const u = (await repo.allUnits(db)).find((x) => x.id === unitId);
  return u?.shortName ?? '';
}

function relevantIndicators(indicators: Awaited<ReturnType<typeof repo.listIndicators>>, duties: repo.DutyItem[]) {
  const nodes = new Set(duties.flatMap((d) => [d.itemId, d.taskId]));
  return indicators.filter(({ i }) => i.taskId && nodes.has(i.taskId));
}

function valueOf(v: { valueNumber: number | null; valueText: string | null; valueBool: boolean | null } | undefined, type: string): number | string | boolean | null {
  if (!v) return null;
  return type === 'number' ? v.valueNumber : type === 'boolean' ? v.valueBool : v.valueText;
}

export async function buildReportView(deps: AppDeps, viewer: Actor, campaign: CampaignRow, settings: CampaignSettings, unitId: string, period: string, report: ReportRow | undefined): Promise<ReportView> {
  const db = deps.db;
  const [duties, entries, prev, indicators, values, prevValues, reviews, name, closed] = await Promise.all([
    repo.dutiesOfUnit(db, campaign.id, unitId),
    report ? repo.entriesOfReport(db, report.id) : Promise.resolve([]),
    repo.previousStatuses(db, campaign.id, unitId, period),
    repo.listIndicators(db, campaign.id),
    report ? repo.indicatorValuesOfReport(db, report.id) : Promise.resolve([]),
    repo.previousIndicatorValues(db, campaign.id, unitId, period),
    report ? repo.reviewsOfReport(db, report.id) : Promise.resolve([]),
    unitName(db, unitId),
    repo.isPeriodClosed(db, campaign.id, period),
  ]);
  const isOwner = viewer.unitId === unitId;
  const seesContributions = isOwner || repo.campaignScopeOf(viewer).kind !== 'unit';
  const contributions = seesContributions && duties.some((d) => d.role === 'lead') ? await repo.contributionsForLead(db, campaign.id, unitId, period) : [];
  const byItem = new Map(entries.map((e) => [e.itemId, e]));
  const state = periodState({ period, startDate: campaign.startDate, endDate: campaign.endDate, today: today(), closed, archived: campaign.status === 'archived' });
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
        .map((c) => ({ unitId: c.unitId, unitName: c.unitName, role: c.role, reportStatus: c.reportStatus, status: c.status as ItemStatus, narrative: c.narrative, attachments: (c.attachments as Attachment[]) ?? [] }));
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
    unitName: name,
    period,
    periodState: state,
    dueDate: report?.dueDate ?? dueDateOf(period, settings.dueDay),
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
    editable: isOwner && can(viewer, 'campaign.report') && state === 'open' && (!report || EDITABLE.has(report.status)),
    entries: entryViews,
    indicators: relevantIndicators(indicators, duties).map(({ i, nodeId }) => ({
      ...(presentIndicator(i, nodeId) as IndicatorView),
      value: valueOf(valByInd.get(i.id), i.valueType),
      previous: valueOf(prevByInd.get(i.id), i.valueType),
    })),
    reviews: reviews.map((r) => ({ id: r.id, action: r.action, comment: r.comment, actorName: r.actorName, at: r.at.toISOString(), itemComments: (r.itemComments as Record<string, string> | null) ?? null })),
  };
}

/** The monthly form of a unit (its own, or any unit's for the office). */
export async function getReportForm(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string, unitId?: string): Promise<ReportView> {
  const { actor, scope, campaign, settings } = await loadCampaign(deps, ctx, campaignId);
  if (!isPeriod(period)) throw invalidField('period', '月份格式不正确（应为 YYYY-MM）');
  if (period < campaign.startDate.slice(0, 7) || period > campaign.endDate.slice(0, 7)) throw invalidField('period', `报送月份 ${period} 不在专项行动期限内`);
  const target = unitId ?? actor.unitId;
  if (!target) throw notFound('报送');
  if (scope.kind === 'unit' && target !== scope.unitId) throw notFound('报送');
  if (!(await repo.unitHasDuties(deps.db, campaignId, target))) throw new AppError('NOT_FOUND', '该单位在本专项行动中没有承担任务');
  const report = await repo.findReportOf(deps.db, campaignId, target, period);
  return buildReportView(deps, actor, campaign, settings, target, period, report);
}

export async function getReport(deps: AppDeps, ctx: RequestContext, reportId: string): Promise<ReportView> {
  const actor = requirePermission(ctx, 'campaign.read');
  const scope = repo.campaignScopeOf(actor);
  const report = await repo.findReport(deps.db, scope, reportId);
  if (!report) throw notFound('报告');
  const { campaign, settings } = await loadCampaign(deps, ctx, report.campaignId);
  return buildReportView(deps, actor, campaign, settings, report.unitId, report.period, report);
}

export async function reportHistory(deps: AppDeps, ctx: RequestContext, reportId: string) {
  const actor = requirePermission(ctx, 'campaign.read');
  const report = await repo.findReport(deps.db, repo.campaignScopeOf(actor), reportId);
  if (!report) throw notFound('报告');
  const [reviews, audit] = await Promise.all([repo.reviewsOfReport(deps.db, reportId), listAuditOfEntity(deps.db, 'campaign_report', reportId)]);
  return {
    reviews: reviews.map((r) => ({ id: r.id, action: r.action, comment: r.comment, itemComments: r.itemComments, actorName: r.actorName, at: r.at.toISOString() })),
    audit,
  };
}

// ---------- save / submit ----------

type SaveInput = ReturnType<typeof ReportSave.parse>;

function checkIndicatorValue(ind: repo.IndicatorRow, value: unknown, path: string): { valueNumber: number | null; valueText: string | null; valueBool: boolean | null } | null {
  if (value === null || value === '') return null;
  if (ind.valueType === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidField(path, `指标“${ind.name}”应填数字${ind.unit ? `（单位：${ind.unit}）` : ''}，收到${typeof value === 'string' ? `文本“${String(value).slice(0, 20)}”` : typeof value === 'boolean' ? '布尔值' : '无效值'}`);
    if (ind.unit === '%' && (value < 0 || value > 100)) throw invalidField(path, `指标“${ind.name}”是百分比，应在 0–100 之间`);
    if (value < 0) throw invalidField(path, `指标“${ind.name}”不能为负数`);
    return { valueNumber: value, valueText: null, valueBool: null };
  }
  if (ind.valueType === 'boolean') {
    if (typeof value !== 'boolean') throw invalidField(path, `指标“${ind.name}”应填“是/否”（true/false）`);
    return { valueNumber: null, valueText: null, valueBool: value };
  }
  if (typeof value !== 'string') throw invalidField(path, `指标“${ind.name}”应填文字`);
  return { valueNumber: null, valueText: value.trim().slice(0, 500), valueBool: null };
}

/** Save the unit's draft inside a transaction; returns the locked, updated report row. */
async function saveTx(tx: DbOrTx, ctx: RequestContext, actor: Actor, campaign: CampaignRow, settings: CampaignSettings, period: string, input: SaveInput): Promise<ReportRow> {
  const unitId = ownUnit(actor);
  const { dueDate } = await assertPeriodOpen(tx, campaign, period, settings);
  const duties = await repo.dutiesOfUnit(tx, campaign.id, unitId);
  if (!duties.length) throw new AppError('NOT_FOUND', '本单位在该专项行动中没有承担任务');
  const dutyIds = new Set(duties.map((d) => d.itemId));
  const seen = new Set<string>();
  (input.entries ?? []).forEach((e, i) => {
    if (!dutyIds.has(e.itemId)) throw invalidField(`entries.${i}.itemId`, '不是本单位承担的事项');
    if (seen.has(e.itemId)) throw invalidField(`entries.${i}.itemId`, '同一事项重复填报');
    seen.add(e.itemId);
  });
  const indicators = relevantIndicators(await repo.listIndicators(tx, campaign.id), duties);
  const indById = new Map(indicators.map(({ i }) => [i.id, i]));
  const values: { indicatorId: string; v: ReturnType<typeof checkIndicatorValue> }[] = [];
  (input.indicatorValues ?? []).forEach((v, i) => {
    const ind = indById.get(v.indicatorId);
    if (!ind) throw invalidField(`indicatorValues.${i}.indicatorId`, '不是本单位需要填报的指标');
    values.push({ indicatorId: v.indicatorId, v: checkIndicatorValue(ind, v.value, `indicatorValues.${i}.value`) });
  });

  const { row: current, created } = await repo.ensureReport(tx, { campaignId: campaign.id, unitId, period, regionCode: actor.regionCode, status: 'draft', dueDate });
  if (!created) {
    refuseLocked(current);
    if (input.version !== undefined && input.version !== current.version) throw new AppError('CONFLICT', '该报告已在其他页面或由同事修改，请刷新后再编辑', { currentVersion: current.version });
  }
  if (input.entries?.length) {
    await repo.upsertEntries(
      tx,
      input.entries.map((e) => ({ reportId: current.id, campaignId: campaign.id, unitId, period, itemId: e.itemId, status: e.status, narrative: e.narrative ?? '' })),
    );
  }
  const set = values.filter((x) => x.v);
  await repo.upsertIndicatorValues(
    tx,
    set.map((x) => ({ reportId: current.id, campaignId: campaign.id, indicatorId: x.indicatorId, unitId, period, ...x.v! })),
  );
  await repo.deleteIndicatorValues(
    tx,
    current.id,
    values.filter((x) => !x.v).map((x) => x.indicatorId),
  );
  const after = await repo.updateReportRow(tx, current.id, {
    ...(input.summary !== undefined ? { summary: input.summary } : {}),
    ...(input.problems !== undefined ? { problems: input.problems } : {}),
    ...(input.nextPlan !== undefined ? { nextPlan: input.nextPlan } : {}),
  });
  await recordAudit(tx, ctx, {
    action: 'campaign_report.save',
    entity: 'campaign_report',
    entityId: current.id,
    regionCode: current.regionCode,
    before: created ? null : { status: current.status, version: current.version, summary: current.summary, problems: current.problems, nextPlan: current.nextPlan },
    after: {
      campaignId: campaign.id,
      unitId,
      period,
      status: after.status,
      version: after.version,
      summary: after.summary,
      problems: after.problems,
      nextPlan: after.nextPlan,
      entries: (input.entries ?? []).map((e) => ({ itemId: e.itemId, status: e.status, narrative: e.narrative })),
      indicatorValues: input.indicatorValues ?? [],
    },
  });
  return after;
}

async function loadForUnit(tx: DbOrTx, ctx: RequestContext, campaignId: string) {
  const actor = requirePermission(ctx, 'campaign.report');
  ownUnit(actor);
  const c = await repo.findCampaign(tx, repo.campaignScopeOf(actor), campaignId);
  if (!c) throw notFound('专项行动');
  return { actor, campaign: c, settings: settingsOf(c) };
}

export async function saveReport(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string, body: unknown): Promise<ReportView> {
  const input = parseOrThrow(ReportSave, body ?? {});
  const report = await deps.db.transaction(async (tx) => {
    const { actor, campaign, settings } = await loadForUnit(tx, ctx, campaignId);
    return saveTx(tx, ctx, actor, campaign, settings, period, input);
  });
  return getReport(deps, ctx, report.id);
}

/** Submit (or resubmit after a return). With a body, saves it first in the same transaction. */
export async function submitReport(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string, body: unknown, now = new Date()): Promise<ReportView> {
  const input = body && Object.keys(body as object).length ? parseOrThrow(ReportSave, body) : null;
  const id = await deps.db.transaction(async (tx) => {
    const { actor, campaign, settings } = await loadForUnit(tx, ctx, campaignId);
    let report: ReportRow | undefined;
    if (input) report = await saveTx(tx, ctx, actor, campaign, settings, period, input);
    else {
      await assertPeriodOpen(tx, campaign, period, settings);
      const r = await repo.findReportOf(tx, campaignId, actor.unitId!, period);
      report = r ? await repo.lockReport(tx, { kind: 'unit', unitId: actor.unitId!, regionCode: actor.regionCode }, r.id) : undefined;
    }
    if (!report) throw new AppError('VALIDATION', '请先填写并保存本月报告', [{ path: 'summary', message: '请先填写本月工作开展情况' }]);
    refuseLocked(report);
    const entries = await repo.entriesOfReport(tx, report.id);
    const duties = await repo.dutiesOfUnit(tx, campaignId, report.unitId);
    if (!report.summary.trim() && entries.length === 0) throw invalidField('summary', '请填写本月工作开展情况，或至少填报一个事项的进展');
    // 滞后 must be explained (why, and what is being done about it).
    const order = input?.entries?.length ? input.entries.map((e) => e.itemId) : duties.map((d) => d.itemId);
    for (const e of entries) {
      if (e.status === '滞后' && !e.narrative.trim()) {
        const i = order.indexOf(e.itemId);
        const d = duties.find((x) => x.itemId === e.itemId);
        throw invalidField(`entries.${i >= 0 ? i : 0}.narrative`, `事项 ${d?.nodeId ?? ''}“${(d?.title ?? '').slice(0, 20)}”标为滞后，请说明原因和措施`);
      }
    }
    const resubmit = report.status === 'returned';
    const first = report.firstSubmittedAt ?? now;
    const after = await repo.updateReportRow(tx, report.id, {
      status: 'submitted',
      submittedAt: now,
      submittedBy: actor.userId,
      firstSubmittedAt: first,
      // Timeliness is judged on the first submission: a resubmission after a return is not late.
      late: report.firstSubmittedAt ? report.late : isLate(now, report.dueDate),
    });
    await repo.insertReview(tx, { reportId: report.id, campaignId, action: resubmit ? 'resubmit' : 'submit', actorUserId: actor.userId, actorName: actor.displayName, at: now });
    await recordAudit(tx, ctx, {
      action: resubmit ? 'campaign_report.resubmit' : 'campaign_report.submit',
      entity: 'campaign_report',
      entityId: report.id,
      regionCode: report.regionCode,
      before: { status: report.status },
      after: { status: after.status, late: after.late, submittedAt: after.submittedAt, period, unitId: report.unitId },
    });
    return report.id;
  });
  return getReport(deps, ctx, id);
}

export async function withdrawReport(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string): Promise<ReportView> {
  const id = await deps.db.transaction(async (tx) => {
    const { actor, campaign, settings } = await loadForUnit(tx, ctx, campaignId);
    await assertPeriodOpen(tx, campaign, period, settings);
    const r = await repo.findReportOf(tx, campaignId, actor.unitId!, period);
    const report = r ? await repo.lockReport(tx, { kind: 'unit', unitId: actor.unitId!, regionCode: actor.regionCode }, r.id) : undefined;
    if (!report) throw notFound('报告');
    if (report.status !== 'submitted') throw new AppError('CONFLICT', report.status === 'accepted' ? '报告已采纳，不能撤回' : '报告尚未提交，无需撤回');
    const after = await repo.updateReportRow(tx, report.id, { status: report.returnCount > 0 ? 'returned' : 'draft' });
    await repo.insertReview(tx, { reportId: report.id, campaignId, action: 'withdraw', actorUserId: actor.userId, actorName: actor.displayName });
    await recordAudit(tx, ctx, { action: 'campaign_report.withdraw', entity: 'campaign_report', entityId: report.id, regionCode: report.regionCode, before: { status: report.status }, after: { status: after.status } });
    return report.id;
  });
  return getReport(deps, ctx, id);
}

// ---------- review ----------

export async function reviewReport(deps: AppDeps, ctx: RequestContext, reportId: string, action: 'accept' | 'return', body: unknown): Promise<ReportView> {
  const input = parseOrThrow(ReviewInput, body ?? {});
  await deps.db.transaction(async (tx) => {
    const actor = requirePermission(ctx, 'campaign.review');
    const scope = repo.campaignScopeOf(actor);
    const report = await repo.lockReport(tx, scope, reportId);
    if (!report) throw notFound('报告');
    const campaign = await repo.findCampaign(tx, scope, report.campaignId);
    if (!campaign) throw notFound('报告');
    if (campaign.status === 'archived') throw new AppError('CONFLICT', '专项行动已归档，不能再审核');
    const comment = input.comment?.trim() || null;
    const itemComments = Object.fromEntries(Object.entries(input.itemComments ?? {}).filter(([, v]) => v.trim()));
    if (action === 'accept') {
      if (report.status !== 'submitted') throw new AppError('CONFLICT', report.status === 'accepted' ? '报告已采纳' : '报告尚未提交，不能采纳');
    } else {
      if (report.status !== 'submitted' && report.status !== 'accepted') throw new AppError('CONFLICT', '只能退回已提交或已采纳的报告');
      if (!comment && !Object.keys(itemComments).length) throw invalidField('comment', '退回时请填写退回意见');
      if (await repo.isPeriodClosed(tx, campaign.id, report.period)) throw new AppError('CONFLICT', `${periodLabel(report.period)}已封账，请先解除封账再退回`);
      const entries = await repo.entriesOfReport(tx, report.id);
      const ids = new Set(entries.map((e) => e.itemId));
      for (const k of Object.keys(itemComments)) if (!Uuid.safeParse(k).success || !ids.has(k)) throw invalidField(`itemComments.${k}`, '该事项不在此报告中');
    }
    const after = await repo.updateReportRow(tx, report.id, {
      status: action === 'accept' ? 'accepted' : 'returned',
      reviewedAt: new Date(),
      reviewedBy: actor.userId,
      reviewComment: comment,
      ...(action === 'return' ? { returnCount: report.returnCount + 1 } : {}),
    });
    if (action === 'return') await repo.setEntryReviewComments(tx, report.id, itemComments);
    // The ledger's figures follow accepted reports only.
    if (action === 'accept' || report.status === 'accepted') await repo.refreshDutyStatus(tx, campaign.id, report.unitId);
    await repo.insertReview(tx, {
      reportId: report.id,
      campaignId: campaign.id,
      action: action === 'return' && report.status === 'accepted' ? 'reopen' : action,
      comment,
      itemComments: Object.keys(itemComments).length ? itemComments : null,
      actorUserId: actor.userId,
      actorName: actor.displayName,
    });
    await recordAudit(tx, ctx, {
      action: action === 'accept' ? 'campaign_report.accept' : 'campaign_report.return',
      entity: 'campaign_report',
      entityId: report.id,
      regionCode: report.regionCode,
      before: { status: report.status, returnCount: report.returnCount },
      after: { status: after.status, returnCount: after.returnCount, comment, itemComments },
    });
    const label = periodLabel(report.period);
    await notify(tx, deps, {
      unitId: report.unitId,
      kind: action === 'accept' ? 'campaign.report_accepted' : 'campaign.report_returned',
      title: action === 'accept' ? `【专项整治】${label}进展报告已采纳` : `【专项整治】${label}进展报告被退回，请修改后重新提交`,
      body: comment ?? (action === 'accept' ? `${campaign.name}` : '请查看逐项意见'),
      link: `/campaigns/${campaign.id}/report/${report.period}`,
      dedupeKey: `campaign-review:${report.id}:${after.version}`,
    });
  });
  return getReport(deps, ctx, reportId);
}

// ---------- attachments ----------

export async function addAttachment(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string, upload: Upload): Promise<Attachment & { itemId: string }> {
  const itemId = upload.fields.itemId;
  if (!itemId || !Uuid.safeParse(itemId).success) throw invalidField('itemId', '请指明附件所属的事项');
  return deps.db.transaction(async (tx) => {
    const { actor, campaign, settings } = await loadForUnit(tx, ctx, campaignId);
    const { dueDate } = await assertPeriodOpen(tx, campaign, period, settings);
    const duties = await repo.dutiesOfUnit(tx, campaignId, actor.unitId!);
    const duty = duties.find((d) => d.itemId === itemId);
    if (!duty) throw invalidField('itemId', '不是本单位承担的事项');
    const { row: report } = await repo.ensureReport(tx, { campaignId, unitId: actor.unitId!, period, regionCode: actor.regionCode, status: 'draft', dueDate });
    refuseLocked(report);
    const entries = await repo.entriesOfReport(tx, report.id);
    let entry = entries.find((e) => e.itemId === itemId);
    if (!entry) {
      const prev = await repo.previousStatuses(tx, campaignId, actor.unitId!, period);
      await repo.upsertEntries(tx, [{ reportId: report.id, campaignId, unitId: actor.unitId!, period, itemId, status: prev.get(itemId) ?? duty.status ?? '未开始', narrative: '' }]);
      entry = (await repo.entriesOfReport(tx, report.id)).find((e) => e.itemId === itemId)!;
    }
    const list = (entry.attachments as Attachment[]) ?? [];
    if (list.length >= MAX_ATTACHMENTS_PER_ITEM) throw new AppError('CONFLICT', `每个事项最多 ${MAX_ATTACHMENTS_PER_ITEM} 个附件`);
    const maxBytes = Math.min(settings.attachmentMaxMb * 1024 * 1024, deps.config.uploadMaxBytes);
    const f = await storeFile(tx, ctx, { name: upload.fileName, data: upload.buffer, purpose: 'campaign.report', allowed: REPORT_ATTACHMENT_KINDS, maxBytes, regionCode: report.regionCode });
    const att: Attachment = { id: f.id, name: f.name, mime: f.mime, size: f.size };
    await repo.setEntryAttachments(tx, report.id, itemId, [...list, att]);
    await repo.updateReportRow(tx, report.id, {});
    await recordAudit(tx, ctx, { action: 'campaign_report.attach', entity: 'campaign_report', entityId: report.id, regionCode: report.regionCode, after: { itemId, file: att } });
    return { ...att, itemId };
  });
}

export async function removeAttachment(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string, itemId: string, fileId: string): Promise<{ ok: true }> {
  return deps.db.transaction(async (tx) => {
    const { actor, campaign, settings } = await loadForUnit(tx, ctx, campaignId);
    await assertPeriodOpen(tx, campaign, period, settings);
    const r = await repo.findReportOf(tx, campaignId, actor.unitId!, period);
    const report = r ? await repo.lockReport(tx, { kind: 'unit', unitId: actor.unitId!, regionCode: actor.regionCode }, r.id) : undefined;
    if (!report) throw notFound('附件');
    refuseLocked(report);
    const entry = (await repo.entriesOfReport(tx, report.id)).find((e) => e.itemId === itemId);
    const list = (entry?.attachments as Attachment[]) ?? [];
    const gone = list.find((a) => a.id === fileId);
    if (!gone) throw notFound('附件');
    await repo.setEntryAttachments(
      tx,
      report.id,
      itemId,
      list.filter((a) => a.id !== fileId),
    );
    await repo.updateReportRow(tx, report.id, {});
    await recordAudit(tx, ctx, { action: 'campaign_report.detach', entity: 'campaign_report', entityId: report.id, regionCode: report.regionCode, before: { itemId, file: gone } });
    return { ok: true as const };
  });
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

// ---------- lists ----------

export async function listReports(deps: AppDeps, ctx: RequestContext, campaignId: string, query: unknown) {
  const { scope } = await loadCampaign(deps, ctx, campaignId);
  const q = parseOrThrow(ReportQuery, query, '查询参数');
  const { items, total } = await repo.listReports(deps.db, scope, campaignId, { ...q, late: q.late === undefined ? undefined : q.late === 'true' });
  return {
    items: items.map(({ r, unitName, unitKind }) => ({
      id: r.id,
      unitId: r.unitId,
      unitName,
      unitKind,
      period: r.period,
      status: r.status,
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
export async function periodStatus(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string) {
  const { scope, campaign, settings } = await loadCampaign(deps, ctx, campaignId);
  if (!isPeriod(period) || period < campaign.startDate.slice(0, 7) || period > campaign.endDate.slice(0, 7)) throw invalidField('period', `报送月份 ${period} 不在专项行动期限内`);
  const [units, reports] = await Promise.all([repo.reportingUnits(deps.db, campaignId, scope), repo.listReports(deps.db, scope, campaignId, { period, page: 1, pageSize: 10_000 })]);
  const byUnit = new Map(reports.items.map((x) => [x.r.unitId, x.r]));
  const dueDate = dueDateOf(period, settings.dueDay);
  const overdue = dueDate < today();
  return {
    period,
    dueDate,
    units: units.map((u) => {
      const r = byUnit.get(u.unitId);
      return {
        unitId: u.unitId,
        unitName: u.name,
        unitKind: u.kind,
        items: Number(u.items),
        reportId: r?.id ?? null,
        status: r?.status ?? (overdue ? 'missing' : 'notdue'),
        late: r?.late ?? false,
        submittedAt: r?.submittedAt?.toISOString() ?? null,
        reviewedAt: r?.reviewedAt?.toISOString() ?? null,
        returnCount: r?.returnCount ?? 0,
      };
    }),
  };
}

// ---------- consolidated month (全区汇总) ----------

export async function consolidated(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string) {
  const { campaign, settings, actor } = await loadCampaign(deps, ctx, campaignId, 'campaign.review');
  if (!isPeriod(period) || period < campaign.startDate.slice(0, 7) || period > campaign.endDate.slice(0, 7)) throw invalidField('period', `报送月份 ${period} 不在专项行动期限内`);
  const [items, entries, status] = await Promise.all([repo.workItemsWithLeads(deps.db, campaignId), repo.consolidatedEntries(deps.db, campaignId, period), periodStatus(deps, { ...ctx, actor }, campaignId, period)]);
  const byItem = new Map<string, typeof entries>();
  for (const e of entries) {
    if (!byItem.has(e.itemId)) byItem.set(e.itemId, []);
    byItem.get(e.itemId)!.push(e);
  }
  const count = (s: string) => status.units.filter((u) => u.status === s).length;
  return {
    campaignId,
    campaignName: campaign.name,
    period,
    dueDate: dueDateOf(period, settings.dueDay),
    counts: {
      units: status.units.length,
      accepted: count('accepted'),
      submitted: count('submitted'),
      returned: count('returned'),
      draft: count('draft'),
      missing: count('missing') + count('notdue'),
      late: status.units.filter((u) => u.late).length,
      entries: entries.length,
    },
    units: status.units,
    items: items.map((i) => ({
      itemId: i.itemId,
      nodeId: i.nodeId,
      title: i.title,
      taskNodeId: i.taskNodeId,
      taskTitle: i.taskTitle,
      dueDate: i.dueDate,
      leads: i.leads ?? '',
      status: i.status,
      entries: (byItem.get(i.itemId) ?? []).map((e) => ({ unitId: e.unitId, unitName: e.unitName, role: e.role, reportStatus: e.reportStatus, status: e.status, narrative: e.narrative, attachments: Number(e.attachments) })),
    })),
  };
}

/** The month's 汇总表 as Excel: one row per item, the lead's report first, then co/属地 units. */
export async function consolidatedXlsx(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string): Promise<Buffer> {
  const c = await consolidated(deps, ctx, campaignId, period);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`${period}汇总`);
  ws.columns = [{ width: 8 }, { width: 12 }, { width: 28 }, { width: 40 }, { width: 18 }, { width: 12 }, { width: 10 }, { width: 70 }];
  ws.mergeCells(1, 1, 1, 8);
  ws.getCell(1, 1).value = `${c.campaignName}${periodLabel(period)}工作进展汇总表`;
  ws.getCell(1, 1).font = { name: '宋体', size: 16, bold: true };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.mergeCells(2, 1, 2, 8);
  ws.getCell(2, 1).value = `报送截止：${c.dueDate}；应报 ${c.counts.units} 家，已采纳 ${c.counts.accepted}，待审核 ${c.counts.submitted}，退回 ${c.counts.returned}，未报 ${c.counts.missing + c.counts.draft}，迟报 ${c.counts.late}`;
  const header = ws.addRow(['序号', '编号', '任务', '事项', '牵头单位', '当前状态', '报送单位', '本月进展']);
  xlsxHeaderStyle(header);
  c.items.forEach((i, k) => {
    const lines = i.entries.map((e) => `【${e.unitName}${e.role ? `·${DUTY_ROLE_LABELS[e.role as 'lead']}` : ''}｜${e.status}】${e.narrative}`);
    const row = ws.addRow([k + 1, i.nodeId, i.taskTitle, i.title, i.leads, i.status ?? '', i.entries.length, lines.join('\n') || '（本月无报送）']);
    row.alignment = { vertical: 'top', wrapText: true };
  });
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

