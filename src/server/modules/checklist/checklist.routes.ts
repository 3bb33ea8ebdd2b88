import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps';
import { registerApi } from '../../platform/api';
import { readUpload } from '../../platform/files';
import { checklistApi } from '../../../shared/contracts/checklist.api';
import * as templates from './checklist.service';
import * as selfcheck from './checklist.selfcheck';
import { checklistTemplateWorkbook, exportVersion, importChecklist } from './checklist.excel';

/** Thin routes: the contract table (shared/contracts/checklist.api.ts) validated the input; call the service. */
export async function checklistRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  registerApi(app, checklistApi, {
    // ---- templates ----
    listTemplates: ({ ctx, query }) => templates.listTemplates(deps, ctx, query),
    createTemplate: ({ ctx, body }) => templates.createTemplate(deps, ctx, body),
    importTemplate: async () => ({ body: await checklistTemplateWorkbook(), fileName: '检查清单导入模板.xlsx' }),
    import: async ({ ctx, query, req }) => {
      const upload = await readUpload(req, { maxBytes: deps.config.uploadMaxBytes });
      return importChecklist(deps, ctx, upload.buffer, { templateId: query.templateId, sector: query.sector, name: query.name, dryRun: query.dryRun === 'true' });
    },
    installReference: ({ ctx }) => templates.installReference(deps, ctx),
    getVersion: ({ ctx, params }) => templates.getVersion(deps, ctx, params.id),
    updateDraft: ({ ctx, params, body }) => templates.updateDraft(deps, ctx, params.id, body),
    publish: ({ ctx, params, body }) => templates.publishDraft(deps, ctx, params.id, body),
    deleteDraft: ({ ctx, params }) => templates.deleteDraft(deps, ctx, params.id),
    exportVersion: async ({ ctx, params }) => {
      const { buffer, fileName } = await exportVersion(deps, ctx, params.id);
      return { body: buffer, fileName };
    },
    getTemplate: ({ ctx, params }) => templates.getTemplate(deps, ctx, params.id),
    createDraft: ({ ctx, params }) => templates.createDraft(deps, ctx, params.id),
    history: ({ ctx, params }) => templates.templateHistory(deps, ctx, params.id),

    // ---- self-inspection ----
    listPlans: ({ ctx, query }) => selfcheck.listPlans(deps, ctx, query),
    createPlan: ({ ctx, body }) => selfcheck.createPlan(deps, ctx, body),
    getPlan: ({ ctx, params }) => selfcheck.getPlan(deps, ctx, params.id),
    updatePlan: ({ ctx, params, body }) => selfcheck.updatePlan(deps, ctx, params.id, body),
    startRun: async ({ ctx, params, reply }) => {
      const r = await selfcheck.startRun(deps, ctx, params.id);
      // continuing the period's run already started: 200 (a new run: 201, the declared status)
      if (!r.created) return reply.code(200).send(r.run);
      return r.run;
    },
    listRuns: ({ ctx, query }) => selfcheck.listRuns(deps, ctx, query),
    getRun: ({ ctx, params }) => selfcheck.getRun(deps, ctx, params.id),
    saveResult: ({ ctx, params, body }) => selfcheck.saveResult(deps, ctx, params.id, params.itemId, body),
    uploadPhoto: async ({ ctx, params, req }) => {
      const upload = await readUpload(req, { maxBytes: Math.min(selfcheck.PHOTO_MAX_BYTES, deps.config.uploadMaxBytes) });
      return selfcheck.uploadPhoto(deps, ctx, params.id, upload);
    },
    submitRun: ({ ctx, params, body }) => selfcheck.submitRun(deps, ctx, params.id, body),
    tally: ({ ctx, query }) => selfcheck.tally(deps, ctx, query),
    completion: ({ ctx, query }) => selfcheck.completion(deps, ctx, query),
    behind: ({ ctx, query }) => selfcheck.behind(deps, ctx, query),
  });
}
