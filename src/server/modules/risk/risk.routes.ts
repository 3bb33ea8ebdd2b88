import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps';
import { parseOrThrow } from '../../platform/errors';
import { readUpload } from '../../platform/files';
import { registerApi } from '../../platform/api';
import { riskApi } from '../../../shared/contracts/risk.api';
import { FilingFields } from '../../../shared/contracts/risk';
import * as service from './risk.service';
import * as sources from './major-hazard.service';
import { cardDocx } from './risk.cards';

/** Thin routes: the contract table (shared/contracts/risk.api.ts) validated the input; call the service. */
export async function riskRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  registerApi(app, riskApi, {
    rules: () => service.getRules(deps),
    updateRules: ({ ctx, body }) => service.updateRules(deps, ctx, body),
    stats: ({ ctx }) => service.riskStats(deps, ctx),
    map: ({ ctx }) => service.riskMap(deps, ctx),

    listPoints: ({ ctx, query }) => service.listRiskPoints(deps, ctx, query),
    createPoint: ({ ctx, body }) => service.createRiskPoint(deps, ctx, body),
    getPoint: ({ ctx, params }) => service.getRiskPoint(deps, ctx, params.id),
    updatePoint: ({ ctx, params, body }) => service.updateRiskPoint(deps, ctx, params.id, body),
    assess: ({ ctx, params, body }) => service.assessRiskPoint(deps, ctx, params.id, body),
    assessments: ({ ctx, params }) => service.listAssessmentsOf(deps, ctx, params.id),
    pointHistory: ({ ctx, params }) => service.pointHistory(deps, ctx, params.id),
    card: ({ ctx, params, query }) => service.riskCard(deps, ctx, params.id, query),
    cardDocx: async ({ ctx, params, query }) => {
      const card = await service.cardSource(deps, ctx, params.id, query.type);
      return { body: await cardDocx(card), fileName: `${card.title}-${card.point.code}.docx` };
    },
    rotateCardToken: ({ ctx, params }) => service.rotateCardToken(deps, ctx, params.id),
    // The page behind the QR code posted on site: no login, the unguessable token is the key.
    publicCard: ({ params, query }) => service.publicRiskCard(deps, params.token, query),

    listSources: ({ ctx, query }) => sources.listHazardSources(deps, ctx, query),
    createSource: ({ ctx, body }) => sources.createHazardSource(deps, ctx, body),
    getSource: ({ ctx, params }) => sources.getHazardSource(deps, ctx, params.id),
    updateSource: ({ ctx, params, body }) => sources.updateHazardSource(deps, ctx, params.id, body),
    sourceHistory: ({ ctx, params }) => sources.hazardSourceHistory(deps, ctx, params.id),
    addFiling: ({ ctx, params, body }) => sources.addFiling(deps, ctx, params.id, body),
    uploadFiling: async ({ ctx, params, req }) => {
      const up = await readUpload(req, { maxBytes: deps.config.uploadMaxBytes, field: 'file' });
      // multipart text fields are not validated by the route: check them against the same schema
      return sources.addFiling(deps, ctx, params.id, parseOrThrow(FilingFields, up.fields), up);
    },
  });
}
