import { and, eq, lt, sql } from 'drizzle-orm';
import { rows } from '../db';
import { sessions, users } from './platform.schema';
import { scopeFor, type Actor, type RequestContext, type Role } from './access';
import { recordAudit } from './audit';
import { dummyPasswordHash, randomToken, sm3, verifyPassword } from './crypto';
import { AppError } from './errors';
import type { AppDeps } from './deps';

export const SESSION_COOKIE = 'anzhi_sid';
/** Lockout: 5 failures → 15 minutes (等保 登录失败处理). */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
/** A session ends after 12 hours whatever its activity. */
export const SESSION_MAX_HOURS = 12;
/** last_seen_at is written at most this often per session (keeps reads from becoming writes). */
const TOUCH_EVERY_MS = 30_000;

export interface LoginResult {
  token: string;
  csrfToken: string;
  actor: Actor;
  mustChangePassword: boolean;
}

interface ActorRow {
  user_id: string;
  username: string;
  display_name: string;
  roles: Role[];
  active: boolean;
  unit_id: string | null;
  unit_code: string | null;
  unit_name: string | null;
  unit_kind: string | null;
  unit_region: string | null;
  enterprise_id: string | null;
  enterprise_region: string | null;
  sectors: string[] | null;
  must_change_password: boolean;
}

const ACTOR_SELECT_TEXT = `
  SELECT u.id AS user_id, u.username, u.display_name, u.roles, u.active, u.must_change_password,
         un.id AS unit_id, un.code AS unit_code, un.short_name AS unit_name, un.kind AS unit_kind, un.region_code AS unit_region,
         u.enterprise_id, e.region_code AS enterprise_region,
         (SELECT array_agg(s.code ORDER BY s.sort) FROM sectors s
           WHERE s.department_unit_id = un.id OR s.committee_unit_id = un.id) AS sectors
  FROM users u
  LEFT JOIN units un ON un.id = u.unit_id
  LEFT JOIN enterprises e ON e.id = u.enterprise_id`;
const ACTOR_SELECT = sql.raw(ACTOR_SELECT_TEXT);
// Every authenticated request runs this: a prepared statement, planned once per connection.
const SESSION_SELECT_TEXT = `SELECT s.csrf_token, s.last_seen_at, s.expires_at, a.* FROM sessions s
  JOIN LATERAL (${ACTOR_SELECT_TEXT} WHERE u.id = s.user_id) a ON true
  WHERE s.id = $1`;

export function actorFromRow(r: ActorRow): Actor {
  const regionCode = r.enterprise_region ?? r.unit_region ?? '';
  const sectors = r.sectors ?? [];
  const roles = r.roles;
  return {
    userId: r.user_id,
    username: r.username,
    displayName: r.display_name,
    roles,
    unitId: r.unit_id,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    unitKind: r.enterprise_id ? 'enterprise' : r.unit_kind,
    enterpriseId: r.enterprise_id,
    regionCode,
    sectors,
    scope: scopeFor({ roles, unitKind: r.unit_kind, regionCode, sectors, enterpriseId: r.enterprise_id }),
  };
}

export async function loadActor(deps: AppDeps, userId: string): Promise<Actor | null> {
  const [r] = await rows<ActorRow>(deps.db, sql`${ACTOR_SELECT} WHERE u.id = ${userId}`);
  return r ? actorFromRow(r) : null;
}

/** Log in: lockout after 5 failures for 15 minutes; the same answer for unknown users and wrong passwords. */
export async function login(deps: AppDeps, ctx: RequestContext, username: string, password: string, userAgent: string | null): Promise<LoginResult> {
  const name = username.trim();
  const [user] = await deps.db.select().from(users).where(eq(users.username, name)).limit(1);
  if (!user) {
    await verifyPassword(password, await dummyPasswordHash());
    throw new AppError('UNAUTHENTICATED', '用户名或密码错误');
  }
  const now = new Date();
  // Security events carry the user's region so the office sees the logins of its district.
  const preview = await loadActor(deps, user.id);
  const regionCode = preview?.regionCode || null;
  if (user.lockedUntil && user.lockedUntil > now) {
    const minutes = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000);
    throw new AppError('LOCKED', `账号因连续 ${MAX_FAILED_LOGINS} 次密码错误已锁定，请 ${minutes} 分钟后再试或联系管理员解锁`, {
      lockedUntil: user.lockedUntil.toISOString(),
    });
  }
  const ok = await verifyPassword(password, user.passwordHash);
  if (!ok || !user.active) {
    await deps.db.transaction(async (tx) => {
      // Count failures atomically: parallel wrong guesses cannot slip past the limit.
      const [u] = await rows<{ failed_logins: number }>(
        tx,
        sql`UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ${user.id} RETURNING failed_logins`,
      );
      const locked = u.failed_logins >= MAX_FAILED_LOGINS;
      if (locked) {
        await tx
          .update(users)
          .set({ failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) })
          .where(eq(users.id, user.id));
      }
      await recordAudit(tx, { ...ctx, actor: null }, {
        action: locked ? 'auth.locked' : 'auth.login_failed',
        entity: 'user',
        entityId: user.id,
        regionCode,
        actorLabel: 'anonymous',
        after: { username: user.username, failedLogins: u.failed_logins, reason: user.active ? 'password' : 'inactive' },
      });
    });
    if (ok && !user.active) throw new AppError('UNAUTHENTICATED', '账号已停用，请联系管理员');
    throw new AppError('UNAUTHENTICATED', '用户名或密码错误');
  }
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  await deps.db.transaction(async (tx) => {
    await tx.insert(sessions).values({
      id: sm3(token),
      userId: user.id,
      csrfToken,
      ip: ctx.ip,
      userAgent: userAgent?.slice(0, 300) ?? null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_MAX_HOURS * 3600_000),
    });
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
    // Expired sessions of this user are cleaned up here rather than by a sweeper.
    await tx.delete(sessions).where(and(eq(sessions.userId, user.id), lt(sessions.expiresAt, now)));
    await recordAudit(tx, { ...ctx, actor: preview }, { action: 'auth.login', entity: 'user', entityId: user.id, regionCode, after: { username: user.username } });
  });
  const actor = await loadActor(deps, user.id);
  if (!actor) throw new AppError('UNAUTHENTICATED', '用户名或密码错误');
  return { token, csrfToken, actor, mustChangePassword: user.mustChangePassword };
}

export interface SessionInfo {
  actor: Actor;
  csrfToken: string;
  sessionId: string;
  mustChangePassword: boolean;
}

export type SessionLookup = { ok: true; session: SessionInfo } | { ok: false; reason: 'missing' | 'expired' | 'idle' | 'inactive' };

// ---------- the session cache ----------

/**
 * Every authenticated request needs its session and actor. Each instance keeps what it read for
 * at most SESSION_CACHE_MS; revocations reach every instance at once: a deleted session or a
 * change to what a user may do is announced by a trigger (migration 0014) on channel
 * `anzhi_session_revoked`, which each instance LISTENs to (startSessionRevocation), and this
 * instance also forgets at once what it ends itself (logout, endSessionsOfUser). While the
 * LISTEN connection is down nothing is cached. Changes to units and sectors (rare, by migration
 * or the admin) apply within SESSION_CACHE_MS.
 */
const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_MAX = 50_000;
type SessionRow = ActorRow & { csrf_token: string; last_seen_at: Date; expires_at: Date };
interface CachedSession {
  database: object;
  row: SessionRow;
  /** Built once from the row: the same object on every hit, so what is computed per actor (the permission list of `/api/auth/me`) is kept. */
  actor: Actor;
  lastSeen: number;
  at: number;
}
const sessionCache = new Map<string, CachedSession>();
/** Databases whose revocations this process is currently listening to. */
const revocationLive = new WeakSet<object>();
/**
 * Counts the revocations heard. A session read from the database is cached only if none arrived
 * while it was being read: the read may predate a revocation whose notice came first.
 */
let revocationsHeard = 0;

export const REVOCATION_CHANNEL = 'anzhi_session_revoked';

function forgetSession(sessionId: string): void {
  revocationsHeard++;
  sessionCache.delete(sessionId);
}

function forgetUser(userId: string): void {
  revocationsHeard++;
  for (const [id, c] of sessionCache) if (c.row.user_id === userId) sessionCache.delete(id);
}

function forgetDatabase(database: object): void {
  revocationsHeard++;
  for (const [id, c] of sessionCache) if (c.database === database) sessionCache.delete(id);
}

/** Listen to session revocations of this database; the returned function stops (app close). */
export async function startSessionRevocation(deps: AppDeps): Promise<() => Promise<void>> {
  const database = deps.database;
  try {
    return await database.listen(REVOCATION_CHANNEL, {
      onMessage(payload) {
        if (payload.startsWith('s:')) forgetSession(payload.slice(2));
        else if (payload.startsWith('u:')) forgetUser(payload.slice(2));
        else forgetDatabase(database);
      },
      onReady() {
        revocationLive.add(database);
      },
      onLost() {
        revocationLive.delete(database);
        forgetDatabase(database);
      },
    });
  } catch (e) {
    // No cache until the listener is back (it retries by itself).
    deps.log.warn({ err: e }, 'session revocation listener not available; sessions are read from the database on every request');
    return async () => undefined;
  }
}

/** Whether this process hears the database's revocations (and so caches its sessions). */
export function sessionCacheLive(database: object): boolean {
  return revocationLive.has(database);
}

/** Stop caching this database's sessions (app close). */
export function stopSessionCache(database: object): void {
  revocationLive.delete(database);
  forgetDatabase(database);
}

/** Resolve a session token: idle timeout, absolute expiry, inactive users. */
export async function resolveSession(deps: AppDeps, token: string): Promise<SessionLookup> {
  const id = sm3(token);
  const now = Date.now();
  const live = revocationLive.has(deps.database);
  let hit = live ? sessionCache.get(id) : undefined;
  if (hit && (hit.database !== deps.database || now - hit.at > SESSION_CACHE_MS)) {
    sessionCache.delete(id);
    hit = undefined;
  }
  const heardBefore = revocationsHeard;
  let r: SessionRow;
  let lastSeen: number;
  let actor: Actor | undefined;
  if (hit) {
    r = hit.row;
    actor = hit.actor;
    lastSeen = hit.lastSeen;
  } else {
    const [found] = await deps.database.queryPrepared<SessionRow>('anzhi_session', SESSION_SELECT_TEXT, [id]);
    if (!found) return { ok: false, reason: 'missing' };
    r = found;
    lastSeen = new Date(r.last_seen_at).getTime();
  }
  const idleMs = deps.config.sessionIdleMinutes * 60_000;
  if (new Date(r.expires_at).getTime() < now || lastSeen + idleMs < now) {
    forgetSession(id);
    await deps.db.delete(sessions).where(eq(sessions.id, id));
    return { ok: false, reason: lastSeen + idleMs < now ? 'idle' : 'expired' };
  }
  if (!r.active) {
    forgetSession(id);
    return { ok: false, reason: 'inactive' };
  }
  if (now - lastSeen > TOUCH_EVERY_MS) {
    await deps.db.update(sessions).set({ lastSeenAt: new Date(now) }).where(eq(sessions.id, id));
    lastSeen = now;
    if (hit) hit.lastSeen = now;
  }
  actor ??= actorFromRow(r);
  if (!hit && live && revocationsHeard === heardBefore) {
    if (sessionCache.size >= SESSION_CACHE_MAX) sessionCache.clear();
    sessionCache.set(id, { database: deps.database, row: r, actor, lastSeen, at: now });
  }
  return { ok: true, session: { actor, csrfToken: r.csrf_token, sessionId: id, mustChangePassword: r.must_change_password } };
}

export async function logout(deps: AppDeps, ctx: RequestContext, sessionId: string): Promise<void> {
  forgetSession(sessionId);
  await deps.db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, sessionId));
    await recordAudit(tx, ctx, { action: 'auth.logout', entity: 'user', entityId: ctx.actor?.userId ?? null, regionCode: ctx.actor?.regionCode || null });
  });
}

/** End every session of a user (password change, deactivation, role change). */
export async function endSessionsOfUser(tx: AppDeps['db'] | Parameters<Parameters<AppDeps['db']['transaction']>[0]>[0], userId: string, exceptSessionId?: string): Promise<void> {
  // This instance forgets them at once (the others on the trigger's notification at commit).
  forgetUser(userId);
  if (exceptSessionId) {
    await tx.execute(sql`DELETE FROM sessions WHERE user_id = ${userId} AND id <> ${exceptSessionId}`);
  } else {
    await tx.delete(sessions).where(eq(sessions.userId, userId));
  }
}

/** Per-IP sliding-window limiter for login attempts (in memory, per instance). */
export class LoginRateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(private readonly perMinute: number) {}
  /** true when the attempt is allowed */
  take(ip: string): boolean {
    const now = Date.now();
    const list = (this.hits.get(ip) ?? []).filter((t) => now - t < 60_000);
    if (list.length >= this.perMinute) {
      this.hits.set(ip, list);
      return false;
    }
    list.push(now);
    this.hits.set(ip, list);
    if (this.hits.size > 10_000) {
      for (const [k, v] of this.hits) if (v.every((t) => now - t >= 60_000)) this.hits.delete(k);
    }
    return true;
  }
}
