import { and, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { AppError, forbidden } from './errors';
import { ROLES, type Role } from '../../shared/access';

export { ROLES, type Role };

/**
 * Access model (DESIGN.md): the unit type decides the scope of data, roles decide the actions.
 *   office (安委办)        → everything under its region prefix
 *   department (成员单位)   → its supervised sectors in the region (一企一执法主体)
 *   street (街道) / park    → its region code
 *   enterprise              → itself
 *   admin                   → everything (system administration)
 */
export type Scope =
  | { kind: 'all' }
  | { kind: 'region'; prefix: string }
  | { kind: 'sectors'; prefix: string; sectors: string[] }
  | { kind: 'enterprise'; enterpriseId: string; regionCode: string }
  | { kind: 'none' };

export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  unitId: string | null;
  unitCode: string | null;
  unitName: string | null;
  unitKind: string | null;
  enterpriseId: string | null;
  regionCode: string;
  /** sectors the unit supervises (departments) */
  sectors: string[];
  scope: Scope;
}

/** Who is acting, from where: every service call receives one. */
export interface RequestContext {
  actor: Actor | null;
  ip: string | null;
  requestId: string | null;
}

export const SYSTEM_CONTEXT: RequestContext = { actor: null, ip: null, requestId: null };

/** Scope of a user from its unit (or enterprise); admin sees all. */
export function scopeFor(input: {
  roles: Role[];
  unitKind: string | null;
  regionCode: string;
  sectors: string[];
  enterpriseId: string | null;
}): Scope {
  if (input.roles.includes('admin')) return { kind: 'all' };
  if (input.enterpriseId) return { kind: 'enterprise', enterpriseId: input.enterpriseId, regionCode: input.regionCode };
  switch (input.unitKind) {
    case 'office':
    case 'committee':
      return { kind: 'region', prefix: input.regionCode };
    case 'department':
    case 'sector_committee':
      return { kind: 'sectors', prefix: input.regionCode, sectors: input.sectors };
    case 'street':
    case 'park':
      return { kind: 'region', prefix: input.regionCode };
    default:
      return { kind: 'none' };
  }
}

export interface ScopeColumns {
  regionCode?: AnyPgColumn;
  sector?: AnyPgColumn;
  enterpriseId?: AnyPgColumn;
}

/**
 * The WHERE condition that limits a query to the actor's scope. Repos AND it into every query of
 * tenant data — records are never filtered after loading.
 */
export function scopeCondition(scope: Scope, cols: ScopeColumns): SQL {
  const FALSE = sql`false`;
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'none':
      return FALSE;
    case 'region':
      if (!cols.regionCode) return FALSE;
      return like(cols.regionCode, `${escapeLike(scope.prefix)}%`);
    case 'sectors': {
      if (!cols.sector || !cols.regionCode || scope.sectors.length === 0) return FALSE;
      return and(like(cols.regionCode, `${escapeLike(scope.prefix)}%`), inArray(cols.sector, scope.sectors)) ?? FALSE;
    }
    case 'enterprise':
      if (!cols.enterpriseId) return FALSE;
      return eq(cols.enterpriseId, scope.enterpriseId);
  }
}

/** Is a record with these attributes inside the scope? (for records built in memory before insert) */
export function inScope(scope: Scope, rec: { regionCode?: string | null; sector?: string | null; enterpriseId?: string | null }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'region':
      return !!rec.regionCode && rec.regionCode.startsWith(scope.prefix);
    case 'sectors':
      return !!rec.regionCode && rec.regionCode.startsWith(scope.prefix) && !!rec.sector && scope.sectors.includes(rec.sector);
    case 'enterprise':
      return !!rec.enterpriseId && rec.enterpriseId === scope.enterpriseId;
  }
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// ---------- permissions ----------

/**
 * Which roles may perform which action. Modules add their own entries with `definePermissions`
 * from their index.ts; the authorization matrix test reads the same table.
 */
const PERMISSIONS = new Map<string, readonly Role[]>();

export function definePermissions(table: Record<string, readonly Role[]>): void {
  for (const [perm, roles] of Object.entries(table)) {
    if (PERMISSIONS.has(perm) && PERMISSIONS.get(perm)!.join() !== roles.join()) {
      throw new Error(`permission ${perm} defined twice with different roles`);
    }
    PERMISSIONS.set(perm, roles);
  }
}

export function permissionTable(): ReadonlyMap<string, readonly Role[]> {
  return PERMISSIONS;
}

export function can(actor: Actor | null, permission: string): boolean {
  if (!actor) return false;
  const roles = PERMISSIONS.get(permission);
  if (!roles) throw new Error(`unknown permission ${permission}`);
  return actor.roles.some((r) => roles.includes(r));
}

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED', '请先登录');
  return ctx.actor;
}

export function requirePermission(ctx: RequestContext, permission: string): Actor {
  const actor = requireActor(ctx);
  if (!can(actor, permission)) throw forbidden();
  return actor;
}

definePermissions({
  'org.read': ['admin', 'office', 'department', 'street', 'enterprise', 'inspector'],
  'org.manage': ['admin', 'office'],
  'enterprise.read': ['admin', 'office', 'department', 'street', 'enterprise', 'inspector'],
  'enterprise.write': ['admin', 'office', 'department', 'street', 'enterprise'],
  'enterprise.create': ['admin', 'office', 'department', 'street'],
  'enterprise.import': ['admin', 'office', 'department', 'street'],
  // Personal data in clear: the people who must phone the enterprise; admins and inspectors see masks.
  'pii.read': ['office', 'department', 'street', 'enterprise'],
  'user.manage': ['admin'],
  'audit.read': ['admin', 'office'],
  'system.read': ['admin'],
});

export function orScopes(...conds: (SQL | undefined)[]): SQL {
  return or(...conds.filter((c): c is SQL => !!c)) ?? sql`false`;
}
