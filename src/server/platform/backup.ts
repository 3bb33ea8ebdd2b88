import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { createGunzip, createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import { rows, type Database, type DbOrTx } from '../db';

/**
 * Logical backup: every table of the public schema as JSON rows (row_to_json), gzip'd NDJSON.
 * The same file restores into PGlite or PostgreSQL (one dialect), and carries per-table row counts
 * and content checksums that the restore verifies.
 *
 *   line 1   {"format":"anzhi-backup","version":1,"tables":[{name,rows,checksum}],"migrations":[…]}
 *   then     {"table":"…","rows":[…]}   (chunks of ≤ 500 rows, tables in foreign-key order)
 *   last     {"end":true}
 */
export const BACKUP_FORMAT = 'anzhi-backup';

interface TableInfo {
  name: string;
  pk: string[];
  columns: string[];
}

export interface TableChecksum {
  name: string;
  rows: number;
  checksum: string;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: 1;
  createdAt: string;
  source: Database['kind'];
  migrations: string[];
  tables: TableChecksum[];
  /** Partitions made at run time (e.g. a month of monitoring readings): the restore creates them first. */
  partitions?: PartitionInfo[];
}

export interface PartitionInfo {
  name: string;
  parent: string;
  /** pg_get_expr of the bound, e.g. FOR VALUES FROM ('2026-11-01 00:00:00+00') TO ('2026-12-01 00:00:00+00'). */
  bound: string;
}

/** The partitions of the public schema's partitioned tables, parents before their own sub-partitions. */
export async function listPartitions(db: DbOrTx): Promise<PartitionInfo[]> {
  return rows<PartitionInfo>(
    db,
    sql`SELECT c.relname AS name, p.relname AS parent, pg_get_expr(c.relpartbound, c.oid) AS bound
        FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid JOIN pg_class p ON p.oid = i.inhparent
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relispartition AND c.relkind IN ('r','p')
        ORDER BY p.relispartition, c.relname`,
  );
}

const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

/** Tables in an order where every table comes after the tables its foreign keys point to. */
export async function listTables(db: DbOrTx): Promise<TableInfo[]> {
  const tables = await rows<{ name: string }>(
    db,
    sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r','p') AND NOT c.relispartition ORDER BY c.relname`,
  );
  const fks = await rows<{ child: string; parent: string }>(
    db,
    sql`SELECT cl.relname AS child, pr.relname AS parent FROM pg_constraint co
        JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_class pr ON pr.oid = co.confrelid
        JOIN pg_namespace n ON n.oid = cl.relnamespace
        WHERE co.contype = 'f' AND n.nspname = 'public' AND cl.relname <> pr.relname`,
  );
  const pks = await rows<{ table: string; column: string }>(
    db,
    sql`SELECT cl.relname AS table, a.attname AS column FROM pg_index i
        JOIN pg_class cl ON cl.oid = i.indrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
        JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum = ANY(i.indkey)
        WHERE i.indisprimary AND n.nspname = 'public' ORDER BY cl.relname, array_position(i.indkey::int2[], a.attnum)`,
  );
  const cols = await rows<{ table: string; column: string }>(
    db,
    sql`SELECT cl.relname AS table, a.attname AS column FROM pg_attribute a
        JOIN pg_class cl ON cl.oid = a.attrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
        WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        ORDER BY cl.relname, a.attnum`,
  );
  const names = tables.map((t) => t.name);
  const deps = new Map(names.map((n) => [n, new Set(fks.filter((f) => f.child === n).map((f) => f.parent))]));
  const ordered: string[] = [];
  const visit = (n: string, path: Set<string>) => {
    if (ordered.includes(n) || path.has(n)) return;
    path.add(n);
    for (const p of deps.get(n) ?? []) if (names.includes(p)) visit(p, path);
    path.delete(n);
    ordered.push(n);
  };
  for (const n of names) visit(n, new Set());
  return ordered.map((name) => ({
    name,
    pk: pks.filter((p) => p.table === name).map((p) => p.column),
    columns: cols.filter((c) => c.table === name).map((c) => c.column),
  }));
}

/** Row count and an order-independent content checksum per table (timestamps rendered in UTC). */
export async function tableChecksums(database: Database): Promise<TableChecksum[]> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL TIME ZONE 'UTC'`);
    const out: TableChecksum[] = [];
    for (const t of await listTables(tx)) {
      const [r] = await rows<{ n: number; sum: string | null }>(
        tx,
        sql.raw(`SELECT count(*)::int AS n, md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS sum FROM (SELECT md5(x::text) AS h FROM ${q(t.name)} x) s`),
      );
      out.push({ name: t.name, rows: Number(r.n), checksum: r.sum ?? '' });
    }
    return out;
  });
}

async function migrationHashes(database: Database): Promise<string[]> {
  try {
    const r = await database.query<{ hash: string }>('SELECT hash FROM drizzle.__drizzle_migrations ORDER BY created_at');
    return r.map((x) => x.hash);
  } catch {
    return [];
  }
}

/** Write a consistent snapshot (one repeatable-read transaction) of the whole database. */
export async function backupDatabase(database: Database, file: string): Promise<BackupHeader> {
  const gzip = createGzip();
  const out = createWriteStream(file);
  const done = pipeline(gzip, out);
  const write = async (obj: unknown) => {
    if (!gzip.write(`${JSON.stringify(obj)}\n`)) await once(gzip, 'drain');
  };
  const migrations = await migrationHashes(database);
  let header!: BackupHeader;
  await database.db.transaction(
    async (tx) => {
      await tx.execute(sql`SET LOCAL TIME ZONE 'UTC'`);
      const tables = await listTables(tx);
      const sums: TableChecksum[] = [];
      for (const t of tables) {
        const [r] = await rows<{ n: number; sum: string | null }>(
          tx,
          sql.raw(`SELECT count(*)::int AS n, md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS sum FROM (SELECT md5(x::text) AS h FROM ${q(t.name)} x) s`),
        );
        sums.push({ name: t.name, rows: Number(r.n), checksum: r.sum ?? '' });
      }
      const partitions = await listPartitions(tx);
      header = { format: BACKUP_FORMAT, version: 1, createdAt: new Date().toISOString(), source: database.kind, migrations, tables: sums, partitions };
      await write(header);
      for (const t of tables) {
        const order = t.pk.length ? t.pk.map(q).join(', ') : 'ctid';
        let offset = 0;
        for (;;) {
          // Keyset paging on the primary key would need typed comparisons per table; OFFSET inside
          // one snapshot is correct and fast enough for a district (pages of 500).
          const page = await rows<{ j: unknown }>(tx, sql.raw(`SELECT row_to_json(x) AS j FROM ${q(t.name)} x ORDER BY ${order} LIMIT 500 OFFSET ${offset}`));
          if (page.length === 0) break;
          await write({ table: t.name, rows: page.map((p) => (typeof p.j === 'string' ? JSON.parse(p.j) : p.j)) });
          offset += page.length;
          if (page.length < 500) break;
        }
      }
      await write({ end: true });
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  gzip.end();
  await done;
  return header;
}

export class RestoreError extends Error {}

/** Restore a backup into an empty (freshly migrated) database, then verify counts and checksums. */
export async function restoreDatabase(database: Database, file: string): Promise<{ header: BackupHeader; verified: TableChecksum[] }> {
  const [{ n }] = await database.query<{ n: number }>('SELECT (SELECT count(*) FROM users)::int + (SELECT count(*) FROM regions)::int + (SELECT count(*) FROM audit_log)::int AS n');
  if (Number(n) > 0) throw new RestoreError('目标数据库不是空库：恢复只能写入新建的空数据库（请换一个 DATA_DIR 或新建 PostgreSQL 数据库）');
  const input = createReadStream(file).pipe(createGunzip());
  const pass = new PassThrough();
  input.on('error', (e) => pass.destroy(e));
  input.pipe(pass);
  // Take the async iterator at once: readline drops lines emitted before an iterator exists.
  const lines = createInterface({ input: pass, crlfDelay: Infinity })[Symbol.asyncIterator]();
  let header: BackupHeader | undefined;
  let ended = false;
  const current = await migrationHashes(database);
  await database.db.transaction(async (tx) => {
    const tables = new Map((await listTables(tx)).map((t) => [t.name, t]));
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const line = next.value;
      if (!line.trim()) continue;
      const obj = JSON.parse(line);
      if (!header) {
        if (obj.format !== BACKUP_FORMAT) throw new RestoreError('不是安治的备份文件');
        header = obj as BackupHeader;
        if (header.migrations.length && header.migrations.join() !== current.join()) {
          throw new RestoreError(`备份的数据库结构版本（${header.migrations.length} 个迁移）与当前程序（${current.length} 个迁移）不一致，请用生成该备份的版本恢复`);
        }
        // Partitions made at run time (months of readings) exist before their rows are written back.
        for (const p of header.partitions ?? []) {
          if (!/^FOR VALUES /.test(p.bound) && p.bound !== 'DEFAULT') throw new RestoreError(`备份中的分区 ${p.name} 的范围无法识别`);
          await tx.execute(sql.raw(`CREATE TABLE IF NOT EXISTS ${q(p.name)} PARTITION OF ${q(p.parent)} ${p.bound}`));
        }
        // The backup holds the final rows: triggers that derive data (e.g. counters kept by
        // statement triggers) must not fire again while they are written back.
        for (const t of tables.values()) await tx.execute(sql.raw(`ALTER TABLE ${q(t.name)} DISABLE TRIGGER USER`));
        // Rows that migrations insert (e.g. the audit chain lane heads) are replaced by the backup's.
        for (const t of [...tables.values()].reverse()) await tx.execute(sql.raw(`DELETE FROM ${q(t.name)}`));
        continue;
      }
      if (obj.end) {
        ended = true;
        break;
      }
      const t = tables.get(obj.table);
      if (!t) throw new RestoreError(`备份中的表 ${obj.table} 在当前数据库中不存在`);
      const cols = t.columns.map(q).join(', ');
      await tx.execute(
        sql`${sql.raw(`INSERT INTO ${q(t.name)} (${cols}) OVERRIDING SYSTEM VALUE SELECT ${cols} FROM json_populate_recordset(null::${q(t.name)}, `)}${JSON.stringify(obj.rows)}::json)`,
      );
    }
    if (!header) throw new RestoreError('备份文件为空');
    if (!ended) throw new RestoreError('备份文件不完整（缺少结束标记），可能在写入时中断');
    for (const t of tables.values()) await tx.execute(sql.raw(`ALTER TABLE ${q(t.name)} ENABLE TRIGGER USER`));
    // Identity and serial sequences continue after the restored ids.
    const seqs = await rows<{ tbl: string; col: string; seq: string }>(
      tx,
      sql`SELECT c.relname AS tbl, a.attname AS col, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind IN ('r','p') AND a.attnum > 0 AND NOT a.attisdropped
            AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`,
    );
    for (const s of seqs) {
      await tx.execute(sql.raw(`SELECT setval('${s.seq.replace(/'/g, "''")}', coalesce((SELECT max(${q(s.col)}) FROM ${q(s.tbl)}), 0) + 1, false)`));
    }
  });
  const verified = await tableChecksums(database);
  for (const t of header!.tables) {
    const v = verified.find((x) => x.name === t.name);
    if (!v || v.rows !== t.rows || v.checksum !== t.checksum) {
      throw new RestoreError(`恢复后校验失败：表 ${t.name} 应有 ${t.rows} 行（校验和 ${t.checksum}），实际 ${v?.rows ?? 0} 行（${v?.checksum ?? '无'}）`);
    }
  }
  return { header: header!, verified };
}
