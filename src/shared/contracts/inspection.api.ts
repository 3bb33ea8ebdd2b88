import { z } from 'zod';
import { DOCX_MIME, NoBody, StoredFile, XLSX_MIME, defineApi } from './endpoint';
import { Uuid } from './common';
import {
  CaseOpenInput,
  CasePage,
  CaseQuery,
  CaseStepInput,
  CaseView,
  ClassOverrideInput,
  ConflictInput,
  DiscretionView,
  DocumentIssueInput,
  DrawCreateInput,
  DrawPage,
  DrawQuery,
  DrawVerification,
  DrawView,
  InspectionCreateInput,
  InspectionPage,
  InspectionQuery,
  InspectionStats,
  InspectionSubmitInput,
  InspectionView,
  InspectorInput,
  InspectorView,
  LegalReviewInput,
  PublicInspections,
  StatsQuery,
  TargetPage,
  TargetQuery,
  TargetView,
} from './inspection';

/**
 * 执法检查 (inspection and enforcement): 检查对象名录 with 分类分级, 执法人员名录 with 回避, verifiable
 * 双随机 draws and their public results, on-site inspections (四不两直, checklist, hazards into the
 * ledger, signature, 现场检查记录), enforcement cases with 法制审核 and numbered documents, statistics.
 */
const Id = (what: string) => z.object({ id: Uuid.meta({ description: `${what}编号（UUID）` }) });
const EnterpriseId = z.object({ enterpriseId: Uuid.meta({ description: '企业编号' }) });
const UserId = z.object({ userId: Uuid.meta({ description: '执法人员（用户）编号' }) });

export const inspectionApi = defineApi('inspection', {
  // ---------- directories ----------
  targets: { method: 'GET', path: '/api/inspection/targets', permission: 'inspection.read', summary: '检查对象名录（分类分级 A/B/C/D 与年度检查频次）', query: TargetQuery, response: TargetPage },
  setClass: {
    method: 'PUT',
    path: '/api/inspection/targets/:enterpriseId/class',
    permission: 'inspection.directory',
    summary: '调整企业分类（须说明理由；null 恢复计算结果）',
    params: EnterpriseId,
    body: ClassOverrideInput,
    response: TargetView,
  },
  inspectors: { method: 'GET', path: '/api/inspection/inspectors', permission: 'inspection.read', summary: '执法检查人员名录（执法证、回避关系）', response: z.array(InspectorView) },
  saveInspector: {
    method: 'PUT',
    path: '/api/inspection/inspectors/:userId',
    permission: 'inspection.directory',
    summary: '录入或修改执法人员的执法证号与有效期',
    params: UserId,
    body: InspectorInput,
    response: InspectorView,
  },
  addConflict: {
    method: 'POST',
    path: '/api/inspection/inspectors/:userId/conflicts',
    permission: 'inspection.directory',
    summary: '登记回避关系（本人或近亲属与企业有利害关系）',
    params: UserId,
    body: ConflictInput,
    response: InspectorView,
    status: 201,
  },
  removeConflict: {
    method: 'DELETE',
    path: '/api/inspection/inspectors/:userId/conflicts/:conflictId',
    permission: 'inspection.directory',
    summary: '删除回避关系',
    params: UserId.extend({ conflictId: Uuid }),
    response: InspectorView,
  },

  // ---------- 双随机 ----------
  draws: { method: 'GET', path: '/api/inspection/draws', permission: 'inspection.read', summary: '双随机抽取记录', query: DrawQuery, response: DrawPage },
  createDraw: {
    method: 'POST',
    path: '/api/inspection/draws',
    permission: 'inspection.draw',
    summary: '发起双随机抽取：冻结对象库与人员库，公布随机种子的 SHA-256 承诺',
    body: DrawCreateInput,
    response: DrawView,
    status: 201,
  },
  draw: { method: 'GET', path: '/api/inspection/draws/:id', permission: 'inspection.read', summary: '抽取详情（对象、检查组、承诺与种子）', params: Id('抽取'), response: DrawView },
  executeDraw: {
    method: 'POST',
    path: '/api/inspection/draws/:id/execute',
    permission: 'inspection.draw',
    summary: '执行抽取并公布随机种子与结果',
    params: Id('抽取'),
    body: NoBody,
    response: DrawView,
  },
  verifyDraw: { method: 'GET', path: '/api/inspection/draws/:id/verify', permission: 'inspection.read', summary: '按存档的对象库、种子与算法重算抽取结果并比对', params: Id('抽取'), response: DrawVerification },
  publicInspections: { method: 'GET', path: '/public/api/inspections', permission: null, summary: '双随机抽查结果公示（抽取、对象、部门、日期、结果；含复核所需的种子与对象库）', response: PublicInspections },

  // ---------- on-site inspections ----------
  inspections: { method: 'GET', path: '/api/inspection/inspections', permission: 'inspection.read', summary: '执法检查记录（四不两直的检查在开始前仅检查组可见）', query: InspectionQuery, response: InspectionPage },
  createInspection: {
    method: 'POST',
    path: '/api/inspection/inspections',
    permission: 'inspection.conduct',
    summary: '安排检查（来自双随机抽取、计划或临时；可标记四不两直）',
    body: InspectionCreateInput,
    response: InspectionView,
    status: 201,
  },
  inspection: { method: 'GET', path: '/api/inspection/inspections/:id', permission: 'inspection.read', summary: '检查详情（清单逐项、隐患、签字、文书）', params: Id('检查'), response: InspectionView },
  startInspection: {
    method: 'POST',
    path: '/api/inspection/inspections/:id/start',
    permission: 'inspection.conduct',
    summary: '到达现场，开始检查（四不两直的检查此时才对企业和属地可见）',
    params: Id('检查'),
    body: NoBody,
    response: InspectionView,
  },
  uploadPhoto: {
    method: 'POST',
    path: '/api/inspection/inspections/:id/photos',
    permission: 'inspection.conduct',
    summary: '上传现场照片（JPG/PNG/WebP，10 MB 以内）',
    params: Id('检查'),
    body: { multipart: { files: { file: { description: '现场照片' } } } },
    response: StoredFile,
    status: 201,
  },
  submitInspection: {
    method: 'POST',
    path: '/api/inspection/inspections/:id/submit',
    permission: 'inspection.conduct',
    summary: '提交检查结果（逐项结论、照片、定位、企业签字；不合格项登记为隐患）',
    params: Id('检查'),
    body: InspectionSubmitInput,
    response: InspectionView,
  },
  inspectionRecord: {
    method: 'GET',
    path: '/api/inspection/inspections/:id/record.docx',
    permission: 'inspection.read',
    summary: '现场检查记录（Word）',
    params: Id('检查'),
    response: { file: [DOCX_MIME], description: '现场检查记录 .docx' },
  },

  // ---------- enforcement cases ----------
  cases: { method: 'GET', path: '/api/inspection/cases', permission: 'inspection.read', summary: '行政执法案件', query: CaseQuery, response: CasePage },
  openCase: { method: 'POST', path: '/api/inspection/cases', permission: 'inspection.case', summary: '立案', body: CaseOpenInput, response: CaseView, status: 201 },
  case: { method: 'GET', path: '/api/inspection/cases/:id', permission: 'inspection.read', summary: '案件详情与执法全过程记录', params: Id('案件'), response: CaseView },
  caseStep: {
    method: 'POST',
    path: '/api/inspection/cases/:id/steps',
    permission: 'inspection.case',
    summary: '案件办理步骤（调查取证、拟处罚意见、决定、执行、结案）',
    params: Id('案件'),
    body: CaseStepInput,
    response: CaseView,
  },
  legalReview: {
    method: 'POST',
    path: '/api/inspection/cases/:id/legal-review',
    permission: 'inspection.legal',
    summary: '重大执法决定法制审核（由承办人以外的人员审核）',
    params: Id('案件'),
    body: LegalReviewInput,
    response: CaseView,
  },
  issueDocument: {
    method: 'POST',
    path: '/api/inspection/cases/:id/documents',
    permission: 'inspection.case',
    summary: '制作执法文书（按文书种类与年度统一编号）',
    params: Id('案件'),
    body: DocumentIssueInput,
    response: CaseView,
    status: 201,
  },
  documentFile: {
    method: 'GET',
    path: '/api/inspection/documents/:id/file.docx',
    permission: 'inspection.read',
    summary: '下载执法文书（Word）',
    params: Id('文书'),
    response: { file: [DOCX_MIME], description: '执法文书 .docx' },
  },
  discretion: { method: 'GET', path: '/api/inspection/discretion', permission: 'inspection.read', summary: '行政处罚裁量基准（安全生产法 2021）', response: z.array(DiscretionView) },

  // ---------- statistics ----------
  stats: { method: 'GET', path: '/api/inspection/stats', permission: 'inspection.stats', summary: '执法统计（按部门、月份；零处罚提示）', query: StatsQuery, response: InspectionStats },
  statsExport: {
    method: 'GET',
    path: '/api/inspection/stats/export.xlsx',
    permission: 'inspection.stats',
    summary: '导出执法统计（Excel）',
    query: StatsQuery,
    response: { file: [XLSX_MIME], description: '执法统计 .xlsx' },
  },
});
