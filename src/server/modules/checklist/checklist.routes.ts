import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { attachmentHeader, XLSX_MIME } from '../../platform/excel';
import { readUpload } from '../../platform/files';
import { requirePermission } from '../../platform/access';
import { Text, Uuid } from '../../../shared/contracts/common';
import { DraftUpdate, PlanCreate, PlanQuery, PlanUpdate, PublishInput, ResultInput, RunQuery, StatsQuery, SubmitInput, TemplateCreate, TemplateQuery } from '../../../shared/contracts/checklist';
import * as templates from './checklist.service';
import * as selfcheck from './checklist.selfcheck';
import { checklistTemplateWorkbook, exportVersion, importChecklist } from './checklist.excel';
import { installReferenceChecklists } from './checklist.seed';
import { recordAudit } from '../../platform/audit';

const IdParams = z.object({ id: Uuid });
const RunItemParams = z.object({ id: Uuid, itemId: Uuid });
const ImportQuery = z.object({
  templateId: Uuid.optional(),
  sector: Text(40).optional(),
  name: Text(100, 2).optional(),
  dryRun: z.enum(['true', 'false']).default('false'),
});

/** Thin routes: parse, call the service, present. */
export async function checklistRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;

  // ---- templates ----
  app.get('/api/checklists', { config: { permission: 'checklist.read' }, schema: { summary: '检查清单（按行业领域）', querystring: TemplateQuery } }, async (req) =>
    templates.listTemplates(deps, req.ctx, req.query),
  );
  app.post('/api/checklists', { config: { permission: 'checklist.manage' }, schema: { summary: '新建检查清单（第 1 版草稿）', body: TemplateCreate } }, async (req, reply) =>
    reply.status(201).send(await templates.createTemplate(deps, req.ctx, req.body)),
  );
  app.get('/api/checklists/import-template.xlsx', { config: { permission: 'checklist.read' }, schema: { summary: '检查清单导入模板（Excel，市安委办格式）' } }, async (_req, reply) => {
    reply.header('Content-Type', XLSX_MIME).header('Content-Disposition', attachmentHeader('检查清单导入模板.xlsx'));
    return reply.send(await checklistTemplateWorkbook());
  });
  app.post(
    '/api/checklists/import',
    { config: { permission: 'checklist.manage' }, schema: { summary: '导入检查清单（Excel，逐行校验；templateId 导入到该清单的草稿，否则新建清单）', querystring: ImportQuery } },
    async (req) => {
      const q = req.query as z.infer<typeof ImportQuery>;
      const upload = await readUpload(req, { maxBytes: deps.config.uploadMaxBytes });
      return importChecklist(deps, req.ctx, upload.buffer, { templateId: q.templateId, sector: q.sector, name: q.name, dryRun: q.dryRun === 'true' });
    },
  );
  app.post('/api/checklists/reference/install', { config: { permission: 'checklist.install' }, schema: { summary: '安装内置参考检查清单（已存在的跳过）' } }, async (req) => {
    const actor = requirePermission(req.ctx, 'checklist.install');
    return deps.db.transaction(async (tx) => {
      const r = await installReferenceChecklists(tx, req.ctx, actor.regionCode.slice(0, 6));
      await recordAudit(tx, req.ctx, { action: 'checklist.install', entity: templates.AUDIT_ENTITY, entityId: null, regionCode: actor.regionCode, after: r });
      return r;
    });
  });
  app.get('/api/checklists/versions/:id', { config: { permission: 'checklist.read' }, schema: { summary: '清单版本（含全部检查项）', params: IdParams } }, async (req) =>
    templates.getVersion(deps, req.ctx, id(req)),
  );
  app.patch('/api/checklists/versions/:id', { config: { permission: 'checklist.manage' }, schema: { summary: '编辑草稿（已发布的版本不可修改）', params: IdParams, body: DraftUpdate } }, async (req) =>
    templates.updateDraft(deps, req.ctx, id(req), req.body),
  );
  app.post('/api/checklists/versions/:id/publish', { config: { permission: 'checklist.manage' }, schema: { summary: '发布草稿（成为现行版本，原版本转为历史版本）', params: IdParams, body: PublishInput.nullish() } }, async (req) =>
    templates.publishDraft(deps, req.ctx, id(req), req.body),
  );
  app.delete('/api/checklists/versions/:id', { config: { permission: 'checklist.manage' }, schema: { summary: '删除草稿', params: IdParams } }, async (req) =>
    templates.deleteDraft(deps, req.ctx, id(req)),
  );
  app.get('/api/checklists/versions/:id/export.xlsx', { config: { permission: 'checklist.read' }, schema: { summary: '导出清单版本（Excel，市安委办格式）', params: IdParams } }, async (req, reply) => {
    const { buffer, fileName } = await exportVersion(deps, req.ctx, id(req));
    reply.header('Content-Type', XLSX_MIME).header('Content-Disposition', attachmentHeader(fileName));
    return reply.send(buffer);
  });
  app.get('/api/checklists/:id', { config: { permission: 'checklist.read' }, schema: { summary: '检查清单及其版本', params: IdParams } }, async (req) => templates.getTemplate(deps, req.ctx, id(req)));
  app.post('/api/checklists/:id/versions', { config: { permission: 'checklist.manage' }, schema: { summary: '新建版本（复制现行版本为草稿）', params: IdParams } }, async (req, reply) =>
    reply.status(201).send(await templates.createDraft(deps, req.ctx, id(req))),
  );
  app.get('/api/checklists/:id/history', { config: { permission: 'checklist.read' }, schema: { summary: '检查清单变更历史', params: IdParams } }, async (req) =>
    templates.templateHistory(deps, req.ctx, id(req)),
  );

  // ---- self-inspection ----
  app.get('/api/self-inspection/plans', { config: { permission: 'selfcheck.read' }, schema: { summary: '企业自查计划（含本周期状态）', querystring: PlanQuery } }, async (req) =>
    selfcheck.listPlans(deps, req.ctx, req.query),
  );
  app.post('/api/self-inspection/plans', { config: { permission: 'selfcheck.plan' }, schema: { summary: '新建自查计划（清单 + 周期 + 负责人）', body: PlanCreate } }, async (req, reply) =>
    reply.status(201).send(await selfcheck.createPlan(deps, req.ctx, req.body)),
  );
  app.get('/api/self-inspection/plans/:id', { config: { permission: 'selfcheck.read' }, schema: { summary: '自查计划', params: IdParams } }, async (req) => selfcheck.getPlan(deps, req.ctx, id(req)));
  app.patch('/api/self-inspection/plans/:id', { config: { permission: 'selfcheck.plan' }, schema: { summary: '修改或停用自查计划', params: IdParams, body: PlanUpdate } }, async (req) =>
    selfcheck.updatePlan(deps, req.ctx, id(req), req.body),
  );
  app.post('/api/self-inspection/plans/:id/runs', { config: { permission: 'selfcheck.run' }, schema: { summary: '开始（或继续）本周期自查', params: IdParams } }, async (req, reply) => {
    const r = await selfcheck.startRun(deps, req.ctx, id(req));
    return reply.status(r.created ? 201 : 200).send(r.run);
  });
  app.get('/api/self-inspection/runs', { config: { permission: 'selfcheck.read' }, schema: { summary: '自查记录', querystring: RunQuery } }, async (req) => selfcheck.listRuns(deps, req.ctx, req.query));
  app.get('/api/self-inspection/runs/:id', { config: { permission: 'selfcheck.read' }, schema: { summary: '自查记录详情（逐项结果）', params: IdParams } }, async (req) => selfcheck.getRun(deps, req.ctx, id(req)));
  app.put('/api/self-inspection/runs/:id/items/:itemId', { config: { permission: 'selfcheck.run' }, schema: { summary: '填写一项检查结果（合格/不合格/不适用）', params: RunItemParams, body: ResultInput } }, async (req) => {
    const p = req.params as z.infer<typeof RunItemParams>;
    return selfcheck.saveResult(deps, req.ctx, p.id, p.itemId, req.body);
  });
  app.post('/api/self-inspection/runs/:id/photos', { config: { permission: 'selfcheck.run' }, schema: { summary: '上传自查照片（JPG/PNG/WebP/GIF，最大 10 MB）', params: IdParams } }, async (req, reply) => {
    const upload = await readUpload(req, { maxBytes: Math.min(selfcheck.PHOTO_MAX_BYTES, deps.config.uploadMaxBytes) });
    return reply.status(201).send(await selfcheck.uploadPhoto(deps, req.ctx, id(req), upload));
  });
  app.post('/api/self-inspection/runs/:id/submit', { config: { permission: 'selfcheck.run' }, schema: { summary: '提交自查（不合格项转为隐患）', params: IdParams, body: SubmitInput.nullish() } }, async (req) =>
    selfcheck.submitRun(deps, req.ctx, id(req), req.body),
  );
  app.get('/api/self-inspection/tally', { config: { permission: 'selfcheck.read' }, schema: { summary: '自查自改自报统计', querystring: StatsQuery } }, async (req) => selfcheck.tally(deps, req.ctx, req.query));
  app.get('/api/self-inspection/completion', { config: { permission: 'selfcheck.stats' }, schema: { summary: '自查完成率（按街道、按行业领域）', querystring: StatsQuery } }, async (req) =>
    selfcheck.completion(deps, req.ctx, req.query),
  );
  app.get('/api/self-inspection/behind', { config: { permission: 'selfcheck.stats' }, schema: { summary: '未按计划完成自查的企业', querystring: StatsQuery } }, async (req) =>
    selfcheck.behind(deps, req.ctx, req.query),
  );
}
