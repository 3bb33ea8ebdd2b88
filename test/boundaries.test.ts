import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The house rules of DESIGN.md over the import graph and the SQL text:
 * - a module talks to another only through that module's index.ts, and never reads its tables in SQL
 *   (a table may still declare a foreign key to another module's table: schema file to schema file);
 *   the platform's own tables (users, files, settings, audit) are the base every module builds on:
 *   DESIGN.md forbids reading another *module's* tables, and the platform is not a module;
 * - the platform imports no module; the database layer imports neither platform nor modules;
 * - shared code imports no server, web or CLI code; the web imports no server code and no fixtures.
 */
const ROOT = path.resolve(__dirname, '..');
const SRC = path.join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(f) ? [p] : [];
  });
}

const rel = (p: string) => path.relative(ROOT, p).split(path.sep).join('/');
const SOURCES = files(SRC);
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    if (spec.startsWith('.')) out.push(rel(path.resolve(path.dirname(file), spec)));
  }
  return out;
}

const moduleOf = (p: string) => /^src\/server\/modules\/([^/]+)\//.exec(p)?.[1];
const isIndex = (p: string) => /^src\/server\/modules\/[^/]+\/index(\.ts)?$/.test(p) || /^src\/server\/modules\/[^/]+$/.test(p);

export function importViolations(): string[] {
  const bad: string[] = [];
  for (const file of SOURCES) {
    const from = rel(file);
    for (const to of importsOf(file)) {
      const a = moduleOf(from);
      const b = moduleOf(to) ?? (/^src\/server\/modules\/([^/]+)$/.exec(to)?.[1] ?? undefined);
      // Foreign keys: a table may reference another module's table (schema file to schema file).
      const foreignKey = from.endsWith('.schema.ts') && to.endsWith('.schema');
      if (from.startsWith('src/server/modules/') && b && a !== b && !isIndex(to) && !foreignKey) bad.push(`${from} → ${to}（应经由 ${b} 模块的 index.ts）`);
      if (from.startsWith('src/server/platform/') && to.startsWith('src/server/modules') && !foreignKey) bad.push(`${from} → ${to}（平台代码不得引用业务模块）`);
      // db/schema.ts is the list of every *.schema.ts for drizzle-kit (re-exports only, checked below).
      if (from.startsWith('src/server/db/') && from !== 'src/server/db/schema.ts' && (to.startsWith('src/server/modules') || to.startsWith('src/server/platform'))) bad.push(`${from} → ${to}（数据库层不得向上引用）`);
      if (from.startsWith('src/shared/') && /^src\/(server|web|cli)\//.test(to)) bad.push(`${from} → ${to}（共享代码不得引用服务端、前端或命令行代码）`);
      if (from.startsWith('src/web/') && (/^src\/(server|cli)\//.test(to) || to.startsWith('fixtures/'))) bad.push(`${from} → ${to}（前端不得引用服务端代码或测试样例）`);
    }
  }
  return bad;
}

/** Table names owned by each module (its *.schema.ts) and by the platform. */
function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of SOURCES.filter((f) => f.endsWith('.schema.ts'))) {
    const owner = moduleOf(rel(file));
    if (!owner) continue; // the platform's tables
    for (const m of readFileSync(file, 'utf8').matchAll(/pgTable\(\s*['"]([a-z_0-9]+)['"]/g)) owners.set(m[1], owner);
  }
  return owners;
}

/** SQL text of one module file naming another module's table. */
function sqlViolationsIn(from: string, text: string, owners: Map<string, string>): string[] {
  const mod = moduleOf(from);
  if (!mod || /\.test\.ts$|\.seed\.ts$/.test(from)) return [];
  const bad: string[] = [];
  // SQL lives in template literals and strings: look for FROM/JOIN/INTO/UPDATE/TABLE <name> (quoted or not).
  for (const m of text.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE|TABLE|EXISTS\s*\(\s*SELECT\s+1\s+FROM)\s+"?([a-z_][a-z_0-9]*)\b/gi)) {
    const table = m[1].toLowerCase();
    const owner = owners.get(table);
    if (owner && owner !== mod) bad.push(`${from}：SQL 读取了 ${owner} 的表 ${table}`);
  }
  return bad;
}

export function sqlViolations(): string[] {
  const owners = tableOwners();
  return [...new Set(SOURCES.flatMap((file) => sqlViolationsIn(rel(file), readFileSync(file, 'utf8'), owners)))];
}

/** Drizzle table objects (export const x = pgTable(...)) by owner. */
function tableObjects(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of SOURCES.filter((f) => f.endsWith('.schema.ts'))) {
    const owner = moduleOf(rel(file));
    if (!owner) continue; // the platform's tables
    for (const m of readFileSync(file, 'utf8').matchAll(/export const (\w+)\s*=\s*pgTable\(/g)) owners.set(m[1], owner);
  }
  return owners;
}

/** A module importing another module's (or the platform's) table objects to query them with drizzle. */
function tableImportViolationsIn(from: string, text: string, owners: Map<string, string>): string[] {
  const mod = moduleOf(from);
  if (!mod || /\.test\.ts$|\.seed\.ts$|\.schema\.ts$/.test(from)) return [];
  const bad: string[] = [];
  // `import {…} from` and `export {…} from` (a re-export hands the table on just the same).
  for (const m of text.matchAll(/(?:import|export)\s+(?:type\s+)?\{([^}]*)\}\s+from\s+['"]([^'"]+)['"]/g)) {
    if (/^(?:import|export)\s+type/.test(m[0])) continue;
    const target = rel(path.resolve(path.dirname(path.join(ROOT, from)), m[2]));
    const targetMod = moduleOf(target) ?? /^src\/server\/modules\/([^/]+)$/.exec(target)?.[1] ?? (target.startsWith('src/server/platform/') ? 'platform' : undefined);
    if (!targetMod || targetMod === mod) continue;
    for (const name of m[1].split(',').map((x) => x.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]).filter(Boolean)) {
      const owner = owners.get(name);
      if (owner && owner !== mod) bad.push(`${from}：直接查询 ${owner} 的表 ${name}`);
    }
  }
  return bad;
}

export function tableImportViolations(): string[] {
  const owners = tableObjects();
  return [...new Set(SOURCES.flatMap((file) => tableImportViolationsIn(rel(file), readFileSync(file, 'utf8'), owners)))];
}

describe('module boundaries', () => {
  it('imports follow the house rules', () => {
    expect(importViolations()).toEqual([]);
  });
  // No exceptions: a module names, scopes and orders by another module's records through what that
  // module's index.ts builds (org's enterpriseRef / enterprisesInScope, risk's …Ref, hazard's hazardRectified).
  it("no module reads another module's tables in SQL text", () => {
    expect(sqlViolations()).toEqual([]);
  });
  it("no module queries another module's tables through drizzle", () => {
    expect(tableImportViolations()).toEqual([]);
  });
  it('db/schema.ts only re-exports schema files (the table list drizzle-kit reads)', () => {
    const lines = readFileSync(path.join(SRC, 'server/db/schema.ts'), 'utf8').split('\n').filter((l) => l.trim() && !l.trim().startsWith('//'));
    expect(lines.filter((l) => !/^export \* from '\.\.\/(platform|modules\/[a-z]+)\/[a-z-]+\.schema';$/.test(l))).toEqual([]);
  });
  it('routes take typed input: no `as never` or `as {` casts in a routes file (the contract table types them)', () => {
    const casts = SOURCES.filter((f) => /\.routes\.ts$/.test(f)).flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${rel(f)}:${i + 1}` }))
        .filter(({ line }) => /\bas never\b|\bas \{/.test(line))
        .map(({ at }) => at),
    );
    expect(casts).toEqual([]);
  });
  it('packages a start does not need are imported on first use, never statically (the bundle would load them at every start)', () => {
    // Each costs the server 10–36 MB and 70–510 ms at start: the .docx and .xlsx writers, the .docx and
    // .pdf readers, QR codes, the MQTT client and broker (which start with the monitoring module's broker).
    const lazy = /^\s*import\s+(?!type\b)[^;]*?from\s+['"](docx|exceljs|mammoth|pdfjs-dist[^'"]*|qrcode|mqtt|aedes)['"]/m;
    const statics = SOURCES.filter((f) => !/\.test\.tsx?$/.test(f) && /^src\/(server|shared)\//.test(rel(f)))
      .filter((f) => lazy.test(readFileSync(f, 'utf8')))
      .map(rel);
    expect(statics).toEqual([]);
    expect(lazy.test("import { Document } from 'docx';")).toBe(true);
    expect(lazy.test("import type * as Docx from 'docx';")).toBe(false);
  });
  it('the checks catch a violation (a planted import and query)', () => {
    const owners = tableOwners();
    expect(owners.get('hazards')).toBe('hazard');
    expect(owners.get('enterprises')).toBe('org');
    const planted = "import { x } from '../hazard/hazard.repo';\nsql`SELECT * FROM enterprises`";
    expect([...planted.matchAll(IMPORT)].map((m) => m[1])).toEqual(['../hazard/hazard.repo']);
    // The planted file run through the same checks as every source file.
    const file = 'src/server/modules/risk/planted.repo.ts';
    const text = [
      "import { enterpriseRef, enterprises as e } from '../org';",
      "export { hazards } from '../hazard';",
      'const a = sql`SELECT p.id FROM risk_points p JOIN enterprises ON enterprises.id = p.enterprise_id`;',
      'const b = sql`SELECT 1 FROM risk_points p WHERE EXISTS (SELECT 1 FROM hazards h WHERE h.id = p.id)`;',
      'const c = sql`UPDATE "regions" SET name = name`;',
    ].join('\n');
    expect(sqlViolationsIn(file, text, owners)).toEqual([`${file}：SQL 读取了 org 的表 enterprises`, `${file}：SQL 读取了 hazard 的表 hazards`, `${file}：SQL 读取了 org 的表 regions`]);
    expect(tableImportViolationsIn(file, text, tableObjects())).toEqual([`${file}：直接查询 org 的表 enterprises`, `${file}：直接查询 hazard 的表 hazards`]);
    // The owner's own files may name its tables; tests and seeds are outside the rule.
    expect(sqlViolationsIn('src/server/modules/org/org.repo.ts', text, owners).filter((v) => v.includes('org 的表'))).toEqual([]);
    expect(sqlViolationsIn('src/server/modules/risk/risk.test.ts', text, owners)).toEqual([]);
  });
});
