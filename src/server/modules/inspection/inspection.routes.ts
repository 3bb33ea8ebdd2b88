import type { FastifyInstance } from 'fastify';
import { registerApi } from '../../platform/api';
import type { AppDeps } from '../../platform/deps';
import { readUpload } from '../../platform/files';
import { inspectionApi } from '../../../shared/contracts/inspection.api';
import * as cases from './inspection.cases';
import * as credit from './inspection.credit';
import * as plans from './inspection.plans';
import * as directory from './inspection.directory';
import { documentFile, inspectionRecord } from './inspection.documents';
import * as draws from './inspection.draws';
import * as field from './inspection.field';
import { exportStats, inspectionStats } from './inspection.stats';

/** Thin routes: the contract table (shared/contracts/inspection.api.ts) validated the input; call the service. */
export async function inspectionRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  registerApi(app, inspectionApi, {
    targets: ({ ctx, query }) => directory.listTargets(deps, ctx, query),
    setClass: ({ ctx, params, body }) => directory.setClass(deps, ctx, params.enterpriseId, body),
    inspectors: ({ ctx }) => directory.listInspectors(deps, ctx),
    saveInspector: ({ ctx, params, body }) => directory.saveInspector(deps, ctx, params.userId, body),
    addConflict: ({ ctx, params, body }) => directory.addConflict(deps, ctx, params.userId, body),
    removeConflict: ({ ctx, params }) => directory.removeConflict(deps, ctx, params.userId, params.conflictId),
    draws: ({ ctx, query }) => draws.listDraws(deps, ctx, query),
    createDraw: ({ ctx, body }) => draws.createDraw(deps, ctx, body),
    draw: ({ ctx, params }) => draws.getDraw(deps, ctx, params.id),
    executeDraw: ({ ctx, params }) => draws.executeDraw(deps, ctx, params.id),
    verifyDraw: ({ ctx, params }) => draws.verifyDraw(deps, ctx, params.id),
    publicInspections: ({ reply }) => {
      reply.header('Cache-Control', 'public, max-age=60, stale-while-revalidate=300');
      return draws.publicInspections(deps);
    },
    inspections: ({ ctx, query }) => field.listInspections(deps, ctx, query),
    createInspection: ({ ctx, body }) => field.createInspection(deps, ctx, body),
    inspection: ({ ctx, params }) => field.getInspection(deps, ctx, params.id),
    startInspection: ({ ctx, params }) => field.startInspection(deps, ctx, params.id),
    uploadPhoto: async ({ ctx, params, req }) => field.uploadPhoto(deps, ctx, params.id, await readUpload(req, { maxBytes: 10 * 1024 * 1024, field: 'file' })),
    submitInspection: ({ ctx, params, body }) => field.submitInspection(deps, ctx, params.id, body),
    inspectionRecord: ({ ctx, params }) => inspectionRecord(deps, ctx, params.id),
    cases: ({ ctx, query }) => cases.listCases(deps, ctx, query),
    openCase: ({ ctx, body }) => cases.openCase(deps, ctx, body),
    case: ({ ctx, params }) => cases.getCase(deps, ctx, params.id),
    caseStep: ({ ctx, params, body }) => cases.caseStep(deps, ctx, params.id, body),
    legalReview: ({ ctx, params, body }) => cases.legalReview(deps, ctx, params.id, body),
    issueDocument: ({ ctx, params, body }) => cases.issueCaseDocument(deps, ctx, params.id, body),
    documentFile: ({ ctx, params }) => documentFile(deps, ctx, params.id),
    discretion: () => cases.discretionTable(deps),
    stats: ({ ctx, query }) => inspectionStats(deps, ctx, query),
    statsExport: ({ ctx, query }) => exportStats(deps, ctx, query),
    plans: ({ ctx, query }) => plans.listPlans(deps, ctx, query),
    createPlan: ({ ctx, body }) => plans.createPlan(deps, ctx, body),
    plan: ({ ctx, params }) => plans.getPlan(deps, ctx, params.id),
    updatePlan: ({ ctx, params, body }) => plans.updatePlan(deps, ctx, params.id, body),
    submitPlan: ({ ctx, params }) => plans.submitPlan(deps, ctx, params.id),
    reviewPlan: ({ ctx, params, body }) => plans.reviewPlan(deps, ctx, params.id, body),
    dishonestList: ({ ctx, query }) => credit.listDishonest(deps, ctx, query),
    addDishonest: ({ ctx, body }) => credit.addDishonest(deps, ctx, body),
    applyRepair: ({ ctx, params, body }) => credit.applyRepair(deps, ctx, params.id, body),
    reviewRepair: ({ ctx, params, body }) => credit.reviewRepair(deps, ctx, params.id, body),
    publicEnforcement: ({ reply }) => {
      reply.header('Cache-Control', 'public, max-age=60, stale-while-revalidate=300');
      return credit.publicEnforcement(deps);
    },
  });
}
