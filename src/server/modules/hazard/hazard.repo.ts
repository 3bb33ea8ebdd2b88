import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { KeptAnswers, rows, SqlText as Q, statementName, forgetAtWrite, type Database, type DbOrTx } from '../../db';
import { scopeCondition, type Scope } from '../../platform/access';
import { files } from '../../platform/platform.schema';
import type { HazardQuery } from '../../../shared/contracts/hazard';
import { DEADLINE_STATUSES, STATUS_GROUPS, type HazardStatus } from '../../../shared/hazard/workflow';
import {
  hazardActions,
  hazardCodeSeq,
  hazardCounters,
  hazardExtensions,
  hazardFiles,
  hazardPlans,
  hazardResumptions,
  hazards,
  hazardSteps,
  hazardSupervisions,
} from './hazard.schema';

export type HazardRow = typeof hazards.$inferSelect;
export type HazardInsert = typeof hazards.$inferInsert;

/** Scope of hazard rows (the repo ANDs it into every query of hazards). */
export function hazardScope(scope: Scope): SQL {
  return scopeCondition(scope, { regionCode: hazards.regionCode, sector: hazards.sector, enterpriseId: hazards.enterpriseId });
}

// ---------- single records ----------

export async function nextCodeNumber(tx: DbOrTx): Promise<number> {
  const [r] = await rows<{ n: number }>(tx, sql`SELECT nextval(${hazardCodeSeq.seqName}) AS n`);
  return Number(r.n);
}

export async function insertHazard(tx: DbOrTx, values: HazardInsert): Promise<HazardRow> {
  forgetLedger(tx);
  const [r] = await tx.insert(hazards).values(values).returning();
  return r;
}

export async function findHazard(db: DbOrTx, scope: Scope, id: string): Promise<HazardRow | undefined> {
  const [r] = await db.select().from(hazards).where(and(eq(hazards.id, id), hazardScope(scope)));
  return r;
}

/** Lock the hazard for a workflow step (inside the transaction); out of scope = undefined. */
export async function lockHazard(tx: DbOrTx, scope: Scope, id: string): Promise<HazardRow | undefined> {
  const [r] = await tx.select().from(hazards).where(and(eq(hazards.id, id), hazardScope(scope))).for('update');
  return r;
}

export async function updateHazardRow(tx: DbOrTx, id: string, values: Partial<HazardInsert>): Promise<HazardRow> {
  forgetLedger(tx);
  const [r] = await tx
    .update(hazards)
    .set({ ...values, version: sql`${hazards.version} + 1`, updatedAt: new Date() })
    .where(eq(hazards.id, id))
    .returning();
  return r;
}

export async function insertStep(tx: DbOrTx, v: typeof hazardSteps.$inferInsert): Promise<void> {
  await tx.insert(hazardSteps).values(v);
}

export async function listSteps(db: DbOrTx, hazardId: string) {
  return db.select().from(hazardSteps).where(eq(hazardSteps.hazardId, hazardId)).orderBy(asc(hazardSteps.at), asc(hazardSteps.id));
}

// ---------- files ----------

/** Files the actor uploaded for hazards and that no hazard holds yet (checked before attaching). */
export async function findAttachableFiles(tx: DbOrTx, ids: string[], userId: string) {
  if (ids.length === 0) return [];
  return tx
    .select({ id: files.id, name: files.name, mime: files.mime, purpose: files.purpose, createdBy: files.createdBy, attached: sql<boolean>`EXISTS (SELECT 1 FROM hazard_files hf WHERE hf.file_id = ${files.id})` })
    .from(files)
    .where(and(inArray(files.id, ids), eq(files.createdBy, userId)));
}

export async function attachFiles(tx: DbOrTx, hazardId: string, list: { fileId: string; kind: 'before' | 'after' | 'document' }[]): Promise<void> {
  if (list.length === 0) return;
  await tx
    .insert(hazardFiles)
    .values(list.map((f) => ({ hazardId, fileId: f.fileId, kind: f.kind })))
    .onConflictDoNothing();
}

export async function listFiles(db: DbOrTx, hazardId: string) {
  return db
    .select({ fileId: hazardFiles.fileId, kind: hazardFiles.kind, name: files.name, createdAt: hazardFiles.createdAt })
    .from(hazardFiles)
    .innerJoin(files, eq(files.id, hazardFiles.fileId))
    .where(eq(hazardFiles.hazardId, hazardId))
    .orderBy(asc(hazardFiles.createdAt), asc(hazardFiles.fileId));
}

/** May the scope see a hazard holding this file? (file access resolver) */
export async function fileVisibleInScope(db: DbOrTx, scope: Scope, fileId: string): Promise<boolean> {
  const [r] = await db
    .select({ id: hazards.id })
    .from(hazardFiles)
    .innerJoin(hazards, eq(hazards.id, hazardFiles.hazardId))
    .where(and(eq(hazardFiles.fileId, fileId), hazardScope(scope)))
    .limit(1);
  return !!r;
}

// ---------- actions (整改措施) ----------

export async function listActions(db: DbOrTx, hazardId: string) {
  return db.select().from(hazardActions).where(eq(hazardActions.hazardId, hazardId)).orderBy(asc(hazardActions.sort), asc(hazardActions.createdAt));
}

export async function insertActions(tx: DbOrTx, hazardId: string, list: { title: string; responsible?: string | null; dueDate?: string | null }[]) {
  if (list.length === 0) return [];
  const [{ max }] = await rows<{ max: number | null }>(tx, sql`SELECT max(sort) AS max FROM hazard_actions WHERE hazard_id = ${hazardId}`);
  const base = (max ?? 0) + 1;
  return tx
    .insert(hazardActions)
    .values(list.map((a, i) => ({ hazardId, title: a.title, responsible: a.responsible ?? null, dueDate: a.dueDate ?? null, sort: base + i })))
    .returning();
}

export async function updateAction(tx: DbOrTx, hazardId: string, actionId: string, values: Partial<typeof hazardActions.$inferInsert>) {
  const [r] = await tx
    .update(hazardActions)
    .set(values)
    .where(and(eq(hazardActions.id, actionId), eq(hazardActions.hazardId, hazardId)))
    .returning();
  return r;
}

export async function findAction(tx: DbOrTx, hazardId: string, actionId: string) {
  const [r] = await tx.select().from(hazardActions).where(and(eq(hazardActions.id, actionId), eq(hazardActions.hazardId, hazardId)));
  return r;
}

export async function deleteAction(tx: DbOrTx, hazardId: string, actionId: string) {
  const r = await tx
    .delete(hazardActions)
    .where(and(eq(hazardActions.id, actionId), eq(hazardActions.hazardId, hazardId)))
    .returning();
  return r[0];
}

export async function openActions(tx: DbOrTx, hazardId: string) {
  return tx
    .select({ id: hazardActions.id, title: hazardActions.title })
    .from(hazardActions)
    .where(and(eq(hazardActions.hazardId, hazardId), eq(hazardActions.done, false)))
    .orderBy(asc(hazardActions.sort));
}

// ---------- extensions, plans, supervision, resumption ----------

export async function listExtensions(db: DbOrTx, hazardId: string) {
  return db.select().from(hazardExtensions).where(eq(hazardExtensions.hazardId, hazardId)).orderBy(asc(hazardExtensions.requestedAt));
}

export async function insertExtension(tx: DbOrTx, v: typeof hazardExtensions.$inferInsert) {
  const [r] = await tx.insert(hazardExtensions).values(v).returning();
  return r;
}

export async function pendingExtension(tx: DbOrTx, hazardId: string) {
  const [r] = await tx
    .select()
    .from(hazardExtensions)
    .where(and(eq(hazardExtensions.hazardId, hazardId), eq(hazardExtensions.status, 'pending')))
    .for('update');
  return r;
}

export async function decideExtension(tx: DbOrTx, id: string, v: Partial<typeof hazardExtensions.$inferInsert>) {
  const [r] = await tx.update(hazardExtensions).set(v).where(eq(hazardExtensions.id, id)).returning();
  return r;
}

export async function findPlan(db: DbOrTx, hazardId: string) {
  const [r] = await db.select().from(hazardPlans).where(eq(hazardPlans.hazardId, hazardId));
  return r;
}

export async function upsertPlan(tx: DbOrTx, v: typeof hazardPlans.$inferInsert) {
  const { hazardId: _h, ...rest } = v;
  const [r] = await tx.insert(hazardPlans).values(v).onConflictDoUpdate({ target: hazardPlans.hazardId, set: rest }).returning();
  return r;
}

export async function findSupervision(db: DbOrTx, hazardId: string) {
  const [r] = await db.select().from(hazardSupervisions).where(eq(hazardSupervisions.hazardId, hazardId));
  return r;
}

export async function upsertSupervision(tx: DbOrTx, v: typeof hazardSupervisions.$inferInsert) {
  const { hazardId: _h, ...rest } = v;
  const [r] = await tx
    .insert(hazardSupervisions)
    .values(v)
    .onConflictDoUpdate({ target: hazardSupervisions.hazardId, set: { ...rest, status: 'listed', delistedAt: null } })
    .returning();
  return r;
}

export async function updateSupervision(tx: DbOrTx, hazardId: string, v: Partial<typeof hazardSupervisions.$inferInsert>) {
  const [r] = await tx.update(hazardSupervisions).set(v).where(eq(hazardSupervisions.hazardId, hazardId)).returning();
  return r;
}

export async function listResumptions(db: DbOrTx, hazardId: string) {
  return db.select().from(hazardResumptions).where(eq(hazardResumptions.hazardId, hazardId)).orderBy(asc(hazardResumptions.appliedAt));
}

export async function insertResumption(tx: DbOrTx, v: typeof hazardResumptions.$inferInsert) {
  const [r] = await tx.insert(hazardResumptions).values(v).returning();
  return r;
}

export async function pendingResumption(tx: DbOrTx, hazardId: string) {
  const [r] = await tx
    .select()
    .from(hazardResumptions)
    .where(and(eq(hazardResumptions.hazardId, hazardId), eq(hazardResumptions.status, 'pending')))
    .for('update');
  return r;
}

export async function decideResumption(tx: DbOrTx, id: string, v: Partial<typeof hazardResumptions.$inferInsert>) {
  const [r] = await tx.update(hazardResumptions).set(v).where(eq(hazardResumptions.id, id)).returning();
  return r;
}

// =============================================================================================
// The ledger: one SQL text per filter shape, run as a named prepared statement (planned once per
// connection); scope and filters are parameters except a district prefix (inlined: a LIKE on a
// parameter would hide from the planner that it matches everything). Totals come from
// hazard_counters for the filters it has dimensions for, else from a bounded count.
// =============================================================================================

const DIGITS = /^\d+$/;
const SECTOR_CODE = /^[a-z_]{1,40}$/;
/** Ad-hoc filters are counted up to this many rows; beyond it the total says "more than". */
export const COUNT_CAP = 10_000;
/** Free-text searches stop counting sooner: a common word matches a large share of the table. */
export const SEARCH_COUNT_CAP = 1_000;

export function statusList(status: string | undefined): HazardStatus[] | undefined {
  if (!status) return undefined;
  const out = new Set<HazardStatus>();
  for (const s of status.split(',')) for (const x of STATUS_GROUPS[s] ?? [s as HazardStatus]) out.add(x);
  return [...out].sort();
}

/**
 * The region the query is limited to: the scope's prefix combined with the regionCode filter.
 * `null` = nothing can match (a filter outside the scope).
 */
function effectiveRegion(scope: Scope, filter: string | undefined): { prefix: string } | null | undefined {
  const scopePrefix = scope.kind === 'region' || scope.kind === 'sectors' ? scope.prefix : undefined;
  if (!filter) return scopePrefix !== undefined ? { prefix: scopePrefix } : undefined;
  if (scopePrefix === undefined) return { prefix: filter };
  if (filter.startsWith(scopePrefix)) return { prefix: filter };
  if (scopePrefix.startsWith(filter)) return { prefix: scopePrefix };
  return null;
}

/** Region condition: a 9-digit street is an equality (parameter); a shorter prefix is inlined (validated digits). */
function regionCond(q: Q, col: string, prefix: string): void {
  if (!DIGITS.test(prefix)) throw new Error('invalid region prefix');
  if (prefix.length >= 9) q.where(`${col} = ${q.lit(prefix)}`);
  else q.where(`${col} LIKE '${prefix}%'`);
}

export interface LedgerFilter extends Omit<HazardQuery, 'page' | 'pageSize' | 'sort'> {
  /** today in Beijing, for the overdue condition */
  today: string;
  /** the stored overdue flags are exact today (the day's sweep ran): filter on the flag (partial index) */
  overdueFlagFresh?: boolean;
  /** with `q`: the enterprises whose name, credit code or address matches it (org's enterpriseIdsMatching) */
  qEnterpriseIds?: string[];
}

/** WHERE of the ledger over `h` (hazards), sectors as given (the multi-sector union passes one). */
function ledgerWhere(q: Q, scope: Scope, f: LedgerFilter, opts: { sectorOverride?: string; walkOrder?: boolean } = {}): boolean {
  if (scope.kind === 'none') return false;
  const region = effectiveRegion(scope, f.regionCode);
  if (region === null) return false;
  if (region) regionCond(q, 'h.region_code', region.prefix);
  if (scope.kind === 'enterprise') q.where(`h.enterprise_id = ${q.p(scope.enterpriseId)}`);
  const scopeSectors = scope.kind === 'sectors' ? scope.sectors.filter((s) => SECTOR_CODE.test(s)) : undefined;
  if (opts.sectorOverride) q.where(`h.sector = ${q.lit(opts.sectorOverride)}`);
  else if (f.sector) {
    if (scopeSectors && !scopeSectors.includes(f.sector)) return false;
    q.where(`h.sector = ${q.lit(f.sector)}`);
  } else if (scopeSectors) {
    if (scopeSectors.length === 0) return false;
    q.where(scopeSectors.length === 1 ? `h.sector = ${q.lit(scopeSectors[0])}` : `h.sector = ANY(${q.lit(scopeSectors)}::text[])`);
  }
  const statuses = statusList(f.status);
  if (statuses) q.where(statuses.length === 1 ? `h.status = ${q.lit(statuses[0])}` : `h.status = ANY(${q.lit(statuses)}::text[])`);
  if (f.grade) q.where(`h.grade = ${q.lit(f.grade)}`);
  if (f.source) q.where(`h.source = ${q.lit(f.source)}`);
  if (f.enterpriseId) q.where(`h.enterprise_id = ${q.p(f.enterpriseId)}`);
  if (f.supervision) q.where(`h.supervision = ${q.p(f.supervision)}`);
  if (f.overdue !== undefined && f.overdueFlagFresh) {
    // The flag equals the computed condition once the day's sweep has run (hazards_overdue_found_idx).
    q.where(f.overdue ? 'h.overdue' : 'NOT h.overdue');
  } else if (f.overdue !== undefined) {
    // Computed on read: past the deadline and not yet applied for acceptance (shared/hazard/dates.ts).
    // Today inlined (a validated date; the statement text changes once a day) so the prepared
    // statement gets a generic plan instead of being planned again on every call.
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.today)) throw new Error('invalid today');
    const open = `h.status IN (${DEADLINE_STATUSES.map((s) => `'${s}'`).join(',')}) AND h.deadline < '${f.today}'::date`;
    q.where(f.overdue ? `(${open})` : `NOT (${open.replace('h.deadline <', 'h.deadline IS NOT NULL AND h.deadline <')})`);
  }
  // Dates are Beijing calendar days.
  if (f.foundFrom) q.where(`h.found_at >= (${q.p(f.foundFrom)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  if (f.foundTo) q.where(`h.found_at < ((${q.p(f.foundTo)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  if (f.deadlineFrom) q.where(`h.deadline >= ${q.p(f.deadlineFrom)}::date`);
  if (f.deadlineTo) q.where(`h.deadline <= ${q.p(f.deadlineTo)}::date`);
  if (f.closedFrom) q.where(`h.closed_at >= (${q.p(f.closedFrom)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  if (f.closedTo) q.where(`h.closed_at < ((${q.p(f.closedTo)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  if (f.q) {
    const term = q.p(`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    // The hazard's text (hazards_search_trgm_idx) or its enterprise's name, credit code or address
    // (the org module found those enterprises first: qEnterpriseIds). When the term is common
    // (opts.walkOrder, see ledgerPage) the text is tested row by row along the sort order instead:
    // wrapped in coalesce(), the test neither matches the trigram index (which would fetch and sort
    // every match to show the first twenty) nor gets ILIKE's estimate for a long pattern (a handful
    // of rows, which made the planner scan and sort the whole table: 169 ms instead of 9 ms at
    // 120k hazards); an opaque boolean is estimated at half the rows, so the index walk wins.
    const text = `(h.code || ' ' || h.place || ' ' || h.category || ' ' || h.description)`;
    const match = opts.walkOrder ? `coalesce(${text} ILIKE ${term}, false)` : `${text} ILIKE ${term}`;
    q.where(`(${match} OR h.enterprise_id = ANY(${q.p(f.qEnterpriseIds ?? [])}::uuid[]))`);
  }
  return true;
}

// NULLS placement spelled out to match the indexes (drizzle creates "found_at DESC NULLS LAST"):
// an ORDER BY that differs only in NULLS placement cannot walk the index (the columns are NOT NULL).
const SORT_SQL: Record<HazardQuery['sort'], { order: string; keys: string[] }> = {
  '-foundAt': { order: 'found_at DESC NULLS LAST, id DESC NULLS LAST', keys: ['found_at', 'id'] },
  foundAt: { order: 'found_at ASC NULLS FIRST, id ASC NULLS FIRST', keys: ['found_at', 'id'] },
  deadline: { order: 'deadline ASC NULLS LAST, id ASC', keys: ['deadline', 'id'] },
  '-deadline': { order: 'deadline DESC NULLS LAST, id DESC', keys: ['deadline', 'id'] },
  '-updatedAt': { order: 'updated_at DESC, id DESC', keys: ['updated_at', 'id'] },
  code: { order: 'code ASC', keys: ['code'] },
};

const LIST_COLUMNS = `h.id, h.code, h.status, h.grade, h.source, h.enterprise_id, h.region_code, h.sector, h.place, h.category,
  left(h.description, 60) AS description, h.found_at, h.deadline::text AS deadline, h.supervision, h.fixed_on_spot, h.closed_at,
  h.extension_pending, h.stop_production`;

export interface LedgerRow {
  id: string;
  /** filled by the caller on the hot path (enterpriseNames), joined in exports */
  code: string;
  status: HazardStatus;
  grade: '一般' | '重大';
  source: string;
  enterprise_id: string;
  enterprise_name: string;
  region_code: string;
  sector: string;
  place: string;
  category: string;
  description: string;
  found_at: Date;
  deadline: string | null;
  supervision: 'listed' | 'delisted' | null;
  fixed_on_spot: boolean;
  closed_at: Date | null;
  extension_pending: boolean;
  stop_production: string | null;
}

/** "found_at DESC, id DESC" → "h.found_at DESC, h.id DESC" */
function aliased(order: string, alias: string): string {
  return order
    .split(', ')
    .map((x) => `${alias}.${x}`)
    .join(', ');
}


/**
 * LIMIT/OFFSET as literals for the usual pages: a parameter there makes PostgreSQL assume it will
 * read 10% of the table, so the generic plan of the prepared statement looks worse than a custom
 * one and every execution is planned again (0.2 ms of planning for 0.08 ms of execution). Deep
 * pages (rare) keep a parameter.
 */
function pageLiteral(q: Q, n: number): string {
  return n <= 500 ? String(n) : q.p(n);
}

/** The inner page query (ORDER BY, LIMIT, OFFSET), or null when nothing can match. */
function buildList(q: Q, scope: Scope, f: LedgerFilter, sort: HazardQuery['sort'], page: number, pageSize: number, walkOrder = false): string | null {
  const s = SORT_SQL[sort];
  const offset = (page - 1) * pageSize;
  // A department supervising several sectors: one ordered index walk per sector, merged
  // (Merge Append), instead of collecting every row of its sectors and sorting them.
  const multi = scope.kind === 'sectors' && !f.sector && scope.sectors.length > 1 && (sort === '-foundAt' || sort === 'foundAt');
  if (multi) {
    const branches: string[] = [];
    const lim = pageLiteral(q, pageSize + offset);
    for (const sector of scope.sectors.filter((x) => SECTOR_CODE.test(x))) {
      const b = q.fork();
      if (!ledgerWhere(b, scope, f, { sectorOverride: sector, walkOrder })) continue;
      branches.push(`(SELECT ${LIST_COLUMNS} FROM hazards h WHERE ${b.whereSql} ORDER BY ${aliased(s.order, 'h')} LIMIT ${lim})`);
    }
    if (branches.length === 0) return null;
    return `SELECT * FROM (${branches.join(' UNION ALL ')}) u ORDER BY ${aliased(s.order, 'u')} LIMIT ${pageLiteral(q, pageSize)} OFFSET ${pageLiteral(q, offset)}`;
  }
  const w = q.fork();
  if (!ledgerWhere(w, scope, f, { walkOrder })) return null;
  return `SELECT ${LIST_COLUMNS} FROM hazards h WHERE ${w.whereSql} ORDER BY ${aliased(s.order, 'h')} LIMIT ${pageLiteral(q, pageSize)} OFFSET ${pageLiteral(q, offset)}`;
}

export interface CountResult {
  total: number;
  exact: boolean;
  via: 'counters' | 'count';
}

/** Can hazard_counters answer this filter? (it has dimensions for region, sector, source, status, grade, overdue) */
function countersCover(scope: Scope, f: LedgerFilter, overdueFresh: boolean): boolean {
  if (scope.kind === 'enterprise' || scope.kind === 'none') return false;
  if (f.q || f.enterpriseId || f.supervision || f.foundFrom || f.foundTo || f.deadlineFrom || f.deadlineTo || f.closedFrom || f.closedTo) return false;
  if (f.overdue !== undefined && !overdueFresh) return false;
  return true;
}

/**
 * The total's SQL (one row, column `total`): from the counters — the coarsest grain that has every
 * filtered dimension, so a district-wide total sums a few dozen rows — or a count capped at
 * COUNT_CAP + 1 for ad-hoc filters. A constant when nothing can match.
 */
function buildCount(q: Q, scope: Scope, f: LedgerFilter, overdueFresh: boolean): { sql: string; via: CountResult['via'] } | CountResult {
  const none = (via: CountResult['via']): CountResult => ({ total: 0, exact: true, via });
  if (countersCover(scope, f, overdueFresh)) {
    const region = effectiveRegion(scope, f.regionCode);
    if (region === null) return none('counters');
    const sectors = f.sector ? [f.sector] : scope.kind === 'sectors' ? scope.sectors : undefined;
    if (scope.kind === 'sectors' && f.sector && !scope.sectors.includes(f.sector)) return none('counters');
    if (sectors && sectors.length === 0) return none('counters');
    const street = !!region && region.prefix.length >= 9;
    const lvl = f.source ? (sectors || street ? 5 : 6) : sectors ? (street ? 4 : 3) : street ? 2 : 1;
    const c = q.fork();
    c.where(`c.lvl = ${lvl}`);
    if (region) {
      if (lvl === 1 || lvl === 3 || lvl === 6) {
        // These grains hold the 6-digit district; a longer (street) prefix never reaches them.
        if (region.prefix.length >= 6) c.where(`c.region = ${c.lit(region.prefix.slice(0, 6))}`);
        else regionCond(c, 'c.region', region.prefix);
      } else regionCond(c, 'c.region', region.prefix);
    }
    if (sectors) c.where(sectors.length === 1 ? `c.sector = ${c.lit(sectors[0])}` : `c.sector = ANY(${c.lit(sectors)}::text[])`);
    if (f.source) c.where(`c.source = ${c.lit(f.source)}`);
    const statuses = statusList(f.status);
    if (statuses) c.where(statuses.length === 1 ? `c.status = ${c.lit(statuses[0])}` : `c.status = ANY(${c.lit(statuses)}::text[])`);
    if (f.grade) c.where(`c.grade = ${c.lit(f.grade)}`);
    if (f.overdue !== undefined) c.where(`c.overdue = ${c.lit(f.overdue)}`);
    return { sql: `SELECT coalesce(sum(c.n), 0)::bigint AS total FROM hazard_counters c WHERE ${c.whereSql}`, via: 'counters' };
  }
  const w = q.fork();
  if (!ledgerWhere(w, scope, f)) return none('count');
  return { sql: `SELECT count(*)::bigint AS total FROM (SELECT 1 FROM hazards h WHERE ${w.whereSql} LIMIT ${capOf(f) + 1}) s`, via: 'count' };
}

const capOf = (f: LedgerFilter) => (f.q ? SEARCH_COUNT_CAP : COUNT_CAP);

function countResult(n: number, via: CountResult['via'], cap = COUNT_CAP): CountResult {
  return via === 'counters' ? { total: n, exact: true, via } : { total: Math.min(n, cap), exact: n <= cap, via };
}

/** The total of the ledger filter (see buildCount). */
export async function countLedger(database: Database, scope: Scope, f: LedgerFilter, overdueFresh: boolean): Promise<CountResult> {
  const q = new Q();
  const c = buildCount(q, scope, f, overdueFresh);
  if (!('sql' in c)) return c;
  const [r] = await database.queryPrepared<{ total: number }>(statementName('hz_cnt', c.sql), c.sql, q.params);
  return countResult(Number(r.total), c.via, capOf(f));
}

/**
 * The page and its total in ONE statement (one round trip, one prepared plan): the hot path of
 * the ledger. `total` rides on every row; an empty page still answers one row with it.
 */
export async function ledgerPage(database: Database, scope: Scope, f: LedgerFilter, sort: HazardQuery['sort'], page: number, pageSize: number, overdueFresh: boolean): Promise<{ rows: LedgerRow[] } & CountResult> {
  if (f.q) return searchPage(database, scope, f, sort, page, pageSize, overdueFresh);
  const q = new Q();
  const c = buildCount(q, scope, f, overdueFresh);
  const inner = buildList(q, scope, f, sort, page, pageSize);
  if (!('sql' in c) || !inner) {
    const counted = 'sql' in c ? await countLedger(database, scope, f, overdueFresh) : c;
    return { rows: [], ...counted };
  }
  // Enterprise names are not joined here: the service fills them from a small cache (see enterpriseNames).
  const text = `WITH t AS (${c.sql}) SELECT t.total, p.* FROM t LEFT JOIN (${inner}) p ON true ORDER BY ${aliased(SORT_SQL[sort].order, 'p')}`;
  return ledgerPages.get(database, `${text}\u0000${JSON.stringify(q.params)}`, async () => {
    const r = await database.queryPrepared<LedgerRow & { total: number }>(statementName('hz_page', text), text, q.params);
    const total = r.length ? Number(r[0].total) : 0;
    return { rows: r.filter((x) => x.id !== null), ...countResult(total, c.via, capOf(f)) };
  });
}

/**
 * Ledger pages (rows and total, without the enterprise names and 失信 flags the service adds per
 * request) are kept by their statement for 5 s: people open the same first pages of the same
 * filters again and again, and every page was a round trip whose fixed cost (the socket writes
 * that wake PostgreSQL on this VM) was a fifth of the server's time. Dropped at every write to
 * hazards and again when the writing transaction ends (forgetLedger), so this instance never
 * shows a page older than its own last write; another instance's write shows within 5 s.
 * Free-text searches are not kept (their matches depend on the registry too); their counts are.
 */
const ledgerPages = new KeptAnswers<{ rows: LedgerRow[] } & CountResult>(5_000, 2_000, 'ledger pages');

/**
 * At a write to hazards (the counters follow by trigger): the kept pages and search counts are
 * dropped now and again once the writing transaction has ended — a read that began in between
 * saw the rows before the commit.
 */
export function forgetLedger(tx?: DbOrTx): void {
  forgetAtWrite(tx, () => {
    searchCounts.forget();
    ledgerPages.forget();
  });
}

/**
 * A free-text search: the capped count first, then the page by the plan that suits the term. A
 * common term (more matches than the cap) is found at once walking the sort order; a rare one is
 * collected through the trigram indexes and its few matches sorted.
 */
async function searchPage(database: Database, scope: Scope, f: LedgerFilter, sort: HazardQuery['sort'], page: number, pageSize: number, overdueFresh: boolean): Promise<{ rows: LedgerRow[] } & CountResult> {
  const counted = await searchCount(database, scope, f, overdueFresh);
  if (counted.total === 0) return { rows: [], ...counted };
  const q = new Q();
  const list = buildList(q, scope, f, sort, page, pageSize, !counted.exact);
  if (!list) return { rows: [], ...counted };
  return { rows: await database.query<LedgerRow>(list, q.params), ...counted };
}

/**
 * A search's capped count (up to 1,001 matches through the trigram index: ~15 ms at a million
 * hazards, thirty times its page) is kept for the pages that follow (KeptAnswers, 5 s), dropped at
 * every write to hazards (insert, step, overdue sweep: forgetLedger). It runs unprepared: its plan
 * depends on the term.
 */
const searchCounts = new KeptAnswers<CountResult>(5_000, 500, 'ledger search counts');

function searchCount(database: Database, scope: Scope, f: LedgerFilter, overdueFresh: boolean): Promise<CountResult> {
  const q = new Q();
  const c = buildCount(q, scope, f, overdueFresh);
  if (!('sql' in c)) return Promise.resolve(c);
  return searchCounts.get(database, `${c.sql}\u0000${JSON.stringify(q.params)}`, async () => {
    const [r] = await database.query<{ total: number }>(c.sql, q.params);
    return countResult(Number(r.total), c.via, capOf(f));
  });
}

/** Exact count without the cap (tests compare the counters with it). */
export async function countLedgerDirect(database: Database, scope: Scope, f: LedgerFilter): Promise<number> {
  const q = new Q();
  if (!ledgerWhere(q, scope, f)) return 0;
  const [r] = await database.query<{ total: number }>(`SELECT count(*)::int AS total FROM hazards h WHERE ${q.whereSql}`, q.params);
  return Number(r.total);
}

/** A ledger row as the export writes it: the sheet's columns, instants already in China time. */
export interface ExportRow
  extends Pick<LedgerRow, 'id' | 'code' | 'status' | 'grade' | 'source' | 'enterprise_id' | 'region_code' | 'sector' | 'place' | 'category' | 'deadline' | 'supervision' | 'fixed_on_spot'> {
  /** in full (the list's rows cut it) */
  description: string;
  standard_id: string | null;
  standard_item: string | null;
  found_by_name: string | null;
  measures: string | null;
  responsible_person: string | null;
  /** numeric, as text */
  funds: string | null;
  /** 'YYYY-MM-DD HH:MI', China time (as formatDateTime) */
  found_at_text: string;
  closed_at_text: string | null;
  /** found_at in PostgreSQL's own text (microseconds and offset): the keyset's position, exact */
  found_at_key: string;
}

/** China time as formatDateTime writes it ('2026-12-04 09:05'), formatted by the database. */
const chinaMinute = (col: string) => `to_char(${col} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')`;

/**
 * Walk every hazard matching the filter in `found_at` order with a keyset cursor (exports:
 * constant memory, no OFFSET). The next batch is fetched while the caller writes this one.
 * Only the sheet's columns are read, the instants as text formatted by the database: no Date is
 * parsed or formatted per row in the process (the export's largest per-row cost after the XML),
 * and the keyset position is found_at's own text, exact to the microsecond.
 */
export async function* iterateLedger(database: Database, scope: Scope, f: LedgerFilter, ascending: boolean, batch = 5000): AsyncGenerator<ExportRow[]> {
  const cmp = ascending ? '>' : '<';
  const fetch = async (after: { foundAt: string; id: string } | null) => {
    const q = new Q();
    if (!ledgerWhere(q, scope, f)) return [];
    if (after) q.where(`(h.found_at, h.id) ${cmp} (${q.p(after.foundAt)}::timestamptz, ${q.p(after.id)}::uuid)`);
    const order = ascending ? SORT_SQL.foundAt.order : SORT_SQL['-foundAt'].order;
    const text = `SELECT h.id, h.code, h.status, h.grade, h.source, h.enterprise_id, h.region_code, h.sector, h.place, h.category, h.description,
               h.standard_id, h.standard_item, h.found_by_name, h.measures, h.responsible_person, h.funds, h.deadline::text AS deadline,
               h.supervision, h.fixed_on_spot, ${chinaMinute('h.found_at')} AS found_at_text, ${chinaMinute('h.closed_at')} AS closed_at_text,
               h.found_at::text AS found_at_key
          FROM hazards h WHERE ${q.whereSql} ORDER BY ${aliased(order, 'h')} LIMIT ${q.p(batch)}`;
    return database.queryPrepared<ExportRow>(statementName(after ? 'hz_exp_n' : 'hz_exp_0', text), text, q.params);
  };
  let next = fetch(null);
  for (;;) {
    const page = await next;
    if (page.length === 0) return;
    const last = page[page.length - 1];
    next = page.length < batch ? Promise.resolve([]) : fetch({ foundAt: last.found_at_key, id: last.id });
    yield page;
  }
}

// ---------- statistics (from the counters) ----------

export interface CounterCell {
  key: string;
  status: HazardStatus;
  grade: string;
  overdue: boolean;
  n: number;
}

/**
 * Counter cells of the scope (and optional region/sector filter), keyed by street, sector or
 * nothing. Sums a few hundred rows at most.
 */
export async function counterCells(database: Database, scope: Scope, by: 'region' | 'sector' | 'none', filter: { regionCode?: string; sector?: string }): Promise<CounterCell[]> {
  if (scope.kind === 'none' || scope.kind === 'enterprise') return [];
  const region = effectiveRegion(scope, filter.regionCode);
  if (region === null) return [];
  if (scope.kind === 'sectors' && filter.sector && !scope.sectors.includes(filter.sector)) return [];
  const sectors = filter.sector ? [filter.sector] : scope.kind === 'sectors' ? scope.sectors : undefined;
  if (sectors && sectors.length === 0) return [];
  const street = !!region && region.prefix.length >= 9;
  const needSector = by === 'sector' || !!sectors;
  const needStreet = by === 'region' || street;
  const lvl = needSector ? (needStreet ? 4 : 3) : needStreet ? 2 : 1;
  const q = new Q();
  q.where(`c.lvl = ${lvl}`);
  if (region) {
    if ((lvl === 1 || lvl === 3) && region.prefix.length >= 6) q.where(`c.region = ${q.lit(region.prefix.slice(0, 6))}`);
    else regionCond(q, 'c.region', region.prefix);
  }
  if (sectors) q.where(sectors.length === 1 ? `c.sector = ${q.lit(sectors[0])}` : `c.sector = ANY(${q.lit(sectors)}::text[])`);
  const key = by === 'region' ? 'c.region' : by === 'sector' ? 'c.sector' : `''`;
  const text = `SELECT ${key} AS key, c.status, c.grade, c.overdue, sum(c.n)::bigint AS n FROM hazard_counters c WHERE ${q.whereSql} AND c.n <> 0 GROUP BY 1, 2, 3, 4`;
  const r = await database.queryPrepared<CounterCell>(statementName('hz_stat', text), text, q.params);
  return r.map((x) => ({ ...x, n: Number(x.n) }));
}

/** The same cells computed from the hazards of one enterprise (enterprise users; few rows). */
export async function enterpriseCells(db: DbOrTx, enterpriseId: string, today: string): Promise<CounterCell[]> {
  const r = await rows<CounterCell>(
    db,
    sql`SELECT '' AS key, status, grade, (status IN ('confirmed','rectifying') AND deadline < ${today}::date) IS TRUE AS overdue, count(*)::bigint AS n
          FROM hazards WHERE enterprise_id = ${enterpriseId} GROUP BY 1, 2, 3, 4`,
  );
  return r.map((x) => ({ ...x, n: Number(x.n) }));
}

/** Hazards currently 挂牌 in the scope (partial index on supervision). */
export async function countListed(db: DbOrTx, scope: Scope, filter: { regionCode?: string; sector?: string }): Promise<number> {
  const conds: SQL[] = [hazardScope(scope), eq(hazards.supervision, 'listed')];
  if (filter.regionCode) conds.push(sql`${hazards.regionCode} LIKE ${`${filter.regionCode}%`}`);
  if (filter.sector) conds.push(eq(hazards.sector, filter.sector));
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(hazards)
    .where(and(...conds));
  return r.n;
}

/** Recompute every counter from the hazards (repair; tests check the triggers against it). */
export async function rebuildCounters(db: DbOrTx): Promise<void> {
  forgetLedger(db);
  await db.execute(sql`SELECT hazard_counters_rebuild()`);
}

export async function counterSnapshot(db: DbOrTx) {
  return db.select().from(hazardCounters).where(sql`${hazardCounters.n} <> 0`).orderBy(asc(hazardCounters.lvl), asc(hazardCounters.region), asc(hazardCounters.sector), asc(hazardCounters.source), asc(hazardCounters.status), asc(hazardCounters.grade), asc(hazardCounters.overdue));
}

// ---------- overdue sweep ----------

/**
 * Set the stored overdue flag to what the deadline says today (idempotent). The counters follow
 * through the trigger. Returns the hazards that became overdue now (for reminders).
 */
export async function sweepOverdue(tx: DbOrTx, today: string) {
  forgetLedger(tx);
  const newly = await rows<{ id: string; code: string; enterprise_id: string; region_code: string; sector: string; deadline: string }>(
    tx,
    sql`UPDATE hazards SET overdue = true, updated_at = now()
         WHERE status IN ('confirmed','rectifying') AND deadline < ${today}::date AND NOT overdue
         RETURNING id, code, enterprise_id, region_code, sector, deadline::text AS deadline`,
  );
  const cleared = await rows<{ id: string }>(
    tx,
    sql`UPDATE hazards SET overdue = false, updated_at = now()
         WHERE overdue AND NOT (status IN ('confirmed','rectifying') AND deadline IS NOT NULL AND deadline < ${today}::date)
         RETURNING id`,
  );
  return { newly, cleared: cleared.length };
}

// ---------- public page ----------

export async function publicSupervisions(db: DbOrTx, status: 'listed' | 'delisted', limit: number) {
  return rows<{
    code: string;
    enterprise_id: string;
    region_code: string;
    sector: string;
    category: string;
    place: string;
    level: string;
    supervising_unit: string;
    doc_no: string;
    listed_at: Date;
    deadline: string;
    status: 'listed' | 'delisted';
    delisted_at: Date | null;
  }>(
    db,
    sql`SELECT h.code, h.enterprise_id, h.region_code, h.sector, h.category, h.place, s.level, s.supervising_unit, s.doc_no,
               s.listed_at, s.deadline::text AS deadline, s.status, s.delisted_at
          FROM hazard_supervisions s JOIN hazards h ON h.id = s.hazard_id
         WHERE s.status = ${status}
         ORDER BY ${status === 'listed' ? sql`s.listed_at DESC` : sql`s.delisted_at DESC NULLS LAST`}, h.code
         LIMIT ${limit}`,
  );
}

// ---------- enterprise tab / report helpers ----------

export async function hazardIdsOfOrigin(db: DbOrTx, kind: string, id: string) {
  return db.select({ id: hazards.id, code: hazards.code }).from(hazards).where(and(eq(hazards.originKind, kind), eq(hazards.originId, id))).orderBy(desc(hazards.foundAt));
}

// ---------- conditions other modules put in their SQL (built here: their SQL never names hazard's tables) ----------

/**
 * The hazard with this id was rectified (整改销号): closed, and not fixed on the spot. A condition
 * for another module's WHERE (the self-inspection statistics count rectified hazards of their runs).
 */
export function hazardRectified(hazardId: SQL): SQL {
  return sql`EXISTS (SELECT 1 FROM hazards h WHERE h.id = ${hazardId} AND h.status = 'closed' AND NOT h.fixed_on_spot)`;
}
