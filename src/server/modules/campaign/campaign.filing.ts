import type { DbOrTx } from '../../db';
import { requireActor, type Actor, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { AppError, forbidden, invalidField, notFound } from '../../platform/errors';
import { storeFile, type FileKind, type Upload } from '../../platform/files';
import { isLate, periodLabel } from '../../../shared/campaign/periods';
import { itemLabel } from '../../../shared/campaign/nodes';
import type { CampaignSettings, ReportSave } from '../../../shared/contracts/campaign';
import type { Attachment, ReportView } from '../../../shared/contracts/campaign.views';
import * as repo from './repo';
import type { CampaignRow, DutyItem, IndicatorRow, ReportRow } from './repo';
import { assertPeriodOpen, checkPeriodOpen, settingsOf } from './campaign.common';
import { buildReportView, campaignIndicators, getReport, relevantIndicators, unitDuties, type KnownForView } from './campaign.reports';
import { campaignWrite } from './campaign.cache';

/**
 * A unit files its month (逐月报送): save a draft, submit (late = filed after the due date, judged on
 * the first submission), withdraw before review, attach files to items. Only the unit's own items
 * and indicators, only while the month is open; a submitted or accepted report is locked.
 */

/** Attachments of a report: images, PDF, Word, Excel (sniffed from the bytes, never the name). */
export const REPORT_ATTACHMENT_KINDS: FileKind[] = ['jpg', 'png', 'webp', 'gif', 'pdf', 'docx', 'xlsx'];
const MAX_ATTACHMENTS_PER_ITEM = 20;

/** The unit a user files for (a user without a unit cannot file). */
function ownUnit(actor: Actor): string {
  if (!actor.unitId) throw forbidden('您的账号未关联单位，不能报送');
  return actor.unitId;
}

/** A submitted report waits for review; an accepted one is final until the office returns it. */
function refuseLocked(r: ReportRow) {
  if (r.status === 'submitted') throw new AppError('CONFLICT', `${periodLabel(r.period)}的报告已提交，等待区安委办审核；如需修改请先撤回`);
  if (r.status === 'accepted') throw new AppError('CONFLICT', `${periodLabel(r.period)}的报告已采纳，不能修改；如有更正请联系区安委办退回`);
}

/** An indicator value of the indicator's type (a number for numeric ones, % within 0–100). */
/** A form field's error: the path is for the form to find the field, the message is for people (no path in it). */
function fieldError(path: string, message: string): AppError {
  return new AppError('VALIDATION', message, [{ path, message }]);
}

function checkIndicatorValue(ind: IndicatorRow, value: unknown, path: string): { valueNumber: number | null; valueText: string | null; valueBool: boolean | null } | null {
  if (value === null || value === '') return null;
  if (ind.valueType === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw fieldError(path, `指标“${ind.name}”应填数字${ind.unit ? `（单位：${ind.unit}）` : ''}，收到${typeof value === 'string' ? `文本“${String(value).slice(0, 20)}”` : typeof value === 'boolean' ? '布尔值' : '无效值'}`);
    if (ind.unit === '%' && (value < 0 || value > 100)) throw fieldError(path, `指标“${ind.name}”是百分比，应在 0–100 之间`);
    if (value < 0) throw fieldError(path, `指标“${ind.name}”不能为负数`);
    return { valueNumber: value, valueText: null, valueBool: null };
  }
  if (ind.valueType === 'boolean') {
    if (typeof value !== 'boolean') throw fieldError(path, `指标“${ind.name}”应填“是/否”（true/false）`);
    return { valueNumber: null, valueText: null, valueBool: value };
  }
  if (typeof value !== 'string') throw fieldError(path, `指标“${ind.name}”应填文字`);
  return { valueNumber: null, valueText: value.trim().slice(0, 500), valueBool: null };
}

interface Saved {
  /** the locked, updated report row */
  report: ReportRow;
  /** what the save read (the answer's view reuses it) */
  known: Required<KnownForView>;
}

/** What a save checks against: the month's due date (the month is open), the unit's items, the campaign's indicators. */
interface ForSave {
  dueDate: string;
  duties: readonly DutyItem[];
  indicators: Awaited<ReturnType<typeof repo.listIndicators>>;
}

/** Inside a transaction (one connection): the reads of a save one after the other. */
async function readForSave(deps: AppDeps, tx: DbOrTx, campaign: CampaignRow, settings: CampaignSettings, period: string, unitId: string): Promise<ForSave> {
  const { dueDate } = await assertPeriodOpen(tx, campaign, period, settings, deps.clock.today());
  return { dueDate, duties: await repo.dutiesOfUnit(tx, campaign.id, unitId), indicators: await repo.listIndicators(tx, campaign.id) };
}

/** Save the unit's draft inside a transaction. */
async function saveTx(deps: AppDeps, tx: DbOrTx, ctx: RequestContext, actor: Actor, campaign: CampaignRow, pre: ForSave, period: string, input: ReportSave): Promise<Saved> {
  const unitId = ownUnit(actor);
  const now = deps.clock.now();
  const { dueDate, duties, indicators: allIndicators } = pre;
  if (!duties.length) throw new AppError('NOT_FOUND', '本单位在该专项行动中没有承担任务');
  const dutyIds = new Set(duties.map((d) => d.itemId));
  const seen = new Set<string>();
  (input.entries ?? []).forEach((e, i) => {
    if (!dutyIds.has(e.itemId)) throw fieldError(`entries.${i}.itemId`, '不是本单位承担的事项');
    if (seen.has(e.itemId)) throw fieldError(`entries.${i}.itemId`, `事项“${duties.find((d) => d.itemId === e.itemId)?.title.slice(0, 20) ?? ''}”重复填报`);
    seen.add(e.itemId);
  });
  const indicators = relevantIndicators(allIndicators, duties);
  const indById = new Map(indicators.map(({ i }) => [i.id, i]));
  const values: { indicatorId: string; v: ReturnType<typeof checkIndicatorValue> }[] = [];
  (input.indicatorValues ?? []).forEach((v, i) => {
    const ind = indById.get(v.indicatorId);
    if (!ind) throw fieldError(`indicatorValues.${i}.indicatorId`, '不是本单位需要填报的指标');
    values.push({ indicatorId: v.indicatorId, v: checkIndicatorValue(ind, v.value, `indicatorValues.${i}.value`) });
  });

  const { row: current, created } = await repo.ensureReport(tx, { campaignId: campaign.id, unitId, period, regionCode: actor.regionCode, status: 'draft', dueDate, createdAt: now, updatedAt: now });
  if (!created) {
    refuseLocked(current);
    if (input.version !== undefined && input.version !== current.version) throw new AppError('CONFLICT', '该报告已在其他页面或由同事修改，请刷新后再编辑', { currentVersion: current.version });
  }
  // What the report holds (its row is locked): only new and changed entries are written, and the
  // answer is this with the changes, not a second read of the report.
  const held = created ? repo.NO_REPORT_PARTS : await repo.reportParts(tx, current.id);
  const entries = new Map(held.entries.map((e) => [e.itemId, e]));
  const changed = (input.entries ?? [])
    .map((e) => ({ itemId: e.itemId, status: e.status, narrative: e.narrative ?? '' }))
    .filter((e) => {
      const was = entries.get(e.itemId);
      return !was || was.status !== e.status || was.narrative !== e.narrative;
    });
  if (changed.length) await repo.upsertEntries(tx, { reportId: current.id, campaignId: campaign.id, unitId, period }, changed, now);
  const written = new Set(changed.map((e) => e.itemId));
  for (const e of changed) entries.set(e.itemId, { attachments: [], reviewComment: null, ...entries.get(e.itemId), ...e });
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
  const after = await repo.updateReportRow(
    tx,
    current.id,
    {
      ...(input.summary !== undefined ? { summary: input.summary } : {}),
      ...(input.problems !== undefined ? { problems: input.problems } : {}),
      ...(input.nextPlan !== undefined ? { nextPlan: input.nextPlan } : {}),
    },
    now,
  );
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
      // the entries this save wrote (new or changed); the others were saved before as they are
      entries: (input.entries ?? []).filter((e) => written.has(e.itemId)).map((e) => ({ itemId: e.itemId, status: e.status, narrative: e.narrative })),
      entriesUnchanged: (input.entries ?? []).length - written.size,
      indicatorValues: input.indicatorValues ?? [],
    },
  });
  const valuesAfter = new Map(held.values.map((v) => [v.indicatorId, v]));
  for (const x of values) {
    if (x.v) valuesAfter.set(x.indicatorId, { indicatorId: x.indicatorId, ...x.v });
    else valuesAfter.delete(x.indicatorId);
  }
  // The period was open in this transaction (assertPeriodOpen).
  return { report: after, known: { duties, indicators: allIndicators, closed: false, parts: { entries: [...entries.values()], values: [...valuesAfter.values()], reviews: held.reviews } } };
}

/** The campaign a unit files in (404 outside its scope); the user must belong to a unit. */
async function loadForUnit(tx: DbOrTx, ctx: RequestContext, campaignId: string) {
  const actor = requireActor(ctx);
  ownUnit(actor);
  const c = await repo.findCampaign(tx, repo.campaignScopeOf(actor), campaignId);
  if (!c) throw notFound('专项行动');
  return { actor, campaign: c, settings: settingsOf(c) };
}

/**
 * The answer is the form as saved, built from what the transaction read (campaign, duties,
 * indicators, the report row) plus the rows the view needs besides (bench: 240 items).
 */
export async function saveReport(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string, input: ReportSave): Promise<ReportView> {
  const actor = requireActor(ctx);
  const unitId = ownUnit(actor);
  // None of these is locked by the save: read side by side before its transaction (what READ
  // COMMITTED would show inside it), not one after the other on its one connection.
  const [found, duties, indicators] = await Promise.all([
    repo.findCampaignAndPeriod(deps.db, repo.campaignScopeOf(actor), campaignId, period),
    unitDuties(deps.db, campaignId, unitId),
    campaignIndicators(deps.db, campaignId),
  ]);
  if (!found) throw notFound('专项行动');
  const { campaign, closed } = found;
  const settings = settingsOf(campaign);
  const { dueDate } = checkPeriodOpen(campaign, period, settings, deps.clock.today(), closed);
  // A draft save drops only the cached views that show drafts (the dashboard), not the form's parts.
  const saved = await campaignWrite(deps, campaignId, (tx) => saveTx(deps, tx, ctx, actor, campaign, { dueDate, duties, indicators }, period, input), { draftSave: true });
  return buildReportView(deps, actor, campaign, settings, saved.report.unitId, saved.report.period, saved.report, saved.known);
}

/** Submit (or resubmit after a return). With a body, saves it first in the same transaction. */
export async function submitReport(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string, body: ReportSave | undefined): Promise<ReportView> {
  const input = body && Object.keys(body).length ? body : null;
  const id = await campaignWrite(deps, campaignId, async (tx) => {
    const now = deps.clock.now();
    const { actor, campaign, settings } = await loadForUnit(tx, ctx, campaignId);
    let report: ReportRow | undefined;
    let saved: Saved | undefined;
    if (input) {
      saved = await saveTx(deps, tx, ctx, actor, campaign, await readForSave(deps, tx, campaign, settings, period, actor.unitId!), period, input);
      report = saved.report;
    } else {
      await assertPeriodOpen(tx, campaign, period, settings, deps.clock.today());
      const r = await repo.findReportOf(tx, campaignId, actor.unitId!, period);
      report = r ? await repo.lockReport(tx, { kind: 'unit', unitId: actor.unitId!, regionCode: actor.regionCode }, r.id) : undefined;
    }
    if (!report) throw new AppError('VALIDATION', '请先填写并保存本月报告', [{ path: 'summary', message: '请先填写本月工作开展情况' }]);
    refuseLocked(report);
    const entries = await repo.entriesOfReport(tx, report.id);
    const duties = saved?.known.duties ?? (await repo.dutiesOfUnit(tx, campaignId, report.unitId));
    if (!report.summary.trim() && entries.length === 0) throw invalidField('summary', '请填写本月工作开展情况，或至少填报一个事项的进展');
    // 滞后 must be explained (why, and what is being done about it): every such item is named.
    const order = input?.entries?.length ? input.entries.map((e) => e.itemId) : duties.map((d) => d.itemId);
    const unexplained = entries.filter((e) => e.status === '滞后' && !e.narrative.trim());
    if (unexplained.length) {
      const named = unexplained.map((e) => {
        const d = duties.find((x) => x.itemId === e.itemId);
        return { e, label: itemLabel(d?.nodeId ?? '', d?.title ?? '', 22), i: order.indexOf(e.itemId) };
      });
      const list = named.slice(0, 10).map((x) => x.label).join('、') + (named.length > 10 ? `等 ${named.length} 项` : '');
      throw new AppError(
        'VALIDATION',
        `${named.length} 个事项标为滞后，请说明原因和措施：${list}`,
        named.map((x) => ({ path: x.i >= 0 ? `entries.${x.i}.narrative` : 'entries', message: `${x.label}标为滞后，请说明原因和措施` })),
      );
    }
    const resubmit = report.status === 'returned';
    const first = report.firstSubmittedAt ?? now;
    const after = await repo.updateReportRow(
      tx,
      report.id,
      {
        status: 'submitted',
        submittedAt: now,
        submittedBy: actor.userId,
        firstSubmittedAt: first,
        // Timeliness is judged on the first submission: a resubmission after a return is not late.
        late: report.firstSubmittedAt ? report.late : isLate(now, report.dueDate),
      },
      now,
    );
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
  const id = await campaignWrite(deps, campaignId, async (tx) => {
    const { actor, campaign, settings } = await loadForUnit(tx, ctx, campaignId);
    const now = deps.clock.now();
    await assertPeriodOpen(tx, campaign, period, settings, deps.clock.today());
    const r = await repo.findReportOf(tx, campaignId, actor.unitId!, period);
    const report = r ? await repo.lockReport(tx, { kind: 'unit', unitId: actor.unitId!, regionCode: actor.regionCode }, r.id) : undefined;
    if (!report) throw notFound('报告');
    if (report.status !== 'submitted') throw new AppError('CONFLICT', report.status === 'accepted' ? '报告已采纳，不能撤回' : '报告尚未提交，无需撤回');
    const after = await repo.updateReportRow(tx, report.id, { status: report.returnCount > 0 ? 'returned' : 'draft' }, now);
    await repo.insertReview(tx, { reportId: report.id, campaignId, action: 'withdraw', actorUserId: actor.userId, actorName: actor.displayName, at: now });
    await recordAudit(tx, ctx, { action: 'campaign_report.withdraw', entity: 'campaign_report', entityId: report.id, regionCode: report.regionCode, before: { status: report.status }, after: { status: after.status } });
    return report.id;
  });
  return getReport(deps, ctx, id);
}

// ---------- attachments ----------

/** Attach a file to one of the unit's items in the month's report (a draft is started if there is none). */
export async function addAttachment(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string, itemId: string, upload: Upload): Promise<Attachment & { itemId: string }> {
  return campaignWrite(deps, campaignId, async (tx) => {
    const { actor, campaign, settings } = await loadForUnit(tx, ctx, campaignId);
    const now = deps.clock.now();
    const { dueDate } = await assertPeriodOpen(tx, campaign, period, settings, deps.clock.today());
    const duties = await repo.dutiesOfUnit(tx, campaignId, actor.unitId!);
    const duty = duties.find((d) => d.itemId === itemId);
    if (!duty) throw invalidField('itemId', '不是本单位承担的事项');
    const { row: report } = await repo.ensureReport(tx, { campaignId, unitId: actor.unitId!, period, regionCode: actor.regionCode, status: 'draft', dueDate, createdAt: now, updatedAt: now });
    refuseLocked(report);
    const entries = await repo.entriesOfReport(tx, report.id);
    let entry = entries.find((e) => e.itemId === itemId);
    if (!entry) {
      const prev = await repo.previousStatuses(tx, campaignId, actor.unitId!, period);
      await repo.upsertEntries(tx, { reportId: report.id, campaignId, unitId: actor.unitId!, period }, [{ itemId, status: prev.get(itemId) ?? duty.status ?? '未开始', narrative: '' }], now);
      entry = (await repo.entriesOfReport(tx, report.id)).find((e) => e.itemId === itemId)!;
    }
    const list = (entry.attachments as Attachment[]) ?? [];
    if (list.length >= MAX_ATTACHMENTS_PER_ITEM) throw new AppError('CONFLICT', `每个事项最多 ${MAX_ATTACHMENTS_PER_ITEM} 个附件`);
    const maxBytes = Math.min(settings.attachmentMaxMb * 1024 * 1024, deps.config.uploadMaxBytes);
    const f = await storeFile(tx, ctx, { name: upload.fileName, data: upload.buffer, purpose: 'campaign.report', allowed: REPORT_ATTACHMENT_KINDS, maxBytes, regionCode: report.regionCode });
    const att: Attachment = { id: f.id, name: f.name, mime: f.mime, size: f.size };
    await repo.setEntryAttachments(tx, report.id, itemId, [...list, att], now);
    await repo.updateReportRow(tx, report.id, {}, now);
    await recordAudit(tx, ctx, { action: 'campaign_report.attach', entity: 'campaign_report', entityId: report.id, regionCode: report.regionCode, after: { itemId, file: att } });
    return { ...att, itemId };
  });
}

export async function removeAttachment(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string, itemId: string, fileId: string): Promise<{ ok: true }> {
  return campaignWrite(deps, campaignId, async (tx) => {
    const { actor, campaign, settings } = await loadForUnit(tx, ctx, campaignId);
    const now = deps.clock.now();
    await assertPeriodOpen(tx, campaign, period, settings, deps.clock.today());
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
      now,
    );
    await repo.updateReportRow(tx, report.id, {}, now);
    await recordAudit(tx, ctx, { action: 'campaign_report.detach', entity: 'campaign_report', entityId: report.id, regionCode: report.regionCode, before: { itemId, file: gone } });
    return { ok: true as const };
  });
}
