import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import { isTransaction, KeptAnswers, rows, sideBySide, SqlText, statementName, forgetAtWrite, type Database, type Db, type DbOrTx } from '../../db';
import { escapeLike, scopeCondition, type Scope } from '../../platform/access';
import type { EnterpriseQuery } from '../../../shared/contracts/org';
import type { OrgDirectory } from '../../platform/org-directory';
import { enterprises, regions, sectors, units } from './org.schema';

export type EnterpriseRow = typeof enterprises.$inferSelect;
export type EnterpriseInsert = typeof enterprises.$inferInsert;

/** Scope condition for enterprises: region, primary sector, or the enterprise itself. */
export function enterpriseScope(scope: Scope): SQL {
  return scopeCondition(scope, { regionCode: enterprises.regionCode, sector: enterprises.sector, enterpriseId: enterprises.id });
}

const enterpriseColumns = {
  e: enterprises,
  sectorName: sectors.name,
  regionName: regions.name,
  supervisingUnitId: units.id,
  supervisingUnitName: units.shortName,
};

export type EnterpriseJoined = { e: EnterpriseRow; sectorName: string; regionName: string; supervisingUnitId: string; supervisingUnitName: string };

function filterConditions(scope: Scope, q: Partial<EnterpriseQuery>): SQL[] {
  const conds: SQL[] = [enterpriseScope(scope)];
  if (q.q) {
    // The list's search (searchWhere) over drizzle's columns.
    const text = sql`${enterprises.name} || ' ' || ${enterprises.creditCode} || ' ' || ${enterprises.address}`;
    if ([...q.q].length >= 2) conds.push(sql`anzhi_bigrams(${text}) @> anzhi_bigrams(${q.q})`);
    conds.push(sql`(${text}) ILIKE ${`%${escapeLike(q.q)}%`}`);
  }
  if (q.sector) conds.push(or(eq(enterprises.sector, q.sector), sql`${q.sector} = ANY(${enterprises.sectors})`)!);
  if (q.regionCode) conds.push(sql`${enterprises.regionCode} LIKE ${`${escapeLike(q.regionCode)}%`}`);
  if (q.status) conds.push(eq(enterprises.status, q.status));
  if (q.scale) conds.push(eq(enterprises.scale, q.scale));
  if (q.aboveScale !== undefined) conds.push(eq(enterprises.aboveScale, q.aboveScale));
  if (q.riskLevel) conds.push(eq(enterprises.riskLevel, q.riskLevel));
  return conds;
}


function joined(db: DbOrTx) {
  return db
    .select(enterpriseColumns)
    .from(enterprises)
    .innerJoin(sectors, eq(sectors.code, enterprises.sector))
    .innerJoin(regions, eq(regions.code, enterprises.regionCode))
    .innerJoin(units, eq(units.id, sectors.departmentUnitId));
}

// ---------- the registry list (hot path) ----------
// One SQL text per filter shape, run as a named prepared statement (searches excepted, see run), codes
// written into the text as literals (SqlText.lit) so the statement is planned once per connection;
// the exact total beside it, kept (countOf); the page's sector, region and supervising unit come from
// the org lists cache (no join). Drizzle built the same SQL again on every request (a fifth of the time).

const PAGE_SORTS: Record<EnterpriseQuery['sort'], string> = {
  name: 'e.name ASC, e.id ASC',
  '-name': 'e.name DESC, e.id ASC',
  updatedAt: 'e.updated_at ASC, e.id ASC',
  '-updatedAt': 'e.updated_at DESC, e.id ASC',
  creditCode: 'e.credit_code ASC',
  employees: 'e.employees ASC NULLS FIRST, e.id ASC',
  '-employees': 'e.employees DESC NULLS LAST, e.id ASC',
};

const PAGE_COLUMNS = `e.id, e.credit_code AS "creditCode", e.name, e.sector, e.sectors, e.region_code AS "regionCode", e.address, e.lng, e.lat,
  e.legal_rep_name AS "legalRepName", e.legal_rep_phone_enc AS "legalRepPhoneEnc", e.safety_manager_name AS "safetyManagerName",
  e.safety_manager_phone_enc AS "safetyManagerPhoneEnc", e.scale, e.above_scale AS "aboveScale", e.status, e.employees,
  e.established_on::text AS "establishedOn", e.business_scope AS "businessScope", e.risk_level AS "riskLevel", e.version,
  e.created_at AS "createdAt", e.updated_at AS "updatedAt"`;

const DIGITS = /^\d+$/;

/** A region prefix: inlined when it is digits (a LIKE on a parameter hides that it is a prefix), else a parameter. */
function regionPrefix(q: SqlText, prefix: string): void {
  if (DIGITS.test(prefix)) q.where(prefix.length >= 9 ? `e.region_code = '${prefix}'` : `e.region_code LIKE '${prefix}%'`);
  else q.where(`e.region_code LIKE ${q.p(`${escapeLike(prefix)}%`)}`);
}

/** WHERE over `e` (enterprises) for the scope and the filters; false = nothing can match. */
function listWhere(q: SqlText, scope: Scope, f: Partial<EnterpriseQuery>): boolean {
  switch (scope.kind) {
    case 'none':
      return false;
    case 'region':
      regionPrefix(q, scope.prefix);
      break;
    case 'sectors':
      if (scope.sectors.length === 0) return false;
      regionPrefix(q, scope.prefix);
      q.where(`e.sector = ANY(${q.lit(scope.sectors)}::text[])`);
      break;
    case 'enterprise':
      q.where(`e.id = ${q.p(scope.enterpriseId)}`);
      break;
  }
  if (f.q) searchWhere(q, f.q);
  if (f.sector) {
    const s = q.lit(f.sector);
    q.where(`(e.sector = ${s} OR ${s} = ANY(e.sectors))`);
  }
  if (f.regionCode) regionPrefix(q, f.regionCode);
  if (f.status) q.where(`e.status = ${q.lit(f.status)}`);
  if (f.scale) q.where(`e.scale = ${q.lit(f.scale)}`);
  if (f.aboveScale !== undefined) q.where(`e.above_scale = ${q.lit(f.aboveScale)}`);
  if (f.riskLevel) q.where(`e.risk_level = ${q.lit(f.riskLevel)}`);
  return true;
}

/**
 * Name, credit code or address contains the text (case-insensitive). One indexed expression serves
 * the three (org.schema.ts): its trigrams for terms of three characters or more, its character pairs
 * (anzhi_bigrams, which a two-character Chinese term needs: it holds no trigram) for two or more;
 * the planner takes either or both, and ILIKE checks the candidates.
 */
function searchWhere(q: SqlText, text: string): void {
  if ([...text].length >= 2) q.where(`anzhi_bigrams(e.name || ' ' || e.credit_code || ' ' || e.address) @> anzhi_bigrams(${q.p(text)})`);
  q.where(`(e.name || ' ' || e.credit_code || ' ' || e.address) ILIKE ${q.p(`%${escapeLike(text)}%`)}`);
}

/**
 * A registry statement: prepared (planned once per connection) unless it searches text. A search's
 * best plan depends on the term — a rare one through the bigram or trigram index, a common one
 * walking the sort order — which a prepared statement's generic plan cannot know (it walked the
 * name index computing every row's pairs: 173 req/s instead of thousands).
 */
function run<T>(database: Database, prefix: string, text: string, params: unknown[], search: boolean): Promise<T[]> {
  return search ? database.query<T>(text, params) : database.queryPrepared<T>(statementName(prefix, text), text, params);
}

/** LIMIT/OFFSET as literals for the usual pages (see hazard.repo's pageLiteral); deep pages keep a parameter. */
function pageNumber(q: SqlText, n: number): string {
  return n <= 500 ? String(n) : q.p(n);
}

// The exact total of a filter costs a scan of every match (12 ms for a district of 50,000, more than
// the page itself), and people page through the same filter: totals are kept (KeptAnswers, 5 s),
// dropped by every write to enterprises — when it is written and again when the writing service's
// transaction has ended (forgetEnterpriseCounts).
const enterpriseCounts = new KeptAnswers<number>(5_000, 500, 'registry totals');

/**
 * Registry pages (the rows of a filter's or a search's page, without names, flags or clear phones,
 * which are added per request) are kept like the totals: people open the same first pages again and
 * again, and each was a round trip whose fixed cost on this VM outweighed the statement.
 */
const enterprisePages = new KeptAnswers<EnterpriseRow[]>(5_000, 2_000, 'registry pages');

let registryGeneration = 0;

function forgetNow(): void {
  enterpriseCounts.forget();
  enterprisePages.forget();
  matchingKept.forget();
  registryGeneration++;
}

/**
 * At a write to enterprises: kept totals, pages and name matches are dropped now and, inside a
 * transaction, again once it has ended (a read begun in between saw the rows before the commit).
 */
export function forgetEnterpriseCounts(tx?: DbOrTx): void {
  forgetAtWrite(tx, forgetNow);
}

/** Changes at every write to enterprises (as forgetEnterpriseCounts): other modules' copies of names drop then. */
export function enterpriseRegistryGeneration(): number {
  return registryGeneration;
}

function countOf(database: Database, where: string, params: unknown[], search: boolean): Promise<number> {
  const text = `SELECT count(*)::int AS total FROM enterprises e WHERE ${where}`;
  return enterpriseCounts.get(database, `${where}\u0000${JSON.stringify(params)}`, () => run<{ total: number }>(database, 'ent_count', text, params, search).then((r) => Number(r[0].total)));
}

export async function listEnterprises(database: Database, scope: Scope, f: EnterpriseQuery): Promise<{ rows: EnterpriseJoined[]; total: number }> {
  const q = new SqlText();
  if (!listWhere(q, scope, f)) return { rows: [], total: 0 };
  const where = q.whereSql;
  const filterParams = [...q.params];
  const order = PAGE_SORTS[f.sort] ?? PAGE_SORTS.name;
  const page = `SELECT ${PAGE_COLUMNS} FROM enterprises e WHERE ${where} ORDER BY ${order} LIMIT ${pageNumber(q, f.pageSize)} OFFSET ${pageNumber(q, (f.page - 1) * f.pageSize)}`;
  const read = () => run<EnterpriseRow>(database, 'ent_page', page, q.params, !!f.q);
  const [found, total] = await Promise.all([enterprisePages.get(database, `${page}\u0000${JSON.stringify(q.params)}`, read), countOf(database, where, filterParams, !!f.q)]);
  const { sectorByCode, regionByCode } = await orgListIndex(database.db);
  const rows = found.map((e): EnterpriseJoined => {
    const sector = sectorByCode.get(e.sector);
    return {
      e,
      sectorName: sector?.name ?? e.sector,
      regionName: regionByCode.get(e.regionCode)?.name ?? e.regionCode,
      supervisingUnitId: sector?.departmentUnitId ?? '',
      supervisingUnitName: sector?.departmentName ?? '',
    };
  });
  return { rows, total };
}

/** Keyset-paged walk over every enterprise matching the filter (exports; constant memory). */
export async function* iterateEnterprises(db: DbOrTx, scope: Scope, q: Partial<EnterpriseQuery>, batch = 2000): AsyncGenerator<EnterpriseJoined[]> {
  let after: string | null = null;
  for (;;) {
    const conds = filterConditions(scope, q);
    if (after) conds.push(sql`${enterprises.creditCode} > ${after}`);
    const rows = await joined(db).where(and(...conds)).orderBy(asc(enterprises.creditCode)).limit(batch);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
    after = rows[rows.length - 1].e.creditCode;
  }
}

export async function findEnterprise(db: DbOrTx, scope: Scope, id: string): Promise<EnterpriseJoined | undefined> {
  const [r] = await joined(db).where(and(eq(enterprises.id, id), enterpriseScope(scope)));
  return r;
}

/** An enterprise of the scope by its 统一社会信用代码 (imports name enterprises by code). */
export async function findEnterpriseInScopeByCreditCode(db: DbOrTx, scope: Scope, creditCode: string): Promise<EnterpriseJoined | undefined> {
  const [r] = await joined(db).where(and(eq(enterprises.creditCode, creditCode), enterpriseScope(scope)));
  return r;
}

/** Lock the row for an update (inside a transaction), within scope. */
export async function lockEnterprise(tx: DbOrTx, scope: Scope, id: string): Promise<EnterpriseRow | undefined> {
  const [r] = await tx.select().from(enterprises).where(and(eq(enterprises.id, id), enterpriseScope(scope))).for('update');
  return r;
}

export async function findEnterpriseByCreditCode(db: DbOrTx, creditCode: string): Promise<EnterpriseRow | undefined> {
  const [r] = await db.select().from(enterprises).where(eq(enterprises.creditCode, creditCode));
  return r;
}

export async function findEnterprisesByCreditCodes(db: DbOrTx, codes: string[]): Promise<EnterpriseRow[]> {
  const out: EnterpriseRow[] = [];
  // Chunks keep the parameter count far below PostgreSQL's 65,535 limit.
  for (let i = 0; i < codes.length; i += 5000) {
    out.push(...(await db.select().from(enterprises).where(inArray(enterprises.creditCode, codes.slice(i, i + 5000)))));
  }
  return out;
}

export async function insertEnterprise(tx: DbOrTx, values: EnterpriseInsert): Promise<EnterpriseRow> {
  forgetEnterpriseCounts(tx);
  const [r] = await tx.insert(enterprises).values(values).returning();
  return r;
}

export async function insertEnterprises(tx: DbOrTx, values: EnterpriseInsert[]): Promise<EnterpriseRow[]> {
  if (values.length === 0) return [];
  forgetEnterpriseCounts(tx);
  return tx.insert(enterprises).values(values).returning();
}

export async function updateEnterpriseRow(tx: DbOrTx, id: string, values: Partial<EnterpriseInsert>): Promise<EnterpriseRow> {
  forgetEnterpriseCounts(tx);
  const [r] = await tx
    .update(enterprises)
    .set({ ...values, version: sql`${enterprises.version} + 1`, updatedAt: new Date() })
    .where(eq(enterprises.id, id))
    .returning();
  return r;
}

// ---------- reference data ----------
// Regions, units and sectors are a few dozen rows each, read on almost every request and thousands of
// times by a demo seed, and changed only by an administrator's edit. On the database itself they are
// kept per database object (one load shared by concurrent readers) and dropped when org writes them
// (`forgetOrgLists` after the commit); a load begun before that commit is not kept. Another app
// instance's edit is seen within ORG_LISTS_TTL_MS. On a transaction they are read from it, so a
// transaction sees its own writes. Rows are frozen: a caller changing one would change every caller's.

const ORG_LISTS_TTL_MS = 10_000;

async function readRegions(db: DbOrTx) {
  return db.select().from(regions).orderBy(asc(regions.sort), asc(regions.code));
}
async function readUnits(db: DbOrTx) {
  return db.select().from(units).orderBy(asc(units.sort), asc(units.code));
}
async function readSectors(db: DbOrTx) {
  return db
    .select({ code: sectors.code, name: sectors.name, departmentUnitId: sectors.departmentUnitId, committeeUnitId: sectors.committeeUnitId, sort: sectors.sort, departmentName: units.shortName })
    .from(sectors)
    .innerJoin(units, eq(units.id, sectors.departmentUnitId))
    .orderBy(asc(sectors.sort));
}
type OrgLists = { regions: Awaited<ReturnType<typeof readRegions>>; units: Awaited<ReturnType<typeof readUnits>>; sectors: Awaited<ReturnType<typeof readSectors>> };

const orgListCache = new WeakMap<object, { at: number; lists?: Promise<OrgLists> }>();

async function readOrgLists(db: DbOrTx): Promise<OrgLists> {
  const [r, u, s] = await sideBySide(db, () => readRegions(db), () => readUnits(db), () => readSectors(db));
  const freeze = <T extends object>(list: T[]) => list.map((x) => Object.freeze(x));
  return { regions: freeze(r), units: freeze(u), sectors: freeze(s) };
}

/** On the database itself only: a transaction reads the list it needs from itself. */
async function orgLists(db: DbOrTx): Promise<OrgLists> {
  let entry = orgListCache.get(db);
  if (!entry) orgListCache.set(db, (entry = { at: 0 }));
  if (entry.lists && Date.now() - entry.at < ORG_LISTS_TTL_MS) return entry.lists;
  const e = entry;
  const lists = readOrgLists(db);
  e.lists = lists;
  e.at = Date.now();
  // A failed load is not kept. A load that a commit overtook is not kept either: forgetOrgLists
  // replaced it, so only its own callers see it.
  lists.catch(() => {
    if (e.lists === lists) e.lists = undefined;
  });
  return lists;
}

/** After a committed write to regions, units or sectors: the next read loads them again. */
export function forgetOrgLists(db: DbOrTx): void {
  const entry = orgListCache.get(db);
  if (entry) entry.lists = undefined;
}

type OrgListIndex = { sectorByCode: Map<string, OrgLists['sectors'][number]>; regionByCode: Map<string, OrgLists['regions'][number]> };
const orgListIndexes = new WeakMap<OrgLists, OrgListIndex>();

/** Sectors and regions by code, over the cached lists (on the database itself; a hot path's lookups). */
export async function orgListIndex(db: Db): Promise<OrgListIndex> {
  const lists = await orgLists(db);
  let index = orgListIndexes.get(lists);
  if (!index) {
    index = { sectorByCode: new Map(lists.sectors.map((x) => [x.code, x])), regionByCode: new Map(lists.regions.map((x) => [x.code, x])) };
    orgListIndexes.set(lists, index);
  }
  return index;
}

export async function listRegions(db: DbOrTx) {
  return isTransaction(db) ? readRegions(db) : [...(await orgLists(db)).regions];
}

export async function listUnits(db: DbOrTx) {
  return isTransaction(db) ? readUnits(db) : [...(await orgLists(db)).units];
}

export async function listSectors(db: DbOrTx) {
  return isTransaction(db) ? readSectors(db) : [...(await orgLists(db)).sectors];
}

export async function findUnit(db: DbOrTx, id: string) {
  if (!isTransaction(db)) return (await orgLists(db)).units.find((u) => u.id === id);
  const [r] = await db.select().from(units).where(eq(units.id, id));
  return r;
}

export async function findUnitByCode(db: DbOrTx, code: string) {
  if (!isTransaction(db)) return (await orgLists(db)).units.find((u) => u.code === code);
  const [r] = await db.select().from(units).where(eq(units.code, code));
  return r;
}

export async function updateUnitRow(tx: DbOrTx, id: string, values: Partial<typeof units.$inferInsert>) {
  const [r] = await tx.update(units).set({ ...values, updatedAt: new Date() }).where(eq(units.id, id)).returning();
  return r;
}

export async function searchUnitsByName(db: DbOrTx, text: string) {
  const term = `%${escapeLike(text)}%`;
  return db
    .select()
    .from(units)
    .where(or(ilike(units.name, term), ilike(units.shortName, term), sql`EXISTS (SELECT 1 FROM unnest(${units.aliases}) a WHERE a ILIKE ${term})`));
}

export async function enterpriseCountsByRegion(db: DbOrTx, scope: Scope) {
  return db
    .select({ regionCode: enterprises.regionCode, count: sql<number>`count(*)::int` })
    .from(enterprises)
    .where(enterpriseScope(scope))
    .groupBy(enterprises.regionCode);
}

/** Counts by sector, region, status and risk level within a scope (home page, charts). */
export async function enterpriseStats(db: DbOrTx, scope: Scope) {
  const where = enterpriseScope(scope);
  const by = (col: typeof enterprises.sector | typeof enterprises.regionCode | typeof enterprises.status | typeof enterprises.riskLevel) =>
    db.select({ key: col, count: sql<number>`count(*)::int` }).from(enterprises).where(where).groupBy(col);
  const [sector, region, status, risk, [{ total, aboveScale }]] = await Promise.all([
    by(enterprises.sector),
    by(enterprises.regionCode),
    by(enterprises.status),
    by(enterprises.riskLevel),
    db.select({ total: sql<number>`count(*)::int`, aboveScale: sql<number>`count(*) FILTER (WHERE ${enterprises.aboveScale})::int` }).from(enterprises).where(where),
  ]);
  return { total, aboveScale, sector, region, status, risk };
}

/**
 * Write the risk level derived by the risk module (风险分级管控) for some enterprises, in the
 * caller's transaction. A derived field: it bumps neither `version` nor `updated_at`, so an
 * enterprise form open elsewhere does not conflict with a risk assessment.
 */
export async function setEnterpriseRiskLevels(tx: DbOrTx, changes: { enterpriseId: string; level: string | null }[]): Promise<void> {
  if (changes.length) forgetEnterpriseCounts(tx);
  for (let i = 0; i < changes.length; i += 1000) {
    const chunk = changes.slice(i, i + 1000);
    const values = sql.join(
      chunk.map((c) => sql`(${c.enterpriseId}::uuid, ${c.level}::text)`),
      sql`, `,
    );
    await tx.execute(sql`UPDATE enterprises SET risk_level = v.level FROM (VALUES ${values}) AS v(id, level) WHERE enterprises.id = v.id`);
  }
}

// ---------- the platform's view of the organisation (platform/org-directory.ts) ----------

export const orgDirectoryImpl: OrgDirectory = {
  async unitKind(db, unitId) {
    const [r] = await db.select({ kind: units.kind }).from(units).where(eq(units.id, unitId));
    return r?.kind;
  },
  async enterpriseExists(db, id) {
    const [r] = await db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.id, id));
    return !!r;
  },
  async names(db, ids) {
    const [us, es] = await sideBySide(
      db,
      async () => (ids.unitIds.length ? db.select({ id: units.id, name: units.shortName, kind: units.kind }).from(units).where(inArray(units.id, ids.unitIds)) : []),
      async () => (ids.enterpriseIds.length ? db.select({ id: enterprises.id, name: enterprises.name }).from(enterprises).where(inArray(enterprises.id, ids.enterpriseIds)) : []),
    );
    return { units: new Map(us.map((u) => [u.id, { name: u.name, kind: u.kind }])), enterprises: new Map(es.map((e) => [e.id, e.name])) };
  },
  async matching(db, text, limit) {
    const t = `%${escapeLike(text)}%`;
    const [us, es] = await sideBySide(
      db,
      () => db.select({ id: units.id }).from(units).where(or(ilike(units.shortName, t), ilike(units.name, t))).limit(limit),
      () => db.select({ id: enterprises.id }).from(enterprises).where(ilike(enterprises.name, t)).limit(limit),
    );
    return { unitIds: us.map((u) => u.id), enterpriseIds: es.map((e) => e.id) };
  },
  async unitByCode(db, code) {
    const [r] = await db.select({ id: units.id, shortName: units.shortName }).from(units).where(eq(units.code, code));
    return r;
  },
  async hasOrganisation(db) {
    const [r] = await db.select({ id: regions.code }).from(regions).limit(1);
    return !!r;
  },
  async demoEnterprise(db) {
    const [r] =
      (await db.select({ id: enterprises.id, name: enterprises.name }).from(enterprises).where(and(eq(enterprises.sector, 'hazchem'), eq(enterprises.regionCode, '420112004'))).orderBy(asc(enterprises.creditCode)).limit(1)) ?? [];
    if (r) return r;
    const [any] = await db.select({ id: enterprises.id, name: enterprises.name }).from(enterprises).orderBy(asc(enterprises.creditCode)).limit(1);
    return any;
  },
};

// ---------- lookups other modules make (through index.ts; they never read these tables) ----------

/** Names of enterprises by id (a prepared statement: ledgers call it on every page). */
export async function enterpriseNamesByIds(database: Database, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return [];
  return database.queryPrepared<{ id: string; name: string }>('org_ent_names', 'SELECT id, name FROM enterprises WHERE id = ANY($1::uuid[])', [ids]);
}

/** The registered position and address of several enterprises at once (maps of other modules). */
export async function enterpriseLocationsByIds(db: DbOrTx, ids: string[]): Promise<{ id: string; lat: number | null; lng: number | null; address: string | null }[]> {
  if (ids.length === 0) return [];
  return db.select({ id: enterprises.id, lat: enterprises.lat, lng: enterprises.lng, address: enterprises.address }).from(enterprises).where(inArray(enterprises.id, ids));
}

/**
 * Enterprises whose name, credit code or address contains the text (enterprises_search_trgm_idx),
 * at most `limit`: a ledger's free-text search also finds the records of these enterprises.
 */
/**
 * Ids of enterprises whose name, credit code or address contains the text (the hazard ledger's
 * search finds an enterprise's hazards by its name). Kept like the totals (the ledger asks again
 * for every page of the same search), dropped by every write to enterprises.
 */
const matchingKept = new KeptAnswers<string[]>(5_000, 500, 'registry search matches');

export function enterpriseIdsMatching(database: Database, text: string, limit: number): Promise<string[]> {
  return matchingKept.get(database, `${limit}\u0000${text}`, async () => {
    const q = new SqlText();
    searchWhere(q, text);
    const statement = `SELECT e.id FROM enterprises e WHERE ${q.whereSql} LIMIT ${q.p(limit)}`;
    return (await run<{ id: string }>(database, 'org_ent_match', statement, q.params, true)).map((x) => x.id);
  });
}

/** Where an enterprise is and what it does (region code and primary sector). */
export async function enterprisePlace(db: DbOrTx, id: string): Promise<{ regionCode: string; sector: string } | undefined> {
  const [r] = await db.select({ regionCode: enterprises.regionCode, sector: enterprises.sector }).from(enterprises).where(eq(enterprises.id, id));
  return r;
}

/** The units responsible for a place and sector: the sector's supervising department and the street (or park). */
export async function responsibleUnitIds(db: DbOrTx, where: { regionCode: string; sector: string }): Promise<string[]> {
  const r = await rows<{ id: string }>(
    db,
    sql`SELECT department_unit_id AS id FROM sectors WHERE code = ${where.sector} AND department_unit_id IS NOT NULL
        UNION SELECT id FROM units WHERE kind IN ('street','park') AND region_code = ${where.regionCode}`,
  );
  return r.map((x) => x.id);
}

/** Streets and parks with their region codes. */
export async function streetUnits(db: DbOrTx): Promise<{ id: string; regionCode: string }[]> {
  return db.select({ id: units.id, regionCode: units.regionCode }).from(units).where(inArray(units.kind, ['street', 'park']));
}

// ---------- relations other modules join (built here: their SQL never names org's tables) ----------

/*
 * Plain derived tables (no aggregate, no LIMIT): PostgreSQL pulls them up into the outer query, so
 * a join to one plans and costs exactly as the join to the table did. Other modules use them where
 * a list orders, filters or pages by an enterprise's name (one batch lookup after the page cannot
 * order the page) and to name regions and sectors beside their own rows.
 */
const qb = new QueryBuilder();
const enterpriseRefColumns = {
  id: enterprises.id,
  name: enterprises.name,
  creditCode: enterprises.creditCode,
  regionCode: enterprises.regionCode,
  sector: enterprises.sector,
  riskLevel: enterprises.riskLevel,
  lng: enterprises.lng,
  lat: enterprises.lat,
};

/** Every enterprise: id, name, credit code, region, primary sector, derived risk level, position (alias `ent`). */
export const enterpriseRef = qb.select(enterpriseRefColumns).from(enterprises).as('ent');

/** The enterprises a scope sees (region, primary sector, or the enterprise itself), same columns as enterpriseRef (alias `ent`). */
export function enterprisesInScope(scope: Scope) {
  return qb.select(enterpriseRefColumns).from(enterprises).where(enterpriseScope(scope)).as('ent');
}

/** Regions by code: name and sort (alias `region_ref`). */
export const regionRef = qb.select({ code: regions.code, name: regions.name, sort: regions.sort }).from(regions).as('region_ref');

/** Sectors by code: name and sort (alias `sector_ref`). */
export const sectorRef = qb.select({ code: sectors.code, name: sectors.name, sort: sectors.sort }).from(sectors).as('sector_ref');

/**
 * Lock an enterprise's row in the caller's transaction, for a module that derives one of its fields
 * (the risk module's level derivations of one enterprise run one after another); its place and level.
 */
export async function lockEnterpriseForDerivation(tx: DbOrTx, id: string): Promise<{ id: string; regionCode: string; sector: string; riskLevel: string | null } | undefined> {
  const [r] = await tx
    .select({ id: enterprises.id, regionCode: enterprises.regionCode, sector: enterprises.sector, riskLevel: enterprises.riskLevel })
    .from(enterprises)
    .where(eq(enterprises.id, id))
    .for('update');
  return r;
}
