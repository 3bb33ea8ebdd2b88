import type { FastifyInstance } from 'fastify';
import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { requireActor, type RequestContext } from './access';
import type { AppDeps } from './deps';
import { notFound } from './errors';
import { recordAudit } from './audit';
import { notifications } from './platform.schema';
import { notificationsApi } from '../../shared/contracts/platform.api';
import { registerApi } from './api';

export interface NotifyInput {
  /** one user, or every user of a unit */
  userId?: string | null;
  unitId?: string | null;
  kind: string;
  title: string;
  body?: string;
  link?: string | null;
  /** the same key twice is one notification (idempotent reminders) */
  dedupeKey?: string;
}

/** Add an in-app notification inside the caller's transaction; returns false when the dedupe key existed. */
export async function notify(tx: DbOrTx, deps: AppDeps, n: NotifyInput): Promise<boolean> {
  const r = await tx
    .insert(notifications)
    .values({ userId: n.userId ?? null, unitId: n.unitId ?? null, kind: n.kind, title: n.title, body: n.body ?? '', link: n.link ?? null, dedupeKey: n.dedupeKey ?? null })
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  if (r.length) deps.events.publish({ type: 'notification', userId: n.userId ?? null, unitId: n.unitId ?? null, payload: { id: r[0].id, title: n.title } });
  return r.length > 0;
}

function mine(ctx: RequestContext) {
  const a = requireActor(ctx);
  return a.unitId ? or(eq(notifications.userId, a.userId), and(isNull(notifications.userId), eq(notifications.unitId, a.unitId))) : eq(notifications.userId, a.userId);
}

/** My notifications (mine and my unit's), newest first, with the unread count. */
export async function listMyNotifications(deps: AppDeps, ctx: RequestContext, q: { pageSize: number; unread?: 'true' | 'false' }) {
  const where = q.unread === 'true' ? and(mine(ctx), isNull(notifications.readAt)) : mine(ctx);
  const [items, [{ unread }]] = await Promise.all([
    deps.db.select().from(notifications).where(where).orderBy(desc(notifications.createdAt)).limit(q.pageSize),
    deps.db.select({ unread: sql<number>`count(*)::int` }).from(notifications).where(and(mine(ctx), isNull(notifications.readAt))),
  ]);
  return {
    unread,
    items: items.map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link, readAt: n.readAt?.toISOString() ?? null, createdAt: n.createdAt.toISOString() })),
  };
}

export async function markRead(deps: AppDeps, ctx: RequestContext, id: string): Promise<{ ok: true }> {
  await deps.db.transaction(async (tx) => {
    const r = await tx.update(notifications).set({ readAt: deps.clock.now() }).where(and(eq(notifications.id, id), mine(ctx))).returning({ id: notifications.id });
    if (!r.length) throw notFound('通知');
    await recordAudit(tx, ctx, { action: 'notification.read', entity: 'notification', entityId: id });
  });
  return { ok: true };
}

export async function markAllRead(deps: AppDeps, ctx: RequestContext): Promise<{ ok: true }> {
  await deps.db.transaction(async (tx) => {
    const r = await tx.update(notifications).set({ readAt: deps.clock.now() }).where(and(mine(ctx), isNull(notifications.readAt))).returning({ id: notifications.id });
    if (r.length) await recordAudit(tx, ctx, { action: 'notification.read_all', entity: 'notification', after: { count: r.length } });
  });
  return { ok: true };
}

export async function notificationRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  registerApi(app, notificationsApi, {
    list: ({ ctx, query }) => listMyNotifications(deps, ctx, query),
    read: ({ ctx, params }) => markRead(deps, ctx, params.id),
    readAll: ({ ctx }) => markAllRead(deps, ctx),
  });
}
