import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IsoDate, Page, PageSize, Text, Uuid } from '../../shared/contracts/common';
import { UserCreate, UserQuery, UserUpdate } from '../../shared/contracts/users';
import { listAudit, verifyAuditChain } from './audit';
import type { AppDeps } from './deps';
import { attachmentHeader } from './excel';
import { readFileForActor } from './files';
import * as users from './users.service';

const IdParams = z.object({ id: Uuid });
const AuditQuery = z.object({
  entity: Text(40).optional(),
  entityId: Text(64).optional(),
  action: Text(60).optional(),
  actor: Text(64).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  page: Page,
  pageSize: PageSize,
});

/** Users (admin), audit viewer, files. */
export async function userRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/api/users', { config: { permission: 'user.manage' }, schema: { summary: '用户列表', querystring: UserQuery } }, async (req) => users.listUsers(deps, req.ctx, req.query));
  app.post('/api/users', { config: { permission: 'user.manage' }, schema: { summary: '新建用户（不填密码则生成并只显示一次）', body: UserCreate } }, async (req, reply) =>
    reply.status(201).send(await users.createUser(deps, req.ctx, req.body)),
  );
  app.get('/api/users/:id', { config: { permission: 'user.manage' }, schema: { summary: '用户详情', params: IdParams } }, async (req) =>
    users.getUser(deps, req.ctx, (req.params as { id: string }).id),
  );
  app.patch('/api/users/:id', { config: { permission: 'user.manage' }, schema: { summary: '修改用户（角色、单位、停用）', params: IdParams, body: UserUpdate } }, async (req) =>
    users.updateUser(deps, req.ctx, (req.params as { id: string }).id, req.body),
  );
  app.post(
    '/api/users/:id/reset-password',
    { config: { permission: 'user.manage' }, schema: { summary: '重置密码（下次登录须修改）', params: IdParams, body: z.object({ password: z.string().max(128).optional() }).strict().optional() } },
    async (req) => users.resetPassword(deps, req.ctx, (req.params as { id: string }).id, (req.body as { password?: string }) ?? {}),
  );
  app.post('/api/users/:id/unlock', { config: { permission: 'user.manage' }, schema: { summary: '解除登录锁定', params: IdParams } }, async (req) =>
    users.unlockUser(deps, req.ctx, (req.params as { id: string }).id),
  );
}

export async function auditRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/api/audit', { config: { permission: 'audit.read' }, schema: { summary: '审计日志（安委办看本辖区，管理员看全部）', querystring: AuditQuery } }, async (req) => {
    const q = req.query as z.infer<typeof AuditQuery>;
    const actor = req.ctx.actor!;
    const regionPrefix = actor.scope.kind === 'all' ? undefined : actor.regionCode;
    const r = await listAudit(deps.db, { ...q, regionPrefix });
    return { ...r, page: q.page, pageSize: q.pageSize };
  });
  app.post('/api/audit/verify', { config: { permission: 'system.read' }, schema: { summary: '校验审计哈希链（SM3）' } }, async () => verifyAuditChain(deps.database));
}

export async function fileRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/api/files/:id', { schema: { summary: '下载附件', params: IdParams } }, async (req, reply) => {
    const f = await readFileForActor(deps, req.ctx, (req.params as { id: string }).id);
    const inline = f.mime.startsWith('image/') || f.mime === 'application/pdf';
    reply
      .header('Content-Type', f.mime)
      .header('Content-Disposition', inline ? attachmentHeader(f.name).replace(/^attachment/, 'inline') : attachmentHeader(f.name))
      .header('Cache-Control', 'private, max-age=3600');
    return reply.send(f.data);
  });
}
