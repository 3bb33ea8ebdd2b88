import type { FastifyInstance } from 'fastify';
import { registerApi } from '../../platform/api';
import type { AppDeps } from '../../platform/deps';
import { readUpload } from '../../platform/files';
import { hazardApi } from '../../../shared/contracts/hazard.api';
import { HAZARD_STANDARDS } from '../../../shared/hazard/standards';
import { dateStamp } from '../../../shared/time';
import * as service from './hazard.service';
import { PHOTO_MAX_BYTES } from './hazard.service';
import { exportHazards } from './hazard.excel';
import { hazardStatistics, publicSupervisionList, reportFigures, reportFile, reportSubmissions, submitReport } from './hazard.report';

/** Thin routes: the contract table (shared/contracts/hazard.api.ts) validated the input; call the service. */
export async function hazardRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const upload = (req: Parameters<typeof readUpload>[0]) => readUpload(req, { maxBytes: PHOTO_MAX_BYTES, field: 'file' });
  registerApi(app, hazardApi, {
    list: ({ ctx, query }) => service.listHazards(deps, ctx, query),
    create: ({ ctx, body }) => service.createHazard(deps, ctx, body),
    uploadPhoto: async ({ ctx, req }) => service.uploadHazardFile(deps, ctx, await upload(req), 'photo'),
    uploadDocument: async ({ ctx, req }) => service.uploadHazardFile(deps, ctx, await upload(req), 'document'),
    standards: () => HAZARD_STANDARDS,
    stats: ({ ctx, query }) => hazardStatistics(deps, ctx, query),
    export: async ({ ctx, query }) => ({ body: await exportHazards(deps, ctx, query), fileName: `隐患台账-${dateStamp(deps.clock.now())}.xlsx` }),
    report: async ({ ctx, query }) => {
      const r = await reportFile(deps, ctx, query);
      return { body: r.buffer, fileName: r.fileName, mediaType: r.mediaType };
    },
    reportFigures: ({ ctx, query }) => reportFigures(deps, ctx, query),
    submitReport: ({ ctx, body }) => submitReport(deps, ctx, body),
    reportSubmissions: ({ ctx, query }) => reportSubmissions(deps, ctx, query),
    // Public (no login): current 挂牌 and recently 摘牌 重大隐患, minimal fields, no personal data.
    publicSupervision: ({ reply }) => {
      reply.header('Cache-Control', 'public, max-age=60, stale-while-revalidate=300');
      return publicSupervisionList(deps);
    },
    get: ({ ctx, params }) => service.getHazard(deps, ctx, params.id),
    history: ({ ctx, params }) => service.hazardHistory(deps, ctx, params.id),
    addFile: async ({ ctx, params, req }) => service.addHazardFile(deps, ctx, params.id, await upload(req)),
    confirm: ({ ctx, params, body }) => service.confirmHazard(deps, ctx, params.id, body),
    dismiss: ({ ctx, params, body }) => service.dismissHazard(deps, ctx, params.id, body),
    fixOnSpot: ({ ctx, params, body }) => service.fixOnSpot(deps, ctx, params.id, body),
    startRectification: ({ ctx, params, body }) => service.startRectification(deps, ctx, params.id, body),
    updateRectification: ({ ctx, params, body }) => service.updateRectification(deps, ctx, params.id, body),
    requestAcceptance: ({ ctx, params, body }) => service.requestAcceptance(deps, ctx, params.id, body),
    accept: ({ ctx, params, body }) => service.acceptHazard(deps, ctx, params.id, body),
    reject: ({ ctx, params, body }) => service.rejectAcceptance(deps, ctx, params.id, body),
    requestExtension: ({ ctx, params, body }) => service.requestExtension(deps, ctx, params.id, body),
    decideExtension: ({ ctx, params, body }) => service.decideExtension(deps, ctx, params.id, body),
    regrade: ({ ctx, params, body }) => service.regradeHazard(deps, ctx, params.id, body),
    addAction: ({ ctx, params, body }) => service.addAction(deps, ctx, params.id, body),
    setPlan: ({ ctx, params, body }) => service.setPlan(deps, ctx, params.id, body),
    supervise: ({ ctx, params, body }) => service.superviseHazard(deps, ctx, params.id, body),
    orderStop: ({ ctx, params, body }) => service.orderStop(deps, ctx, params.id, body),
    applyResume: ({ ctx, params, body }) => service.applyResume(deps, ctx, params.id, body),
    decideResume: ({ ctx, params, body }) => service.decideResume(deps, ctx, params.id, body),
    updateAction: ({ ctx, params, body }) => service.updateAction(deps, ctx, params.id, params.actionId, body),
    deleteAction: ({ ctx, params }) => service.deleteAction(deps, ctx, params.id, params.actionId),
  });
}
