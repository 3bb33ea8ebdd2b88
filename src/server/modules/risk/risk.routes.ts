import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { attachmentHeader } from '../../platform/excel';
import { readUpload } from '../../platform/files';
import { parseOrThrow } from '../../platform/errors';
import { Uuid } from '../../../shared/contracts/common';
import { CardQuery, HazardSourceQuery, RiskPointQuery } from '../../../shared/contracts/risk';
import * as service from './risk.service';
import * as sources from './major-hazard.service';
import { cardDocx } from './risk.cards';

const IdParams = z.object({ id: Uuid });
const TokenParams = z.object({ token: z.string().max(100) });
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const id = (req: { params: unknown }) => (req.params as { id: string }).id;

/** Thin routes: parse, call the service, present. */
export async function riskRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // ---------- rules ----------
  app.get('/api/risk/rules', { config: { permission: 'risk.read' }, schema: { summary: '风险分级规则（LEC/LS 因子表、分级与四色对应、企业风险等级规则）' } }, async (req) => service.getRules(deps, req.ctx));
  app.put('/api/risk/rules', { config: { permission: 'risk.config' }, schema: { summary: '修改风险分级规则（安委办）' } }, async (req) => service.updateRules(deps, req.ctx, req.body));

  // ---------- statistics ----------
  app.get('/api/risk/stats', { config: { permission: 'risk.read' }, schema: { summary: '四色分布（按风险点与企业，按属地与行业领域）' } }, async (req) => service.riskStats(deps, req.ctx));
  app.get('/api/risk/map', { config: { permission: 'risk.read' }, schema: { summary: '企业风险分布图（经纬度与风险等级）' } }, async (req) => service.riskMap(deps, req.ctx));

  // ---------- risk points ----------
  app.get('/api/risk/points', { config: { permission: 'risk.read' }, schema: { summary: '风险点清单（筛选、分页）', querystring: RiskPointQuery } }, async (req) => service.listRiskPoints(deps, req.ctx, req.query));
  app.post('/api/risk/points', { config: { permission: 'risk.write' }, schema: { summary: '新增风险点（可同时评价）' } }, async (req, reply) => reply.status(201).send(await service.createRiskPoint(deps, req.ctx, req.body)));
  app.get('/api/risk/points/:id', { config: { permission: 'risk.read' }, schema: { summary: '风险点详情（含管控措施、当前评价）', params: IdParams } }, async (req) => service.getRiskPoint(deps, req.ctx, id(req)));
  app.patch('/api/risk/points/:id', { config: { permission: 'risk.write' }, schema: { summary: '修改风险点（管控措施整体替换）', params: IdParams } }, async (req) => service.updateRiskPoint(deps, req.ctx, id(req), req.body));
  app.post('/api/risk/points/:id/assessments', { config: { permission: 'risk.write' }, schema: { summary: '评价/复评风险点（LEC 或 LS；原评价留存为历史）', params: IdParams } }, async (req, reply) =>
    reply.status(201).send(await service.assessRiskPoint(deps, req.ctx, id(req), req.body)),
  );
  app.get('/api/risk/points/:id/assessments', { config: { permission: 'risk.read' }, schema: { summary: '风险点评价历史', params: IdParams } }, async (req) => service.listAssessmentsOf(deps, req.ctx, id(req)));
  app.get('/api/risk/points/:id/history', { config: { permission: 'risk.read' }, schema: { summary: '风险点变更记录（审计）', params: IdParams } }, async (req) => service.pointHistory(deps, req.ctx, id(req)));
  app.get('/api/risk/points/:id/card', { config: { permission: 'risk.read' }, schema: { summary: '风险告知卡/岗位应急处置卡（打印用，含二维码）', params: IdParams, querystring: CardQuery } }, async (req) =>
    service.riskCard(deps, req.ctx, id(req), req.query),
  );
  app.get('/api/risk/points/:id/card.docx', { config: { permission: 'risk.read' }, schema: { summary: '风险告知卡/岗位应急处置卡（Word）', params: IdParams, querystring: CardQuery } }, async (req, reply) => {
    const { type } = parseOrThrow(CardQuery, req.query, '查询参数');
    const card = await service.cardSource(deps, req.ctx, id(req), type);
    const buf = await cardDocx(card);
    reply.header('Content-Type', DOCX_MIME).header('Content-Disposition', attachmentHeader(`${card.title}-${card.point.code}.docx`));
    return reply.send(buf);
  });
  app.post('/api/risk/points/:id/card-token', { config: { permission: 'risk.write' }, schema: { summary: '重新生成告知卡二维码（旧卡失效）', params: IdParams } }, async (req) => service.rotateCardToken(deps, req.ctx, id(req)));

  // The page behind the QR code posted on site: no login, the unguessable token is the key.
  app.get('/public/api/risk-cards/:token', { config: { public: true }, schema: { summary: '公开的风险告知卡（扫码查看，仅含现场张贴的内容）', params: TokenParams, querystring: CardQuery } }, async (req) =>
    service.publicRiskCard(deps, (req.params as { token: string }).token, req.query),
  );

  // ---------- 重大危险源 ----------
  app.get('/api/risk/sources', { config: { permission: 'risk.read' }, schema: { summary: '重大危险源清单', querystring: HazardSourceQuery } }, async (req) => sources.listHazardSources(deps, req.ctx, req.query));
  app.post('/api/risk/sources', { config: { permission: 'risk.write' }, schema: { summary: '登记重大危险源（S、R、等级由服务器按 GB 18218-2018 计算）' } }, async (req, reply) =>
    reply.status(201).send(await sources.createHazardSource(deps, req.ctx, req.body)),
  );
  app.get('/api/risk/sources/:id', { config: { permission: 'risk.read' }, schema: { summary: '重大危险源详情（物质、设施、备案、评估历史）', params: IdParams } }, async (req) => sources.getHazardSource(deps, req.ctx, id(req)));
  app.patch('/api/risk/sources/:id', { config: { permission: 'risk.write' }, schema: { summary: '修改/复核重大危险源', params: IdParams } }, async (req) => sources.updateHazardSource(deps, req.ctx, id(req), req.body));
  app.get('/api/risk/sources/:id/history', { config: { permission: 'risk.read' }, schema: { summary: '重大危险源变更记录（审计）', params: IdParams } }, async (req) => sources.hazardSourceHistory(deps, req.ctx, id(req)));
  app.post('/api/risk/sources/:id/filings', { config: { permission: 'risk.write' }, schema: { summary: '登记备案（JSON，或 multipart 带附件）', params: IdParams } }, async (req, reply) => {
    if (req.isMultipart()) {
      const up = await readUpload(req, { maxBytes: deps.config.uploadMaxBytes });
      return reply.status(201).send(await sources.addFiling(deps, req.ctx, id(req), up.fields, up));
    }
    return reply.status(201).send(await sources.addFiling(deps, req.ctx, id(req), req.body));
  });
}
