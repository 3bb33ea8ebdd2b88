/**
 * Hazard ledger on PostgreSQL with 1,000,000 hazards and 50,000 enterprises (`--quick`: 120,000 and
 * 5,000), every figure beside a bare Fastify route measured in the same run:
 *   - ledger list (filter + sort + page) at 50 connections: ≥ 10% of the bare route, p99 < 100 ms
 *     (pages kept 5 s); the database path (a server that keeps no pages) beside it for reference
 *   - statistics: p95 < 100 ms
 *   - streaming Excel export of 100,000 rows: ≥ 30,000 rows/s and < 300 MB peak RSS of the server process
 *     (measured in a separate server process: /proc/<pid>/status VmHWM)
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { testConfig } from '../src/server/config';
import { openDatabase } from '../src/server/db';
import { buildApp } from '../src/server/app';
import { previousQuarter } from '../src/shared/hazard/dates';
import { addDays, chinaDate } from '../src/shared/time';
const cstToday = () => chinaDate(new Date());
import { BENCH_SECRET, bareBaseline, benchArgs, fmt, freshPgDatabase, load, loginHeaders, report, spawnBenchServer, startBenchServer, timeCalls, type LoadResult } from './lib';
import { buildHazardDataset } from './datasets/hazards';

// Child mode: a bare server process on an existing database (for a clean RSS of the export).
if (process.argv[2] === '--export-server') {
  const database = await openDatabase({ databaseUrl: process.argv[3], poolSize: 10 });
  const built = await buildApp({ config: testConfig({ databasePoolSize: 10, loginRatePerMinute: 100_000 }), database, secretKey: BENCH_SECRET, logger: false });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`PORT ${(built.app.server.address() as { port: number }).port}\n`);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(0));
  await new Promise(() => undefined);
}

const args = benchArgs();
const seconds = args.quick ? 4 : 15;
const connections = 50;
const size = args.quick ? { enterprises: 5_000, hazards: 120_000 } : { enterprises: 50_000, hazards: 1_000_000 };
const log = (m: string) => process.stdout.write(`  ${m}\n`);
const started = Date.now();

const db = await freshPgDatabase(args.pgUrl, 'anzhi_bench_hazard');
// The product's default pool size (DATABASE_POOL_SIZE=10): on 2 cores more backends only add contention.
const server = await startBenchServer({ databaseUrl: db.url });
let child: ReturnType<typeof spawn> | undefined;
try {
  log(`dataset: ${size.enterprises.toLocaleString('en-US')} enterprises, ${size.hazards.toLocaleString('en-US')} hazards`);
  const ds = await buildHazardDataset(server.database, { ...size, log });
  const [{ total }] = await server.database.query<{ total: number }>('SELECT count(*)::int AS total FROM hazards');
  log(`dataset built in ${ds.seconds.toFixed(0)} s (${total.toLocaleString('en-US')} hazards incl. demo)`);

  const office = await loginHeaders(server.base, 'anweiban');
  const street = await loginHeaders(server.base, 'jiangjunlu');
  const dept = await loginHeaders(server.base, 'zhujianju');
  const get = async (h: Record<string, string>, path: string) => {
    const r = await fetch(`${server.base}${path}`, { headers: h });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<any>;
  };
  // The ledger requests of the headline figure: the office's common filters, sorted, pages 1–5.
  const regions = ['420112001', '420112004', '420112007', '420112015', '420112400'];
  const filters = [
    '',
    'status=rectifying',
    'status=open',
    'status=pending_acceptance',
    'overdue=true',
    'grade=%E9%87%8D%E5%A4%A7',
    ...regions.map((r) => `regionCode=${r}`),
    ...regions.map((r) => `regionCode=${r}&status=open`),
    'sector=hazchem',
    'sector=fire&status=rectifying',
    'source=inspection&status=closed',
    'grade=%E4%B8%80%E8%88%AC&status=confirmed',
  ];
  const paths = filters.flatMap((f) => [1, 2, 3, 4, 5].map((p) => `/api/hazards?${f}${f ? '&' : ''}sort=-foundAt&pageSize=20&page=${p}`));
  // Warm every statement and the caches (and the day's overdue sweep).
  for (const p of paths) await get(office, p);
  for (const p of paths.slice(0, 20)) await get(street, p);
  for (const p of paths.slice(0, 20)) await get(dept, p);
  const sample = await get(office, paths[0]);
  log(`office ledger total ${sample.total.toLocaleString('en-US')} (exact: ${sample.totalExact})`);

  const rotating = (headers: Record<string, string>, list: string[]): Promise<LoadResult> =>
    load({
      url: `${server.base}${list[0]}`,
      connections,
      seconds,
      headers,
      variants: list.map((p) => ({ path: p })),
    });

  const bare = await bareBaseline(connections, seconds);
  const me = await load({ url: `${server.base}/api/auth/me`, connections, seconds, headers: office });
  const listOffice = await rotating(office, paths);
  const listStreet = await rotating(street, paths.filter((p) => !p.includes('regionCode=')));
  const listDept = await rotating(dept, paths.filter((p) => !p.includes('sector=')));
  // The same office load on a server that keeps no pages (bench seam): every request reads PostgreSQL.
  const unkept = await spawnBenchServer({ databaseUrl: db.url, seams: ['no-kept-pages'] });
  let listUnkept: LoadResult;
  try {
    const h = await loginHeaders(unkept.base, 'anweiban');
    for (const p of paths) await fetch(`${unkept.base}${p}`, { headers: h });
    listUnkept = await load({ url: `${unkept.base}${paths[0]}`, connections, seconds, headers: h, variants: paths.map((p) => ({ path: p })) });
  } finally {
    await unkept.close();
  }
  const searchPaths = ['液位计', '脚手架', '第123号', '疏散通道'].map((q) => `/api/hazards?q=${encodeURIComponent(q)}&pageSize=20`);
  const search = await rotating(office, searchPaths);

  // Statistics: sequential calls (latency), dashboard figures from the counters, then the 16号令 aggregate.
  const stats = await timeCalls(args.quick ? 60 : 200, () => get(office, '/api/hazards/stats'));
  const statsStreet = await timeCalls(args.quick ? 60 : 200, () => get(street, '/api/hazards/stats'));
  const pq = previousQuarter(cstToday());
  const quarterly = await timeCalls(args.quick ? 20 : 50, () => get(office, `/api/hazards/report/figures?year=${pq.year}&quarter=${pq.quarter}&by=region`));

  // Export of 100,000 rows, from a separate server process whose peak RSS we read.
  const [edge] = await server.database.query<{ d: string }>(
    `SELECT to_char(found_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS d FROM hazards ORDER BY found_at DESC OFFSET 99999 LIMIT 1`,
  );
  const exportPath = `/api/hazards/export.xlsx?foundFrom=${edge.d}&foundTo=${cstToday()}`;
  const exportRows = (await get(office, `/api/hazards?foundFrom=${edge.d}&foundTo=${cstToday()}&pageSize=1`)).total as number;
  const [{ n: exportExact }] = await server.database.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM hazards WHERE found_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai')`,
    [edge.d],
  );
  child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--export-server', db.url], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    const rl = createInterface({ input: child!.stdout! });
    rl.on('line', (l) => {
      const m = /^PORT (\d+)/.exec(l);
      if (m) resolve(Number(m[1]));
    });
    child!.on('exit', (c) => reject(new Error(`export server exited ${c}`)));
  });
  const exportBase = `http://127.0.0.1:${port}`;
  const eh = await loginHeaders(exportBase, 'anweiban');
  await fetch(`${exportBase}/api/hazards?pageSize=20`, { headers: eh });
  // A server exports many times in its life: warm its code up with a small export of older rows (two
  // days, some days before the measured ones: neither their pages nor their enterprises' names are
  // cached by it). Unwarmed, the measured export was the process's first: ~0.7 s more of its CPU.
  const warm = await fetch(`${exportBase}/api/hazards/export.xlsx?foundFrom=${addDays(edge.d, -4)}&foundTo=${addDays(edge.d, -3)}`, { headers: eh });
  if (!warm.ok) throw new Error(`export (warm-up): ${warm.status}`);
  await warm.arrayBuffer();
  const status = () => readFileSync(`/proc/${child!.pid}/status`, 'utf8');
  const kb = (field: string, s = status()) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(s)?.[1] ?? 0);
  const rssBefore = kb('VmRSS');
  const t0 = performance.now();
  const res = await fetch(`${exportBase}${exportPath}`, { headers: eh });
  let bytes = 0;
  for await (const c of res.body as unknown as AsyncIterable<Uint8Array>) bytes += c.length;
  const exportMs = performance.now() - t0;
  const peak = kb('VmHWM');
  if (!res.ok) throw new Error(`export: ${res.status}`);

  const ratio = (r: LoadResult) => `${((r.rps / bare.rps) * 100).toFixed(1)}% of bare`;
  // Issue 17's target for the lists. The database path (nothing kept) is printed beside them for
  // reference: an absolute floor would measure the VM, whose speed varies threefold within a day.
  const ok = (r: LoadResult) => r.rps >= 0.1 * bare.rps && r.p99 < 100 && r.errors + r.non2xx === 0;
  const mb = (k: number) => `${(k / 1024).toFixed(0)} MB`;
  report('hazard', [
    { scenario: `dataset (${args.quick ? 'quick' : 'full'})`, figure: `${total.toLocaleString('en-US')} hazards, ${(size.enterprises + 290).toLocaleString('en-US')} enterprises, built in ${ds.seconds.toFixed(0)} s (set-based SQL)` },
    { scenario: `bare Fastify route, ${connections} connections`, figure: fmt.rps(bare) },
    { scenario: 'session read GET /api/auth/me', figure: fmt.rps(me), baseline: `${Math.round(bare.rps)} req/s`, ratio: ratio(me) },
    {
      scenario: `ledger list, office (${filters.length} filters × pages 1–5, sort -foundAt, exact totals; pages kept 5 s)`,
      figure: fmt.rps(listOffice),
      target: '≥ 10% of bare, p99 < 100 ms',
      baseline: `${Math.round(bare.rps)} req/s`,
      ratio: ratio(listOffice),
      pass: ok(listOffice),
    },
    { scenario: 'ledger list, street (its territory)', figure: fmt.rps(listStreet), target: '≥ 10% of bare, p99 < 100 ms', baseline: `${Math.round(bare.rps)} req/s`, ratio: ratio(listStreet), pass: ok(listStreet) },
    { scenario: 'ledger list, department with 3 sectors (merged per-sector walks)', figure: fmt.rps(listDept), target: '≥ 10% of bare, p99 < 100 ms', baseline: `${Math.round(bare.rps)} req/s`, ratio: ratio(listDept), pass: ok(listDept) },
    {
      scenario: 'ledger list, office, nothing kept (every request a statement; separate server process)',
      figure: fmt.rps(listUnkept),
      target: 'reference (no target)',
      baseline: `${Math.round(bare.rps)} req/s`,
      ratio: ratio(listUnkept),
    },
    {
      scenario: 'ledger free-text search, 4 terms in turn (trigram, capped count kept per search)',
      figure: fmt.rps(search),
      target: '≥ 2% of bare, p99 < 300 ms',
      baseline: `${Math.round(bare.rps)} req/s`,
      ratio: ratio(search),
      pass: search.rps >= 0.02 * bare.rps && search.p99 < 300 && search.errors + search.non2xx === 0,
    },
    { scenario: 'statistics GET /api/hazards/stats, office (counters)', figure: `p50 ${fmt.ms(stats.p50)}, p95 ${fmt.ms(stats.p95)}, p99 ${fmt.ms(stats.p99)}`, target: 'p95 < 100 ms', pass: stats.p95 < 100 },
    { scenario: 'statistics, street', figure: `p50 ${fmt.ms(statsStreet.p50)}, p95 ${fmt.ms(statsStreet.p95)}`, target: 'p95 < 100 ms', pass: statsStreet.p95 < 100 },
    { scenario: `16号令 统计分析表, district aggregate ${pq.year}Q${pq.quarter} by street`, figure: `p50 ${fmt.ms(quarterly.p50)}, p95 ${fmt.ms(quarterly.p95)}`, target: 'p95 < 100 ms', pass: quarterly.p95 < 100 },
    {
      scenario: `Excel export, ${exportExact.toLocaleString('en-US')} rows (streaming, separate server process)`,
      figure: `${(exportMs / 1000).toFixed(2)} s, ${(bytes / 1024 / 1024).toFixed(1)} MB file, peak RSS ${mb(peak)} (idle ${mb(rssBefore)})`,
      // Issue 17's target: ≥ 30,000 rows/s (the first target, < 5 s for 100,000 rows, is 20,000).
      target: '≥ 30,000 rows/s, < 300 MB',
      baseline: `${Math.round(bare.rps)} req/s bare`,
      ratio: `${Math.round(exportExact / (exportMs / 1000)).toLocaleString('en-US')} rows/s`,
      pass: exportExact / (exportMs / 1000) >= 30_000 && peak < 300 * 1024 && exportExact >= 100_000,
    },
  ]);
  if (exportRows !== Math.min(exportExact, 10_000)) log(`note: ledger total for the export filter ${exportRows} (capped count), exact ${exportExact}`);
  const errors = [me, listOffice, listStreet, listDept, listUnkept, search].reduce((s, r) => s + r.errors + r.non2xx, 0);
  if (errors) log(`warning: ${errors} errors/non-2xx answers during the load`);
  log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
} finally {
  child?.kill('SIGTERM');
  await server.close();
  await db.drop();
}
