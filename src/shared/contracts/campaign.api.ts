import { z } from 'zod';
import { AuditListItem, DOCX_MIME, NoBody, Ok, XLSX_MIME, defineApi } from './endpoint';
import { Uuid } from './common';
import {
  AssessmentQuery,
  AssignmentsPut,
  AttachmentFields,
  AttachmentQuery,
  CampaignCreate,
  CampaignFromPlan,
  CampaignSettingsPatch,
  CampaignUpdate,
  ClosePeriodInput,
  IndicatorCreate,
  IndicatorUpdate,
  ListEntryCreate,
  ListEntryUpdate,
  ListExportQuery,
  ListQuery,
  MilestonesPut,
  Period,
  PhasesPut,
  PlanUploadFields,
  ReportFormQuery,
  ReportQuery,
  ReportSave,
  ReviewInput,
  SummaryCreate,
  SummaryUpdate,
  TaskCreate,
  TaskUpdate,
  VetoPut,
} from './campaign';
import {
  Assessment,
  AttachmentAdded,
  CampaignTree,
  CampaignView,
  Consolidated,
  CreateFromPlanResult,
  Dashboard,
  IndicatorView,
  ListEntryView,
  ListPage,
  MyTasks,
  Overdue,
  PeriodChange,
  PeriodRow,
  PeriodStatus,
  PlanUploadResult,
  ReportHistory,
  ReportPage,
  ReportView,
  SummaryView,
  TaskDeleted,
  TaskNodeView,
  VetoSet,
} from './campaign.views';

/**
 * The campaign ledger's API (专项整治台账): campaigns from a plan or by hand, the task tree with
 * its units, deadlines and indicators, monthly reports and their review, the month's district
 * report, dashboard, assessment, overdue lists, 三个清单 and summaries.
 *
 * Permissions: campaign.read (office, departments, streets, admin) sees the district's campaigns,
 * each unit its own records; campaign.manage (office, admin) steers; campaign.report (office,
 * departments, streets) files the own unit's reports; campaign.review (office, admin) reviews and
 * assesses; campaign.lists keeps a unit's 三个清单. Which unit's records a caller reaches is the
 * service's rule (scope), not the permission.
 */
const Id = z.object({ id: Uuid.meta({ description: '专项行动编号' }) });
const IdPeriod = Id.extend({ period: Period.meta({ description: '报送月份 YYYY-MM' }) });
const IdTask = Id.extend({ taskId: Uuid.meta({ description: '任务/事项编号' }) });
const IdIndicator = Id.extend({ indicatorId: Uuid.meta({ description: '指标编号' }) });
const IdUnit = Id.extend({ unitId: Uuid.meta({ description: '单位编号' }) });
const IdSummary = Id.extend({ sid: Uuid.meta({ description: '总结编号' }) });
const IdAttachment = IdPeriod.extend({ fileId: Uuid.meta({ description: '附件文件编号' }) });
const ReportId = z.object({ reportId: Uuid.meta({ description: '月度报告编号' }) });
const EntryId = z.object({ entryId: Uuid.meta({ description: '清单条目编号' }) });

const READ = 'campaign.read';
const MANAGE = 'campaign.manage';
const REPORT = 'campaign.report';
const REVIEW = 'campaign.review';
const LISTS = 'campaign.lists';

export const campaignApi = defineApi('campaign', {
  // ---------- campaigns ----------
  list: { method: 'GET', path: '/api/campaigns', permission: READ, summary: '专项行动列表', response: z.array(CampaignView) },
  create: { method: 'POST', path: '/api/campaigns', permission: MANAGE, summary: '新建专项行动（手工）', body: CampaignCreate, response: CampaignView, status: 201 },
  createFromPlan: {
    method: 'POST',
    path: '/api/campaigns/from-plan',
    permission: MANAGE,
    summary: '由解析后的方案创建专项行动（任务分解、责任单位、时间节点、指标、阶段）',
    body: CampaignFromPlan,
    response: CreateFromPlanResult,
    status: 201,
  },
  importPlan: {
    method: 'POST',
    path: '/api/campaigns/import',
    permission: MANAGE,
    summary: '上传方案文件（.txt/.docx）直接创建专项行动',
    body: { multipart: { files: { file: { description: '方案文件（.txt 任意中文编码，或 .docx）' } }, fields: PlanUploadFields } },
    response: PlanUploadResult,
    status: 201,
  },
  myTasks: { method: 'GET', path: '/api/campaigns/my-tasks', permission: READ, summary: '我的任务：本单位事项、本月到期、逾期事项、当月报送状态', response: MyTasks },
  get: { method: 'GET', path: '/api/campaigns/:id', permission: READ, summary: '专项行动详情', params: Id, response: CampaignView },
  update: { method: 'PATCH', path: '/api/campaigns/:id', permission: MANAGE, summary: '修改专项行动', params: Id, body: CampaignUpdate, response: CampaignView },
  updateSettings: { method: 'PATCH', path: '/api/campaigns/:id/settings', permission: MANAGE, summary: '报送截止日、提醒、考核权重等设置', params: Id, body: CampaignSettingsPatch, response: CampaignView },
  archive: { method: 'POST', path: '/api/campaigns/:id/archive', permission: MANAGE, summary: '归档（全部月份停止报送）', params: Id, body: NoBody, response: CampaignView },
  unarchive: { method: 'POST', path: '/api/campaigns/:id/unarchive', permission: MANAGE, summary: '取消归档', params: Id, body: NoBody, response: CampaignView },
  history: { method: 'GET', path: '/api/campaigns/:id/history', permission: MANAGE, summary: '专项行动变更记录', params: Id, response: z.array(AuditListItem) },

  // ---------- task tree ----------
  tree: { method: 'GET', path: '/api/campaigns/:id/tree', permission: READ, summary: '任务分解表（任务树、责任单位、时间节点、指标）', params: Id, response: CampaignTree },
  addTask: { method: 'POST', path: '/api/campaigns/:id/tasks', permission: MANAGE, summary: '新增任务/事项', params: Id, body: TaskCreate, response: TaskNodeView, status: 201 },
  updateTask: { method: 'PATCH', path: '/api/campaigns/:id/tasks/:taskId', permission: MANAGE, summary: '修改任务/事项', params: IdTask, body: TaskUpdate, response: TaskNodeView },
  deleteTask: { method: 'DELETE', path: '/api/campaigns/:id/tasks/:taskId', permission: MANAGE, summary: '删除任务/事项（含下级；已有报送的不能删除）', params: IdTask, response: TaskDeleted },
  putAssignments: {
    method: 'PUT',
    path: '/api/campaigns/:id/tasks/:taskId/assignments',
    permission: MANAGE,
    summary: '设置牵头、配合单位和属地责任',
    params: IdTask,
    body: AssignmentsPut,
    response: TaskNodeView,
  },
  putMilestones: { method: 'PUT', path: '/api/campaigns/:id/tasks/:taskId/milestones', permission: MANAGE, summary: '设置时间节点', params: IdTask, body: MilestonesPut, response: TaskNodeView },
  putPhases: { method: 'PUT', path: '/api/campaigns/:id/phases', permission: MANAGE, summary: '设置阶段', params: Id, body: PhasesPut, response: CampaignView },
  createIndicator: { method: 'POST', path: '/api/campaigns/:id/indicators', permission: MANAGE, summary: '新增目标指标', params: Id, body: IndicatorCreate, response: IndicatorView, status: 201 },
  updateIndicator: { method: 'PATCH', path: '/api/campaigns/:id/indicators/:indicatorId', permission: MANAGE, summary: '修改目标指标', params: IdIndicator, body: IndicatorUpdate, response: IndicatorView },
  deleteIndicator: { method: 'DELETE', path: '/api/campaigns/:id/indicators/:indicatorId', permission: MANAGE, summary: '删除目标指标（无填报数据时）', params: IdIndicator, response: Ok },

  // ---------- periods ----------
  periods: { method: 'GET', path: '/api/campaigns/:id/periods', permission: READ, summary: '报送月份（截止日、封账状态、报送统计）', params: Id, response: z.array(PeriodRow) },
  closePeriod: { method: 'POST', path: '/api/campaigns/:id/periods/:period/close', permission: MANAGE, summary: '封账', params: IdPeriod, body: ClosePeriodInput.optional(), response: PeriodChange },
  reopenPeriod: { method: 'POST', path: '/api/campaigns/:id/periods/:period/reopen', permission: MANAGE, summary: '解除封账', params: IdPeriod, body: NoBody, response: PeriodChange },
  periodStatus: { method: 'GET', path: '/api/campaigns/:id/periods/:period/status', permission: READ, summary: '某月各单位报送状态（含未报）', params: IdPeriod, response: PeriodStatus },
  consolidated: {
    method: 'GET',
    path: '/api/campaigns/:id/periods/:period/consolidated',
    permission: REVIEW,
    summary: '全区月度汇总（逐项：牵头单位及配合、属地单位报送）',
    params: IdPeriod,
    response: Consolidated,
  },
  consolidatedXlsx: {
    method: 'GET',
    path: '/api/campaigns/:id/periods/:period/consolidated.xlsx',
    permission: REVIEW,
    summary: '全区月度汇总表（Excel）',
    params: IdPeriod,
    response: { file: [XLSX_MIME], description: '月度工作进展汇总表 .xlsx（逐项一行）' },
  },

  // ---------- monthly reports ----------
  reports: { method: 'GET', path: '/api/campaigns/:id/reports', permission: READ, summary: '月度报告列表', params: Id, query: ReportQuery, response: ReportPage },
  reportForm: {
    method: 'GET',
    path: '/api/campaigns/:id/reports/:period',
    permission: READ,
    summary: '本单位某月报告（填报表单；安委办可指定单位）',
    params: IdPeriod,
    query: ReportFormQuery,
    response: ReportView,
  },
  saveReport: { method: 'PUT', path: '/api/campaigns/:id/reports/:period', permission: REPORT, summary: '保存草稿', params: IdPeriod, body: ReportSave, response: ReportView },
  submitReport: {
    method: 'POST',
    path: '/api/campaigns/:id/reports/:period/submit',
    permission: REPORT,
    summary: '提交（或退回后重新提交）；可同时保存',
    params: IdPeriod,
    body: ReportSave.optional(),
    response: ReportView,
  },
  withdrawReport: { method: 'POST', path: '/api/campaigns/:id/reports/:period/withdraw', permission: REPORT, summary: '撤回（审核前）', params: IdPeriod, body: NoBody, response: ReportView },
  addAttachment: {
    method: 'POST',
    path: '/api/campaigns/:id/reports/:period/attachments',
    permission: REPORT,
    summary: '上传事项附件（图片、PDF、Word、Excel；字段 itemId + file）',
    params: IdPeriod,
    body: { multipart: { files: { file: { description: '附件（JPG/PNG/WebP/GIF/PDF/Word/Excel）' } }, fields: AttachmentFields } },
    response: AttachmentAdded,
    status: 201,
  },
  removeAttachment: {
    method: 'DELETE',
    path: '/api/campaigns/:id/reports/:period/attachments/:fileId',
    permission: REPORT,
    summary: '删除事项附件',
    params: IdAttachment,
    query: AttachmentQuery,
    response: Ok,
  },
  report: { method: 'GET', path: '/api/campaign-reports/:reportId', permission: READ, summary: '月度报告详情', params: ReportId, response: ReportView },
  reportHistory: { method: 'GET', path: '/api/campaign-reports/:reportId/history', permission: READ, summary: '报告审核与修改记录', params: ReportId, response: ReportHistory },
  acceptReport: { method: 'POST', path: '/api/campaign-reports/:reportId/accept', permission: REVIEW, summary: '审核采纳', params: ReportId, body: ReviewInput.optional(), response: ReportView },
  returnReport: { method: 'POST', path: '/api/campaign-reports/:reportId/return', permission: REVIEW, summary: '退回修改（填写意见，可逐项）', params: ReportId, body: ReviewInput, response: ReportView },

  // ---------- dashboard, assessment, overdue ----------
  dashboard: { method: 'GET', path: '/api/campaigns/:id/dashboard', permission: READ, summary: '驾驶舱：按任务、单位、阶段的完成情况，报送热力图，逾期，指标进度', params: Id, response: Dashboard },
  assessment: { method: 'GET', path: '/api/campaigns/:id/assessment', permission: REVIEW, summary: '考核评估：得分、排名、一票否决', params: Id, query: AssessmentQuery, response: Assessment },
  setVeto: { method: 'PUT', path: '/api/campaigns/:id/vetoes/:unitId', permission: MANAGE, summary: '一票否决（须填写原因）', params: IdUnit, body: VetoPut, response: VetoSet },
  clearVeto: { method: 'DELETE', path: '/api/campaigns/:id/vetoes/:unitId', permission: MANAGE, summary: '撤销一票否决', params: IdUnit, response: Ok },
  overdue: { method: 'GET', path: '/api/campaigns/:id/overdue', permission: READ, summary: '逾期清单（逾期未报、逾期未完成）', params: Id, response: Overdue },
  overdueNotice: {
    method: 'GET',
    path: '/api/campaigns/:id/overdue/notice.docx',
    permission: MANAGE,
    summary: '逾期情况通报（代拟稿，Word）',
    params: Id,
    response: { file: [DOCX_MIME], description: '逾期情况通报代拟稿 .docx（公文格式）' },
  },

  // ---------- 三个清单 ----------
  lists: { method: 'GET', path: '/api/campaigns/:id/lists', permission: READ, summary: '三个清单（问题隐患、自查自纠、制度措施）', params: Id, query: ListQuery, response: ListPage },
  createListEntry: { method: 'POST', path: '/api/campaigns/:id/lists', permission: LISTS, summary: '新增清单条目', params: Id, body: ListEntryCreate, response: ListEntryView, status: 201 },
  exportLists: {
    method: 'GET',
    path: '/api/campaigns/:id/lists/export.xlsx',
    permission: READ,
    summary: '导出三个清单（Excel，含时间表、路线图）',
    params: Id,
    query: ListExportQuery,
    response: { file: [XLSX_MIME], description: '三个清单 .xlsx（每类清单一个工作表）' },
  },
  updateListEntry: { method: 'PATCH', path: '/api/campaign-lists/:entryId', permission: LISTS, summary: '修改清单条目', params: EntryId, body: ListEntryUpdate, response: ListEntryView },
  deleteListEntry: { method: 'DELETE', path: '/api/campaign-lists/:entryId', permission: LISTS, summary: '删除清单条目', params: EntryId, response: Ok },

  // ---------- summaries ----------
  summaries: { method: 'GET', path: '/api/campaigns/:id/summaries', permission: READ, summary: '总结报告列表', params: Id, response: z.array(SummaryView) },
  createSummary: {
    method: 'POST',
    path: '/api/campaigns/:id/summaries',
    permission: READ,
    summary: '生成总结草稿（季度、半年、年度、全面总结评估）',
    params: Id,
    body: SummaryCreate,
    response: SummaryView,
    status: 201,
  },
  summary: { method: 'GET', path: '/api/campaigns/:id/summaries/:sid', permission: READ, summary: '总结详情', params: IdSummary, response: SummaryView },
  updateSummary: { method: 'PATCH', path: '/api/campaigns/:id/summaries/:sid', permission: READ, summary: '修改总结（标题、主送、各部分内容）', params: IdSummary, body: SummaryUpdate, response: SummaryView },
  recompileSummary: { method: 'POST', path: '/api/campaigns/:id/summaries/:sid/recompile', permission: READ, summary: '按最新数据重新生成（草稿）', params: IdSummary, body: NoBody, response: SummaryView },
  finalizeSummary: { method: 'POST', path: '/api/campaigns/:id/summaries/:sid/finalize', permission: READ, summary: '定稿', params: IdSummary, body: NoBody, response: SummaryView },
  reopenSummary: { method: 'POST', path: '/api/campaigns/:id/summaries/:sid/reopen', permission: READ, summary: '退回草稿', params: IdSummary, body: NoBody, response: SummaryView },
  deleteSummary: { method: 'DELETE', path: '/api/campaigns/:id/summaries/:sid', permission: READ, summary: '删除总结草稿', params: IdSummary, response: Ok },
  summaryDocx: {
    method: 'GET',
    path: '/api/campaigns/:id/summaries/:sid/document.docx',
    permission: READ,
    summary: '下载总结（Word，公文格式）',
    params: IdSummary,
    response: { file: [DOCX_MIME], description: '总结 .docx（GB/T 9704 公文格式；草稿标注“草稿”）' },
  },
});
