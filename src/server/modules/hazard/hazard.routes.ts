import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RequestContext } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import { attachmentHeader, DOCX_MIME, XLSX_MIME } from '../../platform/excel';
import { parseOrThrow } from '../../platform/errors';
import { readUpload } from '../../platform/files';
import { Uuid } from '../../../shared/contracts/common';
import { HazardQuery, ReportQuery, StatsQuery } from '../../../shared/contracts/hazard';
import { HAZARD_STANDARDS } from '../../../shared/hazard/standards';
import * as service from './hazard.service';
import { PHOTO_MAX_BYTES } from './hazard.service';
import { exportHazards } from './hazard.excel';
import { hazardStatistics, publicSupervisionList, reportFigures, reportFile, reportSubmissions, submitReport } from './hazard.report';

const IdParams = z.object({ id: Uuid });
const ActionParams = z.object({ id: Uuid, actionId: Uuid });
const stamp = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');

/** Thin routes: parse, call the service, present. */
export async function hazardRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;

  app.get('/api/hazards', { config: { permission: 'hazard.read' }, schema: { summary: '隐患台账（筛选、排序、分页）', querystring: HazardQuery } }, async (req) =>
    service.listHazards(deps, req.ctx, req.query),
  );

  app.post('/api/hazards', { config: { permission: 'hazard.create' }, schema: { summary: '登记隐患（企业自查、检查发现、举报、物联预警；立查立改）' } }, async (req, reply) => {
    const v = await service.createHazard(deps, req.ctx, req.body);
    return reply.status(201).send(v);
  });

  app.post('/api/hazards/photos', { config: { permission: 'hazard.create' }, schema: { summary: '上传隐患照片（登记前，JPG/PNG/WebP/GIF，10 MB 以内）' } }, async (req, reply) => {
    const up = await readUpload(req, { maxBytes: PHOTO_MAX_BYTES, field: 'file' });
    return reply.status(201).send(await service.uploadHazardFile(deps, req.ctx, up, 'photo'));
  });

  app.post('/api/hazards/documents', { config: { permission: 'hazard.create' }, schema: { summary: '上传隐患材料（复产申请、评估报告：PDF/Word/Excel/图片）' } }, async (req, reply) => {
    const up = await readUpload(req, { maxBytes: PHOTO_MAX_BYTES, field: 'file' });
    return reply.status(201).send(await service.uploadHazardFile(deps, req.ctx, up, 'document'));
  });

  app.get('/api/hazards/standards', { config: { permission: 'hazard.read' }, schema: { summary: '重大事故隐患判定标准（逐条）' } }, async () => HAZARD_STANDARDS);

  app.get('/api/hazards/stats', { config: { permission: 'hazard.stats' }, schema: { summary: '隐患统计：按状态、等级、属地、行业领域的整改率与超期率', querystring: StatsQuery } }, async (req) =>
    hazardStatistics(deps, req.ctx, req.query),
  );

  app.get('/api/hazards/export.xlsx', { config: { permission: 'hazard.export' }, schema: { summary: '导出隐患台账（Excel，流式）', querystring: HazardQuery.partial() } }, async (req, reply) => {
    const q = parseOrThrow(HazardQuery.partial(), req.query, '查询参数');
    const stream = await exportHazards(deps, req.ctx, q);
    reply.header('Content-Type', XLSX_MIME).header('Content-Disposition', attachmentHeader(`隐患台账-${stamp()}.xlsx`));
    return reply.send(stream);
  });

  app.get('/api/hazards/report', { config: { permission: 'hazard.stats' }, schema: { summary: '隐患排查治理统计分析表（16号令第十四条；季度/年度，Excel 或 Word）', querystring: ReportQuery } }, async (req, reply) => {
    const r = await reportFile(deps, req.ctx, req.query);
    reply.header('Content-Type', r.format === 'docx' ? DOCX_MIME : XLSX_MIME).header('Content-Disposition', attachmentHeader(r.fileName));
    return reply.send(r.buffer);
  });

  app.get('/api/hazards/report/figures', { config: { permission: 'hazard.stats' }, schema: { summary: '统计分析表数据（预览）', querystring: ReportQuery } }, async (req) => reportFigures(deps, req.ctx, req.query));

  app.post('/api/hazards/report/submit', { config: { permission: 'hazard.create' }, schema: { summary: '企业报送统计分析表（主要负责人签字确认）' } }, async (req, reply) =>
    reply.status(201).send(await submitReport(deps, req.ctx, req.body)),
  );

  app.get('/api/hazards/report/submissions', { config: { permission: 'hazard.stats' }, schema: { summary: '统计分析表报送情况', querystring: ReportQuery.pick({ year: true, quarter: true }) } }, async (req) =>
    reportSubmissions(deps, req.ctx, req.query),
  );

  // Public (no login): current 挂牌 and recently 摘牌 重大隐患, minimal fields, no personal data.
  app.get('/public/api/hazard-supervision', { config: { public: true }, schema: { summary: '重大事故隐患挂牌督办公示（公开）' } }, async (_req, reply) => {
    reply.header('Cache-Control', 'public, max-age=60, stale-while-revalidate=300');
    return publicSupervisionList(deps);
  });

  app.get('/api/hazards/:id', { config: { permission: 'hazard.read' }, schema: { summary: '隐患详情', params: IdParams } }, async (req) => service.getHazard(deps, req.ctx, id(req)));
  app.get('/api/hazards/:id/history', { config: { permission: 'hazard.read' }, schema: { summary: '隐患审计记录', params: IdParams } }, async (req) => service.hazardHistory(deps, req.ctx, id(req)));

  app.post('/api/hazards/:id/photos', { config: { permission: 'hazard.work' }, schema: { summary: '上传隐患照片或材料（kind=before|after|document）', params: IdParams } }, async (req, reply) => {
    const up = await readUpload(req, { maxBytes: PHOTO_MAX_BYTES, field: 'file' });
    return reply.status(201).send(await service.addHazardFile(deps, req.ctx, id(req), up));
  });

  const steps: [string, string, string, (d: AppDeps, c: RequestContext, i: string, b: unknown) => Promise<unknown>][] = [
    ['confirm', 'hazard.work', '确认定级（重大隐患须注明判定标准条款）', service.confirmHazard],
    ['dismiss', 'hazard.work', '不予确认（不构成隐患）', service.dismissHazard],
    ['fix-on-spot', 'hazard.work', '立查立改销号（一般隐患，附整改后照片）', service.fixOnSpot],
    ['rectification', 'hazard.work', '落实五落实并开始整改（措施、责任、资金、时限、预案）', service.startRectification],
    ['rectification/update', 'hazard.work', '修改五落实', service.updateRectification],
    ['request-acceptance', 'hazard.work', '申请验收', service.requestAcceptance],
    ['accept', 'hazard.work', '验收通过（销号；挂牌的同时摘牌）', service.acceptHazard],
    ['reject', 'hazard.work', '验收不通过（退回整改）', service.rejectAcceptance],
    ['extension', 'hazard.work', '申请延期', service.requestExtension],
    ['extension/decide', 'hazard.work', '审批延期', service.decideExtension],
    ['regrade', 'hazard.work', '重新定级', service.regradeHazard],
    ['actions', 'hazard.work', '新增整改措施', service.addAction],
    ['plan', 'hazard.work', '重大隐患治理方案（六项内容）', service.setPlan],
    ['supervision', 'hazard.supervise', '挂牌督办', service.superviseHazard],
    ['stop', 'hazard.work', '责令全部/局部停产停业', service.orderStop],
    ['resume', 'hazard.work', '复产书面申请', service.applyResume],
    ['resume/decide', 'hazard.work', '复产审批', service.decideResume],
  ];
  for (const [path, permission, summary, fn] of steps) {
    app.post(`/api/hazards/:id/${path}`, { config: { permission }, schema: { summary, params: IdParams } }, async (req) => fn(deps, req.ctx, id(req), req.body));
  }

  app.patch('/api/hazards/:id/actions/:actionId', { config: { permission: 'hazard.work' }, schema: { summary: '完成/重新打开整改措施', params: ActionParams } }, async (req) => {
    const p = req.params as { id: string; actionId: string };
    return service.updateAction(deps, req.ctx, p.id, p.actionId, req.body);
  });
  app.delete('/api/hazards/:id/actions/:actionId', { config: { permission: 'hazard.work' }, schema: { summary: '删除未完成的整改措施', params: ActionParams } }, async (req) => {
    const p = req.params as { id: string; actionId: string };
    return service.deleteAction(deps, req.ctx, p.id, p.actionId);
  });
}
