import { needsDatabase } from './http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { can, permissionTable, requireActor, type RequestContext } from './access';
import { registerApi } from './api';
import { authApi, type PasswordBody } from '../../shared/contracts/platform.api';
import { AppError } from './errors';
import { LoginRateLimiter, SESSION_COOKIE, login, logout, resolveSession, endSessionsOfUser, type SessionInfo } from './auth';
import { users } from './platform.schema';
import { hashPassword, passwordPolicyProblem, verifyPassword } from './crypto';
import { recordAudit } from './audit';
import type { AppDeps } from './deps';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** no session needed (login, health, /public, Open311) */
    public?: boolean;
    /** permission checked before the handler runs (403 without it) */
    permission?: string;
  }
  interface FastifyRequest {
    ctx: RequestContext;
    session: SessionInfo | null;
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function clientIp(req: FastifyRequest): string {
  return req.ip ?? 'unknown';
}

/** Resolve the session of every request; enforce login, CSRF and the route's permission. */
export function installAuth(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (req) => {
    req.ctx = { actor: null, ip: clientIp(req), requestId: req.id };
    req.session = null;
    const cfg = req.routeOptions.config ?? {};
    const token = req.cookies?.[SESSION_COOKIE];
    let reason: string | undefined;
    // Liveness, readiness, the docs and the static UI answer without the database (a DB outage must
    // not fail them for a signed-in browser): the session is read only where the database is needed.
    if (token && needsDatabase(req.url)) {
      const found = await resolveSession(deps, token);
      if (found.ok) {
        req.session = found.session;
        req.ctx = { ...req.ctx, actor: found.session.actor };
      } else reason = found.reason;
    }
    // The OpenAPI docs UI (/api/docs) is public like the document it shows.
    const isApi = req.url.startsWith('/api/') && !req.url.startsWith('/api/docs');
    if (!isApi || cfg.public || req.is404) return;
    if (!req.session) {
      const msg = reason === 'idle' ? `会话因 ${deps.config.sessionIdleMinutes} 分钟无操作已超时，请重新登录` : reason === 'inactive' ? '账号已停用' : '请先登录';
      throw new AppError('UNAUTHENTICATED', msg);
    }
    if (MUTATING.has(req.method)) {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || header !== req.session.csrfToken) {
        throw new AppError('FORBIDDEN', 'CSRF 校验失败：请求缺少有效的 x-csrf-token 请求头，请刷新页面后重试');
      }
    }
    if (cfg.permission && !can(req.ctx.actor, cfg.permission)) throw new AppError('FORBIDDEN', '无权执行此操作');
  });
}

function setSessionCookie(reply: FastifyReply, req: FastifyRequest, token: string, maxAgeSeconds: number) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    maxAge: maxAgeSeconds,
  });
}

/** The permissions of an actor, computed once per actor object (sessions keep their actor cached). */
const permissionsOf = new WeakMap<NonNullable<RequestContext['actor']>, string[]>();

export function presentActor(actor: NonNullable<RequestContext['actor']>) {
  let permissions = permissionsOf.get(actor);
  if (!permissions) permissionsOf.set(actor, (permissions = [...permissionTable().keys()].filter((p) => can(actor, p))));
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    roles: actor.roles,
    unitId: actor.unitId,
    unitCode: actor.unitCode,
    unitName: actor.unitName,
    unitKind: actor.unitKind,
    enterpriseId: actor.enterpriseId,
    regionCode: actor.regionCode,
    sectors: actor.sectors,
    scope: actor.scope,
    permissions,
  };
}

/** Sign-in, sign-out, the current session and the own password: the contract table authApi (shared/contracts/platform.api.ts). */
export async function authRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const limiter = new LoginRateLimiter(deps.config.loginRatePerMinute);
  const session = (s: { actor: NonNullable<RequestContext['actor']>; csrfToken: string; mustChangePassword: boolean }) => ({
    user: presentActor(s.actor),
    csrfToken: s.csrfToken,
    mustChangePassword: s.mustChangePassword,
    idleMinutes: deps.config.sessionIdleMinutes,
  });

  registerApi(app, authApi, {
    login: async ({ req, reply, ctx, body }) => {
      if (!limiter.take(clientIp(req))) throw new AppError('RATE_LIMITED', '登录尝试过于频繁，请一分钟后再试');
      const r = await login(deps, ctx, body.username, body.password, req.headers['user-agent'] ?? null);
      setSessionCookie(reply, req, r.token, 12 * 3600);
      return session(r);
    },
    logout: async ({ req, reply, ctx }) => {
      if (req.session) await logout(deps, ctx, req.session.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
    me: ({ req }) => session(req.session!),
    changePassword: ({ req, ctx, body }) => changeOwnPassword(deps, ctx, req.session!.sessionId, body),
  });
}

/** Change the signed-in user's password; the user's other sessions end. */
export async function changeOwnPassword(deps: AppDeps, ctx: RequestContext, sessionId: string, body: PasswordBody): Promise<{ ok: true }> {
  const actor = requireActor(ctx);
  const [u] = await deps.db.select().from(users).where(eq(users.id, actor.userId));
  if (!(await verifyPassword(body.oldPassword, u.passwordHash))) {
    throw new AppError('VALIDATION', 'oldPassword：原密码不正确', [{ path: 'oldPassword', message: '原密码不正确' }]);
  }
  const problem = passwordPolicyProblem(body.newPassword, actor.username);
  if (problem) throw new AppError('VALIDATION', `newPassword：${problem}`, [{ path: 'newPassword', message: problem }]);
  const hash = await hashPassword(body.newPassword);
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    await tx.update(users).set({ passwordHash: hash, mustChangePassword: false, passwordChangedAt: now, updatedAt: now }).where(eq(users.id, actor.userId));
    // Other sessions of this user end: a changed password should lock out whoever knew the old one.
    await endSessionsOfUser(tx, actor.userId, sessionId);
    await recordAudit(tx, ctx, { action: 'auth.password_change', entity: 'user', entityId: actor.userId });
  });
  return { ok: true };
}
