import { z } from 'zod';
import { AuditListItem, defineApi, pageOf } from './endpoint';
import { Uuid } from './common';
import { PlanDraftListItem, PlanDraftQuery, PlanDraftView, PlanEditBody, PlanImportBody, PlanImportResult, PlanReparseBody } from './plan';

/**
 * The plan module's API (方案导入): upload a plan (.docx, .pdf or .txt), review and correct the
 * parsed task tree, import it as a campaign.
 */
const Id = z.object({ id: Uuid.meta({ description: '方案草稿编号（UUID）' }) });

export const planApi = defineApi('plan', {
  list: { method: 'GET', path: '/api/plans', permission: 'plan.manage', summary: '方案导入草稿列表（本辖区）', query: PlanDraftQuery, response: pageOf(PlanDraftListItem) },
  upload: {
    method: 'POST',
    path: '/api/plans',
    permission: 'plan.manage',
    summary: '上传方案（.docx、.pdf 或 .txt，UTF-8/GBK，≤10 MB）并解析为任务树草稿',
    body: { multipart: { files: { file: { description: '方案正文（Word .docx、带文字层的 PDF 或纯文本 .txt）' } } } },
    response: PlanDraftView,
    status: 201,
  },
  get: { method: 'GET', path: '/api/plans/:id', permission: 'plan.manage', summary: '方案草稿：原文、任务树、单位/时限/指标及其原文位置', params: Id, response: PlanDraftView },
  edit: {
    method: 'PATCH',
    path: '/api/plans/:id',
    permission: 'plan.manage',
    summary: '修改方案草稿（单位、时限、指标、标题/类型、拆分、合并、移动、删除；带版本号）',
    params: Id,
    body: PlanEditBody,
    response: PlanDraftView,
  },
  history: { method: 'GET', path: '/api/plans/:id/history', permission: 'plan.manage', summary: '方案草稿的修改记录', params: Id, response: z.array(AuditListItem) },
  reparse: {
    method: 'POST',
    path: '/api/plans/:id/reparse',
    permission: 'plan.manage',
    summary: '按当前组织机构库重新解析原文（已做的修改将被替换）',
    params: Id,
    body: PlanReparseBody.optional().meta({ description: '可省略；version 为编辑时的版本号' }),
    response: PlanDraftView,
  },
  import: {
    method: 'POST',
    path: '/api/plans/:id/import',
    permission: 'plan.manage',
    summary: '导入为专项行动（任务台账）；草稿随即标为已导入',
    params: Id,
    body: PlanImportBody.optional().meta({ description: '可省略；name 为专项行动名称' }),
    response: PlanImportResult,
    status: 201,
  },
  remove: { method: 'DELETE', path: '/api/plans/:id', permission: 'plan.manage', summary: '删除方案草稿（仅未导入的草稿）', params: Id, response: z.null(), status: 204 },
});
