import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { rows, type Database, type DbOrTx } from '../../db';
import type { Actor, Scope } from '../../platform/access';
import { dishonestEntries, enforcementPlans } from './inspection.schema';
import { entScope, unitScope } from './inspection.repo';

/** SQL of 执法计划, 失信 and 执法公示 (scopes in every WHERE clause; the public queries read only what is published). */

export type PlanRow = typeof enforcementPlans.$inferSelect;
export type DishonestRow = typeof dishonestEntries.$inferSelect;

// ---------- plans ----------

export async function plansOfYear(db: DbOrTx, actor: Actor, year: number): Promise<PlanRow[]> {
  return db
    .select()
    .from(enforcementPlans)
    .where(and(eq(enforcementPlans.year, year), unitScope(actor, enforcementPlans.unitId, enforcementPlans.regionCode)));
}

export async function findPlan(db: DbOrTx, actor: Actor, id: string): Promise<PlanRow | undefined> {
  const [r] = await db.select().from(enforcementPlans).where(and(eq(enforcementPlans.id, id), unitScope(actor, enforcementPlans.unitId, enforcementPlans.regionCode)));
  return r;
}

export async function lockPlan(tx: DbOrTx, actor: Actor, id: string): Promise<PlanRow | undefined> {
  const [r] = await tx
    .select()
    .from(enforcementPlans)
    .where(and(eq(enforcementPlans.id, id), unitScope(actor, enforcementPlans.unitId, enforcementPlans.regionCode)))
    .for('update');
  return r;
}

/** Insert unless the unit has a plan for the year already (then undefined). */
export async function insertPlan(tx: DbOrTx, v: typeof enforcementPlans.$inferInsert): Promise<PlanRow | undefined> {
  const [r] = await tx.insert(enforcementPlans).values(v).onConflictDoNothing().returning();
  return r;
}

export async function updatePlan(tx: DbOrTx, id: string, v: Partial<typeof enforcementPlans.$inferInsert>) {
  await tx.update(enforcementPlans).set(v).where(eq(enforcementPlans.id, id));
}

/**
 * Completed inspections of the units in the year (by the day planned, like the statistics): the
 * enterprise, whether it came from a 双随机 draw, and the month.
 */
export async function completedInspections(db: DbOrTx, unitIds: string[], from: string, to: string) {
  if (unitIds.length === 0) return [];
  return rows<{ unit_id: string; enterprise_id: string; origin: string; month: number }>(
    db,
    sql`SELECT unit_id, enterprise_id, origin, extract(month FROM planned_on)::int AS month FROM inspections
        WHERE status = 'completed' AND planned_on BETWEEN ${from} AND ${to} AND unit_id IN (${sql.join(
          unitIds.map((u) => sql`${u}::uuid`),
          sql`, `,
        )})`,
  );
}

// ---------- 失信 ----------

export async function insertDishonest(tx: DbOrTx, v: typeof dishonestEntries.$inferInsert): Promise<DishonestRow> {
  const [r] = await tx.insert(dishonestEntries).values(v).returning();
  return r;
}

export async function findDishonest(db: DbOrTx, scope: Scope, id: string): Promise<DishonestRow | undefined> {
  const [r] = await db.select().from(dishonestEntries).where(and(eq(dishonestEntries.id, id), entScope(scope, dishonestEntries)));
  return r;
}

export async function lockDishonest(tx: DbOrTx, scope: Scope, id: string): Promise<DishonestRow | undefined> {
  const [r] = await tx.select().from(dishonestEntries).where(and(eq(dishonestEntries.id, id), entScope(scope, dishonestEntries))).for('update');
  return r;
}

export async function updateDishonest(tx: DbOrTx, id: string, v: Partial<typeof dishonestEntries.$inferInsert>) {
  await tx.update(dishonestEntries).set(v).where(eq(dishonestEntries.id, id));
}

/** The entries of the scope, the ones in force (or under repair review) first. */
export async function listDishonest(db: DbOrTx, scope: Scope, q: { status?: string; today: string; page: number; pageSize: number }) {
  const conds: SQL[] = [entScope(scope, dishonestEntries)];
  const live = sql`${dishonestEntries.status} IN ('listed', 'repair_pending')`;
  if (q.status === 'expired') conds.push(live, sql`${dishonestEntries.endsOn} < ${q.today}`);
  else if (q.status === 'listed' || q.status === 'repair_pending') conds.push(eq(dishonestEntries.status, q.status), sql`${dishonestEntries.endsOn} >= ${q.today}`);
  else if (q.status) conds.push(eq(dishonestEntries.status, q.status));
  const where = and(...conds);
  const list = await db
    .select()
    .from(dishonestEntries)
    .where(where)
    .orderBy(sql`CASE WHEN ${live} AND ${dishonestEntries.endsOn} >= ${q.today} THEN 0 ELSE 1 END`, desc(dishonestEntries.startsOn), asc(dishonestEntries.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(dishonestEntries).where(where);
  return { list, total: Number(total) };
}

/**
 * Entries in force on a day (listed or under repair review, within the period), district-wide: the
 * list is public, and draws and 分类分级 need it for every enterprise of a department's pool.
 */
export async function dishonestInForceRows(db: DbOrTx, today: string, enterpriseIds?: string[]): Promise<DishonestRow[]> {
  if (enterpriseIds && enterpriseIds.length === 0) return [];
  return db
    .select()
    .from(dishonestEntries)
    .where(
      and(
        inArray(dishonestEntries.status, ['listed', 'repair_pending']),
        lte(dishonestEntries.startsOn, today),
        gte(dishonestEntries.endsOn, today),
        enterpriseIds ? inArray(dishonestEntries.enterpriseId, enterpriseIds) : undefined,
      ),
    )
    .orderBy(desc(dishonestEntries.startsOn), asc(dishonestEntries.id));
}

/**
 * The entries in force on a day, for the 失信 flag on other modules' pages (registry, hazard ledger):
 * at most one row per enterprise (one entry in force per enterprise is the rule; the newest wins).
 * The list in force is short (a district lists tens of enterprises); the caller keeps it.
 */
export async function dishonestFlagRows(database: Database, today: string) {
  return database.queryPrepared<{ enterprise_id: string; reason: string; starts_on: string; ends_on: string; status: string }>(
    'insp_dishonest_in_force',
    `SELECT DISTINCT ON (enterprise_id) enterprise_id, reason, starts_on::text AS starts_on, ends_on::text AS ends_on, status
       FROM dishonest_entries
      WHERE status IN ('listed', 'repair_pending') AND starts_on <= $1::date AND ends_on >= $1::date
      ORDER BY enterprise_id, starts_on DESC, id`,
    [today],
  );
}

// ---------- 执法公示 ----------

/** Decided penalty cases since a day (决定、执行、结案), with the 裁量基准 row and the decision's number. */
export async function publicDecisions(db: DbOrTx, since: string) {
  return rows<{
    id: string;
    code: string;
    enterprise_id: string;
    unit_id: string;
    summary: string;
    handler_name: string;
    fine_amount: string | number | null;
    decided_on: string;
    violation: string | null;
    basis: string | null;
    article: string | null;
    number: string | null;
  }>(
    db,
    sql`SELECT c.id, c.code, c.enterprise_id, c.unit_id, c.summary, c.handler_name, c.fine_amount, c.decided_on::text AS decided_on,
          d.violation, d.basis, d.article,
          (SELECT doc.number FROM enforcement_documents doc WHERE doc.case_id = c.id AND doc.kind = 'penalty_decision' ORDER BY doc.issued_at DESC LIMIT 1) AS number
        FROM enforcement_cases c LEFT JOIN penalty_discretion d ON d.code = c.violation_code
        WHERE c.status IN ('decided', 'executing', 'closed') AND c.decided_on IS NOT NULL AND c.decided_on >= ${since}
        ORDER BY c.decided_on DESC, c.code DESC LIMIT 500`,
  );
}

/** The names of the people who acted on the cases (masked in the public text wherever they occur). */
export async function caseActorNames(db: DbOrTx, caseIds: string[]): Promise<string[]> {
  if (caseIds.length === 0) return [];
  const r = await rows<{ actor_name: string }>(
    db,
    sql`SELECT DISTINCT actor_name FROM enforcement_case_events WHERE case_id IN (${sql.join(
      caseIds.map((c) => sql`${c}::uuid`),
      sql`, `,
    )})`,
  );
  return r.map((x) => x.actor_name);
}
