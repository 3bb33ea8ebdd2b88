import { and, desc, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import type { PgTableWithColumns } from 'drizzle-orm/pg-core';
import { rows, type DbOrTx } from '../../db';
import { escapeLike } from '../../platform/access';
import { SEARCH_KINDS, type ResourceKind, type SearchKind } from '../../../shared/emergency/catalog';
import type { QueryTerm } from '../../../shared/emergency/search';
import {
  emergencyAssessments,
  emergencyCases,
  emergencyExperts,
  emergencyLiaisons,
  emergencyMaterials,
  emergencyRegulations,
  emergencySearch,
  emergencyStockMoves,
  emergencyTeams,
} from './emergency.schema';

/** SQL of the emergency module. Every read of records is limited by a region prefix in WHERE. */

// The five tables share the owned columns (id, region_code, owner_unit_id, owner_unit_name, timestamps).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OwnedTable = PgTableWithColumns<any>;
export const TABLES: Record<ResourceKind, OwnedTable> = {
  teams: emergencyTeams,
  materials: emergencyMaterials,
  experts: emergencyExperts,
  regulations: emergencyRegulations,
  cases: emergencyCases,
};

export type OwnedRow = { id: string; regionCode: string; ownerUnitId: string | null; ownerUnitName: string; createdAt: Date; updatedAt: Date } & Record<string, unknown>;
export type MaterialRow = typeof emergencyMaterials.$inferSelect;
export type LiaisonRow = typeof emergencyLiaisons.$inferSelect;
export type AssessmentRow = typeof emergencyAssessments.$inferSelect;

const prefixOf = (t: OwnedTable, prefix: string) => (prefix ? like(t.regionCode, `${escapeLike(prefix)}%`) : sql`true`);

/** ARRAY['a','b']::text[] with each value a parameter. */
const textArray = (values: string[]) => sql`ARRAY[${sql.join(
  values.map((v) => sql`${v}`),
  sql`, `,
)}]::text[]`;

/** Records of one kind whose search keys hold every term (and whose text holds each term). */
function termsCondition(kind: ResourceKind, t: OwnedTable, terms: QueryTerm[]): SQL {
  const keys = [...new Set(terms.flatMap((x) => x.keys))];
  const ilikes = terms.map((x) => sql`(s.title || ' ' || s.body) ILIKE ${`%${x.text}%`}`);
  return sql`${t.id} IN (SELECT s.ref_id FROM emergency_search s WHERE s.kind = ${kind} AND s.keys @> ${textArray(keys)} AND ${sql.join(ilikes, sql` AND `)})`;
}

export async function listResources(
  db: DbOrTx,
  kind: ResourceKind,
  opts: { prefix: string; terms: QueryTerm[]; extra: SQL[]; orderBy: SQL[]; limit: number; offset: number },
): Promise<{ rows: OwnedRow[]; total: number }> {
  const t = TABLES[kind];
  const conds = [prefixOf(t, opts.prefix), ...opts.extra];
  if (opts.terms.length) conds.push(termsCondition(kind, t, opts.terms));
  const where = and(...conds);
  const [items, [{ n }]] = await Promise.all([
    db.select().from(t).where(where).orderBy(...opts.orderBy, desc(t.id)).limit(opts.limit).offset(opts.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(t).where(where),
  ]);
  return { rows: items as OwnedRow[], total: n };
}

export async function findResource(db: DbOrTx, kind: ResourceKind, id: string, prefix: string, forUpdate = false): Promise<OwnedRow | undefined> {
  const t = TABLES[kind];
  const q = db.select().from(t).where(and(eq(t.id, id), prefixOf(t, prefix)));
  const [r] = forUpdate ? await q.for('update') : await q;
  return r as OwnedRow | undefined;
}

export async function insertResources(tx: DbOrTx, kind: ResourceKind, values: Record<string, unknown>[]): Promise<OwnedRow[]> {
  if (!values.length) return [];
  return (await tx.insert(TABLES[kind]).values(values).returning()) as OwnedRow[];
}

export async function updateResource(tx: DbOrTx, kind: ResourceKind, id: string, values: Record<string, unknown>, now: Date): Promise<OwnedRow> {
  const t = TABLES[kind];
  const [r] = await tx
    .update(t)
    .set({ ...values, updatedAt: now })
    .where(eq(t.id, id))
    .returning();
  return r as OwnedRow;
}

export async function deleteResource(tx: DbOrTx, kind: ResourceKind, id: string): Promise<void> {
  const t = TABLES[kind];
  await tx.delete(t).where(eq(t.id, id));
  await tx.delete(emergencySearch).where(and(eq(emergencySearch.kind, kind), eq(emergencySearch.refId, id)));
}

// ---------- search index ----------

export interface SearchDoc {
  kind: SearchKind;
  refId: string;
  regionCode: string;
  title: string;
  body: string;
  keys: string[];
}

/** Write (or replace) the search keys of records, in the caller's transaction. */
export async function upsertSearchDocs(tx: DbOrTx, docs: SearchDoc[], now: Date): Promise<void> {
  for (let i = 0; i < docs.length; i += 200) {
    const chunk = docs.slice(i, i + 200);
    await tx
      .insert(emergencySearch)
      .values(chunk.map((d) => ({ ...d, updatedAt: now })))
      .onConflictDoUpdate({
        target: [emergencySearch.kind, emergencySearch.refId],
        set: { regionCode: sql`excluded.region_code`, title: sql`excluded.title`, body: sql`excluded.body`, keys: sql`excluded.keys`, updatedAt: sql`excluded.updated_at` },
      });
  }
}

export interface SearchOpts {
  prefix: string;
  terms: QueryTerm[];
  kinds?: SearchKind[];
  all: boolean;
  limit: number;
}

export interface SearchRow {
  kind: SearchKind;
  ref_id: string;
  title: string;
  body: string;
  matched: number;
  score: number;
}

/**
 * The cross-database search. `all`: every term must match (keys contain each term's keys, and the
 * text each term); otherwise records matching any term, ranked by how many match. Score: a term in
 * the title weighs 10, in the text 3; ties by recency.
 */
export async function searchDocs(db: DbOrTx, opts: SearchOpts): Promise<{ hits: SearchRow[]; counts: Map<SearchKind, number> }> {
  const { terms } = opts;
  const keyConds = terms.map((x) => sql`keys @> ${textArray(x.keys)}`);
  const inText = (x: QueryTerm) => sql`(title || ' ' || body) ILIKE ${`%${x.text}%`}`;
  const inTitle = (x: QueryTerm) => sql`title ILIKE ${`%${x.text}%`}`;
  // One pass over the candidates from the GIN index: the filter, the score and the per-kind counts
  // (a window over the matches) in the same query. With every term required, each term is known to
  // be in the text, so the score only asks whether it is in the (short) title.
  const filter = opts.all ? and(...keyConds, ...terms.map(inText))! : sql`(${sql.join(keyConds, sql` OR `)})`;
  const matched = opts.all ? sql`${terms.length}` : sql.join(terms.map((x) => sql`(CASE WHEN ${inText(x)} THEN 1 ELSE 0 END)`), sql` + `);
  const score = opts.all
    ? sql.join(terms.map((x) => sql`(CASE WHEN ${inTitle(x)} THEN 10 ELSE 3 END)`), sql` + `)
    : sql.join(terms.map((x) => sql`(CASE WHEN ${inTitle(x)} THEN 10 WHEN ${inText(x)} THEN 3 ELSE 0 END)`), sql` + `);
  const kinds = opts.kinds?.length ? sql`AND kind IN (${sql.join(opts.kinds.map((k) => sql`${k}`), sql`, `)})` : sql``;
  const found = await rows<SearchRow & { kind_total: number }>(
    db,
    sql`SELECT kind, ref_id, title, left(body, 4000) AS body, matched, score, kind_total FROM (
          SELECT kind, ref_id, title, body, updated_at, matched, score, (count(*) OVER (PARTITION BY kind))::int AS kind_total FROM (
            SELECT kind, ref_id, title, body, updated_at, (${matched})::int AS matched, (${score})::int AS score
            FROM emergency_search
            WHERE region_code LIKE ${`${escapeLike(opts.prefix)}%`} ${kinds} AND ${filter}
          ) m WHERE m.matched > 0
        ) w
        ORDER BY matched DESC, score DESC, updated_at DESC
        LIMIT ${opts.limit}`,
  );
  // Kinds absent from the top hits still have their count: the window saw every match; ask only for those missing.
  const counts = new Map<SearchKind, number>(found.map((r) => [r.kind, r.kind_total]));
  if (found.length === opts.limit) {
    const missing = (opts.kinds?.length ? opts.kinds : [...SEARCH_KINDS]).filter((k) => !counts.has(k));
    if (missing.length) {
      const extra = await rows<{ kind: SearchKind; n: number }>(
        db,
        sql`SELECT kind, count(*)::int AS n FROM emergency_search WHERE region_code LIKE ${`${escapeLike(opts.prefix)}%`} AND kind IN (${sql.join(missing.map((k) => sql`${k}`), sql`, `)}) AND ${filter} GROUP BY kind`,
      );
      for (const e of extra) counts.set(e.kind, e.n);
    }
  }
  return { hits: found, counts };
}

// ---------- stock movements ----------

/**
 * Change a material's stock by `delta` in one statement: a decrease only happens when the stock
 * covers it (`quantity + delta >= 0`), so concurrent movements serialize on the row and none can
 * take the stock below zero. Returns the new balance, or undefined when the stock does not cover it.
 */
export async function applyStockDelta(tx: DbOrTx, id: string, delta: number, now: Date): Promise<number | undefined> {
  const [r] = await tx
    .update(emergencyMaterials)
    .set({ quantity: sql`${emergencyMaterials.quantity} + ${delta}`, updatedAt: now })
    .where(and(eq(emergencyMaterials.id, id), sql`${emergencyMaterials.quantity} + ${delta} >= 0`))
    .returning({ quantity: emergencyMaterials.quantity });
  return r ? Number(r.quantity) : undefined;
}

export async function insertMovement(tx: DbOrTx, values: typeof emergencyStockMoves.$inferInsert): Promise<void> {
  await tx.insert(emergencyStockMoves).values(values);
}

export async function listMovements(db: DbOrTx, materialId: string) {
  return db.select().from(emergencyStockMoves).where(eq(emergencyStockMoves.materialId, materialId)).orderBy(desc(emergencyStockMoves.at), desc(emergencyStockMoves.id)).limit(500);
}

// ---------- 一网 ----------

export async function listLiaisons(db: DbOrTx, where: SQL | undefined, limit: number, offset: number) {
  const [items, [{ n }]] = await Promise.all([
    db.select().from(emergencyLiaisons).where(where).orderBy(emergencyLiaisons.regionCode, emergencyLiaisons.ownerKind, emergencyLiaisons.ownerName, emergencyLiaisons.name, emergencyLiaisons.id).limit(limit).offset(offset),
    db.select({ n: sql<number>`count(*)::int` }).from(emergencyLiaisons).where(where),
  ]);
  return { items, total: n };
}

export async function countLiaisons(db: DbOrTx, where: SQL | undefined): Promise<number> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(emergencyLiaisons).where(where);
  return n;
}

export async function findLiaison(db: DbOrTx, id: string, where: SQL | undefined, forUpdate = false): Promise<LiaisonRow | undefined> {
  const q = db.select().from(emergencyLiaisons).where(and(eq(emergencyLiaisons.id, id), where));
  const [r] = forUpdate ? await q.for('update') : await q;
  return r;
}

export async function insertLiaisons(tx: DbOrTx, values: (typeof emergencyLiaisons.$inferInsert)[]): Promise<LiaisonRow[]> {
  if (!values.length) return [];
  return tx.insert(emergencyLiaisons).values(values).returning();
}

export async function updateLiaison(tx: DbOrTx, id: string, values: Partial<typeof emergencyLiaisons.$inferInsert>): Promise<LiaisonRow> {
  const [r] = await tx.update(emergencyLiaisons).set(values).where(eq(emergencyLiaisons.id, id)).returning();
  return r;
}

export async function deleteLiaison(tx: DbOrTx, id: string): Promise<void> {
  await tx.delete(emergencyLiaisons).where(eq(emergencyLiaisons.id, id));
}

/** Liaisons not confirmed since `before` and not reminded since then (the reminder sweep). */
export async function staleLiaisonsToRemind(tx: DbOrTx, before: Date) {
  return tx
    .select()
    .from(emergencyLiaisons)
    .where(and(sql`${emergencyLiaisons.confirmedAt} < ${before}`, sql`(${emergencyLiaisons.remindedAt} IS NULL OR ${emergencyLiaisons.remindedAt} < ${emergencyLiaisons.confirmedAt} OR ${emergencyLiaisons.remindedAt} < ${before})`))
    .limit(5000);
}

export async function markReminded(tx: DbOrTx, ids: string[], at: Date): Promise<void> {
  if (ids.length) await tx.update(emergencyLiaisons).set({ remindedAt: at }).where(inArray(emergencyLiaisons.id, ids));
}

// ---------- 七有 ----------

/** Records of the five databases and liaisons kept by each unit (the 七有 evidence). */
export async function evidenceCounts(db: DbOrTx, unitIds: string[]): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  if (!unitIds.length) return out;
  const ids = sql.join(unitIds.map((id) => sql`${id}::uuid`), sql`, `);
  const r = await rows<{ unit: string; kind: string; n: number }>(
    db,
    sql`SELECT owner_unit_id AS unit, 'teams' AS kind, count(*)::int AS n FROM emergency_teams WHERE owner_unit_id IN (${ids}) GROUP BY 1
        UNION ALL SELECT owner_unit_id, CASE WHEN category IN ('工程设备','器材工具','救援运载','照明设备','通讯广播') THEN 'equipment' ELSE 'materials' END, count(*)::int FROM emergency_materials WHERE owner_unit_id IN (${ids}) AND quantity > 0 GROUP BY 1, 2
        UNION ALL SELECT owner_unit_id, 'experts', count(*)::int FROM emergency_experts WHERE owner_unit_id IN (${ids}) GROUP BY 1
        UNION ALL SELECT owner_id, 'liaisons', count(*)::int FROM emergency_liaisons WHERE owner_id IN (${ids}) GROUP BY 1`,
  );
  for (const x of r) {
    const m = out.get(x.unit) ?? {};
    m[x.kind] = (m[x.kind] ?? 0) + x.n;
    out.set(x.unit, m);
  }
  return out;
}

export async function findAssessment(db: DbOrTx, unitId: string, year: number): Promise<AssessmentRow | undefined> {
  const [r] = await db.select().from(emergencyAssessments).where(and(eq(emergencyAssessments.unitId, unitId), eq(emergencyAssessments.year, year)));
  return r;
}

export async function upsertAssessment(tx: DbOrTx, values: typeof emergencyAssessments.$inferInsert): Promise<AssessmentRow> {
  const [r] = await tx
    .insert(emergencyAssessments)
    .values(values)
    .onConflictDoUpdate({
      target: [emergencyAssessments.unitId, emergencyAssessments.year],
      set: { items: values.items, score: values.score, submittedAt: values.submittedAt, submittedByName: values.submittedByName, unitName: values.unitName },
    })
    .returning();
  return r;
}

export async function assessmentsOfYear(db: DbOrTx, prefix: string, year: number): Promise<AssessmentRow[]> {
  return db
    .select()
    .from(emergencyAssessments)
    .where(and(like(emergencyAssessments.regionCode, `${escapeLike(prefix)}%`), eq(emergencyAssessments.year, year)));
}
