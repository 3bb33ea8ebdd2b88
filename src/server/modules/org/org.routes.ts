import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { attachmentHeader, XLSX_MIME } from '../../platform/excel';
import { readUpload } from '../../platform/files';
import { parseOrThrow } from '../../platform/errors';
import { EnterpriseQuery } from '../../../shared/contracts/org';
import { Phone, Text, Uuid } from '../../../shared/contracts/common';
import * as service from './org.service';
import { enterpriseTemplate, exportEnterprises, importEnterprises } from './org.excel';

const IdParams = z.object({ id: Uuid });
const ImportFlags = z.object({
  skipInvalid: z.enum(['true', 'false']).default('false'),
  dryRun: z.enum(['true', 'false']).default('false'),
});
const UnitPatch = z
  .object({
    name: Text(100, 2).optional(),
    shortName: Text(50, 2).optional(),
    aliases: z.array(Text(100, 1)).max(50).optional(),
    contactName: Text(50).nullable().optional(),
    contactPhone: Phone.nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();

const stamp = () => new Date().toISOString().slice(0, 10).replace(/-/g, '');

/** Thin routes: parse, call the service, present. */
export async function orgRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/api/org/tree', { config: { permission: 'org.read' }, schema: { summary: '组织机构：区划、单位、行业领域' } }, async (req) => service.orgTree(deps, req.ctx));

  app.patch(
    '/api/org/units/:id',
    { config: { permission: 'org.manage' }, schema: { summary: '修改单位（名称、别名、联络人）', params: IdParams, body: UnitPatch } },
    async (req) => service.updateUnit(deps, req.ctx, (req.params as { id: string }).id, req.body as z.infer<typeof UnitPatch>),
  );

  app.get('/api/enterprises', { config: { permission: 'enterprise.read' }, schema: { summary: '企业名录（筛选、搜索、分页）', querystring: EnterpriseQuery } }, async (req) =>
    service.listEnterprises(deps, req.ctx, req.query),
  );

  app.get('/api/enterprises/stats', { config: { permission: 'enterprise.read' }, schema: { summary: '企业统计（按行业领域、属地、状态、风险等级）' } }, async (req) =>
    service.enterpriseStatistics(deps, req.ctx),
  );

  app.post('/api/enterprises', { config: { permission: 'enterprise.create' }, schema: { summary: '登记企业' } }, async (req, reply) => {
    const v = await service.createEnterprise(deps, req.ctx, req.body);
    return reply.status(201).send(v);
  });

  app.get('/api/enterprises/export.xlsx', { config: { permission: 'enterprise.read' }, schema: { summary: '导出企业名录（Excel）', querystring: EnterpriseQuery.partial() } }, async (req, reply) => {
    const q = parseOrThrow(EnterpriseQuery.partial(), req.query, '查询参数');
    reply.header('Content-Type', XLSX_MIME).header('Content-Disposition', attachmentHeader(`企业名录-${stamp()}.xlsx`));
    return reply.send(exportEnterprises(deps, req.ctx, q));
  });

  app.get('/api/enterprises/import-template.xlsx', { config: { permission: 'enterprise.import' }, schema: { summary: '企业导入模板（Excel）' } }, async (_req, reply) => {
    reply.header('Content-Type', XLSX_MIME).header('Content-Disposition', attachmentHeader('企业名录导入模板.xlsx'));
    return reply.send(await enterpriseTemplate(deps));
  });

  app.post(
    '/api/enterprises/import',
    { config: { permission: 'enterprise.import' }, schema: { summary: '导入企业（Excel，逐行校验；dryRun 预检，skipInvalid 跳过错误行）', querystring: ImportFlags } },
    async (req) => {
      const flags = req.query as z.infer<typeof ImportFlags>;
      const upload = await readUpload(req, { maxBytes: deps.config.uploadMaxBytes });
      return importEnterprises(deps, req.ctx, upload.buffer, { skipInvalid: flags.skipInvalid === 'true', dryRun: flags.dryRun === 'true' });
    },
  );

  app.get('/api/enterprises/:id', { config: { permission: 'enterprise.read' }, schema: { summary: '企业详情', params: IdParams } }, async (req) =>
    service.getEnterprise(deps, req.ctx, (req.params as { id: string }).id),
  );

  app.patch('/api/enterprises/:id', { config: { permission: 'enterprise.write' }, schema: { summary: '修改企业信息', params: IdParams } }, async (req) =>
    service.updateEnterprise(deps, req.ctx, (req.params as { id: string }).id, req.body),
  );

  app.get('/api/enterprises/:id/history', { config: { permission: 'enterprise.read' }, schema: { summary: '企业信息变更历史', params: IdParams } }, async (req) =>
    service.enterpriseHistory(deps, req.ctx, (req.params as { id: string }).id),
  );
}
