/**
 * Plan parser benchmark: `node --import tsx bench/plan-parse.bench.ts [--quick] [runs]`
 *
 * 1. The reference plan (东安〔2020〕7号, ~31k characters) parsed N times: median and p95 in ms.
 *    Target: median < 200 ms.
 * 2. A ~350 KB "PDF-extracted" text: the reference plan and the sample plans repeated, hard-wrapped
 *    every 38 characters with a page number every 40 lines, as pdftotext produces. Target: < 3 s.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { benchArgs, fmt, report, timeCalls } from './lib';
import { referenceUnitDirectory } from '../src/shared/org/reference.js';
import { decodePlanBytes } from '../src/shared/plan/decode.js';
import { parsePlanText } from '../src/shared/plan/parse.js';

const fixtures = new URL('../fixtures/plans/', import.meta.url);
const read = (name: string) => decodePlanBytes(new Uint8Array(readFileSync(new URL(name, fixtures))));
const reference = read('dongxihu-2020-7.txt');
const samples = ['nanhu-city-2021-hazchem.txt', 'qinghe-county-2024-zhiben.txt', 'xinzhuang-town-2022-gbk.txt'].map(read);
const units = referenceUnitDirectory();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}

/** What pdftotext makes of a document: fixed-width lines, page numbers, blank lines around them. */
function pdfExtracted(texts: string[], targetBytes: number): string {
  const out: string[] = [];
  let bytes = 0;
  let page = 1;
  let lineOnPage = 0;
  const encoder = new TextEncoder();
  while (bytes < targetBytes) {
    for (const text of texts) {
      for (const paragraph of text.split('\n')) {
        const p = paragraph.trim();
        if (!p || bytes >= targetBytes) continue;
        for (let i = 0; i < p.length; i += 38) {
          const line = p.slice(i, i + 38);
          out.push(line);
          bytes += encoder.encode(line).length + 1;
          if (++lineOnPage === 40) {
            out.push('', `- ${page++} -`, '');
            lineOnPage = 0;
          }
        }
      }
    }
  }
  return out.join('\n');
}

const args = benchArgs();
const runsArg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
const runs = runsArg ? Number(runsArg) : args.quick ? 10 : 30;
const bigRuns = args.quick ? 3 : 5;

// The yardstick of every bench table: a bare Fastify route on this machine, timed the same way
// (sequential calls from this process), so the parser's figures compare across machines.
const bare = Fastify({ logger: false });
bare.get('/bare', async () => ({ status: 'ok', items: [1, 2, 3] }));
await bare.listen({ port: 0, host: '127.0.0.1' });
const barePort = (bare.server.address() as { port: number }).port;
for (let i = 0; i < 20; i++) await fetch(`http://127.0.0.1:${barePort}/bare`).then((r) => r.arrayBuffer());
const bareSeq = await timeCalls(args.quick ? 100 : 300, () => fetch(`http://127.0.0.1:${barePort}/bare`).then((r) => r.arrayBuffer()));
await bare.close();

// warm-up (JIT), then measure
for (let i = 0; i < 3; i++) parsePlanText(reference, { units });
const times: number[] = [];
let plan = parsePlanText(reference, { units });
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  plan = parsePlanText(reference, { units });
  times.push(performance.now() - t);
}
const tasks = plan.tasks.filter((n) => n.kind === 'task').length;
const items = plan.tasks.filter((n) => n.kind === 'item').length;
const refMedian = median(times);
console.log(
  `reference plan: ${reference.length} chars, ${tasks} tasks, ${items} items — median ${refMedian.toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms over ${runs} runs (target < 200 ms)`,
);

const big = pdfExtracted([reference, ...samples], 350 * 1024);
const bigBytes = new TextEncoder().encode(big).length;
const bigTimes: number[] = [];
let bigPlan = plan;
for (let i = 0; i < bigRuns; i++) {
  const t = performance.now();
  bigPlan = parsePlanText(big, { units });
  bigTimes.push(performance.now() - t);
}
const bigMedian = median(bigTimes);
console.log(
  `PDF-extracted text: ${(bigBytes / 1024).toFixed(0)} KB (${big.length} chars, ${big.split('\n').length} lines), ${bigPlan.tasks.length} nodes — median ${bigMedian.toFixed(0)} ms over ${bigRuns} runs (target < 3000 ms)`,
);

const ratio = (ms: number) => `${(ms / Math.max(0.01, bareSeq.p50)).toFixed(0)}× bare p50`;
report('plan-parse', [
  { scenario: 'bare Fastify route, sequential', figure: `p50 ${fmt.ms(bareSeq.p50)}, p95 ${fmt.ms(bareSeq.p95)}` },
  {
    scenario: `reference plan 东安〔2020〕7号 (${reference.length.toLocaleString('en-US')} chars, ${tasks} tasks, ${items} items), ${runs} runs`,
    figure: `median ${fmt.ms(refMedian)}, p95 ${fmt.ms(percentile(times, 0.95))}`,
    target: 'median < 200 ms',
    baseline: `p50 ${fmt.ms(bareSeq.p50)}`,
    ratio: ratio(refMedian),
    pass: refMedian < 200,
  },
  {
    scenario: `PDF-extracted text, ${(bigBytes / 1024).toFixed(0)} KB (${bigPlan.tasks.length} nodes), ${bigRuns} runs`,
    figure: `median ${fmt.ms(bigMedian)}`,
    target: '< 3 s',
    baseline: `p50 ${fmt.ms(bareSeq.p50)}`,
    ratio: ratio(bigMedian),
    pass: bigMedian < 3000,
  },
]);

if (refMedian >= 200 || bigMedian >= 3000) {
  console.error('benchmark target missed');
  process.exitCode = 1;
}
