import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { enterprises, units } from '../modules/org/org.schema';
import { escapeLike } from './access';
import { users } from './platform.schema';

export type UserRow = typeof users.$inferSelect;

const columns = { u: users, unitName: units.shortName, unitKind: units.kind, enterpriseName: enterprises.name };

function joined(db: DbOrTx) {
  return db.select(columns).from(users).leftJoin(units, eq(units.id, users.unitId)).leftJoin(enterprises, eq(enterprises.id, users.enterpriseId));
}

export async function listUsers(db: DbOrTx, q: { q?: string; role?: string; unitId?: string; page: number; pageSize: number }) {
  const conds: SQL[] = [];
  if (q.q) {
    const t = `%${escapeLike(q.q)}%`;
    conds.push(or(ilike(users.username, t), ilike(users.displayName, t), ilike(units.shortName, t), ilike(enterprises.name, t))!);
  }
  if (q.role) conds.push(sql`${q.role} = ANY(${users.roles})`);
  if (q.unitId) conds.push(eq(users.unitId, q.unitId));
  const where = conds.length ? and(...conds) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    joined(db).where(where).orderBy(asc(users.username)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(users).leftJoin(units, eq(units.id, users.unitId)).leftJoin(enterprises, eq(enterprises.id, users.enterpriseId)).where(where),
  ]);
  return { rows, total };
}

export async function findUser(db: DbOrTx, id: string) {
  const [r] = await joined(db).where(eq(users.id, id));
  return r;
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

export async function unitKindOf(db: DbOrTx, unitId: string): Promise<string | undefined> {
  const [r] = await db.select({ kind: units.kind }).from(units).where(eq(units.id, unitId));
  return r?.kind;
}

export async function enterpriseExists(db: DbOrTx, id: string): Promise<boolean> {
  const [r] = await db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.id, id));
  return !!r;
}

/** Display names of users by id (modules show who created a record without reading the users table). */
export async function displayNamesOf(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const r = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, unique));
  return new Map(r.map((u) => [u.id, u.name]));
}
