/**
 * Plan parser benchmark: `node --import tsx bench/plan-parse.bench.ts [runs]`
 *
 * 1. The reference plan (东安〔2020〕7号, ~31k characters) parsed N times: median and p95 in ms.
 *    Target: median < 200 ms.
 * 2. A ~350 KB "PDF-extracted" text: the reference plan and the sample plans repeated, hard-wrapped
 *    every 38 characters with a page number every 40 lines, as pdftotext produces. Target: < 3 s.
 */
import { readFileSync } from 'node:fs';
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

const runs = Number(process.argv[2] ?? 30);

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
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  bigPlan = parsePlanText(big, { units });
  bigTimes.push(performance.now() - t);
}
const bigMedian = median(bigTimes);
console.log(
  `PDF-extracted text: ${(bigBytes / 1024).toFixed(0)} KB (${big.length} chars, ${big.split('\n').length} lines), ${bigPlan.tasks.length} nodes — median ${bigMedian.toFixed(0)} ms over 5 runs (target < 3000 ms)`,
);

if (refMedian >= 200 || bigMedian >= 3000) {
  console.error('benchmark target missed');
  process.exitCode = 1;
}
