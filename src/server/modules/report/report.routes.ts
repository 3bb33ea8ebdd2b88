import type { FastifyInstance } from 'fastify';
import { registerApi } from '../../platform/api';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { findNulPath } from '../../platform/http';
import { reportApi } from '../../../shared/contracts/report.api';
import { REPORT_CATEGORIES } from '../../../shared/report/categories';
import { dateStamp } from '../../../shared/time';
import * as service from './report.service';
import * as handling from './report.handling';
import * as admin from './report.admin';
import * as o311 from './report.open311';
import { readSubmission } from './report.upload';

/** Thin routes from the contract table (shared/contracts/report.api.ts). */
export async function reportRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { o311Discovery, o311Services, o311Service, o311Post, o311Requests, o311Request, o311Token, ...main } = reportApi;
  registerApi(app, main, {
    categories: ({ reply }) => {
      reply.header('Cache-Control', 'public, max-age=3600');
      return REPORT_CATEGORIES.map((c) => ({ code: c.code, name: c.name, description: c.description, group: c.group }));
    },
    submit: async ({ ctx, req }) => service.submitReport(deps, ctx, await readSubmission(req)),
    track: ({ params, reply }) => {
      reply.header('Cache-Control', 'no-store');
      return service.trackReport(deps, params.code);
    },
    list: ({ ctx, query }) => service.listReports(deps, ctx, query),
    export: async ({ ctx, query }) => ({ body: await admin.exportReports(deps, ctx, query), fileName: `举报台账-${dateStamp(deps.clock.now())}.xlsx` }),
    stats: ({ ctx, query }) => admin.reportStatistics(deps, ctx, query),
    statsExport: async ({ ctx, query }) => ({ body: await admin.exportStatistics(deps, ctx, query), fileName: `举报统计-${dateStamp(deps.clock.now())}.xlsx` }),
    sla: ({ ctx }) => admin.getSla(deps, ctx),
    updateSla: ({ ctx, body }) => admin.updateSla(deps, ctx, body),
    holidays: ({ ctx }) => admin.listHolidays(deps, ctx),
    addHoliday: ({ ctx, body }) => admin.addHoliday(deps, ctx, body),
    deleteHoliday: ({ ctx, params }) => admin.deleteHoliday(deps, ctx, params.date),
    apiKeys: ({ ctx }) => admin.listApiKeys(deps, ctx),
    createApiKey: ({ ctx, body }) => admin.createApiKey(deps, ctx, body),
    revokeApiKey: ({ ctx, params }) => admin.revokeApiKey(deps, ctx, params.id),
    get: ({ ctx, params }) => service.getReport(deps, ctx, params.id),
    photo: ({ ctx, params }) => service.photoFile(deps, ctx, params.id, params.photoId),
    identity: ({ ctx, params }) => handling.revealIdentity(deps, ctx, params.id),
    accept: ({ ctx, params }) => handling.acceptReport(deps, ctx, params.id),
    recategorize: ({ ctx, params, body }) => handling.recategorizeReport(deps, ctx, params.id, body),
    verify: ({ ctx, params, body }) => handling.verifyReport(deps, ctx, params.id, body),
    reply: ({ ctx, params, body }) => handling.replyReport(deps, ctx, params.id, body),
    createHazard: ({ ctx, params, body }) => handling.createHazardFromReport(deps, ctx, params.id, body),
    linkHazard: ({ ctx, params, body }) => handling.linkHazard(deps, ctx, params.id, body),
    openCase: ({ ctx, params, body }) => handling.openEnforcementCase(deps, ctx, params.id, body),
    proposeReward: ({ ctx, params, body }) => handling.proposeReward(deps, ctx, params.id, body),
    decideReward: ({ ctx, params, body }) => handling.decideReward(deps, ctx, params.id, body),
    payReward: ({ ctx, params, body }) => handling.payReward(deps, ctx, params.id, body),
  });

  // Open311 GeoReport v2: its own context for the spec's error list and form-encoded bodies.
  await app.register(async (o) => {
    o.setErrorHandler(o311.open311ErrorHandler);
    o.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
      const form: Record<string, unknown> = {};
      const attribute: Record<string, string | string[]> = {};
      for (const [k, v] of new URLSearchParams(body as string)) {
        const m = /^attribute\[([^\]]{1,40})\](\[\])?$/.exec(k);
        if (m) {
          const prev = attribute[m[1]];
          attribute[m[1]] = m[2] ? [...(Array.isArray(prev) ? prev : prev ? [prev] : []), v] : v;
        } else if (!(k in form)) form[k] = v;
      }
      if (Object.keys(attribute).length) form.attribute = attribute;
      const nul = findNulPath(form);
      if (nul) return done(new AppError('VALIDATION', `${nul}：不能包含空字符`), undefined);
      done(null, form);
    });
    const base = (req: { protocol: string; hostname: string }) => `${req.protocol}://${req.hostname}`;
    registerApi(o, { o311Discovery, o311Services, o311Service, o311Post, o311Requests, o311Request, o311Token }, {
      o311Discovery: ({ params, req, reply }) => o311.answer(reply, params.format, 'discovery', o311.discovery(base(req))),
      o311Services: ({ params, query, reply }) => o311.answer(reply, params.format, 'services', o311.services(query)),
      o311Service: ({ params, query, reply }) => o311.answer(reply, params.format, 'service_definition', o311.serviceDefinition(params.service_code, query)),
      o311Post: async ({ ctx, params, body, reply }) => o311.answer(reply, params.format, 'service_requests', await o311.postRequest(deps, ctx, body)),
      o311Requests: async ({ params, query, reply }) => o311.answer(reply, params.format, 'service_requests', await o311.getRequests(deps, query)),
      o311Request: async ({ params, query, reply }) => o311.answer(reply, params.format, 'service_requests', await o311.getRequest(deps, params.service_request_id, query)),
      o311Token: async ({ params, query, reply }) => o311.answer(reply, params.format, 'service_requests', await o311.getToken(deps, params.token, query)),
    });
  });
}
