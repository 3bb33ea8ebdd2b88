import { and, desc, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import type { PgTableWithColumns } from 'drizzle-orm/pg-core';
import { rows, sideBySide, type DbOrTx } from '../../db';
import { escapeLike } from '../../platform/access';
import { type ResourceKind, type SearchKind } from '../../../shared/emergency/catalog';
import { KIND_KEY, TITLE_KEY, searchDocKeys, type QueryTerm } from '../../../shared/emergency/search';
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

/** Records of one kind whose search keys hold every term (and whose text holds each longer Chinese term). */
function termsCondition(kind: ResourceKind, t: OwnedTable, terms: QueryTerm[]): SQL {
  const keys = [`${KIND_KEY}${kind}`, ...new Set(terms.flatMap((x) => x.keys))];
  const checks = terms.filter((x) => !x.exact).map((x) => sql` AND ${inText(x)}`);
  return sql`${t.id} IN (SELECT ref_id FROM emergency_search WHERE keys @> ${textArray(keys)}${sql.join(checks, sql``)})`;
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
  const [items, [{ n }]] = await sideBySide(
    db,
    () => db.select().from(t).where(where).orderBy(...opts.orderBy, desc(t.id)).limit(opts.limit).offset(opts.offset),
    () => db.select({ n: sql<number>`count(*)::int` }).from(t).where(where),
  );
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
}

/** Write (or replace) the search documents of records (keys: searchDocKeys), in the caller's transaction. */
export async function upsertSearchDocs(tx: DbOrTx, docs: SearchDoc[], now: Date): Promise<void> {
  for (let i = 0; i < docs.length; i += 200) {
    const chunk = docs.slice(i, i + 200);
    await tx
      .insert(emergencySearch)
      .values(chunk.map((d) => ({ ...d, keys: searchDocKeys(d.kind, d.title, d.body), updatedAt: now })))
      .onConflictDoUpdate({
        target: [emergencySearch.kind, emergencySearch.refId],
        set: { regionCode: sql`excluded.region_code`, title: sql`excluded.title`, body: sql`excluded.body`, keys: sql`excluded.keys`, updatedAt: sql`excluded.updated_at` },
      });
  }
}

/**
 * Caps on the candidates one search reads (see searchDocs): at most SEARCH_CAP records holding the
 * terms, and at most SEARCH_TITLE_CAP of those holding them in the title (each title tier).
 */
export const SEARCH_CAP = 1000;
export const SEARCH_TITLE_CAP = 300;

export interface SearchOpts {
  prefix: string;
  terms: QueryTerm[];
  kinds?: SearchKind[];
  all: boolean;
  limit: number;
  /** tests lower them to see the capped behaviour on a few records */
  cap?: number;
  titleCap?: number;
}

export interface SearchRow {
  kind: SearchKind;
  ref_id: string;
  title: string;
  body: string;
  matched: number;
  score: number;
}

/** The term is in the record's text: its keys (the GIN index), and for a longer Chinese term the substring. */
function inText(x: QueryTerm): SQL {
  // A Chinese term is the same in any case: LIKE, not ILIKE (which lower-cases every row's text first).
  return sql`(title || ' ' || body) LIKE ${`%${escapeLike(x.text)}%`}`;
}
const holdsTerm = (x: QueryTerm): SQL => (x.exact ? sql`keys @> ${textArray(x.keys)}` : sql`(keys @> ${textArray(x.keys)} AND ${inText(x)})`);
const titleKeys = (x: QueryTerm) => x.keys.map((k) => TITLE_KEY + k);
/** The term is in the title, asked of the index: the title's keys (and for a longer Chinese term the substring of the short title). */
const titleHolds = (x: QueryTerm): SQL =>
  x.exact ? sql`keys @> ${textArray(titleKeys(x))}` : sql`(keys @> ${textArray(titleKeys(x))} AND title LIKE ${`%${escapeLike(x.text)}%`})`;
/** The term is in the title, asked of a candidate for its score: the (short, never toasted) title itself. */
const titleHas = (x: QueryTerm): SQL => (/^[0-9a-z]/.test(x.text) ? sql`title ILIKE ${`%${escapeLike(x.text)}%`}` : sql`title LIKE ${`%${escapeLike(x.text)}%`}`);

/**
 * The cross-database search. `all`: every term must match; otherwise records matching any term,
 * ranked by how many match. Score: a term in the title weighs 10, in the text 3; ties by recency.
 *
 * Where the time goes at scale is reading the records the index finds: a common term (应急, 泄漏)
 * is in a good part of 100k records, and ranking all of them reads most of the table. So one search
 * reads at most a capped set of candidates, in tiers the GIN index finds directly:
 *   0. every term in the title (`t:` keys; with two or more terms), at most SEARCH_TITLE_CAP;
 *   1. some term in the title, at most SEARCH_TITLE_CAP;
 *   2. every term (or, for `all: false`, some term) anywhere, at most SEARCH_CAP;
 * and ranks only these. Below the caps (every district's real data) the result is exact: all the
 * matches are candidates. Above them, records holding the terms in the title are still found first;
 * the rest are the first SEARCH_CAP the index yields, and the per-kind counts (taken from tier 2) are
 * lower bounds (`capped`). No per-row function runs over the table: the index gives the candidates,
 * the substring check runs only for a longer Chinese term and only on the index's candidates.
 */
export async function searchDocs(db: DbOrTx, opts: SearchOpts): Promise<{ hits: SearchRow[]; counts: Map<SearchKind, number>; capped: boolean }> {
  const { terms } = opts;
  const cap = opts.cap ?? SEARCH_CAP;
  const titleCap = Math.max(opts.titleCap ?? SEARCH_TITLE_CAP, opts.limit);
  const allKeys = [...new Set(terms.flatMap((x) => x.keys))];
  const scope = and(
    sql`region_code LIKE ${`${escapeLike(opts.prefix)}%`}`,
    opts.kinds?.length ? sql`keys && ${textArray(opts.kinds.map((k) => KIND_KEY + k))}` : undefined,
  )!;
  // The records every tier draws from: all terms (one GIN containment over all their keys) or any.
  const matches = opts.all
    ? and(sql`keys @> ${textArray(allKeys)}`, ...terms.filter((x) => !x.exact).map(inText))!
    : sql`(${sql.join(terms.map(holdsTerm), sql` OR `)})`;
  const matched = opts.all ? sql`${terms.length}` : sql.join(terms.map((x) => sql`(CASE WHEN ${holdsTerm(x)} THEN 1 ELSE 0 END)`), sql` + `);
  const score = sql.join(
    terms.map((x) => (opts.all ? sql`(CASE WHEN ${titleHas(x)} THEN 10 ELSE 3 END)` : sql`(CASE WHEN ${titleHas(x)} THEN 10 WHEN ${holdsTerm(x)} THEN 3 ELSE 0 END)`)),
    sql` + `,
  );
  // Each tier reads at most its cap of records and scores them as it reads them (no body, no keys carried on).
  const tiers: SQL[] = [];
  const tier = (n: number, cond: SQL, limit: number) =>
    tiers.push(sql`(SELECT kind, ref_id, title, updated_at, (${matched})::int AS matched, (${score})::int AS score, ${n}::int AS tier FROM emergency_search WHERE ${scope} AND ${cond} LIMIT ${limit})`);
  if (opts.all && terms.length > 1) tier(0, and(matches, ...terms.map(titleHolds))!, titleCap);
  tier(1, and(matches, sql`(${sql.join(terms.map(titleHolds), sql` OR `)})`)!, titleCap);
  tier(2, matches, cap);
  const found = await rows<SearchRow & { counts: Record<string, number> | null; general: number }>(
    db,
    sql`WITH c AS MATERIALIZED (${sql.join(tiers, sql` UNION ALL `)}),
        top AS (
          SELECT kind, ref_id, title, updated_at, matched, score FROM (SELECT DISTINCT ON (kind, ref_id) * FROM c) d
          ORDER BY matched DESC, score DESC, updated_at DESC, ref_id
          LIMIT ${opts.limit}
        )
        SELECT top.kind, top.ref_id, top.title, left(s.body, 4000) AS body, top.matched, top.score,
          (SELECT json_object_agg(kind, n) FROM (SELECT kind, count(*)::int AS n FROM c WHERE tier = 2 GROUP BY kind) k) AS counts,
          (SELECT count(*)::int FROM c WHERE tier = 2) AS general
        FROM top JOIN emergency_search s ON s.kind = top.kind AND s.ref_id = top.ref_id
        ORDER BY top.matched DESC, top.score DESC, top.updated_at DESC, top.ref_id`,
  );
  const counts = new Map<SearchKind, number>(Object.entries(found[0]?.counts ?? {}) as [SearchKind, number][]);
  return { hits: found.map(({ kind, ref_id, title, body, matched, score }) => ({ kind, ref_id, title, body, matched, score })), counts, capped: (found[0]?.general ?? 0) >= cap };
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
