import { sql } from 'drizzle-orm';
import { rows, rowsNamed, rowsOfText, transactionOf, type Database, type DbOrTx, type OpenTransaction } from '../db';
import { sm3 } from './crypto';
import type { RequestContext } from './access';

/**
 * Audit trail (执法全过程记录 / 等保 审计): every mutation writes one row in the same transaction.
 *
 * Rows form SM3 hash chains: hash = SM3(prev_hash ‖ canonical(row)). One global chain would make
 * every write in the district wait for the previous one to commit, so the log is split into
 * LANES independent chains. A transaction takes any lane not held by another open transaction
 * (SELECT … FOR UPDATE SKIP LOCKED) and holds it until commit; with at least as many lanes as
 * concurrent writers nobody waits. `anzhi audit verify` walks every lane: contiguous seq numbers
 * (a deleted row leaves a gap), prev_hash links, recomputed hashes and the lane head.
 */
export const AUDIT_LANES = 64;
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  action: string; // e.g. 'enterprise.update'
  entity: string; // e.g. 'enterprise'
  entityId?: string | null;
  /** region of the record, so office users see the audit of their region */
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
  /** who, when the context has no signed-in actor (e.g. 'anonymous' for a failed login); default 'system' */
  actorLabel?: string;
}

/**
 * An update's before and after as the audit keeps them: the fields that changed, with the record's
 * identifying fields (`keep`) on both sides. A record's state at any time is its creation's full
 * snapshot with the changes after it; an update's row is a few hundred bytes instead of two whole
 * records (an enterprise's `PATCH` wrote ~2,500 bytes of WAL with full snapshots, ~230 without an
 * audit row: the chain's cost in write throughput was mostly those bytes).
 */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T, keep: readonly (keyof T)[] = []): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const k of Object.keys({ ...before, ...after }) as (keyof T)[]) {
    const x = before[k];
    const y = after[k];
    const same = x === y || (x !== null && y !== null && typeof x === 'object' && typeof y === 'object' && JSON.stringify(x) === JSON.stringify(y));
    if (!same || keep.includes(k)) {
      b[k] = x;
      a[k] = y;
    }
  }
  return { before: b, after: a };
}

export interface AuditRow {
  id: number;
  lane: number;
  seq: number;
  at: Date;
  actorUserId: string | null;
  actorUsername: string;
  actorUnitId: string | null;
  actorRoles: string[];
  ip: string | null;
  requestId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  regionCode: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every level: the same bytes for the same data ('null' for none). */
export function canonicalJson(value: unknown): string {
  return canonicalProperty(value, '') ?? 'null';
}

/** A value's canonical JSON, already written: `canonicalJson` puts it in as it is. */
class CanonicalText {
  constructor(readonly text: string) {}
}

/**
 * The canonical JSON of a value as it comes back from jsonb — what `canonicalJson(JSON.parse(
 * JSON.stringify(value, replacer)))` gives, with bigints as strings and Buffers left out — written in
 * one pass, without the text and the objects in between. undefined where JSON.stringify gives
 * undefined (functions, symbols, undefined). The text is also what is stored: jsonb does not keep
 * key order.
 */
export function canonicalJsonOf(value: unknown): string | undefined {
  return canonicalProperty(value, '');
}

/** JSON.stringify's SerializeJSONProperty with the audit's replacer, keys sorted; a CanonicalText as it is. */
function canonicalProperty(input: unknown, key: string): string | undefined {
  if (input instanceof CanonicalText) return input.text;
  let v = input;
  if ((typeof v === 'object' && v !== null) || typeof v === 'bigint') {
    const toJson = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJson === 'function') v = toJson.call(v, key);
  }
  if (typeof v === 'bigint') return JSON.stringify(v.toString());
  if (Buffer.isBuffer(v)) return undefined;
  if (v instanceof Number) v = Number(v);
  else if (v instanceof String) v = String(v);
  else if (v instanceof Boolean) v = v.valueOf();
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) {
        let out = '[';
        for (let i = 0; i < v.length; i++) out += `${i ? ',' : ''}${canonicalProperty(v[i], String(i)) ?? 'null'}`;
        return `${out}]`;
      }
      const obj = v as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const text = canonicalProperty(obj[k], k);
        if (text === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(k)}:${text}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      return undefined;
  }
}

export function auditRowHash(prevHash: string, r: Omit<AuditRow, 'id' | 'hash' | 'prevHash'>): string {
  const payload = canonicalJson({
    lane: r.lane,
    seq: r.seq,
    at: r.at.toISOString(),
    actorUserId: r.actorUserId,
    actorUsername: r.actorUsername,
    actorUnitId: r.actorUnitId,
    actorRoles: r.actorRoles,
    ip: r.ip,
    requestId: r.requestId,
    action: r.action,
    entity: r.entity,
    entityId: r.entityId,
    regionCode: r.regionCode,
    before: r.before,
    after: r.after,
  });
  return sm3(`${prevHash}\n${payload}`);
}

interface LaneHead {
  lane: number;
  seq: number;
  hash: string;
}

/**
 * Lanes this process wrote last, per database, with the heads it left them at, and no transaction
 * of its own on them. A hint, never trusted: a transaction that takes one writes with the condition
 * that the head is still what it was (another process may have written the lane since), and falls
 * back to reading and locking a lane when it is not.
 */
const idleLanes = new WeakMap<object, Map<number, LaneHead>>();
/** The lane an open transaction writes, and whether it has written (then its row lock is held). */
interface HeldLane {
  head: LaneHead;
  /** the head when taken: the lane's head again if the transaction rolls back */
  start: LaneHead;
  /** written by this transaction (its row lock is held, its head is this transaction's) */
  locked: boolean;
  /** given up: the idle head was stale (another process wrote the lane) */
  abandoned: boolean;
}
const heldLanes = new WeakMap<object, HeldLane>();

function idleOf(db: object): Map<number, LaneHead> {
  let m = idleLanes.get(db);
  if (!m) idleLanes.set(db, (m = new Map()));
  return m;
}

/** Put a lane back among the idle ones, unless a later head of it is there already. */
function release(idle: Map<number, LaneHead>, head: LaneHead): void {
  const known = idle.get(head.lane);
  if (!known || known.seq < head.seq) idle.set(head.lane, head);
}

/** The transaction holds `lane` until it ends; then the lane is idle again at the head it leaves. */
function hold(tx: DbOrTx, open: OpenTransaction, lane: HeldLane): HeldLane {
  heldLanes.set(tx, lane);
  const idle = idleOf(open.db);
  open.onEnd((committed) => {
    if (heldLanes.get(tx) === lane) heldLanes.delete(tx);
    if (!lane.abandoned) release(idle, committed ? lane.head : lane.start);
  });
  return lane;
}

/**
 * Append audit rows inside the caller's open transaction.
 *
 * Usually one statement: a transaction takes an idle lane this process knows the head of and
 * writes its rows and the lane's new head at once, on condition that the head is unchanged; it
 * holds the lane until it ends (then the lane is idle again, at the new head if it committed).
 * When no lane is idle here, or the condition fails, it takes a lane the database way: any lane
 * no open transaction holds (SELECT … FOR UPDATE SKIP LOCKED), one more statement.
 */
export async function recordAudit(tx: DbOrTx, ctx: RequestContext, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  const open = transactionOf(tx);
  let held = open ? heldLanes.get(tx) : undefined;
  if (open && !held) {
    const idle = idleOf(open.db);
    const last = [...idle.keys()].pop();
    if (last !== undefined) {
      const head = idle.get(last)!;
      idle.delete(last);
      held = hold(tx, open, { head, start: head, locked: false, abandoned: false });
    }
  }
  if (held && !held.locked) {
    const appended = auditRows(held.head, ctx, list);
    const [r] = await appendStatement(tx, 'if_head', list.length, [appended.head.seq, appended.head.hash, held.head.lane, held.head.seq, held.head.hash, ...appended.values]);
    if (Number(r.n) === list.length) {
      held.head = appended.head;
      held.locked = true;
      return;
    }
    // Another process wrote the lane since this one last did: give it up and take a lane below.
    held.abandoned = true;
    held = undefined;
  }
  if (!held) {
    // Take a free lane; if every lane is held (more writers than lanes), wait on a random one.
    let head = (await rows<LaneHead>(tx, sql`SELECT lane, seq, hash FROM audit_heads ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED`))[0];
    if (!head) {
      const lane = Math.floor(Math.random() * AUDIT_LANES);
      head = (await rows<LaneHead>(tx, sql`SELECT lane, seq, hash FROM audit_heads WHERE lane = ${lane} FOR UPDATE`))[0];
    }
    head = { lane: Number(head.lane), seq: Number(head.seq), hash: head.hash };
    const taken: HeldLane = { head, start: head, locked: true, abandoned: false };
    if (open) {
      idleOf(open.db).delete(head.lane);
      hold(tx, open, taken);
    }
    held = taken;
  }
  // The lane is this transaction's (its row locked): the rows and the new head in one statement
  // (a data-modifying CTE always runs).
  const appended = auditRows(held.head, ctx, list);
  await appendStatement(tx, 'locked', list.length, [appended.head.seq, appended.head.hash, held.head.lane, ...appended.values]);
  held.head = appended.head;
}

const AUDIT_COLUMNS = 'lane, seq, at, actor_user_id, actor_username, actor_unit_id, actor_roles, ip, request_id, action, entity, entity_id, region_code, before, after, prev_hash, hash';
/** Every value typed: VALUES under INSERT … SELECT takes its column types from the expressions. */
const AUDIT_TYPES = ['smallint', 'bigint', 'timestamptz', 'uuid', 'text', 'uuid', 'text[]', 'text', 'text', 'text', 'text', 'text', 'text', 'jsonb', 'jsonb', 'text', 'text'];
/** Statements for up to this many rows at once are prepared once per connection; larger batches (imports) are planned per call. */
const NAMED_UP_TO = 8;
const appendTexts = new Map<string, string>();

/**
 * The audit write: `if_head` appends on condition that the lane's head is unchanged (parameters: new
 * seq, new hash, lane, old seq, old hash, then the rows) and answers how many rows it wrote; `locked`
 * appends to a lane whose row this transaction has locked (new seq, new hash, lane, then the rows).
 */
function appendStatement(tx: DbOrTx, kind: 'if_head' | 'locked', count: number, params: unknown[]): Promise<{ n: number }[]> {
  const key = `${kind}_${count}`;
  let text = appendTexts.get(key);
  if (!text) {
    const first = kind === 'if_head' ? 6 : 4;
    const tuples = Array.from({ length: count }, (_, i) => `(${AUDIT_TYPES.map((t, k) => `$${first + i * AUDIT_TYPES.length + k}::${t}`).join(', ')})`).join(', ');
    text =
      kind === 'if_head'
        ? `WITH head AS (UPDATE audit_heads SET seq = $1, hash = $2 WHERE lane = $3 AND seq = $4 AND hash = $5 RETURNING lane),
        appended AS (INSERT INTO audit_log (${AUDIT_COLUMNS}) SELECT v.* FROM (VALUES ${tuples}) AS v WHERE EXISTS (SELECT 1 FROM head) RETURNING 1)
        SELECT count(*)::int AS n FROM appended`
        : `WITH appended AS (INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES ${tuples} RETURNING 1)
        UPDATE audit_heads SET seq = $1, hash = $2 WHERE lane = $3`;
    if (count <= NAMED_UP_TO) appendTexts.set(key, text);
  }
  return count <= NAMED_UP_TO ? rowsNamed<{ n: number }>(tx, `audit_append_${key}`, text, params) : rowsOfText<{ n: number }>(tx, text, params);
}

/** The rows that follow `head` on its lane (hashed in order), as statement parameters, and the lane's new head. */
function auditRows(head: LaneHead, ctx: RequestContext, list: AuditEntry[]): { values: unknown[]; head: LaneHead } {
  let seq = head.seq;
  let prev = head.hash;
  const actor = ctx.actor;
  const at = new Date();
  const values: unknown[] = [];
  for (const e of list) {
    seq += 1;
    const before = storedJson(e.before);
    const after = storedJson(e.after);
    const row = {
      lane: head.lane,
      seq,
      at,
      actorUserId: actor?.userId ?? null,
      actorUsername: actor?.username ?? e.actorLabel ?? 'system',
      actorUnitId: actor?.unitId ?? null,
      actorRoles: actor?.roles ?? [],
      ip: ctx.ip,
      requestId: ctx.requestId,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId ?? null,
      regionCode: e.regionCode ?? null,
      before: before === null ? null : new CanonicalText(before),
      after: after === null ? null : new CanonicalText(after),
    };
    const hash = auditRowHash(prev, row);
    values.push(row.lane, row.seq, row.at.toISOString(), row.actorUserId, row.actorUsername, row.actorUnitId, pgTextArray(row.actorRoles), row.ip, row.requestId, row.action, row.entity, row.entityId, row.regionCode, before, after, prev, hash);
    prev = hash;
  }
  return { values, head: { lane: head.lane, seq, hash: prev } };
}

/** The JSON text stored for a value (canonical, so the hash is of the same text), null for none. */
function storedJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = canonicalJsonOf(value);
  return text === undefined || text === 'null' ? null : text;
}

function pgTextArray(a: string[]): string {
  return `{${a.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

// ---------- verification ----------

export interface AuditVerifyResult {
  ok: boolean;
  rows: number;
  lanes: number;
  /** first broken row (smallest id among the lanes' first breaks) */
  broken?: { id: number | null; lane: number; seq: number; reason: string };
}

function toAuditRow(r: Record<string, unknown>): AuditRow {
  return {
    id: Number(r.id),
    lane: Number(r.lane),
    seq: Number(r.seq),
    at: r.at instanceof Date ? r.at : new Date(String(r.at)),
    actorUserId: (r.actor_user_id as string) ?? null,
    actorUsername: String(r.actor_username),
    actorUnitId: (r.actor_unit_id as string) ?? null,
    actorRoles: (r.actor_roles as string[]) ?? [],
    ip: (r.ip as string) ?? null,
    requestId: (r.request_id as string) ?? null,
    action: String(r.action),
    entity: String(r.entity),
    entityId: (r.entity_id as string) ?? null,
    regionCode: (r.region_code as string) ?? null,
    before: typeof r.before === 'string' ? JSON.parse(r.before) : (r.before ?? null),
    after: typeof r.after === 'string' ? JSON.parse(r.after) : (r.after ?? null),
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
  };
}

/** Walk every lane of the chain; report the first broken row. Reads in pages (constant memory). */
export async function verifyAuditChain(database: Database, pageSize = 5000): Promise<AuditVerifyResult> {
  const heads = await database.query<{ lane: number; seq: number; hash: string }>('SELECT lane, seq, hash FROM audit_heads ORDER BY lane');
  let total = 0;
  const breaks: NonNullable<AuditVerifyResult['broken']>[] = [];
  for (const head of heads) {
    const lane = Number(head.lane);
    let expectSeq = 1;
    let prev = GENESIS_HASH;
    let laneBreak: AuditVerifyResult['broken'];
    let lastId: number | null = null;
    for (;;) {
      const page = await database.query<Record<string, unknown>>(
        'SELECT * FROM audit_log WHERE lane = $1 AND seq >= $2 ORDER BY seq LIMIT $3',
        [lane, expectSeq, pageSize],
      );
      for (const raw of page) {
        const r = toAuditRow(raw);
        total++;
        if (r.seq !== expectSeq) {
          laneBreak = { id: r.id, lane, seq: r.seq, reason: `第 ${expectSeq}–${r.seq - 1} 条记录缺失（被删除）` };
          break;
        }
        if (r.prevHash !== prev) {
          laneBreak = { id: r.id, lane, seq: r.seq, reason: '前序哈希不符（链被改动）' };
          break;
        }
        if (auditRowHash(prev, r) !== r.hash) {
          laneBreak = { id: r.id, lane, seq: r.seq, reason: '记录内容与哈希不符（记录被篡改）' };
          break;
        }
        prev = r.hash;
        expectSeq++;
        lastId = r.id;
      }
      if (laneBreak || page.length < pageSize) break;
    }
    if (!laneBreak && (Number(head.seq) !== expectSeq - 1 || head.hash !== prev)) {
      laneBreak = {
        id: lastId,
        lane,
        seq: Number(head.seq),
        reason: Number(head.seq) > expectSeq - 1 ? `链尾记录缺失：应有 ${head.seq} 条，实有 ${expectSeq - 1} 条（末尾记录被删除）` : '链头与最后一条记录不符',
      };
    }
    if (laneBreak) breaks.push(laneBreak);
  }
  breaks.sort((a, b) => (a.id ?? Number.MAX_SAFE_INTEGER) - (b.id ?? Number.MAX_SAFE_INTEGER));
  return { ok: breaks.length === 0, rows: total, lanes: heads.length, broken: breaks[0] };
}

// ---------- reading ----------

export interface AuditListItem {
  id: number;
  at: string;
  actorUsername: string;
  actorUserId: string | null;
  actorRoles: string[];
  ip: string | null;
  requestId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  regionCode: string | null;
  before: unknown;
  after: unknown;
}

function presentAudit(r: Record<string, unknown>): AuditListItem {
  const a = toAuditRow(r);
  return {
    id: a.id,
    at: a.at.toISOString(),
    actorUsername: a.actorUsername,
    actorUserId: a.actorUserId,
    actorRoles: a.actorRoles,
    ip: a.ip,
    requestId: a.requestId,
    action: a.action,
    entity: a.entity,
    entityId: a.entityId,
    regionCode: a.regionCode,
    before: a.before,
    after: a.after,
  };
}

/** The history of one record (newest first), for detail pages; the caller has checked access to it. */
export async function listAuditOfEntity(db: DbOrTx, entity: string, entityId: string, limit = 200): Promise<AuditListItem[]> {
  const r = await rows<Record<string, unknown>>(
    db,
    sql`SELECT * FROM audit_log WHERE entity = ${entity} AND entity_id = ${entityId} ORDER BY id DESC LIMIT ${limit}`,
  );
  return r.map(presentAudit);
}

export interface AuditQuery {
  /** region prefix the viewer may see; undefined = everything (admin) */
  regionPrefix?: string;
  entity?: string;
  entityId?: string;
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export async function listAudit(db: DbOrTx, q: AuditQuery): Promise<{ items: AuditListItem[]; total: number }> {
  const conds = [sql`true`];
  if (q.regionPrefix) conds.push(sql`region_code LIKE ${`${q.regionPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (q.entity) conds.push(sql`entity = ${q.entity}`);
  if (q.entityId) conds.push(sql`entity_id = ${q.entityId}`);
  if (q.action) conds.push(sql`action LIKE ${`${q.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (q.actor) conds.push(sql`actor_username = ${q.actor}`);
  if (q.from) conds.push(sql`at >= ${q.from}::date`);
  if (q.to) conds.push(sql`at < (${q.to}::date + 1)`);
  const where = sql.join(conds, sql` AND `);
  const [items, [{ total }]] = await Promise.all([
    rows<Record<string, unknown>>(db, sql`SELECT * FROM audit_log WHERE ${where} ORDER BY id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`),
    rows<{ total: number }>(db, sql`SELECT count(*)::int AS total FROM audit_log WHERE ${where}`),
  ]);
  return { items: items.map(presentAudit), total };
}
