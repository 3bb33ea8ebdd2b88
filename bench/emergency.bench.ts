/**
 * Emergency (应急管理): the cross-database search `GET /api/emergency/search?q=液氯 泄漏` on PostgreSQL.
 * Targets (issue 13): p95 < 100 ms on the demo data; p95 < 300 ms with 100k records. The 100k records
 * are search documents of all five kinds (generated Chinese text, keys from the product's own
 * searchKeys) inserted beside the demo data. Figures are printed beside a bare Fastify route
 * measured in the same run.
 *
 *   node --import tsx bench/emergency.bench.ts [--quick]
 */
import Fastify from 'fastify';
import { searchDocKeys } from '../src/shared/emergency/search';
import { RESOURCE_KINDS } from '../src/shared/emergency/catalog';
import { BENCH_PASSWORD, benchArgs, fmt, freshPgDatabase, loginHeaders, report, startBenchServer, timeCalls } from './lib';

const args = benchArgs();
const RECORDS = args.quick ? 20_000 : 100_000;
const calls = args.quick ? 40 : 200;
const QUERIES = ['液氯 泄漏', '空气呼吸器', '危化品 救援', 'GB 18218', '防汛 沙袋', '氯气中毒', '消防 专家', '应急预案 演练'];

const db = await freshPgDatabase(args.pgUrl, 'anzhi_bench_emergency');
const server = await startBenchServer({ databaseUrl: db.url, seed: 'demo' });
const q = server.database.query.bind(server.database);
try {
  const headers = await loginHeaders(server.base, 'anweiban', BENCH_PASSWORD);
  const get = async (path: string) => {
    const r = await fetch(`${server.base}${path}`, { headers });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.arrayBuffer();
  };
  const searchPath = (i: number) => `/api/emergency/search?q=${encodeURIComponent(QUERIES[i % QUERIES.length])}`;

  const bare = Fastify({ logger: false });
  bare.get('/bare', async () => ({ status: 'ok', items: [1, 2, 3] }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const barePort = (bare.server.address() as { port: number }).port;
  for (let i = 0; i < 20; i++) await fetch(`http://127.0.0.1:${barePort}/bare`).then((r) => r.arrayBuffer());
  const bareSeq = await timeCalls(calls, () => fetch(`http://127.0.0.1:${barePort}/bare`).then((r) => r.arrayBuffer()));
  await bare.close();

  const [{ n: demoDocs }] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM emergency_search`);
  for (let i = 0; i < 8; i++) await get(searchPath(i));
  const demo = await timeCalls(calls, (i) => get(searchPath(i)));

  // ---------- 100k documents ----------
  const g0 = Date.now();
  const words = ['液氯', '液氨', '泄漏', '火灾', '爆炸', '堵漏', '洗消', '防化服', '空气呼吸器', '救援队', '消防站', '储罐区', '危化品', '化工园区', '防汛', '沙袋', '抽水泵', '照明', '发电机', '帐篷', '专家', '高级工程师', '预案', '演练', '中毒', '窒息', '坍塌', '有限空间', '燃气', '管道', '特种设备', '压力容器', '粉尘', '涉氨制冷', '街道', '管理处', '应急物资', '储备库', '值班', '疏散'];
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = () => words[Math.floor(rnd() * words.length)];
  for (let i = 0; i < RECORDS; i += 1000) {
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (let j = 0; j < 1000 && i + j < RECORDS; j++) {
      const title = `${pick()}${pick()}${['队', '库', '专家', '规程', '事故'][j % 5]}${i + j}`;
      const body = Array.from({ length: 20 }, pick).join('，');
      const k = values.length;
      tuples.push(`($${k + 1}, gen_random_uuid(), '420112${String(1 + (j % 12)).padStart(3, '0')}', $${k + 2}, $${k + 3}, $${k + 4}::text[])`);
      values.push(RESOURCE_KINDS[j % 5], title, body, searchDocKeys(RESOURCE_KINDS[j % 5], title, body));
    }
    await q(`INSERT INTO emergency_search (kind, ref_id, region_code, title, body, keys) VALUES ${tuples.join(', ')}`, values);
  }
  await q('ANALYZE emergency_search');
  const genSeconds = (Date.now() - g0) / 1000;
  process.stdout.write(`dataset: ${demoDocs} demo + ${RECORDS.toLocaleString('en-US')} generated search documents in ${genSeconds.toFixed(1)} s\n`);
  for (let i = 0; i < 8; i++) await get(searchPath(i));
  const big = await timeCalls(calls, (i) => get(searchPath(i)));

  report('emergency', [
    { scenario: 'bare Fastify route, sequential', figure: `p50 ${fmt.ms(bareSeq.p50)}, p95 ${fmt.ms(bareSeq.p95)}` },
    {
      scenario: `search across the five databases, demo data (${demoDocs} records), ${QUERIES.length} queries in turn, sequential`,
      figure: `p50 ${fmt.ms(demo.p50)}, p95 ${fmt.ms(demo.p95)}, max ${fmt.ms(demo.max)}`,
      target: 'p95 < 100 ms',
      baseline: `p95 ${fmt.ms(bareSeq.p95)}`,
      ratio: `${(demo.p95 / Math.max(0.01, bareSeq.p95)).toFixed(0)}×`,
      pass: demo.p95 < 100,
    },
    {
      scenario: `search with ${RECORDS.toLocaleString('en-US')} more records (all five kinds), sequential`,
      figure: `p50 ${fmt.ms(big.p50)}, p95 ${fmt.ms(big.p95)}, max ${fmt.ms(big.max)}`,
      target: RECORDS >= 100_000 ? 'p95 < 300 ms' : 'p95 < 300 ms (at 100k; --quick runs 20k)',
      baseline: `p95 ${fmt.ms(bareSeq.p95)}`,
      ratio: `${(big.p95 / Math.max(0.01, bareSeq.p95)).toFixed(0)}×`,
      pass: big.p95 < 300,
    },
  ]);
} finally {
  await server.close();
  await db.drop();
}
