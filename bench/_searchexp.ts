import { freshPgDatabase, startBenchServer, loginHeaders, benchArgs } from './lib';
import { buildHazardDataset } from './datasets/hazards';
const args = benchArgs();
const db = await freshPgDatabase(args.pgUrl, 'anzhi_search_exp');
const server = await startBenchServer({ databaseUrl: db.url });
await buildHazardDataset(server.database, { enterprises: 5_000, hazards: 120_000, log: () => undefined });
const office = await loginHeaders(server.base, 'anweiban');
const terms = ['液位计', '脚手架', '第123号', '疏散通道'];
// log every statement's duration via pg_stat_statements-less approach: auto_explain not available; time the API
for (const q of terms) {
  const ts: number[] = [];
  let body: any;
  for (let i = 0; i < 12; i++) {
    const t0 = performance.now();
    const r = await fetch(`${server.base}/api/hazards?q=${encodeURIComponent(q)}&pageSize=20`, { headers: office });
    body = await r.json();
    ts.push(performance.now() - t0);
  }
  console.log(q, 'total', body.total, 'exact', body.totalExact ?? body.exact, 'ms:', ts.map((x) => Math.round(x)).join(' '));
}
await server.database.query(`LOAD 'auto_explain'`).catch((e) => console.log('no auto_explain', e.message));
await server.close();

