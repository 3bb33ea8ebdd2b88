import { z } from 'zod';
import { NoBody, Ok, XLSX_MIME, defineApi } from './endpoint';
import { Uuid } from './common';
import {
  ApiKeyCreated,
  ApiKeyInput,
  ApiKeyView,
  CreateHazardInput,
  EnforcementInput,
  HolidayInput,
  HolidayView,
  SlaInput,
  SlaView,
  LinkHazardInput,
  PublicReportStatus,
  RecategorizeInput,
  ReplyInput,
  ReportCategoryView,
  ReportDetail,
  ReportIdentity,
  ReportPage,
  ReportQuery,
  ReportStatistics,
  ReportStatsQuery,
  ReportSubmitFields,
  ReportSubmitted,
  RewardDecisionInput,
  RewardPayoutInput,
  RewardProposeInput,
  TrackingParams,
  VerifyInput,
} from './report';
import { Format, JurisdictionQuery, O311Created, O311Discovery, O311PostForm, O311Request, O311RequestsQuery, O311Service, O311ServiceDefinition, O311Token } from './report.open311';

/**
 * The report module's API (12350 举报): the public form and tracking (no login), the officers'
 * ledger and handling steps, rewards (《安全生产领域举报奖励办法》), settings, and the Open311
 * GeoReport v2 endpoints (public, /open311/v2, JSON or XML by the path's extension).
 */
const Id = z.object({ id: Uuid.meta({ description: '举报编号（UUID）' }) });
const step = <B extends z.ZodType>(path: string, summary: string, body: B, permission = 'report.handle') =>
  ({ method: 'POST', path: `/api/reports/:id/${path}`, permission, summary, params: Id, body, response: ReportDetail }) as const;
const o311 = { formats: ['json', 'xml'] as const, permission: null };

export const reportApi = defineApi('report', {
  // ---------- public (no login) ----------
  categories: { method: 'GET', path: '/public/api/reports/categories', permission: null, summary: '举报类别（公开）', response: z.array(ReportCategoryView) },
  submit: {
    method: 'POST',
    path: '/public/api/reports',
    permission: null,
    summary: '提交举报（公开，无需登录；可匿名；照片最多 3 张，每张 5 MB 以内，位置等元数据在保存前去除）',
    body: { multipart: { files: { photos: { description: '现场照片（JPG/PNG/WebP）', required: false, multiple: true } }, fields: ReportSubmitFields } },
    response: ReportSubmitted,
    status: 201,
  },
  track: { method: 'GET', path: '/public/api/reports/:code', permission: null, summary: '凭查询码查看办理进度与公开答复（公开）', params: TrackingParams, response: PublicReportStatus },

  // ---------- officers ----------
  list: { method: 'GET', path: '/api/reports', permission: 'report.read', summary: '举报台账（筛选、分页；不含举报人身份）', query: ReportQuery, response: ReportPage },
  export: { method: 'GET', path: '/api/reports/export.xlsx', permission: 'report.export', summary: '导出举报台账（Excel；不含举报人身份）', query: ReportQuery, response: { file: [XLSX_MIME], description: '举报台账 .xlsx' } },
  stats: { method: 'GET', path: '/api/reports/stats', permission: 'report.stats', summary: '举报统计：类别、属地、月份、核实率、办理时长、奖励发放', query: ReportStatsQuery, response: ReportStatistics },
  statsExport: {
    method: 'GET',
    path: '/api/reports/stats/export.xlsx',
    permission: 'report.stats',
    summary: '导出举报统计（Excel：概况、按类别、按属地、按月份、核查结论）',
    query: ReportStatsQuery,
    response: { file: [XLSX_MIME], description: '举报统计 .xlsx（不含举报人身份）' },
  },
  sla: { method: 'GET', path: '/api/reports/sla', permission: 'report.calendar', summary: '办理时限（受理、核查答复的工作日数）', response: SlaView },
  updateSla: { method: 'PUT', path: '/api/reports/sla', permission: 'report.manage', summary: '修改办理时限（此后受理的举报按新时限计算）', body: SlaInput, response: SlaView },
  holidays: { method: 'GET', path: '/api/reports/holidays', permission: 'report.calendar', summary: '节假日与调休表（工作日计算）', response: z.array(HolidayView) },
  addHoliday: { method: 'POST', path: '/api/reports/holidays', permission: 'report.manage', summary: '添加节假日或调休上班日', body: HolidayInput, response: HolidayView, status: 201 },
  deleteHoliday: { method: 'DELETE', path: '/api/reports/holidays/:date', permission: 'report.manage', summary: '删除节假日或调休日', params: z.object({ date: z.iso.date('日期格式不正确（应为 YYYY-MM-DD）') }), response: Ok },
  apiKeys: { method: 'GET', path: '/api/reports/api-keys', permission: 'report.manage', summary: 'Open311 合作应用密钥', response: z.array(ApiKeyView) },
  createApiKey: { method: 'POST', path: '/api/reports/api-keys', permission: 'report.manage', summary: '发放 Open311 合作应用密钥（密钥仅显示一次）', body: ApiKeyInput, response: ApiKeyCreated, status: 201 },
  revokeApiKey: { method: 'POST', path: '/api/reports/api-keys/:id/revoke', permission: 'report.manage', summary: '吊销合作应用密钥', params: z.object({ id: Uuid }), body: NoBody, response: ApiKeyView },
  get: { method: 'GET', path: '/api/reports/:id', permission: 'report.read', summary: '举报详情（办理过程、疑似重复、关联隐患、奖励）', params: Id, response: ReportDetail },
  photo: {
    method: 'GET',
    path: '/api/reports/:id/photos/:photoId',
    permission: 'report.read',
    summary: '举报照片（已去除位置元数据）',
    params: z.object({ id: Uuid, photoId: Uuid }),
    response: { file: ['image/jpeg', 'image/png', 'image/webp'], description: '照片' },
  },
  identity: { method: 'POST', path: '/api/reports/:id/identity', permission: 'report.handle', summary: '查看举报人身份（仅承办人；每次查看记入审计）', params: Id, body: NoBody, response: ReportIdentity },
  accept: step('accept', '受理（本人成为承办人）', NoBody),
  recategorize: step('recategorize', '调整类别（按新类别重新分办）', RecategorizeInput),
  verify: step('verify', '核查结论：属实、不属实、重复、不属于受理范围', VerifyInput),
  reply: step('reply', '答复举报人（公开答复；办结答复后结案）', ReplyInput),
  createHazard: step('hazard', '据举报登记隐患（进入隐患台账）', CreateHazardInput),
  linkHazard: step('hazard-link', '关联已有隐患', LinkHazardInput),
  openCase: step('enforcement-case', '据举报立执法案件', EnforcementInput),
  proposeReward: step('reward', '提出奖励（奖励办法第十一条：罚款额 15%，3000 元至 30 万元）', RewardProposeInput),
  decideReward: step('reward/decision', '审批奖励', RewardDecisionInput, 'report.reward'),
  payReward: step('reward/payout', '登记奖励发放', RewardPayoutInput, 'report.reward'),

  // ---------- Open311 GeoReport v2 (public) ----------
  o311Discovery: { ...o311, method: 'GET', path: '/open311/v2/discovery.:format', summary: 'Open311 服务发现（discovery）', params: z.object({ format: Format }), response: O311Discovery },
  o311Services: { ...o311, method: 'GET', path: '/open311/v2/services.:format', summary: 'Open311 服务列表（举报类别）', params: z.object({ format: Format }), query: JurisdictionQuery, response: z.array(O311Service) },
  o311Service: {
    ...o311,
    method: 'GET',
    path: '/open311/v2/services/:service_code.:format',
    summary: 'Open311 服务定义（属性）',
    params: z.object({ service_code: z.string().max(40), format: Format }),
    query: JurisdictionQuery,
    response: O311ServiceDefinition,
  },
  o311Post: { ...o311, method: 'POST', path: '/open311/v2/requests.:format', summary: 'Open311 提交服务请求（表单编码，须 api_key）', params: z.object({ format: Format }), body: { form: O311PostForm }, response: O311Created, status: 201 },
  o311Requests: { ...o311, method: 'GET', path: '/open311/v2/requests.:format', summary: 'Open311 查询服务请求（按编号、类别、时间、状态）', params: z.object({ format: Format }), query: O311RequestsQuery, response: z.array(O311Request) },
  o311Request: {
    ...o311,
    method: 'GET',
    path: '/open311/v2/requests/:service_request_id.:format',
    summary: 'Open311 查询单个服务请求',
    params: z.object({ service_request_id: z.string().max(40), format: Format }),
    query: JurisdictionQuery,
    response: z.array(O311Request),
  },
  o311Token: {
    ...o311,
    method: 'GET',
    path: '/open311/v2/tokens/:token.:format',
    summary: 'Open311 由 token 查询服务请求编号',
    params: z.object({ token: z.string().max(40), format: Format }),
    query: JurisdictionQuery,
    response: O311Token,
  },
});
