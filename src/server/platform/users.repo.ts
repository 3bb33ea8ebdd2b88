import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { escapeLike } from './access';
import { orgDirectory } from './org-directory';
import { users } from './platform.schema';

export type UserRow = typeof users.$inferSelect;
export interface UserJoined {
  u: UserRow;
  unitName: string | null;
  unitKind: string | null;
  enterpriseName: string | null;
}

/** Users with the names of their unit or enterprise (from the organisation's directory). */
async function withNames(db: DbOrTx, list: UserRow[]): Promise<UserJoined[]> {
  const names = await orgDirectory().names(db, {
    unitIds: [...new Set(list.flatMap((u) => (u.unitId ? [u.unitId] : [])))],
    enterpriseIds: [...new Set(list.flatMap((u) => (u.enterpriseId ? [u.enterpriseId] : [])))],
  });
  return list.map((u) => {
    const unit = u.unitId ? names.units.get(u.unitId) : undefined;
    return { u, unitName: unit?.name ?? null, unitKind: unit?.kind ?? null, enterpriseName: u.enterpriseId ? (names.enterprises.get(u.enterpriseId) ?? null) : null };
  });
}

export async function listUsers(db: DbOrTx, q: { q?: string; role?: string; unitId?: string; page: number; pageSize: number }) {
  const conds: SQL[] = [];
  if (q.q) {
    const t = `%${escapeLike(q.q)}%`;
    // A user is found by login, name, or the name of the unit or enterprise they belong to.
    const m = await orgDirectory().matching(db, q.q, 500);
    const byOrg: SQL[] = [];
    if (m.unitIds.length) byOrg.push(inArray(users.unitId, m.unitIds));
    if (m.enterpriseIds.length) byOrg.push(inArray(users.enterpriseId, m.enterpriseIds));
    conds.push(or(ilike(users.username, t), ilike(users.displayName, t), ...byOrg)!);
  }
  if (q.role) conds.push(sql`${q.role} = ANY(${users.roles})`);
  if (q.unitId) conds.push(eq(users.unitId, q.unitId));
  const where = conds.length ? and(...conds) : undefined;
  const [list, [{ total }]] = await Promise.all([
    db.select().from(users).where(where).orderBy(asc(users.username)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(users).where(where),
  ]);
  return { rows: await withNames(db, list), total };
}

/**
 * Users holding a role (optionally of one unit), by username, in one statement: for directories that
 * need neither the unit names nor a total (listUsers reads both, three statements).
 */
export async function usersWithRole(db: DbOrTx, role: string, unitId?: string): Promise<UserRow[]> {
  const where = unitId ? and(sql`${role} = ANY(${users.roles})`, eq(users.unitId, unitId)) : sql`${role} = ANY(${users.roles})`;
  return db.select().from(users).where(where).orderBy(asc(users.username)).limit(5000);
}

export async function findUser(db: DbOrTx, id: string): Promise<UserJoined | undefined> {
  const [r] = await db.select().from(users).where(eq(users.id, id));
  return r ? (await withNames(db, [r]))[0] : undefined;
}

export async function lockUser(tx: DbOrTx, id: string): Promise<UserRow | undefined> {
  const [r] = await tx.select().from(users).where(eq(users.id, id)).for('update');
  return r;
}

export async function findUserByUsername(db: DbOrTx, username: string): Promise<UserRow | undefined> {
  const [r] = await db.select().from(users).where(eq(users.username, username));
  return r;
}

export async function insertUser(tx: DbOrTx, values: typeof users.$inferInsert): Promise<UserRow> {
  const [r] = await tx.insert(users).values(values).returning();
  return r;
}

export async function updateUserRow(tx: DbOrTx, id: string, values: Partial<typeof users.$inferInsert>): Promise<UserRow> {
  const [r] = await tx.update(users).set({ ...values, updatedAt: new Date() }).where(eq(users.id, id)).returning();
  return r;
}

export const unitKindOf = (db: DbOrTx, unitId: string) => orgDirectory().unitKind(db, unitId);
export const enterpriseExists = (db: DbOrTx, id: string) => orgDirectory().enterpriseExists(db, id);

/** Display names of users by id (modules show who created a record without reading the users table). */
export async function displayNamesOf(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const r = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, unique));
  return new Map(r.map((u) => [u.id, u.name]));
}
