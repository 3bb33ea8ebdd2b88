import { z } from 'zod';
import { AuditListItem, DOCX_MIME, StoredFile, XLSX_MIME, defineApi, type Endpoint } from './endpoint';
import { Uuid } from './common';
import {
  AcceptanceRequestInput,
  AcceptInput,
  ActionCreateInput,
  ActionUpdateInput,
  ConfirmInput,
  ExtensionDecisionInput,
  ExtensionRequestInput,
  FixOnSpotInput,
  GovernancePlanInput,
  HazardCreateBody,
  HazardPage,
  HazardQuery,
  HazardStandardView,
  HazardStatistics,
  HazardView,
  OpinionInput,
  PublicSupervisionList,
  RectificationInput,
  RegradeInput,
  ReportData,
  ReportQuery,
  ReportSubmission,
  ReportSubmissions,
  ReportSubmitInput,
  ResumeApplyInput,
  ResumeDecisionInput,
  StatsQuery,
  StopOrderInput,
  SupervisionInput,
} from './hazard';
import type { HazardStep } from '../hazard/workflow';

/**
 * The hazard module's API (事故隐患排查治理, 16号令): the ledger, registration, the closed loop's
 * steps (each entry carries its workflow step), statistics, the 统计分析表 and the public 挂牌督办 list.
 */
const Id = z.object({ id: Uuid.meta({ description: '隐患编号（UUID）' }) });
const ActionId = z.object({ id: Uuid, actionId: Uuid.meta({ description: '整改措施编号' }) });

const step = <S extends HazardStep, B extends z.ZodType>(s: S, path: string, summary: string, body: B, permission: 'hazard.work' | 'hazard.supervise' = 'hazard.work') =>
  ({ method: 'POST', path: `/api/hazards/:id/${path}`, permission, summary, params: Id, body, response: HazardView, step: s }) as const;

export const hazardApi = defineApi('hazard', {
  list: { method: 'GET', path: '/api/hazards', permission: 'hazard.read', summary: '隐患台账（筛选、排序、分页）', query: HazardQuery, response: HazardPage },
  create: {
    method: 'POST',
    path: '/api/hazards',
    permission: 'hazard.create',
    summary: '登记隐患（企业自查、检查发现、举报、物联预警；立查立改）',
    body: HazardCreateBody,
    response: HazardView,
    status: 201,
  },
  uploadPhoto: {
    method: 'POST',
    path: '/api/hazards/photos',
    permission: 'hazard.create',
    summary: '上传隐患照片（登记前，JPG/PNG/WebP/GIF，10 MB 以内）',
    body: { multipart: { files: { file: { description: '照片' } } } },
    response: StoredFile,
    status: 201,
  },
  uploadDocument: {
    method: 'POST',
    path: '/api/hazards/documents',
    permission: 'hazard.create',
    summary: '上传隐患材料（复产申请、评估报告：PDF/Word/Excel/图片）',
    body: { multipart: { files: { file: { description: '材料文件' } } } },
    response: StoredFile,
    status: 201,
  },
  standards: { method: 'GET', path: '/api/hazards/standards', permission: 'hazard.read', summary: '重大事故隐患判定标准（逐条）', response: z.array(HazardStandardView) },
  stats: { method: 'GET', path: '/api/hazards/stats', permission: 'hazard.stats', summary: '隐患统计：按状态、等级、属地、行业领域的整改率与超期率', query: StatsQuery, response: HazardStatistics },
  export: {
    method: 'GET',
    path: '/api/hazards/export.xlsx',
    permission: 'hazard.export',
    summary: '导出隐患台账（Excel，流式）',
    query: HazardQuery.partial(),
    response: { file: [XLSX_MIME], description: '隐患台账 .xlsx（筛选条件同台账）' },
  },
  report: {
    method: 'GET',
    path: '/api/hazards/report',
    permission: 'hazard.stats',
    summary: '隐患排查治理统计分析表（16号令第十四条；季度/年度，Excel 或 Word）',
    query: ReportQuery,
    response: { file: [XLSX_MIME, DOCX_MIME], description: '统计分析表 .xlsx 或 .docx（format 参数）' },
  },
  reportFigures: { method: 'GET', path: '/api/hazards/report/figures', permission: 'hazard.stats', summary: '统计分析表数据（预览）', query: ReportQuery, response: ReportData },
  submitReport: {
    method: 'POST',
    path: '/api/hazards/report/submit',
    permission: 'hazard.create',
    summary: '企业报送统计分析表（主要负责人签字确认）',
    body: ReportSubmitInput,
    response: ReportSubmission,
    status: 201,
  },
  reportSubmissions: {
    method: 'GET',
    path: '/api/hazards/report/submissions',
    permission: 'hazard.stats',
    summary: '统计分析表报送情况',
    query: ReportQuery.pick({ year: true, quarter: true }),
    response: ReportSubmissions,
  },
  publicSupervision: {
    method: 'GET',
    path: '/public/api/hazard-supervision',
    permission: null,
    summary: '重大事故隐患挂牌督办公示（公开，无个人信息）',
    response: PublicSupervisionList,
  },
  get: { method: 'GET', path: '/api/hazards/:id', permission: 'hazard.read', summary: '隐患详情', params: Id, response: HazardView },
  history: { method: 'GET', path: '/api/hazards/:id/history', permission: 'hazard.read', summary: '隐患审计记录', params: Id, response: z.array(AuditListItem) },
  addFile: {
    method: 'POST',
    path: '/api/hazards/:id/photos',
    permission: 'hazard.work',
    summary: '上传隐患照片或材料（kind=before 整改前 | after 整改后 | document 材料）',
    params: Id,
    body: {
      multipart: {
        files: { file: { description: '照片或材料' } },
        fields: z.object({ kind: z.enum(['before', 'after', 'document']).default('before').meta({ description: '照片类别' }) }),
      },
    },
    response: HazardView,
    status: 201,
    step: 'add_photo',
  },
  confirm: step('confirm', 'confirm', '确认定级（重大隐患须注明判定标准条款）', ConfirmInput),
  dismiss: step('dismiss', 'dismiss', '不予确认（不构成隐患）', OpinionInput),
  fixOnSpot: step('fix_on_spot', 'fix-on-spot', '立查立改销号（一般隐患，附整改后照片）', FixOnSpotInput),
  startRectification: step('start_rectification', 'rectification', '落实五落实并开始整改（措施、责任、资金、时限、预案）', RectificationInput),
  updateRectification: step('update_rectification', 'rectification/update', '修改五落实', RectificationInput),
  requestAcceptance: step('request_acceptance', 'request-acceptance', '申请验收', AcceptanceRequestInput),
  accept: step('accept', 'accept', '验收通过（销号；挂牌的同时摘牌）', AcceptInput),
  reject: step('reject', 'reject', '验收不通过（退回整改）', OpinionInput),
  requestExtension: step('request_extension', 'extension', '申请延期', ExtensionRequestInput),
  decideExtension: step('decide_extension', 'extension/decide', '审批延期', ExtensionDecisionInput),
  regrade: step('regrade', 'regrade', '重新定级', RegradeInput),
  addAction: step('manage_actions', 'actions', '新增整改措施', ActionCreateInput),
  setPlan: step('set_plan', 'plan', '重大隐患治理方案（六项内容）', GovernancePlanInput),
  supervise: step('supervise', 'supervision', '挂牌督办', SupervisionInput, 'hazard.supervise'),
  orderStop: step('order_stop', 'stop', '责令全部/局部停产停业', StopOrderInput),
  applyResume: step('apply_resume', 'resume', '复产书面申请', ResumeApplyInput),
  decideResume: step('decide_resume', 'resume/decide', '复产审批', ResumeDecisionInput),
  updateAction: {
    method: 'PATCH',
    path: '/api/hazards/:id/actions/:actionId',
    permission: 'hazard.work',
    summary: '完成/重新打开整改措施',
    params: ActionId,
    body: ActionUpdateInput,
    response: HazardView,
    step: 'manage_actions',
  },
  deleteAction: {
    method: 'DELETE',
    path: '/api/hazards/:id/actions/:actionId',
    permission: 'hazard.work',
    summary: '删除未完成的整改措施',
    params: ActionId,
    response: HazardView,
    step: 'manage_actions',
  },
});

/** The endpoint that performs each workflow step with a dialog of its own (the detail page's buttons). */
export const HAZARD_STEP_ENDPOINTS: Partial<Record<HazardStep, Endpoint>> = Object.fromEntries(
  Object.values(hazardApi as Record<string, Endpoint>)
    .filter((e) => e.step && e.method === 'POST' && e.path.startsWith('/api/hazards/:id/') && e.name !== 'addFile' && e.name !== 'addAction')
    .map((e) => [e.step, e]),
);
