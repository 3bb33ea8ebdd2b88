import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { registerApi } from '../../platform/api';
import type { AppDeps } from '../../platform/deps';
import { parseOrThrow } from '../../platform/errors';
import { readUpload, type Upload } from '../../platform/files';
import { campaignApi } from '../../../shared/contracts/campaign.api';
import { AttachmentFields, PlanUploadFields } from '../../../shared/contracts/campaign';
import * as campaigns from './campaign.service';
import * as tree from './campaign.tree';
import * as indicators from './campaign.indicators';
import * as periods from './campaign.periods';
import * as reports from './campaign.reports';
import * as filing from './campaign.filing';
import * as review from './campaign.review';
import * as lists from './campaign.lists';
import * as summaries from './campaign.summaries';
import { dashboard } from './campaign.dashboard';
import { assessment, clearVeto, setVeto } from './campaign.assessment';
import { myTasks, overdue, overdueNoticeDocx } from './campaign.overdue';
import { importCampaignPlan } from './campaign.plan';
import { importPlanFile } from './campaign.import';

/**
 * Thin routes: the contract table (shared/contracts/campaign.api.ts) checked the permission and
 * validated params, query and body; the services apply the scope and the rules.
 */
export async function campaignRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const MiB = 1024 * 1024;
  /** A multipart upload and its text fields, validated by the contract's field schema. */
  const upload = async <F extends z.ZodObject>(req: Parameters<typeof readUpload>[0], maxBytes: number, fields: F): Promise<{ file: Upload; fields: z.output<F> }> => {
    const file = await readUpload(req, { maxBytes, field: 'file' });
    return { file, fields: parseOrThrow(fields, file.fields) };
  };

  registerApi(app, campaignApi, {
    // ---------- campaigns ----------
    list: ({ ctx }) => campaigns.listCampaigns(deps, ctx),
    create: ({ ctx, body }) => campaigns.createCampaign(deps, ctx, body),
    createFromPlan: ({ ctx, body }) => importCampaignPlan(deps, ctx, body),
    importPlan: async ({ ctx, req }) => {
      const u = await upload(req, Math.min(deps.config.uploadMaxBytes, 10 * MiB), PlanUploadFields);
      return importPlanFile(deps, ctx, u.file, u.fields);
    },
    myTasks: ({ ctx }) => myTasks(deps, ctx),
    get: ({ ctx, params }) => campaigns.getCampaign(deps, ctx, params.id),
    update: ({ ctx, params, body }) => campaigns.updateCampaign(deps, ctx, params.id, body),
    updateSettings: ({ ctx, params, body }) => campaigns.updateSettings(deps, ctx, params.id, body),
    archive: ({ ctx, params }) => campaigns.setArchived(deps, ctx, params.id, true),
    unarchive: ({ ctx, params }) => campaigns.setArchived(deps, ctx, params.id, false),
    history: ({ ctx, params }) => campaigns.campaignHistory(deps, ctx, params.id),

    // ---------- task tree ----------
    tree: ({ ctx, params }) => tree.getTree(deps, ctx, params.id),
    addTask: ({ ctx, params, body }) => tree.addTask(deps, ctx, params.id, body),
    updateTask: ({ ctx, params, body }) => tree.updateTask(deps, ctx, params.id, params.taskId, body),
    deleteTask: ({ ctx, params }) => tree.deleteTask(deps, ctx, params.id, params.taskId),
    putAssignments: ({ ctx, params, body }) => tree.putAssignments(deps, ctx, params.id, params.taskId, body),
    putMilestones: ({ ctx, params, body }) => tree.putMilestones(deps, ctx, params.id, params.taskId, body),
    putPhases: ({ ctx, params, body }) => tree.putPhases(deps, ctx, params.id, body),
    createIndicator: ({ ctx, params, body }) => indicators.createIndicator(deps, ctx, params.id, body),
    updateIndicator: ({ ctx, params, body }) => indicators.updateIndicator(deps, ctx, params.id, params.indicatorId, body),
    deleteIndicator: ({ ctx, params }) => indicators.deleteIndicator(deps, ctx, params.id, params.indicatorId),

    // ---------- periods ----------
    periods: ({ ctx, params }) => periods.listPeriods(deps, ctx, params.id),
    closePeriod: ({ ctx, params, body }) => periods.closePeriod(deps, ctx, params.id, params.period, body),
    reopenPeriod: ({ ctx, params }) => periods.reopenPeriod(deps, ctx, params.id, params.period),
    periodStatus: ({ ctx, params }) => reports.periodStatus(deps, ctx, params.id, params.period),
    consolidated: ({ ctx, params }) => review.consolidated(deps, ctx, params.id, params.period),
    consolidatedXlsx: async ({ ctx, params }) => ({ body: await review.consolidatedXlsx(deps, ctx, params.id, params.period), fileName: `${params.period}月度工作进展汇总表.xlsx` }),

    // ---------- monthly reports ----------
    reports: ({ ctx, params, query }) => reports.listReports(deps, ctx, params.id, query),
    reportForm: ({ ctx, params, query }) => reports.getReportForm(deps, ctx, params.id, params.period, query.unitId),
    saveReport: ({ ctx, params, body }) => filing.saveReport(deps, ctx, params.id, params.period, body),
    submitReport: ({ ctx, params, body }) => filing.submitReport(deps, ctx, params.id, params.period, body),
    withdrawReport: ({ ctx, params }) => filing.withdrawReport(deps, ctx, params.id, params.period),
    addAttachment: async ({ ctx, params, req }) => {
      const u = await upload(req, deps.config.uploadMaxBytes, AttachmentFields);
      return filing.addAttachment(deps, ctx, params.id, params.period, u.fields.itemId, u.file);
    },
    removeAttachment: ({ ctx, params, query }) => filing.removeAttachment(deps, ctx, params.id, params.period, query.itemId, params.fileId),
    report: ({ ctx, params }) => reports.getReport(deps, ctx, params.reportId),
    reportHistory: ({ ctx, params }) => reports.reportHistory(deps, ctx, params.reportId),
    acceptReport: ({ ctx, params, body }) => review.reviewReport(deps, ctx, params.reportId, 'accept', body),
    returnReport: ({ ctx, params, body }) => review.reviewReport(deps, ctx, params.reportId, 'return', body),

    // ---------- dashboard, assessment, overdue ----------
    dashboard: ({ ctx, params }) => dashboard(deps, ctx, params.id),
    assessment: ({ ctx, params, query }) => assessment(deps, ctx, params.id, query),
    setVeto: ({ ctx, params, body }) => setVeto(deps, ctx, params.id, params.unitId, body),
    clearVeto: ({ ctx, params }) => clearVeto(deps, ctx, params.id, params.unitId),
    overdue: ({ ctx, params }) => overdue(deps, ctx, params.id),
    overdueNotice: async ({ ctx, params }) => {
      const d = await overdueNoticeDocx(deps, ctx, params.id);
      return { body: d.buffer, fileName: d.fileName };
    },

    // ---------- 三个清单 ----------
    lists: ({ ctx, params, query }) => lists.listEntries(deps, ctx, params.id, query),
    createListEntry: ({ ctx, params, body }) => lists.createListEntry(deps, ctx, params.id, body),
    exportLists: async ({ ctx, params, query }) => {
      const d = await lists.exportLists(deps, ctx, params.id, query);
      return { body: d.buffer, fileName: d.fileName };
    },
    updateListEntry: ({ ctx, params, body }) => lists.updateListEntry(deps, ctx, params.entryId, body),
    deleteListEntry: ({ ctx, params }) => lists.deleteListEntry(deps, ctx, params.entryId),

    // ---------- summaries ----------
    summaries: ({ ctx, params }) => summaries.listSummaries(deps, ctx, params.id),
    createSummary: ({ ctx, params, body }) => summaries.createSummary(deps, ctx, params.id, body),
    summary: ({ ctx, params }) => summaries.getSummary(deps, ctx, params.id, params.sid),
    updateSummary: ({ ctx, params, body }) => summaries.updateSummary(deps, ctx, params.id, params.sid, body),
    recompileSummary: ({ ctx, params }) => summaries.recompileSummary(deps, ctx, params.id, params.sid),
    finalizeSummary: ({ ctx, params }) => summaries.setSummaryStatus(deps, ctx, params.id, params.sid, 'final'),
    reopenSummary: ({ ctx, params }) => summaries.setSummaryStatus(deps, ctx, params.id, params.sid, 'draft'),
    deleteSummary: ({ ctx, params }) => summaries.deleteSummary(deps, ctx, params.id, params.sid),
    summaryDocx: async ({ ctx, params }) => {
      const d = await summaries.summaryDocx(deps, ctx, params.id, params.sid);
      return { body: d.buffer, fileName: d.fileName };
    },
  });
}
