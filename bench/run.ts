/**
 * `npm run bench [-- --quick]`: every bench/*.bench.ts in turn (each prints its table and appends
 * to bench/results/). Exit code 1 when a script fails.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const quick = process.argv.includes('--quick');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const dir = path.join(process.cwd(), 'bench');
const scripts = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
const started = Date.now();
for (const s of scripts) {
  process.stdout.write(`\n## ${s}${quick ? ' (quick)' : ''}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, s), ...(quick ? ['--quick'] : [])], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`!! ${s} failed (exit ${r.status})\n`);
  }
}
process.stdout.write(`\n${scripts.length} bench scripts in ${Math.round((Date.now() - started) / 1000)} s${failed ? `, ${failed} failed` : ''}\n`);
process.exit(failed ? 1 : 0);
