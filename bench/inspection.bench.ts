/**
 * 执法检查 on PostgreSQL with the demo data (a year of draws, inspections and cases), every figure
 * beside a bare Fastify route measured in the same run:
 *   - public 双随机 results GET /public/api/inspections (anonymous, cacheable): throughput
 *   - draws list and the classified target registry (分类分级 over the department's enterprises)
 *   - commit + execute of a draw (pool frozen, SHA-256 commitment, result published): latency
 *   - `draw verify --all` over every published draw: time
 */
import { bareBaseline, benchArgs, fmt, freshPgDatabase, load, loginHeaders, report, startBenchServer, timeCalls } from './lib';
import { verifyAllDraws } from '../src/server/modules/inspection';

const args = benchArgs();
const seconds = args.quick ? 4 : 15;
const connections = 50;
const log = (m: string) => process.stdout.write(`  ${m}\n`);
const db = await freshPgDatabase(args.pgUrl, 'anzhi_bench_inspection');
const server = await startBenchServer({ databaseUrl: db.url });
try {
  const office = await loginHeaders(server.base, 'anweiban');
  const dept = await loginHeaders(server.base, 'yingjiju');
  const get = async (h: Record<string, string>, p: string) => {
    const r = await fetch(`${server.base}${p}`, { headers: h });
    if (!r.ok) throw new Error(`${p}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<any>;
  };
  const post = async (h: Record<string, string>, p: string, body: unknown) => {
    const r = await fetch(`${server.base}${p}`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`${p}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<any>;
  };
  const pub = await get({}, '/public/api/inspections');
  log(`demo: ${pub.draws.length} published draws, ${pub.items.length} public results`);
  const bare = await bareBaseline(connections, seconds);
  const publicLoad = await load({ url: `${server.base}/public/api/inspections`, connections, seconds });
  const drawsLoad = await load({ url: `${server.base}/api/inspection/draws?pageSize=20`, connections, seconds, headers: office });
  const targets = await timeCalls(args.quick ? 20 : 60, () => get(dept, '/api/inspection/targets?pageSize=20'));
  const drawCycle = await timeCalls(args.quick ? 10 : 30, async (i) => {
    const d = await post(dept, '/api/inspection/draws', { name: `基准抽取 ${i}`, count: 3, perTarget: 2 });
    await post(dept, `/api/inspection/draws/${d.id}/execute`, {});
  });
  const t0 = performance.now();
  const verified = await verifyAllDraws(server.database);
  const verifyMs = performance.now() - t0;
  const ratio = (rps: number) => fmt.ofBare(rps, bare.rps);
  report('inspection', [
    { scenario: `bare Fastify route, ${connections} connections`, figure: fmt.rps(bare) },
    { scenario: 'public 双随机 results GET /public/api/inspections (anonymous)', figure: fmt.rps(publicLoad), baseline: `${Math.round(bare.rps)} req/s`, ratio: ratio(publicLoad.rps) },
    { scenario: 'draws list, office', figure: fmt.rps(drawsLoad), baseline: `${Math.round(bare.rps)} req/s`, ratio: ratio(drawsLoad.rps) },
    { scenario: 'classified registry (分类分级), department page 1', figure: `p50 ${fmt.ms(targets.p50)}, p95 ${fmt.ms(targets.p95)}` },
    { scenario: 'draw commit + execute (3 targets × 2 inspectors)', figure: `p50 ${fmt.ms(drawCycle.p50)}, p95 ${fmt.ms(drawCycle.p95)}` },
    { scenario: `draw verify --all (${verified.length} published draws)`, figure: `${verifyMs.toFixed(0)} ms, ${verified.filter((v) => v.ok).length} consistent`, pass: verified.every((v) => v.ok) },
  ]);
} finally {
  await server.close();
  await db.drop();
}
