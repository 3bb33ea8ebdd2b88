import { z } from 'zod';
import { AuditListItem, DOCX_MIME, NoBody, defineApi } from './endpoint';
import { Uuid } from './common';
import {
  AssessmentInput,
  AssessmentView,
  CardQuery,
  FilingFields,
  HazardSourceCreate,
  HazardSourcePage,
  HazardSourceQuery,
  HazardSourceUpdate,
  HazardSourceView,
  RiskCardView,
  RiskMapView,
  RiskPointCreate,
  RiskPointPage,
  RiskPointQuery,
  RiskPointUpdate,
  RiskPointView,
  RiskRulesUpdate,
  RiskRulesView,
  RiskStatsView,
} from './risk';

/**
 * The risk module's API (风险分级管控 and 重大危险源, GB 18218-2018): grading rules, four-colour
 * statistics and map, risk points with their LEC/LS assessments and posted cards (the public card
 * behind the QR code), and major hazard sources with their filings.
 */
const PointId = z.object({ id: Uuid.meta({ description: '风险点编号（UUID）' }) });
const SourceId = z.object({ id: Uuid.meta({ description: '重大危险源编号（UUID）' }) });
const Token = z.object({ token: z.string().max(100).meta({ description: '告知卡二维码中的令牌' }) });

export const riskApi = defineApi('risk', {
  // ---------- rules ----------
  rules: { method: 'GET', path: '/api/risk/rules', permission: 'risk.read', summary: '风险分级规则（LEC/LS 因子表、分级与四色对应、企业风险等级规则）', response: RiskRulesView },
  updateRules: { method: 'PUT', path: '/api/risk/rules', permission: 'risk.config', summary: '修改风险分级规则（安委办；全部企业风险等级随之重算）', body: RiskRulesUpdate, response: RiskRulesView },

  // ---------- statistics ----------
  stats: { method: 'GET', path: '/api/risk/stats', permission: 'risk.read', summary: '四色分布（按风险点与企业，按属地与行业领域）', response: RiskStatsView },
  map: { method: 'GET', path: '/api/risk/map', permission: 'risk.read', summary: '企业风险分布图（经纬度与风险等级）', response: RiskMapView },

  // ---------- risk points ----------
  listPoints: { method: 'GET', path: '/api/risk/points', permission: 'risk.read', summary: '风险点清单（筛选、分页）', query: RiskPointQuery, response: RiskPointPage },
  createPoint: { method: 'POST', path: '/api/risk/points', permission: 'risk.write', summary: '新增风险点（可同时评价）', body: RiskPointCreate, response: RiskPointView, status: 201 },
  getPoint: { method: 'GET', path: '/api/risk/points/:id', permission: 'risk.read', summary: '风险点详情（含管控措施、现行评价）', params: PointId, response: RiskPointView },
  updatePoint: { method: 'PATCH', path: '/api/risk/points/:id', permission: 'risk.write', summary: '修改风险点（管控措施整体替换）', params: PointId, body: RiskPointUpdate, response: RiskPointView },
  assess: {
    method: 'POST',
    path: '/api/risk/points/:id/assessments',
    permission: 'risk.write',
    summary: '评价/复评风险点（LEC 或 LS；原评价留存为历史）',
    params: PointId,
    body: AssessmentInput,
    response: RiskPointView,
    status: 201,
  },
  assessments: { method: 'GET', path: '/api/risk/points/:id/assessments', permission: 'risk.read', summary: '风险点评价历史', params: PointId, response: z.array(AssessmentView) },
  pointHistory: { method: 'GET', path: '/api/risk/points/:id/history', permission: 'risk.read', summary: '风险点变更记录（审计）', params: PointId, response: z.array(AuditListItem) },
  card: { method: 'GET', path: '/api/risk/points/:id/card', permission: 'risk.read', summary: '风险告知卡/岗位应急处置卡（打印用，含二维码）', params: PointId, query: CardQuery, response: RiskCardView },
  cardDocx: {
    method: 'GET',
    path: '/api/risk/points/:id/card.docx',
    permission: 'risk.read',
    summary: '风险告知卡/岗位应急处置卡（Word）',
    params: PointId,
    query: CardQuery,
    response: { file: [DOCX_MIME], description: '告知卡 .docx' },
  },
  rotateCardToken: { method: 'POST', path: '/api/risk/points/:id/card-token', permission: 'risk.write', summary: '重新生成告知卡二维码（旧卡失效）', params: PointId, body: NoBody, response: RiskPointView },
  publicCard: {
    method: 'GET',
    path: '/public/api/risk-cards/:token',
    permission: null,
    summary: '公开的风险告知卡（扫码查看，仅含现场张贴的内容）',
    params: Token,
    query: CardQuery,
    response: RiskCardView,
  },

  // ---------- 重大危险源 ----------
  listSources: { method: 'GET', path: '/api/risk/sources', permission: 'risk.read', summary: '重大危险源清单', query: HazardSourceQuery, response: HazardSourcePage },
  createSource: {
    method: 'POST',
    path: '/api/risk/sources',
    permission: 'risk.write',
    summary: '登记重大危险源（S、R、等级由服务器按 GB 18218-2018 计算）',
    body: HazardSourceCreate,
    response: HazardSourceView,
    status: 201,
  },
  getSource: { method: 'GET', path: '/api/risk/sources/:id', permission: 'risk.read', summary: '重大危险源详情（物质、设施、备案、评估历史）', params: SourceId, response: HazardSourceView },
  updateSource: { method: 'PATCH', path: '/api/risk/sources/:id', permission: 'risk.write', summary: '修改/复核重大危险源', params: SourceId, body: HazardSourceUpdate, response: HazardSourceView },
  sourceHistory: { method: 'GET', path: '/api/risk/sources/:id/history', permission: 'risk.read', summary: '重大危险源变更记录（审计）', params: SourceId, response: z.array(AuditListItem) },
  addFiling: { method: 'POST', path: '/api/risk/sources/:id/filings', permission: 'risk.write', summary: '登记备案（无附件）', params: SourceId, body: FilingFields, response: HazardSourceView, status: 201 },
  uploadFiling: {
    method: 'POST',
    path: '/api/risk/sources/:id/filings/upload',
    permission: 'risk.write',
    summary: '登记备案并上传备案材料（PDF/Word/图片）',
    params: SourceId,
    body: { multipart: { files: { file: { description: '备案材料（扫描件）' } }, fields: FilingFields } },
    response: HazardSourceView,
    status: 201,
  },
});
