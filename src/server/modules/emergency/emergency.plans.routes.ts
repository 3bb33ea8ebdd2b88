import type { AppDeps } from '../../platform/deps';
import type { Handlers } from '../../platform/api';
import { parseOrThrow } from '../../platform/errors';
import { readUpload } from '../../platform/files';
import { planDrillEndpoints } from '../../../shared/contracts/emergency.plans.api';
import { PlanVersionFields } from '../../../shared/contracts/emergency.plans';
import type { ApiTable } from '../../../shared/contracts/endpoint';
import * as plans from './emergency.plans';
import * as drills from './emergency.drills';

type Api = ApiTable<typeof planDrillEndpoints>;

/** Thin handlers of 预案 and 演练 (registered with the rest of the emergency table in emergency.routes.ts). */
export function planDrillHandlers(deps: AppDeps) {
  return {
    planList: ({ ctx, query }) => plans.listPlans(deps, ctx, query),
    planCreate: ({ ctx, body }) => plans.createPlan(deps, ctx, body),
    planDashboard: ({ ctx }) => plans.planDashboard(deps, ctx),
    planGet: ({ ctx, params }) => plans.getPlan(deps, ctx, params.id),
    planUpdate: ({ ctx, params, body }) => plans.updatePlan(deps, ctx, params.id, body),
    planUploadVersion: async ({ ctx, params, req }) => {
      const file = await readUpload(req, { maxBytes: 20 * 1024 * 1024, field: 'file' });
      const fields = parseOrThrow(PlanVersionFields, file.fields);
      return plans.uploadVersion(deps, ctx, params.id, file, fields.note);
    },
    planSubmit: ({ ctx, params }) => plans.submitPlan(deps, ctx, params.id),
    planReview: ({ ctx, params, body }) => plans.reviewPlan(deps, ctx, params.id, body),
    planDelete: ({ ctx, params }) => plans.deletePlan(deps, ctx, params.id),
    planNeedsRevision: ({ ctx, params, body }) => plans.markNeedsRevision(deps, ctx, params.id, body.reason),
    drillList: ({ ctx, query }) => drills.listDrills(deps, ctx, query),
    drillActive: ({ ctx }) => drills.activeDrills(deps, ctx),
    drillCreate: ({ ctx, body }) => drills.createDrill(deps, ctx, body),
    drillGet: ({ ctx, params }) => drills.getDrill(deps, ctx, params.id),
    drillUpdate: ({ ctx, params, body }) => drills.updateDrill(deps, ctx, params.id, body),
    drillDelete: ({ ctx, params }) => drills.deleteDrill(deps, ctx, params.id),
    drillStart: ({ ctx, params }) => drills.startDrill(deps, ctx, params.id),
    drillEnd: ({ ctx, params }) => drills.endDrill(deps, ctx, params.id),
    drillTimeline: ({ ctx, params, body }) => drills.addTimeline(deps, ctx, params.id, body),
    drillPhoto: async ({ ctx, params, req }) => drills.addPhoto(deps, ctx, params.id, await readUpload(req, { maxBytes: 10 * 1024 * 1024, field: 'file' })),
    drillEvaluate: ({ ctx, params, body }) => drills.evaluateDrill(deps, ctx, params.id, body),
    drillImprovementHazard: ({ ctx, params, body }) => drills.improvementToHazard(deps, ctx, params.id, params.no, body),
  } satisfies Handlers<Api>;
}
