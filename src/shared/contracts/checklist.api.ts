import { z } from 'zod';
import { AuditListItem, NoBody, StoredFile, XLSX_MIME, defineApi } from './endpoint';
import { Uuid } from './common';
import {
  ChecklistImportReport,
  CompletionView,
  DeleteDraftResult,
  DraftUpdate,
  ImportQuery,
  InstallResult,
  PlanCreate,
  PlanQuery,
  PlanUpdate,
  PlanView,
  PublishInput,
  ResultInput,
  RunItemView,
  RunPage,
  RunQuery,
  RunView,
  StatsQuery,
  SubmitInput,
  BehindRow,
  TallyView,
  TemplateCreate,
  TemplateDetail,
  TemplateQuery,
  TemplateSummary,
  TemplateVersionView,
} from './checklist';

/**
 * The checklist module's API: 检查清单 (versioned templates 类别 → 项目 → 检查要点 with Excel import
 * and export, the shipped reference checklists) and 企业自查 (plans on a cycle, runs item by item,
 * failures turned into hazards, 自查自改自报 statistics).
 */
const TemplateId = z.object({ id: Uuid.meta({ description: '检查清单编号（UUID）' }) });
const VersionId = z.object({ id: Uuid.meta({ description: '清单版本编号（UUID）' }) });
const PlanId = z.object({ id: Uuid.meta({ description: '自查计划编号（UUID）' }) });
const RunId = z.object({ id: Uuid.meta({ description: '自查记录编号（UUID）' }) });
const RunItemId = z.object({ id: Uuid.meta({ description: '自查记录编号（UUID）' }), itemId: Uuid.meta({ description: '检查项编号（UUID）' }) });
const OptionalBody = <T extends z.ZodObject>(s: T) => s.optional().meta({ description: '可省略' });

export const checklistApi = defineApi('checklist', {
  // ---------- templates ----------
  listTemplates: { method: 'GET', path: '/api/checklists', permission: 'checklist.read', summary: '检查清单（按行业领域）', query: TemplateQuery, response: z.array(TemplateSummary) },
  createTemplate: { method: 'POST', path: '/api/checklists', permission: 'checklist.manage', summary: '新建检查清单（第 1 版草稿）', body: TemplateCreate, response: TemplateVersionView, status: 201 },
  importTemplate: {
    method: 'GET',
    path: '/api/checklists/import-template.xlsx',
    permission: 'checklist.read',
    summary: '检查清单导入模板（Excel，市安委办格式）',
    response: { file: [XLSX_MIME], description: '导入模板 .xlsx' },
  },
  import: {
    method: 'POST',
    path: '/api/checklists/import',
    permission: 'checklist.manage',
    summary: '导入检查清单（Excel，逐行校验；templateId 导入到该清单的草稿，否则新建清单）',
    query: ImportQuery,
    body: { multipart: { files: { file: { description: '检查清单 .xlsx' } } } },
    response: ChecklistImportReport,
  },
  installReference: {
    method: 'POST',
    path: '/api/checklists/reference/install',
    permission: 'checklist.install',
    summary: '安装内置参考检查清单（已存在的跳过）',
    body: NoBody,
    response: InstallResult,
  },
  getVersion: { method: 'GET', path: '/api/checklists/versions/:id', permission: 'checklist.read', summary: '清单版本（含全部检查项）', params: VersionId, response: TemplateVersionView },
  updateDraft: { method: 'PATCH', path: '/api/checklists/versions/:id', permission: 'checklist.manage', summary: '编辑草稿（已发布的版本不可修改）', params: VersionId, body: DraftUpdate, response: TemplateVersionView },
  publish: {
    method: 'POST',
    path: '/api/checklists/versions/:id/publish',
    permission: 'checklist.manage',
    summary: '发布草稿（成为现行版本，原版本转为历史版本）',
    params: VersionId,
    body: OptionalBody(PublishInput),
    response: TemplateVersionView,
  },
  deleteDraft: { method: 'DELETE', path: '/api/checklists/versions/:id', permission: 'checklist.manage', summary: '删除草稿', params: VersionId, response: DeleteDraftResult },
  exportVersion: {
    method: 'GET',
    path: '/api/checklists/versions/:id/export.xlsx',
    permission: 'checklist.read',
    summary: '导出清单版本（Excel，市安委办格式）',
    params: VersionId,
    response: { file: [XLSX_MIME], description: '检查清单 .xlsx' },
  },
  getTemplate: { method: 'GET', path: '/api/checklists/:id', permission: 'checklist.read', summary: '检查清单及其版本', params: TemplateId, response: TemplateDetail },
  createDraft: { method: 'POST', path: '/api/checklists/:id/versions', permission: 'checklist.manage', summary: '新建版本（复制现行版本为草稿）', params: TemplateId, body: NoBody, response: TemplateVersionView, status: 201 },
  history: { method: 'GET', path: '/api/checklists/:id/history', permission: 'checklist.read', summary: '检查清单变更历史', params: TemplateId, response: z.array(AuditListItem) },

  // ---------- self-inspection ----------
  listPlans: { method: 'GET', path: '/api/self-inspection/plans', permission: 'selfcheck.read', summary: '企业自查计划（含本周期状态）', query: PlanQuery, response: z.array(PlanView) },
  createPlan: { method: 'POST', path: '/api/self-inspection/plans', permission: 'selfcheck.plan', summary: '新建自查计划（清单 + 周期 + 负责人）', body: PlanCreate, response: PlanView, status: 201 },
  getPlan: { method: 'GET', path: '/api/self-inspection/plans/:id', permission: 'selfcheck.read', summary: '自查计划', params: PlanId, response: PlanView },
  updatePlan: { method: 'PATCH', path: '/api/self-inspection/plans/:id', permission: 'selfcheck.plan', summary: '修改或停用自查计划', params: PlanId, body: PlanUpdate, response: PlanView },
  startRun: {
    method: 'POST',
    path: '/api/self-inspection/plans/:id/runs',
    permission: 'selfcheck.run',
    summary: '开始（或继续）本周期自查（新开始 201，继续已有的 200）',
    params: PlanId,
    body: NoBody,
    response: RunView,
    status: 201,
  },
  listRuns: { method: 'GET', path: '/api/self-inspection/runs', permission: 'selfcheck.read', summary: '自查记录', query: RunQuery, response: RunPage },
  getRun: { method: 'GET', path: '/api/self-inspection/runs/:id', permission: 'selfcheck.read', summary: '自查记录详情（逐项结果）', params: RunId, response: RunView },
  saveResult: {
    method: 'PUT',
    path: '/api/self-inspection/runs/:id/items/:itemId',
    permission: 'selfcheck.run',
    summary: '填写一项检查结果（合格/不合格/不适用）',
    params: RunItemId,
    body: ResultInput,
    response: RunItemView,
  },
  uploadPhoto: {
    method: 'POST',
    path: '/api/self-inspection/runs/:id/photos',
    permission: 'selfcheck.run',
    summary: '上传自查照片（JPG/PNG/WebP/GIF，最大 10 MB）',
    params: RunId,
    body: { multipart: { files: { file: { description: '照片' } } } },
    response: StoredFile,
    status: 201,
  },
  submitRun: {
    method: 'POST',
    path: '/api/self-inspection/runs/:id/submit',
    permission: 'selfcheck.run',
    summary: '提交自查（不合格项转为隐患）',
    params: RunId,
    body: OptionalBody(SubmitInput),
    response: RunView,
  },
  tally: { method: 'GET', path: '/api/self-inspection/tally', permission: 'selfcheck.read', summary: '自查自改自报统计', query: StatsQuery, response: TallyView },
  completion: { method: 'GET', path: '/api/self-inspection/completion', permission: 'selfcheck.stats', summary: '自查完成率（按街道、按行业领域）', query: StatsQuery, response: CompletionView },
  behind: { method: 'GET', path: '/api/self-inspection/behind', permission: 'selfcheck.stats', summary: '未按计划完成自查的企业', query: StatsQuery, response: z.array(BehindRow) },
});
