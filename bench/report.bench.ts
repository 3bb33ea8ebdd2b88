/**
 * 12350 举报 on PostgreSQL (demo data plus a few thousand reports), beside a bare Fastify route in
 * the same run:
 *   - public submission (multipart, with and without a 7 KB JPEG photo whose metadata is stripped),
 *     sequential: p95 < 150 ms
 *   - the reporter's tracking page (GET by code) at 20 connections
 *   - the officers' ledger (office, first page) at 20 connections
 *   - Open311 GET requests.json (the last 90 days) sequential
 * The bench server trusts X-Forwarded-For so each submission comes from its own address (the rate
 * limits of 10/h per IP and 5/h per device would otherwise refuse the run after ten).
 */
import { readFileSync } from 'node:fs';
import { testConfig } from '../src/server/config';
import { openDatabase } from '../src/server/db';
import { buildApp } from '../src/server/app';
import { seedDatabase } from '../src/server/platform/seed';
import { BENCH_PASSWORD, BENCH_SECRET, bareBaseline, benchArgs, fmt, freshPgDatabase, load, loginHeaders, report, timeCalls } from './lib';

const args = benchArgs();
const seconds = args.quick ? 4 : 15;
const connections = 20;
const submissions = args.quick ? 150 : 1000;
const log = (m: string) => process.stdout.write(`  ${m}\n`);
const JPEG = readFileSync(new URL('../src/server/modules/report/fixtures/gps.jpg', import.meta.url));

const db = await freshPgDatabase(args.pgUrl, 'anzhi_bench_report');
const database = await openDatabase({ databaseUrl: db.url, poolSize: 10 });
await database.migrate();
const built = await buildApp({ config: testConfig({ loginRatePerMinute: 100_000, trustProxy: true }), database, secretKey: BENCH_SECRET, logger: false });
await seedDatabase(built.deps, built.modules, { level: 'demo', adminPassword: BENCH_PASSWORD, demoPassword: BENCH_PASSWORD });
await built.app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(built.app.server.address() as { port: number }).port}`;

function form(i: number, photo: boolean): FormData {
  const fd = new FormData();
  fd.set('category', ['fire', 'hazchem', 'construction', 'citygas'][i % 4]);
  fd.set('description', `压测举报 ${i}：仓库内堆放大量易燃物品，消防通道被占用。`);
  fd.set('address', ['将军路街道 金山大道', '吴家山街道 七雄路', '径河街道 物流园', '金银湖街道 金银湖路'][i % 4] + ` ${i} 号`);
  fd.set('lat', String(30.6 + (i % 100) / 1000));
  fd.set('lng', String(114.1 + (i % 100) / 1000));
  fd.set('deviceId', `bench-device-${i}-abcdef`);
  if (photo) fd.append('photos', new Blob([JPEG], { type: 'image/jpeg' }), 'scene.jpg');
  return fd;
}

let n = 0;
async function submit(photo: boolean): Promise<string> {
  const i = n++;
  const r = await fetch(`${base}/public/api/reports`, { method: 'POST', body: form(i, photo), headers: { 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` } });
  if (r.status !== 201) throw new Error(`submit: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { trackingCode: string }).trackingCode;
}

try {
  const t0 = Date.now();
  // Warm up, then time.
  for (let i = 0; i < 10; i++) await submit(i % 2 === 0);
  const plain = await timeCalls(submissions, () => submit(false));
  const codes: string[] = [];
  const withPhoto = await timeCalls(submissions, async () => codes.push(await submit(true)));
  log(`${n} reports submitted in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const bareSeq = await (async () => {
    const { default: Fastify } = await import('fastify');
    const app = Fastify({ logger: false });
    app.get('/bare', async () => ({ status: 'ok' }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/bare`;
    const r = await timeCalls(200, () => fetch(url).then((x) => x.json()));
    await app.close();
    return r;
  })();
  const bare = await bareBaseline(connections, seconds);
  const track = await load({ url: `${base}/public/api/reports/${codes[0]}`, connections, seconds, variants: codes.slice(0, 100).map((c) => ({ path: `/public/api/reports/${c}` })) });
  const office = await loginHeaders(base, 'anweiban');
  const ledger = await load({ url: `${base}/api/reports?pageSize=20`, connections, seconds, headers: office });
  const o311 = await timeCalls(50, () => fetch(`${base}/open311/v2/requests.json`).then((x) => x.json()));
  const [{ total }] = await database.query<{ total: number }>('SELECT count(*)::int AS total FROM reports');
  report('report', [
    { scenario: 'bare Fastify route, sequential', figure: `p50 ${fmt.ms(bareSeq.p50)}, p95 ${fmt.ms(bareSeq.p95)}` },
    { scenario: `public submission without photo, sequential (${submissions})`, figure: `p50 ${fmt.ms(plain.p50)}, p95 ${fmt.ms(plain.p95)}, max ${fmt.ms(plain.max)}`, target: 'p95 < 150 ms', baseline: `p95 ${fmt.ms(bareSeq.p95)}`, ratio: `${(plain.p95 / Math.max(0.01, bareSeq.p95)).toFixed(0)}×`, pass: plain.p95 < 150 },
    { scenario: `public submission with a JPEG (EXIF stripped), sequential (${submissions})`, figure: `p50 ${fmt.ms(withPhoto.p50)}, p95 ${fmt.ms(withPhoto.p95)}, max ${fmt.ms(withPhoto.max)}`, target: 'p95 < 150 ms', baseline: `p95 ${fmt.ms(bareSeq.p95)}`, ratio: `${(withPhoto.p95 / Math.max(0.01, bareSeq.p95)).toFixed(0)}×`, pass: withPhoto.p95 < 150 },
    { scenario: `bare Fastify route, ${connections} connections`, figure: fmt.rps(bare) },
    { scenario: `tracking page (GET by code), ${connections} connections`, figure: fmt.rps(track), baseline: `${Math.round(bare.rps)} req/s`, ratio: fmt.ofBare(track.rps, bare.rps) },
    { scenario: `officers' ledger (office, ${total} reports), ${connections} connections`, figure: fmt.rps(ledger), baseline: `${Math.round(bare.rps)} req/s`, ratio: fmt.ofBare(ledger.rps, bare.rps) },
    { scenario: 'Open311 GET requests.json (90 days), sequential', figure: `p50 ${fmt.ms(o311.p50)}, p95 ${fmt.ms(o311.p95)}`, baseline: `p95 ${fmt.ms(bareSeq.p95)}`, ratio: `${(o311.p95 / Math.max(0.01, bareSeq.p95)).toFixed(0)}×` },
  ]);
  const errors = track.errors + track.non2xx + ledger.errors + ledger.non2xx;
  if (errors) process.stdout.write(`warning: ${errors} errors/non-2xx answers during the load (${JSON.stringify(track.statuses)} ${JSON.stringify(ledger.statuses)})\n`);
} finally {
  await built.app.close();
  await database.close();
  await db.drop();
}
