import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { readUpload } from '../../platform/files';
import { Uuid } from '../../../shared/contracts/common';
import { PlanDraftQuery, PlanEditBody, PlanImportBody, PlanReparseBody } from '../../../shared/contracts/plan';
import { MAX_PLAN_BYTES } from '../../../shared/plan/index';
import * as service from './plan.service';

const IdParams = z.object({ id: Uuid });
type Id = { id: string };

/** Thin routes: parse, call the service, present. */
export async function planRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const cfg = { permission: 'plan.manage' };

  app.get('/api/plans', { config: cfg, schema: { summary: '方案导入草稿列表（本辖区）', querystring: PlanDraftQuery } }, async (req) => service.listDrafts(deps, req.ctx, req.query));

  app.post(
    '/api/plans',
    { config: cfg, schema: { summary: '上传方案（.docx 或 .txt，UTF-8/GBK，≤10 MB）并解析为任务树草稿', consumes: ['multipart/form-data'] } },
    async (req, reply) => {
      // one byte over the parser's limit: the parser itself answers "超过 10 MB" with its message
      const upload = await readUpload(req, { maxBytes: MAX_PLAN_BYTES + 1 });
      return reply.status(201).send(await service.uploadPlan(deps, req.ctx, upload));
    },
  );

  app.get('/api/plans/:id', { config: cfg, schema: { summary: '方案草稿：原文、任务树、单位/时限/指标及其原文位置', params: IdParams } }, async (req) =>
    service.getDraft(deps, req.ctx, (req.params as Id).id),
  );

  app.patch(
    '/api/plans/:id',
    { config: cfg, schema: { summary: '修改方案草稿（单位、时限、指标、标题/类型、拆分、合并、移动、删除；带版本号）', params: IdParams, body: PlanEditBody } },
    async (req) => service.editDraft(deps, req.ctx, (req.params as Id).id, req.body),
  );

  app.get('/api/plans/:id/history', { config: cfg, schema: { summary: '方案草稿的修改记录', params: IdParams } }, async (req) => service.draftHistory(deps, req.ctx, (req.params as Id).id));

  app.post(
    '/api/plans/:id/reparse',
    { config: cfg, schema: { summary: '按当前组织机构库重新解析原文（已做的修改将被替换）', params: IdParams, body: PlanReparseBody.nullish() } },
    async (req) => service.reparseDraft(deps, req.ctx, (req.params as Id).id, req.body),
  );

  app.post(
    '/api/plans/:id/import',
    { config: cfg, schema: { summary: '导入为专项行动（任务台账）；草稿随即标为已导入', params: IdParams, body: PlanImportBody.nullish() } },
    async (req, reply) => reply.status(201).send(await service.importDraft(deps, req.ctx, (req.params as Id).id, req.body)),
  );

  app.delete('/api/plans/:id', { config: cfg, schema: { summary: '删除方案草稿（仅未导入的草稿）', params: IdParams } }, async (req, reply) => {
    await service.deleteDraft(deps, req.ctx, (req.params as Id).id);
    return reply.status(204).send();
  });
}
