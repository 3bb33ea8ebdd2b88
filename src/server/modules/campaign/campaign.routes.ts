import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { attachmentHeader, DOCX_MIME, XLSX_MIME } from '../../platform/excel';
import { readUpload } from '../../platform/files';
import { Uuid } from '../../../shared/contracts/common';
import {
  AssessmentQuery,
  AssignmentsPut,
  CampaignCreate,
  CampaignSettingsPatch,
  CampaignUpdate,
  IndicatorCreate,
  IndicatorUpdate,
  LIST_KINDS,
  ListEntryCreate,
  ListQuery,
  MilestonesPut,
  Period,
  PhasesPut,
  ReportQuery,
  ReportSave,
  ReviewInput,
  SummaryCreate,
  SummaryUpdate,
  TaskCreate,
  TaskUpdate,
  VetoPut,
} from '../../../shared/contracts/campaign';
import * as service from './campaign.service';
import * as reports from './campaign.reports';
import * as stats from './campaign.stats';
import * as lists from './campaign.lists';
import * as summaries from './campaign.summaries';
import { importPlanFile } from './campaign.import';

const Id = z.object({ id: Uuid });
const IdPeriod = z.object({ id: Uuid, period: Period });
const IdTask = z.object({ id: Uuid, taskId: Uuid });
const IdIndicator = z.object({ id: Uuid, indicatorId: Uuid });
const IdUnit = z.object({ id: Uuid, unitId: Uuid });
const IdSummary = z.object({ id: Uuid, sid: Uuid });
const ReportId = z.object({ reportId: Uuid });
const EntryId = z.object({ entryId: Uuid });
const FromPlanBody = z.object({ plan: z.any(), name: z.string().optional(), sourceDraftId: z.string().optional() });

type P<T extends z.ZodType> = z.infer<T>;

/** Thin routes: parse, call the service, present. Permissions per route; scopes in the services/repo. */
export async function campaignRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const read = { permission: 'campaign.read' };
  const manage = { permission: 'campaign.manage' };
  const report = { permission: 'campaign.report' };
  const review = { permission: 'campaign.review' };

  // ---------- campaigns ----------
  app.get('/api/campaigns', { config: read, schema: { summary: '专项行动列表' } }, async (req) => service.listCampaigns(deps, req.ctx));
  app.post('/api/campaigns', { config: manage, schema: { summary: '新建专项行动（手工）', body: CampaignCreate } }, async (req, reply) => reply.status(201).send(await service.createCampaign(deps, req.ctx, req.body)));
  app.post('/api/campaigns/from-plan', { config: manage, schema: { summary: '由解析后的方案创建专项行动（任务分解、责任单位、时间节点、指标、阶段）', body: FromPlanBody } }, async (req, reply) =>
    reply.status(201).send(await service.createCampaignFromPlan(deps, req.ctx, req.body as never)),
  );
  app.post('/api/campaigns/import', { config: manage, schema: { summary: '上传方案文件（.txt/.docx）直接创建专项行动' } }, async (req, reply) => {
    const upload = await readUpload(req, { maxBytes: Math.min(deps.config.uploadMaxBytes, 10 * 1024 * 1024) });
    return reply.status(201).send(await importPlanFile(deps, req.ctx, upload));
  });
  app.get('/api/campaigns/my-tasks', { config: read, schema: { summary: '我的任务：本单位事项、本月到期、逾期事项、当月报送状态' } }, async (req) => stats.myTasks(deps, req.ctx));
  app.get('/api/campaigns/:id', { config: read, schema: { summary: '专项行动详情', params: Id } }, async (req) => service.getCampaign(deps, req.ctx, (req.params as P<typeof Id>).id));
  app.patch('/api/campaigns/:id', { config: manage, schema: { summary: '修改专项行动', params: Id, body: CampaignUpdate } }, async (req) => service.updateCampaign(deps, req.ctx, (req.params as P<typeof Id>).id, req.body));
  app.patch('/api/campaigns/:id/settings', { config: manage, schema: { summary: '报送截止日、提醒、考核权重等设置', params: Id, body: CampaignSettingsPatch } }, async (req) =>
    service.updateSettings(deps, req.ctx, (req.params as P<typeof Id>).id, req.body),
  );
  app.post('/api/campaigns/:id/archive', { config: manage, schema: { summary: '归档（全部月份停止报送）', params: Id } }, async (req) => service.setArchived(deps, req.ctx, (req.params as P<typeof Id>).id, true));
  app.post('/api/campaigns/:id/unarchive', { config: manage, schema: { summary: '取消归档', params: Id } }, async (req) => service.setArchived(deps, req.ctx, (req.params as P<typeof Id>).id, false));
  app.get('/api/campaigns/:id/history', { config: manage, schema: { summary: '专项行动变更记录', params: Id } }, async (req) => service.campaignHistory(deps, req.ctx, (req.params as P<typeof Id>).id));

  // ---------- task tree ----------
  app.get('/api/campaigns/:id/tree', { config: read, schema: { summary: '任务分解表（任务树、责任单位、时间节点、指标）', params: Id } }, async (req) => service.getTree(deps, req.ctx, (req.params as P<typeof Id>).id));
  app.post('/api/campaigns/:id/tasks', { config: manage, schema: { summary: '新增任务/事项', params: Id, body: TaskCreate } }, async (req, reply) =>
    reply.status(201).send(await service.addTask(deps, req.ctx, (req.params as P<typeof Id>).id, req.body)),
  );
  app.patch('/api/campaigns/:id/tasks/:taskId', { config: manage, schema: { summary: '修改任务/事项', params: IdTask, body: TaskUpdate } }, async (req) => {
    const p = req.params as P<typeof IdTask>;
    return service.updateTask(deps, req.ctx, p.id, p.taskId, req.body);
  });
  app.delete('/api/campaigns/:id/tasks/:taskId', { config: manage, schema: { summary: '删除任务/事项（含下级；已有报送的不能删除）', params: IdTask } }, async (req) => {
    const p = req.params as P<typeof IdTask>;
    return service.deleteTask(deps, req.ctx, p.id, p.taskId);
  });
  app.put('/api/campaigns/:id/tasks/:taskId/assignments', { config: manage, schema: { summary: '设置牵头、配合单位和属地责任', params: IdTask, body: AssignmentsPut } }, async (req) => {
    const p = req.params as P<typeof IdTask>;
    return service.putAssignments(deps, req.ctx, p.id, p.taskId, req.body);
  });
  app.put('/api/campaigns/:id/tasks/:taskId/milestones', { config: manage, schema: { summary: '设置时间节点', params: IdTask, body: MilestonesPut } }, async (req) => {
    const p = req.params as P<typeof IdTask>;
    return service.putMilestones(deps, req.ctx, p.id, p.taskId, req.body);
  });
  app.put('/api/campaigns/:id/phases', { config: manage, schema: { summary: '设置阶段', params: Id, body: PhasesPut } }, async (req) => service.putPhases(deps, req.ctx, (req.params as P<typeof Id>).id, req.body));
  app.post('/api/campaigns/:id/indicators', { config: manage, schema: { summary: '新增目标指标', params: Id, body: IndicatorCreate } }, async (req, reply) =>
    reply.status(201).send(await service.createIndicator(deps, req.ctx, (req.params as P<typeof Id>).id, req.body)),
  );
  app.patch('/api/campaigns/:id/indicators/:indicatorId', { config: manage, schema: { summary: '修改目标指标', params: IdIndicator, body: IndicatorUpdate } }, async (req) => {
    const p = req.params as P<typeof IdIndicator>;
    return service.updateIndicator(deps, req.ctx, p.id, p.indicatorId, req.body);
  });
  app.delete('/api/campaigns/:id/indicators/:indicatorId', { config: manage, schema: { summary: '删除目标指标（无填报数据时）', params: IdIndicator } }, async (req) => {
    const p = req.params as P<typeof IdIndicator>;
    return service.deleteIndicator(deps, req.ctx, p.id, p.indicatorId);
  });

  // ---------- periods ----------
  app.get('/api/campaigns/:id/periods', { config: read, schema: { summary: '报送月份（截止日、封账状态、报送统计）', params: Id } }, async (req) => service.listPeriods(deps, req.ctx, (req.params as P<typeof Id>).id));
  app.post('/api/campaigns/:id/periods/:period/close', { config: manage, schema: { summary: '封账', params: IdPeriod } }, async (req) => {
    const p = req.params as P<typeof IdPeriod>;
    return service.closePeriod(deps, req.ctx, p.id, p.period, req.body);
  });
  app.post('/api/campaigns/:id/periods/:period/reopen', { config: manage, schema: { summary: '解除封账', params: IdPeriod } }, async (req) => {
    const p = req.params as P<typeof IdPeriod>;
    return service.reopenPeriod(deps, req.ctx, p.id, p.period);
  });
  app.get('/api/campaigns/:id/periods/:period/status', { config: read, schema: { summary: '某月各单位报送状态（含未报）', params: IdPeriod } }, async (req) => {
    const p = req.params as P<typeof IdPeriod>;
    return reports.periodStatus(deps, req.ctx, p.id, p.period);
  });
  app.get('/api/campaigns/:id/periods/:period/consolidated', { config: review, schema: { summary: '全区月度汇总（逐项：牵头单位及配合、属地单位报送）', params: IdPeriod } }, async (req) => {
    const p = req.params as P<typeof IdPeriod>;
    return reports.consolidated(deps, req.ctx, p.id, p.period);
  });
  app.get('/api/campaigns/:id/periods/:period/consolidated.xlsx', { config: review, schema: { summary: '全区月度汇总表（Excel）', params: IdPeriod } }, async (req, reply) => {
    const p = req.params as P<typeof IdPeriod>;
    const buf = await reports.consolidatedXlsx(deps, req.ctx, p.id, p.period);
    return reply.header('Content-Type', XLSX_MIME).header('Content-Disposition', attachmentHeader(`${p.period}月度工作进展汇总表.xlsx`)).send(buf);
  });

  // ---------- monthly reports ----------
  app.get('/api/campaigns/:id/reports', { config: read, schema: { summary: '月度报告列表', params: Id, querystring: ReportQuery } }, async (req) => reports.listReports(deps, req.ctx, (req.params as P<typeof Id>).id, req.query));
  app.get('/api/campaigns/:id/reports/:period', { config: read, schema: { summary: '本单位某月报告（填报表单；安委办可指定单位）', params: IdPeriod, querystring: z.object({ unitId: Uuid.optional() }) } }, async (req) => {
    const p = req.params as P<typeof IdPeriod>;
    return reports.getReportForm(deps, req.ctx, p.id, p.period, (req.query as { unitId?: string }).unitId);
  });
  app.put('/api/campaigns/:id/reports/:period', { config: report, schema: { summary: '保存草稿', params: IdPeriod, body: ReportSave } }, async (req) => {
    const p = req.params as P<typeof IdPeriod>;
    return reports.saveReport(deps, req.ctx, p.id, p.period, req.body);
  });
  app.post('/api/campaigns/:id/reports/:period/submit', { config: report, schema: { summary: '提交（或退回后重新提交）；可同时保存', params: IdPeriod, body: ReportSave.optional() } }, async (req) => {
    const p = req.params as P<typeof IdPeriod>;
    return reports.submitReport(deps, req.ctx, p.id, p.period, req.body);
  });
  app.post('/api/campaigns/:id/reports/:period/withdraw', { config: report, schema: { summary: '撤回（审核前）', params: IdPeriod } }, async (req) => {
    const p = req.params as P<typeof IdPeriod>;
    return reports.withdrawReport(deps, req.ctx, p.id, p.period);
  });
  app.post('/api/campaigns/:id/reports/:period/attachments', { config: report, schema: { summary: '上传事项附件（图片、PDF、Word、Excel；字段 itemId + file）', params: IdPeriod } }, async (req, reply) => {
    const p = req.params as P<typeof IdPeriod>;
    const upload = await readUpload(req, { maxBytes: deps.config.uploadMaxBytes });
    return reply.status(201).send(await reports.addAttachment(deps, req.ctx, p.id, p.period, upload));
  });
  const AttParams = z.object({ id: Uuid, period: Period, fileId: Uuid });
  app.delete('/api/campaigns/:id/reports/:period/attachments/:fileId', { config: report, schema: { summary: '删除事项附件', params: AttParams, querystring: z.object({ itemId: Uuid }) } }, async (req) => {
    const p = req.params as P<typeof AttParams>;
    return reports.removeAttachment(deps, req.ctx, p.id, p.period, (req.query as { itemId: string }).itemId, p.fileId);
  });
  app.get('/api/campaign-reports/:reportId', { config: read, schema: { summary: '月度报告详情', params: ReportId } }, async (req) => reports.getReport(deps, req.ctx, (req.params as P<typeof ReportId>).reportId));
  app.get('/api/campaign-reports/:reportId/history', { config: read, schema: { summary: '报告审核与修改记录', params: ReportId } }, async (req) => reports.reportHistory(deps, req.ctx, (req.params as P<typeof ReportId>).reportId));
  app.post('/api/campaign-reports/:reportId/accept', { config: review, schema: { summary: '审核采纳', params: ReportId, body: ReviewInput.optional() } }, async (req) =>
    reports.reviewReport(deps, req.ctx, (req.params as P<typeof ReportId>).reportId, 'accept', req.body),
  );
  app.post('/api/campaign-reports/:reportId/return', { config: review, schema: { summary: '退回修改（填写意见，可逐项）', params: ReportId, body: ReviewInput } }, async (req) =>
    reports.reviewReport(deps, req.ctx, (req.params as P<typeof ReportId>).reportId, 'return', req.body),
  );

  // ---------- dashboard, assessment, overdue ----------
  app.get('/api/campaigns/:id/dashboard', { config: read, schema: { summary: '驾驶舱：按任务、单位、阶段的完成情况，报送热力图，逾期，指标进度', params: Id } }, async (req) => stats.dashboard(deps, req.ctx, (req.params as P<typeof Id>).id));
  app.get('/api/campaigns/:id/assessment', { config: review, schema: { summary: '考核评估：得分、排名、一票否决', params: Id, querystring: AssessmentQuery } }, async (req) => stats.assessment(deps, req.ctx, (req.params as P<typeof Id>).id, req.query));
  app.put('/api/campaigns/:id/vetoes/:unitId', { config: manage, schema: { summary: '一票否决（须填写原因）', params: IdUnit, body: VetoPut } }, async (req) => {
    const p = req.params as P<typeof IdUnit>;
    return stats.setVeto(deps, req.ctx, p.id, p.unitId, req.body);
  });
  app.delete('/api/campaigns/:id/vetoes/:unitId', { config: manage, schema: { summary: '撤销一票否决', params: IdUnit } }, async (req) => {
    const p = req.params as P<typeof IdUnit>;
    return stats.clearVeto(deps, req.ctx, p.id, p.unitId);
  });
  app.get('/api/campaigns/:id/overdue', { config: read, schema: { summary: '逾期清单（逾期未报、逾期未完成）', params: Id } }, async (req) => stats.overdue(deps, req.ctx, (req.params as P<typeof Id>).id));
  app.get('/api/campaigns/:id/overdue/notice.docx', { config: manage, schema: { summary: '逾期情况通报（代拟稿，Word）', params: Id } }, async (req, reply) => {
    const d = await stats.overdueNoticeDocx(deps, req.ctx, (req.params as P<typeof Id>).id);
    return reply.header('Content-Type', DOCX_MIME).header('Content-Disposition', attachmentHeader(d.fileName)).send(d.buffer);
  });

  // ---------- 三个清单 ----------
  app.get('/api/campaigns/:id/lists', { config: read, schema: { summary: '三个清单（问题隐患、自查自纠、制度措施）', params: Id, querystring: ListQuery } }, async (req) => lists.listEntries(deps, req.ctx, (req.params as P<typeof Id>).id, req.query));
  app.post('/api/campaigns/:id/lists', { config: read, schema: { summary: '新增清单条目', params: Id, body: ListEntryCreate } }, async (req, reply) =>
    reply.status(201).send(await lists.createListEntry(deps, req.ctx, (req.params as P<typeof Id>).id, req.body)),
  );
  const ExportQuery = z.object({ kind: z.enum(LIST_KINDS).optional(), unitId: Uuid.optional() });
  app.get('/api/campaigns/:id/lists/export.xlsx', { config: read, schema: { summary: '导出三个清单（Excel，含时间表、路线图）', params: Id, querystring: ExportQuery } }, async (req, reply) => {
    const d = await lists.exportLists(deps, req.ctx, (req.params as P<typeof Id>).id, req.query as P<typeof ExportQuery>);
    return reply.header('Content-Type', XLSX_MIME).header('Content-Disposition', attachmentHeader(d.fileName)).send(d.buffer);
  });
  app.patch('/api/campaign-lists/:entryId', { config: read, schema: { summary: '修改清单条目', params: EntryId } }, async (req) => lists.updateListEntry(deps, req.ctx, (req.params as P<typeof EntryId>).entryId, req.body));
  app.delete('/api/campaign-lists/:entryId', { config: read, schema: { summary: '删除清单条目', params: EntryId } }, async (req) => lists.deleteListEntry(deps, req.ctx, (req.params as P<typeof EntryId>).entryId));

  // ---------- summaries ----------
  app.get('/api/campaigns/:id/summaries', { config: read, schema: { summary: '总结报告列表', params: Id } }, async (req) => summaries.listSummaries(deps, req.ctx, (req.params as P<typeof Id>).id));
  app.post('/api/campaigns/:id/summaries', { config: read, schema: { summary: '生成总结草稿（季度、半年、年度、全面总结评估）', params: Id, body: SummaryCreate } }, async (req, reply) =>
    reply.status(201).send(await summaries.createSummary(deps, req.ctx, (req.params as P<typeof Id>).id, req.body)),
  );
  app.get('/api/campaigns/:id/summaries/:sid', { config: read, schema: { summary: '总结详情', params: IdSummary } }, async (req) => {
    const p = req.params as P<typeof IdSummary>;
    return summaries.getSummary(deps, req.ctx, p.id, p.sid);
  });
  app.patch('/api/campaigns/:id/summaries/:sid', { config: read, schema: { summary: '修改总结（标题、主送、各部分内容）', params: IdSummary, body: SummaryUpdate } }, async (req) => {
    const p = req.params as P<typeof IdSummary>;
    return summaries.updateSummary(deps, req.ctx, p.id, p.sid, req.body);
  });
  app.post('/api/campaigns/:id/summaries/:sid/recompile', { config: read, schema: { summary: '按最新数据重新生成（草稿）', params: IdSummary } }, async (req) => {
    const p = req.params as P<typeof IdSummary>;
    return summaries.recompileSummary(deps, req.ctx, p.id, p.sid);
  });
  app.post('/api/campaigns/:id/summaries/:sid/finalize', { config: read, schema: { summary: '定稿', params: IdSummary } }, async (req) => {
    const p = req.params as P<typeof IdSummary>;
    return summaries.setSummaryStatus(deps, req.ctx, p.id, p.sid, 'final');
  });
  app.post('/api/campaigns/:id/summaries/:sid/reopen', { config: read, schema: { summary: '退回草稿', params: IdSummary } }, async (req) => {
    const p = req.params as P<typeof IdSummary>;
    return summaries.setSummaryStatus(deps, req.ctx, p.id, p.sid, 'draft');
  });
  app.delete('/api/campaigns/:id/summaries/:sid', { config: read, schema: { summary: '删除总结草稿', params: IdSummary } }, async (req) => {
    const p = req.params as P<typeof IdSummary>;
    return summaries.deleteSummary(deps, req.ctx, p.id, p.sid);
  });
  app.get('/api/campaigns/:id/summaries/:sid/document.docx', { config: read, schema: { summary: '下载总结（Word，公文格式）', params: IdSummary } }, async (req, reply) => {
    const p = req.params as P<typeof IdSummary>;
    const d = await summaries.summaryDocx(deps, req.ctx, p.id, p.sid);
    return reply.header('Content-Type', DOCX_MIME).header('Content-Disposition', attachmentHeader(d.fileName)).send(d.buffer);
  });
}
