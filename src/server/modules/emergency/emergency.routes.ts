import type { FastifyInstance, FastifyRequest } from 'fastify';
import { registerApi, type Handlers } from '../../platform/api';
import type { RequestContext } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import { parseOrThrow } from '../../platform/errors';
import { readUpload } from '../../platform/files';
import { emergencyApi } from '../../../shared/contracts/emergency.api';
import { ImportFields, type ResourceQuery } from '../../../shared/contracts/emergency';
import { RESOURCE_LABELS, type ResourceKind } from '../../../shared/emergency/catalog';
import { dateStamp } from '../../../shared/time';
import * as resources from './emergency.resources';
import type { KindTypes } from './emergency.resources';
import { exportResources, importResources, templateFile } from './emergency.excel';
import { searchAll } from './emergency.search';
import * as liaisons from './emergency.liaisons';
import * as assessment from './emergency.assessment';
import * as duty from './emergency.duty';
import * as accidents from './emergency.accidents';
import * as resourceMap from './emergency.map';
import { planDrillHandlers } from './emergency.plans.routes';

type Api = typeof emergencyApi;

/** Thin routes: the contract table (shared/contracts/emergency.api.ts) validated the input; call the service. */
export async function emergencyRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  /** The eight handlers of one database (list, create, import, export, template, get, update, remove), typed by kind. */
  const database = <K extends ResourceKind>(kind: K) => ({
    list: ({ ctx, query }: { ctx: RequestContext; query: ResourceQuery }) => resources.listResources(deps, ctx, kind, query),
    create: ({ ctx, body }: { ctx: RequestContext; body: KindTypes[K]['input'] }) => resources.createResource(deps, ctx, kind, body),
    importFile: async ({ ctx, req }: { ctx: RequestContext; req: FastifyRequest }) => {
      const file = await readUpload(req, { maxBytes: Math.min(deps.config.uploadMaxBytes, 20 * 1024 * 1024), field: 'file' });
      return importResources(deps, ctx, kind, file.buffer, parseOrThrow(ImportFields, file.fields));
    },
    exportFile: async ({ ctx, query }: { ctx: RequestContext; query: Partial<ResourceQuery> }) => ({ body: await exportResources(deps, ctx, kind, query), fileName: `${RESOURCE_LABELS[kind]}-${dateStamp(deps.clock.now())}.xlsx` }),
    template: async () => ({ body: await templateFile(kind), fileName: `${RESOURCE_LABELS[kind]}导入模板.xlsx` }),
    get: ({ ctx, params }: { ctx: RequestContext; params: { id: string } }) => resources.getResource(deps, ctx, kind, params.id),
    update: ({ ctx, params, body }: { ctx: RequestContext; params: { id: string }; body: KindTypes[K]['update'] }) => resources.updateResource(deps, ctx, kind, params.id, body),
    remove: ({ ctx, params }: { ctx: RequestContext; params: { id: string } }) => resources.deleteResource(deps, ctx, kind, params.id),
  });
  const team = database('teams');
  const material = database('materials');
  const expert = database('experts');
  const regulation = database('regulations');
  const kase = database('cases');
  const handlers = {
    search: ({ ctx, query }) => searchAll(deps, ctx, query),
    teamList: team.list,
    teamCreate: team.create,
    teamImportFile: team.importFile,
    teamExportFile: team.exportFile,
    teamTemplate: team.template,
    teamGet: team.get,
    teamUpdate: team.update,
    teamRemove: team.remove,
    materialList: material.list,
    materialCreate: material.create,
    materialImportFile: material.importFile,
    materialExportFile: material.exportFile,
    materialTemplate: material.template,
    materialGet: material.get,
    materialUpdate: material.update,
    materialRemove: material.remove,
    expertList: expert.list,
    expertCreate: expert.create,
    expertImportFile: expert.importFile,
    expertExportFile: expert.exportFile,
    expertTemplate: expert.template,
    expertGet: expert.get,
    expertUpdate: expert.update,
    expertRemove: expert.remove,
    regulationList: regulation.list,
    regulationCreate: regulation.create,
    regulationImportFile: regulation.importFile,
    regulationExportFile: regulation.exportFile,
    regulationTemplate: regulation.template,
    regulationGet: regulation.get,
    regulationUpdate: regulation.update,
    regulationRemove: regulation.remove,
    caseList: kase.list,
    caseCreate: kase.create,
    caseImportFile: kase.importFile,
    caseExportFile: kase.exportFile,
    caseTemplate: kase.template,
    caseGet: kase.get,
    caseUpdate: kase.update,
    caseRemove: kase.remove,
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
    // ---------- 值守、事故信息、资源地图 ----------
    dutyMonth: ({ ctx, query }) => duty.dutyMonth(deps, ctx, query),
    dutyCreate: ({ ctx, body }) => duty.createShift(deps, ctx, body),
    dutyFill: ({ ctx, body }) => duty.fillMonth(deps, ctx, body),
    dutyNow: ({ ctx }) => duty.dutyNow(deps, ctx),
    dutyExport: async ({ ctx, query }) => {
      const f = await duty.rosterFile(deps, ctx, query);
      return { body: f.body, fileName: `应急值班表-${f.month}.xlsx` };
    },
    handovers: ({ ctx, query }) => duty.listHandovers(deps, ctx, query),
    handoverCreate: ({ ctx, body }) => duty.recordHandover(deps, ctx, body),
    dutyUpdate: ({ ctx, params, body }) => duty.updateShift(deps, ctx, params.id, body),
    dutyRemove: ({ ctx, params }) => duty.removeShift(deps, ctx, params.id),
    accidents: ({ ctx, query }) => accidents.listAccidents(deps, ctx, query),
    accidentCreate: ({ ctx, body }) => accidents.reportAccident(deps, ctx, body),
    accidentStats: ({ ctx, query }) => accidents.accidentStats(deps, ctx, query),
    accidentStatsExport: async ({ ctx, query }) => {
      const f = await accidents.statsFile(deps, ctx, query);
      return { body: f.body, fileName: `事故统计-${f.year}年${f.month}月.xlsx` };
    },
    accidentGet: ({ ctx, params }) => accidents.getAccident(deps, ctx, params.id),
    accidentReport: ({ ctx, params, body }) => accidents.addAccidentReport(deps, ctx, params.id, body),
    resourceMap: ({ ctx, query }) => resourceMap.resourceMap(deps, ctx, query),
    nearby: ({ ctx, query }) => resourceMap.nearby(deps, ctx, query),

    // ---------- 预案与演练 ----------
    ...planDrillHandlers(deps),
  } satisfies Handlers<Api>;
  registerApi(app, emergencyApi, handlers);
}
