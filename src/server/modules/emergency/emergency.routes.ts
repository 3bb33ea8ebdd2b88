import type { FastifyInstance } from 'fastify';
import { registerApi, type Handler } from '../../platform/api';
import type { AppDeps } from '../../platform/deps';
import { parseOrThrow } from '../../platform/errors';
import { readUpload } from '../../platform/files';
import { emergencyApi } from '../../../shared/contracts/emergency.api';
import { ImportFields } from '../../../shared/contracts/emergency';
import { RESOURCE_LABELS, type ResourceKind } from '../../../shared/emergency/catalog';
import { dateStamp } from '../../../shared/time';
import * as resources from './emergency.resources';
import { exportResources, importResources, templateFile } from './emergency.excel';
import { searchAll } from './emergency.search';
import * as liaisons from './emergency.liaisons';
import * as assessment from './emergency.assessment';
import type { Endpoint } from '../../../shared/contracts/endpoint';

type Api = typeof emergencyApi;
const PREFIX: Record<ResourceKind, string> = { teams: 'team', materials: 'material', experts: 'expert', regulations: 'regulation', cases: 'case' };

/** Thin routes: the contract table (shared/contracts/emergency.api.ts) validated the input; call the service. */
export async function emergencyRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  /** The eight handlers of one database (list, create, import, export, template, get, update, remove). */
  const database = (kind: ResourceKind) => {
    const p = PREFIX[kind];
    const h: Record<string, Handler<Endpoint>> = {
      [`${p}List`]: ({ ctx, query }) => resources.listResources(deps, ctx, kind, query as never) as never,
      [`${p}Create`]: ({ ctx, body }) => resources.createResource(deps, ctx, kind, body as never) as never,
      [`${p}ImportFile`]: async ({ ctx, req }) => {
        const file = await readUpload(req, { maxBytes: Math.min(deps.config.uploadMaxBytes, 20 * 1024 * 1024), field: 'file' });
        const fields = parseOrThrow(ImportFields, file.fields);
        return importResources(deps, ctx, kind, file.buffer, fields) as never;
      },
      [`${p}ExportFile`]: async ({ ctx, query }) => ({ body: await exportResources(deps, ctx, kind, query as never), fileName: `${RESOURCE_LABELS[kind]}-${dateStamp(deps.clock.now())}.xlsx` }) as never,
      [`${p}Template`]: async () => ({ body: await templateFile(kind), fileName: `${RESOURCE_LABELS[kind]}导入模板.xlsx` }) as never,
      [`${p}Get`]: ({ ctx, params }) => resources.getResource(deps, ctx, kind, (params as { id: string }).id) as never,
      [`${p}Update`]: ({ ctx, params, body }) => resources.updateResource(deps, ctx, kind, (params as { id: string }).id, body as never) as never,
      [`${p}Remove`]: ({ ctx, params }) => resources.deleteResource(deps, ctx, kind, (params as { id: string }).id) as never,
    };
    return h;
  };
  const handlers = {
    search: ({ ctx, query }) => searchAll(deps, ctx, query),
    ...database('teams'),
    ...database('materials'),
    ...database('experts'),
    ...database('regulations'),
    ...database('cases'),
    materialMove: ({ ctx, params, body }) => resources.moveStock(deps, ctx, params.id, body),
    materialMovements: ({ ctx, params }) => resources.listMovements(deps, ctx, params.id),
    liaisons: ({ ctx, query }) => liaisons.listLiaisons(deps, ctx, query),
    liaisonCreate: ({ ctx, body }) => liaisons.createLiaison(deps, ctx, body),
    liaisonExport: async ({ ctx, query }) => ({ body: await liaisons.rosterFile(deps, ctx, query), fileName: `应急联络花名册-${dateStamp(deps.clock.now())}.xlsx` }),
    liaisonUpdate: ({ ctx, params, body }) => liaisons.updateLiaison(deps, ctx, params.id, body),
    liaisonConfirm: ({ ctx, params }) => liaisons.confirmLiaison(deps, ctx, params.id),
    liaisonRemove: ({ ctx, params }) => liaisons.removeLiaison(deps, ctx, params.id),
    assessmentMine: ({ ctx, query }) => assessment.myAssessment(deps, ctx, query),
    assessmentSave: ({ ctx, body }) => assessment.saveAssessment(deps, ctx, body),
    assessmentOverview: ({ ctx, query }) => assessment.assessmentOverview(deps, ctx, query),
    assessmentOfUnit: ({ ctx, params, query }) => assessment.assessmentOfUnit(deps, ctx, params.id, query),
  } satisfies Partial<{ [K in keyof Api]: Handler<Api[K]> }> & Record<string, unknown>;
  registerApi(app, emergencyApi, handlers as never);
}
