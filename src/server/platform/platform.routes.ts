import type { FastifyInstance } from 'fastify';
import { auditApi, filesApi, usersApi } from '../../shared/contracts/platform.api';
import { registerApi } from './api';
import { listAudit, verifyAuditChain } from './audit';
import type { AppDeps } from './deps';
import { readFileForActor } from './files';
import * as users from './users.service';

/** Users (admin), audit viewer, files: thin routes from the contract table (shared/contracts/platform.api.ts). */
export async function userRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  registerApi(app, usersApi, {
    list: ({ ctx, query }) => users.listUsers(deps, ctx, query),
    create: ({ ctx, body }) => users.createUser(deps, ctx, body),
    get: ({ ctx, params }) => users.getUser(deps, ctx, params.id),
    update: ({ ctx, params, body }) => users.updateUser(deps, ctx, params.id, body),
    resetPassword: ({ ctx, params, body }) => users.resetPassword(deps, ctx, params.id, body ?? {}),
    unlock: ({ ctx, params }) => users.unlockUser(deps, ctx, params.id),
  });
}

export async function auditRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  registerApi(app, auditApi, {
    list: async ({ ctx, query }) => {
      const actor = ctx.actor!;
      const regionPrefix = actor.scope.kind === 'all' ? undefined : actor.regionCode;
      const r = await listAudit(deps.db, { ...query, regionPrefix });
      return { ...r, page: query.page, pageSize: query.pageSize };
    },
    verify: () => verifyAuditChain(deps.database),
  });
}

export async function fileRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  registerApi(app, filesApi, {
    download: async ({ ctx, params }) => {
      const f = await readFileForActor(deps, ctx, params.id);
      const inline = f.mime.startsWith('image/') || f.mime === 'application/pdf';
      return { body: f.data, fileName: f.name, mediaType: f.mime, inline, cacheControl: 'private, max-age=3600' };
    },
  });
}
