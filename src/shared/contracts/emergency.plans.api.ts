import { z } from 'zod';
import { Uuid } from './common';
import { NoBody, Ok } from './endpoint';
import {
  ActiveDrills,
  DrillInput,
  DrillPage,
  DrillQuery,
  DrillView,
  EvaluationInput,
  ImprovementHazardInput,
  PlanDashboard,
  PlanDetail,
  PlanInput,
  PlanPage,
  PlanQuery,
  PlanReviewInput,
  PlanRevisionInput,
  PlanVersionFields,
  TimelineInput,
} from './emergency.plans';

/**
 * 应急预案 and 演练 endpoints, spread into the emergency module's contract table (emergency.api.ts,
 * OpenAPI tag `emergency`).
 */
const Id = z.object({ id: Uuid.meta({ description: '记录编号（UUID）' }) });
const READ = 'emergency.read';
const PLAN = 'emergency.plan';
const DRILL = 'emergency.drill';

export const planDrillEndpoints = {
  // ---------- 预案 ----------
  planList: { method: 'GET', path: '/api/emergency/plans', permission: READ, summary: '应急预案登记册（本单位的、本单位审查的；安委办为全区）', query: PlanQuery, response: PlanPage },
  planCreate: { method: 'POST', path: '/api/emergency/plans', permission: PLAN, summary: '登记应急预案（本单位或本企业）', body: PlanInput, response: PlanDetail, status: 201 },
  planDashboard: { method: 'GET', path: '/api/emergency/plans/dashboard', permission: 'emergency.overview', summary: '预案到期看板：90 天内到期、已超期、需修订，按单位统计', response: PlanDashboard },
  planGet: { method: 'GET', path: '/api/emergency/plans/:id', permission: READ, summary: '预案详情（含各版本与审查意见）', params: Id, response: PlanDetail },
  planUpdate: { method: 'PUT', path: '/api/emergency/plans/:id', permission: PLAN, summary: '修改预案信息与关联资源（待审期间不可修改）', params: Id, body: PlanInput, response: PlanDetail },
  planUploadVersion: {
    method: 'POST',
    path: '/api/emergency/plans/:id/versions',
    permission: PLAN,
    summary: '上传预案文本新版本（.docx 或 .pdf，按文件内容识别类型；已备案的预案上传即进入修订）',
    params: Id,
    body: { multipart: { files: { file: { description: '预案文本 .docx 或 .pdf（最大 20 MB）' } }, fields: PlanVersionFields } },
    response: PlanDetail,
    status: 201,
  },
  planSubmit: { method: 'POST', path: '/api/emergency/plans/:id/submit', permission: PLAN, summary: '报备预案（最新版本提交审查单位；退回后须上传新版本再报备）', params: Id, body: NoBody, response: PlanDetail },
  planReview: { method: 'POST', path: '/api/emergency/plans/:id/review', permission: 'emergency.plan.review', summary: '审查报备的预案：备案，或退回并说明修改意见', params: Id, body: PlanReviewInput, response: PlanDetail },
  planDelete: { method: 'DELETE', path: '/api/emergency/plans/:id', permission: PLAN, summary: '删除预案草稿（本单位从未报备过的；报备后审查记录须保留，不能删除）', params: Id, response: Ok },
  planNeedsRevision: { method: 'POST', path: '/api/emergency/plans/:id/needs-revision', permission: PLAN, summary: '标记预案需修订（如事故调查发现问题）', params: Id, body: PlanRevisionInput, response: PlanDetail },

  // ---------- 演练 ----------
  drillList: { method: 'GET', path: '/api/emergency/drills', permission: READ, summary: '应急演练（本单位组织的、参演的；安委办为全区）', query: DrillQuery, response: DrillPage },
  drillActive: { method: 'GET', path: '/api/emergency/drills/active', permission: READ, summary: '本单位正在进行的演练（演练模式提示）', response: ActiveDrills },
  drillCreate: { method: 'POST', path: '/api/emergency/drills', permission: DRILL, summary: '制定演练计划（实兵演练/桌面推演、情景、预案、参演单位）', body: DrillInput, response: DrillView, status: 201 },
  drillGet: { method: 'GET', path: '/api/emergency/drills/:id', permission: READ, summary: '演练详情（过程记录、照片、评估、改进事项）', params: Id, response: DrillView },
  drillUpdate: { method: 'PUT', path: '/api/emergency/drills/:id', permission: DRILL, summary: '修改演练计划（开始前）', params: Id, body: DrillInput, response: DrillView },
  drillDelete: { method: 'DELETE', path: '/api/emergency/drills/:id', permission: DRILL, summary: '删除演练计划（尚未开始的；开始后过程记录须保留，不能删除）', params: Id, response: Ok },
  drillStart: { method: 'POST', path: '/api/emergency/drills/:id/start', permission: DRILL, summary: '开始演练（参演单位进入演练模式，通知带【演练】）', params: Id, body: NoBody, response: DrillView },
  drillEnd: { method: 'POST', path: '/api/emergency/drills/:id/end', permission: DRILL, summary: '结束演练', params: Id, body: NoBody, response: DrillView },
  drillTimeline: { method: 'POST', path: '/api/emergency/drills/:id/timeline', permission: DRILL, summary: '记录演练过程（时间、经过）', params: Id, body: TimelineInput, response: DrillView, status: 201 },
  drillPhoto: {
    method: 'POST',
    path: '/api/emergency/drills/:id/photos',
    permission: DRILL,
    summary: '上传演练现场照片（JPG/PNG/WebP/GIF，按文件内容识别，最大 10 MB）',
    params: Id,
    body: { multipart: { files: { file: { description: '现场照片' } } } },
    response: DrillView,
    status: 201,
  },
  drillEvaluate: { method: 'POST', path: '/api/emergency/drills/:id/evaluation', permission: DRILL, summary: '演练评估（结论、意见、改进事项；可标记预案需修订）', params: Id, body: EvaluationInput, response: DrillView },
  drillImprovementHazard: {
    method: 'POST',
    path: '/api/emergency/drills/:id/improvements/:no/hazard',
    permission: DRILL,
    summary: '改进事项转为隐患（进入隐患台账闭环整改）',
    params: z.object({ id: Uuid.meta({ description: '演练编号' }), no: z.coerce.number().int('序号应为整数').min(1, '序号至少为 1').max(30, '序号最大为 30') }),
    body: ImprovementHazardInput,
    response: DrillView,
    status: 201,
  },
} as const;
