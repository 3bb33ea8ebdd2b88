import type { FastifyInstance } from 'fastify';
import { registerApi } from '../../platform/api';
import type { AppDeps } from '../../platform/deps';
import { readUpload } from '../../platform/files';
import { orgApi } from '../../../shared/contracts/org.api';
import { dateStamp } from '../../../shared/time';
import * as service from './org.service';
import { enterpriseTemplate, exportEnterprises, importEnterprises } from './org.excel';

/** Thin routes: the contract table (shared/contracts/org.api.ts) validated the input; call the service. */
export async function orgRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  registerApi(app, orgApi, {
    tree: ({ ctx }) => service.orgTree(deps, ctx),
    updateUnit: ({ ctx, params, body }) => service.updateUnit(deps, ctx, params.id, body),
    listEnterprises: ({ ctx, query }) => service.listEnterprises(deps, ctx, query),
    enterpriseStats: ({ ctx }) => service.enterpriseStatistics(deps, ctx),
    createEnterprise: ({ ctx, body }) => service.createEnterprise(deps, ctx, body),
    exportEnterprises: ({ ctx, query }) => ({ body: exportEnterprises(deps, ctx, query), fileName: `企业名录-${dateStamp(deps.clock.now())}.xlsx` }),
    importTemplate: async () => ({ body: await enterpriseTemplate(deps), fileName: '企业名录导入模板.xlsx' }),
    importEnterprises: async ({ ctx, query, req }) => {
      const upload = await readUpload(req, { maxBytes: deps.config.uploadMaxBytes });
      return importEnterprises(deps, ctx, upload.buffer, { skipInvalid: query.skipInvalid === 'true', dryRun: query.dryRun === 'true' });
    },
    getEnterprise: ({ ctx, params }) => service.getEnterprise(deps, ctx, params.id),
    updateEnterprise: ({ ctx, params, body }) => service.updateEnterprise(deps, ctx, params.id, body),
    enterpriseHistory: ({ ctx, params }) => service.enterpriseHistory(deps, ctx, params.id),
  });
}
