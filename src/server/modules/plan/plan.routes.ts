import type { FastifyInstance } from 'fastify';
import { registerApi } from '../../platform/api';
import type { AppDeps } from '../../platform/deps';
import { readUpload } from '../../platform/files';
import { planApi } from '../../../shared/contracts/plan.api';
import { MAX_PLAN_BYTES } from '../../../shared/plan/index';
import * as service from './plan.service';

/** Thin routes: the contract table (shared/contracts/plan.api.ts) validated the input; call the service. */
export async function planRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  registerApi(app, planApi, {
    list: ({ ctx, query }) => service.listDrafts(deps, ctx, query),
    // one byte over the parser's limit: the parser itself answers "超过 10 MB" with its message
    upload: async ({ ctx, req }) => service.uploadPlan(deps, ctx, await readUpload(req, { maxBytes: MAX_PLAN_BYTES + 1 })),
    get: ({ ctx, params }) => service.getDraft(deps, ctx, params.id),
    edit: ({ ctx, params, body }) => service.editDraft(deps, ctx, params.id, body),
    history: ({ ctx, params }) => service.draftHistory(deps, ctx, params.id),
    reparse: ({ ctx, params, body }) => service.reparseDraft(deps, ctx, params.id, body ?? {}),
    import: ({ ctx, params, body }) => service.importDraft(deps, ctx, params.id, body ?? {}),
    remove: async ({ ctx, params }) => {
      await service.deleteDraft(deps, ctx, params.id);
      return null;
    },
  });
}
