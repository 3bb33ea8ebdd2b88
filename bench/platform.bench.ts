/**
 * Platform figures on PostgreSQL: session reads, the enterprise list, and write throughput of an
 * audited mutation with the audit chain on vs off (issue 17: audit on ≥ 85% of audit off). Both write
 * servers run in their own process on the same database; the audit-off one is loaded with the
 * bench-only seam bench/seams/no-audit (the product has no switch to turn the audit chain off).
 */
import { insertBenchEnterprises } from './datasets/hazards';
import { bareBaseline, benchArgs, fmt, freshPgDatabase, load, loginHeaders, report, spawnBenchServer, startBenchServer, type LoadResult } from './lib';

const args = benchArgs();
const seconds = args.quick ? 4 : 15;
const connections = 50;

const db = await freshPgDatabase(args.pgUrl, 'anzhi_bench_platform');
const server = await startBenchServer({ databaseUrl: db.url });
// The registry of a large district beside the demo's: 50,000 enterprises (quick: 5,000).
const registrySize = args.quick ? 5_000 : 50_000;
try {
  await insertBenchEnterprises(server.deps.database, registrySize);
  const enterprises = (await server.deps.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM enterprises`))[0].n;
  const headers = await loginHeaders(server.base, 'anweiban');
  const list = (await (await fetch(`${server.base}/api/enterprises?pageSize=200`, { headers })).json()) as { items: { id: string }[] };
  const ids = list.items.map((e) => e.id);
  const variants = Array.from({ length: 2000 }, (_, i) => ({ method: 'PATCH', path: `/api/enterprises/${ids[i % ids.length]}`, body: JSON.stringify({ employees: i }) }));
  const [audited, unaudited, unkept] = await Promise.all([
    spawnBenchServer({ databaseUrl: db.url }),
    spawnBenchServer({ databaseUrl: db.url, seams: ['no-audit'] }),
    // The lists' database path: a server that keeps no pages (bench seam).
    spawnBenchServer({ databaseUrl: db.url, seams: ['no-kept-pages'] }),
  ]);
  // WAL written per request during each round (pg_current_wal_lsn before and after; the database
  // has no other writer meanwhile): what the audit row adds to a write's commit.
  const wal = { on: 0, off: 0, onRequests: 0, offRequests: 0 };
  const lsn = async () => (await server.deps.database.query<{ l: string }>(`SELECT pg_current_wal_lsn()::text AS l`))[0].l;
  const patch = async (target: { base: string }, side?: 'on' | 'off'): Promise<LoadResult> => {
    const h = await loginHeaders(target.base, 'anweiban');
    const from = await lsn();
    const r = await load({ url: `${target.base}/api/enterprises/${ids[0]}`, method: 'PATCH', connections, seconds, headers: h, variants });
    if (side) {
      const [{ d }] = await server.deps.database.query<{ d: string }>(`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::text AS d`, [from]);
      wal[side] += Number(d);
      wal[side === 'on' ? 'onRequests' : 'offRequests'] += r.requests;
    }
    return r;
  };
  const walPerRequest = (side: 'on' | 'off') => Math.round(wal[side] / Math.max(1, side === 'on' ? wal.onRequests : wal.offRequests)).toLocaleString('en-US');

  const bare = await bareBaseline(connections, seconds);
  const me = await load({ url: `${server.base}/api/auth/me`, connections, seconds, headers });
  const listR = await load({ url: `${server.base}/api/enterprises?pageSize=20&sort=name`, connections, seconds, headers });
  const search = await load({ url: `${server.base}/api/enterprises?pageSize=20&q=${encodeURIComponent('物流')}`, connections, seconds, headers });
  const unkeptHeaders = await loginHeaders(unkept.base, 'anweiban');
  await fetch(`${unkept.base}/api/enterprises?pageSize=20&sort=name`, { headers: unkeptHeaders });
  const listUnkept = await load({ url: `${unkept.base}/api/enterprises?pageSize=20&sort=name`, connections, seconds, headers: unkeptHeaders });
  const searchUnkept = await load({ url: `${unkept.base}/api/enterprises?pageSize=20&q=${encodeURIComponent('物流')}`, connections, seconds, headers: unkeptHeaders });
  // Warm up, then alternate so drift of the machine affects both sides alike.
  await load({ url: `${audited.base}/api/enterprises/${ids[0]}`, method: 'PATCH', connections, seconds: 2, headers: await loginHeaders(audited.base, 'anweiban'), body: JSON.stringify({ employees: 1 }) });
  const off1 = await patch(unaudited, 'off');
  const on1 = await patch(audited, 'on');
  const off2 = await patch(unaudited, 'off');
  const on2 = await patch(audited, 'on');
  await Promise.all([audited.close(), unaudited.close(), unkept.close()]);
  const on = (on1.rps + on2.rps) / 2;
  const off = (off1.rps + off2.rps) / 2;
  const ratio = (r: LoadResult) => fmt.ofBare(r.rps, bare.rps);
  // Issue 17's target for the lists. The database path (nothing kept) is printed beside them for
  // reference: an absolute floor would measure the VM, whose speed varies threefold within a day.
  const ok = (r: LoadResult) => r.rps >= 0.1 * bare.rps && r.p99 < 100 && r.errors + r.non2xx === 0;
  report('platform', [
    { scenario: `bare Fastify route, ${connections} connections`, figure: fmt.rps(bare) },
    { scenario: 'session read GET /api/auth/me', figure: fmt.rps(me), baseline: `${Math.round(bare.rps)} req/s`, ratio: ratio(me) },
    {
      scenario: `enterprise list (page of 20, sorted, exact total), office, ${enterprises.toLocaleString('en-US')} enterprises; pages kept 5 s`,
      figure: fmt.rps(listR),
      target: '≥ 10% of bare, p99 < 100 ms',
      baseline: `${Math.round(bare.rps)} req/s`,
      ratio: ratio(listR),
      pass: ok(listR),
    },
    { scenario: 'enterprise search %物流% (two characters: the character-pairs index)', figure: fmt.rps(search), target: '≥ 10% of bare, p99 < 100 ms', baseline: `${Math.round(bare.rps)} req/s`, ratio: ratio(search), pass: ok(search) },
    { scenario: 'enterprise list, nothing kept (every request a statement; separate server process)', figure: fmt.rps(listUnkept), target: 'reference (no target)', baseline: `${Math.round(bare.rps)} req/s`, ratio: ratio(listUnkept) },
    { scenario: 'enterprise search %物流%, nothing kept', figure: fmt.rps(searchUnkept), target: 'reference (no target)', baseline: `${Math.round(bare.rps)} req/s`, ratio: ratio(searchUnkept) },
    { scenario: 'PATCH enterprise, audit OFF', figure: `${Math.round(off).toLocaleString('en-US')} req/s (p99 ${Math.max(off1.p99, off2.p99)} ms), ${walPerRequest('off')} bytes of WAL per request`, baseline: `${Math.round(bare.rps)} req/s`, ratio: fmt.ofBare(off, bare.rps) },
    {
      scenario: 'PATCH enterprise, audit ON (SM3 chain, 64 lanes)',
      figure: `${Math.round(on).toLocaleString('en-US')} req/s (p99 ${Math.max(on1.p99, on2.p99)} ms), ${walPerRequest('on')} bytes of WAL per request`,
      target: '≥ 85% of audit off',
      baseline: `${Math.round(bare.rps)} req/s`,
      ratio: `${fmt.ofBare(on, bare.rps)}; ${((on / off) * 100).toFixed(0)}% of audit off`,
      pass: on / off >= 0.85,
    },
  ]);
  const errors = [me, listR, search, listUnkept, searchUnkept, on1, on2, off1, off2].reduce((s, r) => s + r.errors + r.non2xx, 0);
  if (errors) process.stdout.write(`warning: ${errors} errors/non-2xx answers during the load\n`);
} finally {
  await server.close();
  await db.drop();
}
