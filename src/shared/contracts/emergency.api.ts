import { z } from 'zod';
import { Uuid } from './common';
import { Ok, XLSX_MIME, defineApi } from './endpoint';
import {
  AssessmentInput,
  AssessmentOverview,
  AssessmentQuery,
  AssessmentView,
  CaseInput,
  CasePage,
  CaseView,
  ExpertInput,
  ExpertPage,
  ExpertView,
  ImportFields,
  ImportReport,
  LiaisonCreate,
  LiaisonInput,
  LiaisonPage,
  LiaisonQuery,
  LiaisonView,
  MaterialInput,
  MaterialPage,
  MaterialUpdate,
  MaterialView,
  MovementInput,
  MovementView,
  RegulationInput,
  RegulationPage,
  RegulationView,
  ResourceQuery,
  SearchQuery,
  SearchResult,
  TeamInput,
  TeamPage,
  TeamView,
} from './emergency';
import { NoBody } from './endpoint';
import { AccidentCreate, AccidentDetail, AccidentPage, AccidentQuery, AccidentReportInput, AccidentStats, AccidentStatsQuery } from './emergency.accidents';
import { DutyFillInput, DutyMonth, DutyNow, DutyQuery, DutyShiftCreate, DutyShiftInput, DutyShiftView, FillResult, HandoverInput, HandoverPage, HandoverQuery, HandoverView, NearbyQuery, ResourceMap, ResourceMapQuery } from './emergency.duty';
import { planDrillEndpoints } from './emergency.plans.api';

/**
 * The emergency module's API (应急管理): the five databases (五库) with import/export, the one
 * Chinese-aware search across them, the contact network (一网) and the 七有 self-assessment.
 */
const Id = z.object({ id: Uuid.meta({ description: '记录编号（UUID）' }) });
const READ = 'emergency.read';
const MANAGE = 'emergency.manage';

/** The seven endpoints of one database: list, detail, create, update, delete, import, export, template. */
function database<P extends string, L extends string, In extends z.ZodType, Up extends z.ZodType, V extends z.ZodType, Pg extends z.ZodType>(path: P, label: L, input: In, update: Up, view: V, page: Pg) {
  const base = `/api/emergency/${path}` as const;
  return {
    list: { method: 'GET', path: base, permission: READ, summary: `${label}库（检索、筛选、分页）`, query: ResourceQuery, response: page },
    create: { method: 'POST', path: base, permission: MANAGE, summary: `登记${label}`, body: input, response: view, status: 201 },
    importFile: {
      method: 'POST',
      path: `${base}/import`,
      permission: MANAGE,
      summary: `从 Excel 导入${label}（逐行校验；有误时不写入，除非选择跳过有误的行）`,
      body: { multipart: { files: { file: { description: '.xlsx 文件（表头同导入模板）' } }, fields: ImportFields } },
      response: ImportReport,
    },
    exportFile: { method: 'GET', path: `${base}/export.xlsx`, permission: READ, summary: `导出${label}（Excel）`, query: ResourceQuery.partial(), response: { file: [XLSX_MIME], description: `${label} .xlsx（表头同导入模板）` } },
    template: { method: 'GET', path: `${base}/template.xlsx`, permission: READ, summary: `${label}导入模板`, response: { file: [XLSX_MIME], description: '导入模板 .xlsx（含示例行）' } },
    get: { method: 'GET', path: `${base}/:id`, permission: READ, summary: `${label}详情`, params: Id, response: view },
    update: { method: 'PUT', path: `${base}/:id`, permission: MANAGE, summary: `修改${label}`, params: Id, body: update, response: view },
    remove: { method: 'DELETE', path: `${base}/:id`, permission: MANAGE, summary: `删除${label}`, params: Id, response: Ok },
  } as const;
}

const teams = database('teams', '救援队伍', TeamInput, TeamInput, TeamView, TeamPage);
const materials = database('materials', '设备物资', MaterialInput, MaterialUpdate, MaterialView, MaterialPage);
const experts = database('experts', '专家', ExpertInput, ExpertInput, ExpertView, ExpertPage);
const regulations = database('regulations', '法规标准', RegulationInput, RegulationInput, RegulationView, RegulationPage);
const cases = database('cases', '典型案例', CaseInput, CaseInput, CaseView, CasePage);

type Prefixed<P extends string, T> = { [K in keyof T & string as `${P}${Capitalize<K>}`]: T[K] };
function prefixed<P extends string, T extends Record<string, unknown>>(p: P, t: T): Prefixed<P, T> {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [`${p}${k[0].toUpperCase()}${k.slice(1)}`, v])) as Prefixed<P, T>;
}

export const emergencyApi = defineApi('emergency', {
  search: {
    method: 'GET',
    path: '/api/emergency/search',
    permission: READ,
    summary: '五库统一检索（中文分词，按相关度排序，标明所在库）',
    query: SearchQuery,
    response: SearchResult,
  },
  ...prefixed('team', teams),
  ...prefixed('material', materials),
  materialMove: {
    method: 'POST',
    path: '/api/emergency/materials/:id/movements',
    permission: MANAGE,
    summary: '物资出入库、调拨、报废（库存不会为负，并发时同样）',
    params: Id,
    body: MovementInput,
    response: MaterialView,
    status: 201,
  },
  materialMovements: { method: 'GET', path: '/api/emergency/materials/:id/movements', permission: READ, summary: '物资变动记录', params: Id, response: z.array(MovementView) },
  ...prefixed('expert', experts),
  ...prefixed('regulation', regulations),
  ...prefixed('case', cases),

  // ---------- 一网 ----------
  liaisons: { method: 'GET', path: '/api/emergency/liaisons', permission: READ, summary: '应急联络网（各街道、部门、园区、企业联络员）', query: LiaisonQuery, response: LiaisonPage },
  liaisonCreate: { method: 'POST', path: '/api/emergency/liaisons', permission: 'emergency.liaison', summary: '登记联络员（本单位）', body: LiaisonCreate, response: LiaisonView, status: 201 },
  liaisonExport: {
    method: 'GET',
    path: '/api/emergency/liaisons/roster.xlsx',
    permission: READ,
    summary: '导出应急联络花名册（Excel）',
    query: LiaisonQuery.omit({ page: true, pageSize: true }).partial(),
    response: { file: [XLSX_MIME], description: '联络花名册 .xlsx（无权查看个人信息的角色电话为掩码）' },
  },
  liaisonUpdate: { method: 'PUT', path: '/api/emergency/liaisons/:id', permission: 'emergency.liaison', summary: '修改联络员（同时视为确认）', params: Id, body: LiaisonInput, response: LiaisonView },
  liaisonConfirm: { method: 'POST', path: '/api/emergency/liaisons/:id/confirm', permission: 'emergency.liaison', summary: '确认联络员信息仍然有效', params: Id, body: NoBody, response: LiaisonView },
  liaisonRemove: { method: 'DELETE', path: '/api/emergency/liaisons/:id', permission: 'emergency.liaison', summary: '删除联络员', params: Id, response: Ok },

  // ---------- 七有 ----------
  assessmentMine: { method: 'GET', path: '/api/emergency/seven-has/mine', permission: 'emergency.assess', summary: '本单位“七有”自评（含资源库中的证据）', query: AssessmentQuery, response: AssessmentView },
  assessmentSave: { method: 'PUT', path: '/api/emergency/seven-has/mine', permission: 'emergency.assess', summary: '提交本单位“七有”自评', body: AssessmentInput, response: AssessmentView },
  assessmentOverview: { method: 'GET', path: '/api/emergency/seven-has/overview', permission: 'emergency.overview', summary: '“七有”总览：各街道、部门得分与缺项', query: AssessmentQuery, response: AssessmentOverview },
  assessmentOfUnit: {
    method: 'GET',
    path: '/api/emergency/seven-has/units/:id',
    permission: 'emergency.overview',
    summary: '某单位的“七有”自评',
    params: Id,
    query: AssessmentQuery,
    response: AssessmentView,
  },
  // ---------- 值守、事故信息、资源地图 ----------
  dutyMonth: { method: 'GET', path: '/api/emergency/duty', permission: 'emergency.duty.read', summary: '应急值班表（某单位某月；全区各单位可查）', query: DutyQuery, response: DutyMonth },
  dutyCreate: { method: 'POST', path: '/api/emergency/duty', permission: 'emergency.duty', summary: '排一个班（带班领导、值班员）', body: DutyShiftCreate, response: DutyShiftView, status: 201 },
  dutyFill: { method: 'POST', path: '/api/emergency/duty/fill', permission: 'emergency.duty', summary: '按周模式批量排满一个月', body: DutyFillInput, response: FillResult },
  dutyNow: { method: 'GET', path: '/api/emergency/duty/now', permission: 'emergency.duty.read', summary: '当前值班：本单位与全区各单位', response: DutyNow },
  dutyExport: {
    method: 'GET',
    path: '/api/emergency/duty/roster.xlsx',
    permission: 'emergency.duty.read',
    summary: '导出月度值班表（Excel；安委办不选单位时为全区）',
    query: DutyQuery,
    response: { file: [XLSX_MIME], description: '值班表 .xlsx（无权查看个人信息的角色电话为掩码）' },
  },
  handovers: { method: 'GET', path: '/api/emergency/duty/handovers', permission: 'emergency.duty.read', summary: '交接班记录', query: HandoverQuery, response: HandoverPage },
  handoverCreate: { method: 'POST', path: '/api/emergency/duty/handovers', permission: 'emergency.duty', summary: '登记交接班（本单位）', body: HandoverInput, response: HandoverView, status: 201 },
  dutyUpdate: { method: 'PUT', path: '/api/emergency/duty/:id', permission: 'emergency.duty', summary: '修改排班', params: Id, body: DutyShiftInput, response: DutyShiftView },
  dutyRemove: { method: 'DELETE', path: '/api/emergency/duty/:id', permission: 'emergency.duty', summary: '删除排班', params: Id, response: Ok },
  accidents: { method: 'GET', path: '/api/emergency/accidents', permission: 'emergency.accident.read', summary: '事故信息（本辖区；含逾期标记）', query: AccidentQuery, response: AccidentPage },
  accidentCreate: {
    method: 'POST',
    path: '/api/emergency/accidents',
    permission: 'emergency.accident.report',
    summary: '事故首报（1小时内；事故等级按493号令第三条自动判定）',
    body: AccidentCreate,
    response: AccidentDetail,
    status: 201,
  },
  accidentStats: { method: 'GET', path: '/api/emergency/accidents/stats', permission: 'emergency.accident.stats', summary: '事故月度统计（起数、死亡、受伤、直接经济损失；按行业、街道；同比）', query: AccidentStatsQuery, response: AccidentStats },
  accidentStatsExport: {
    method: 'GET',
    path: '/api/emergency/accidents/stats.xlsx',
    permission: 'emergency.accident.stats',
    summary: '导出事故月度统计（Excel）',
    query: AccidentStatsQuery,
    response: { file: [XLSX_MIME], description: '事故统计 .xlsx（按行业领域、按街道两页）' },
  },
  accidentGet: { method: 'GET', path: '/api/emergency/accidents/:id', permission: 'emergency.accident.read', summary: '事故详情与报送时间线', params: Id, response: AccidentDetail },
  accidentReport: {
    method: 'POST',
    path: '/api/emergency/accidents/:id/reports',
    permission: 'emergency.accident.report',
    summary: '续报或终报（伤亡变化、处置进展；终报后结束）',
    params: Id,
    body: AccidentReportInput,
    response: AccidentDetail,
    status: 201,
  },
  resourceMap: { method: 'GET', path: '/api/emergency/resource-map', permission: 'emergency.read', summary: '应急资源分布（救援队伍、物资储备点、重大危险源）', query: ResourceMapQuery, response: ResourceMap },
  nearby: { method: 'GET', path: '/api/emergency/nearby', permission: 'emergency.read', summary: '某点附近的应急资源（按直线距离由近及远）', query: NearbyQuery, response: ResourceMap },

  // ---------- 预案与演练 ----------
  ...planDrillEndpoints,
});

export type EmergencyApi = typeof emergencyApi;
