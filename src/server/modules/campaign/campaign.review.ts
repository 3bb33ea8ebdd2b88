import { requireActor, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { newWorkbook, xlsxHeaderStyle } from '../../platform/excel';
import { AppError, invalidField, notFound } from '../../platform/errors';
import { notify } from '../../platform/notifications';
import { DUTY_ROLE_LABELS } from '../../../shared/campaign/duties';
import { dueDateOf, periodLabel } from '../../../shared/campaign/periods';
import type { ItemStatus, ReviewInputBody } from '../../../shared/contracts/campaign';
import type { Consolidated, ReportView } from '../../../shared/contracts/campaign.views';
import * as repo from './repo';
import { assertPeriodInRange, loadCampaign } from './campaign.common';
import { getReport, monthStatus } from './campaign.reports';
import { loadUnits } from './campaign.units';
import { campaignWrite } from './campaign.cache';

/** The office's side of the monthly reports: review (采纳 / 退回) and the district's month (全区汇总, JSON and Excel). */

/**
 * Accept a submitted report (its statuses become the ledger's), or return a submitted or accepted
 * one with a comment (whole, or per item) for correction; the unit is notified either way.
 */
export async function reviewReport(deps: AppDeps, ctx: RequestContext, reportId: string, action: 'accept' | 'return', input: ReviewInputBody = {}): Promise<ReportView> {
  await campaignWrite<string>(deps, (campaignId) => campaignId, async (tx) => {
    const actor = requireActor(ctx);
    const now = deps.clock.now();
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
      for (const k of Object.keys(itemComments)) if (!ids.has(k)) throw invalidField(`itemComments.${k}`, '该事项不在此报告中');
    }
    const after = await repo.updateReportRow(
      tx,
      report.id,
      {
        status: action === 'accept' ? 'accepted' : 'returned',
        reviewedAt: now,
        reviewedBy: actor.userId,
        reviewComment: comment,
        ...(action === 'return' ? { returnCount: report.returnCount + 1 } : {}),
      },
      now,
    );
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
      at: now,
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
    return campaign.id;
  });
  return getReport(deps, ctx, reportId);
}

// ---------- consolidated month (全区汇总) ----------

/** The district's month (全区汇总): every work item, its lead units, and what each unit filed on it (submitted or accepted). */
export async function consolidated(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string): Promise<Consolidated> {
  const { campaign, settings, scope } = await loadCampaign(deps, ctx, campaignId);
  assertPeriodInRange(campaign, period);
  const units = await loadUnits(deps.db);
  const [items, entries, status] = await Promise.all([
    repo.workItemsWithLeads(deps.db, campaignId, units.order),
    repo.consolidatedEntries(deps.db, campaignId, period, units.order),
    monthStatus(deps, scope, campaign, settings, period, units),
  ]);
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
      leads: (i.leadUnitIds ?? []).map((id) => units.name(id)).join('、'),
      status: i.status,
      entries: (byItem.get(i.itemId) ?? []).map((e) => ({
        unitId: e.unitId,
        unitName: units.name(e.unitId),
        role: e.role,
        reportStatus: e.reportStatus as 'submitted' | 'accepted',
        status: e.status as ItemStatus,
        narrative: e.narrative,
        attachments: Number(e.attachments),
      })),
    })),
  };
}

/** The month's 汇总表 as Excel: one row per item, the lead's report first, then co/属地 units. */
export async function consolidatedXlsx(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string): Promise<Buffer> {
  const c = await consolidated(deps, ctx, campaignId, period);
  const wb = await newWorkbook();
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
    const lines = i.entries.map((e) => `【${e.unitName}${e.role ? `·${DUTY_ROLE_LABELS[e.role]}` : ''}｜${e.status}】${e.narrative}`);
    const row = ws.addRow([k + 1, i.nodeId, i.taskTitle, i.title, i.leads, i.status ?? '', i.entries.length, lines.join('\n') || '（本月无报送）']);
    row.alignment = { vertical: 'top', wrapText: true };
  });
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

