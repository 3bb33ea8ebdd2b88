/**
 * `npm run bench [-- --quick] [-- --check] [name…]`: every bench/*.bench.ts in turn (each prints its
 * table and appends to bench/results/). Exit code 1 when a script fails; with `--check`, exit code 3
 * when every script ran but a figure is below its target (the regression guard to run before
 * changing a hot path; not in CI, which shares its machine).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { BELOW_TARGET_EXIT } from './exit-codes';

const flags = process.argv.slice(2).filter((a) => a === '--quick' || a === '--check');
const quick = flags.includes('--quick');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const dir = path.join(process.cwd(), 'bench');
const scripts = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
const below: string[] = [];
const started = Date.now();
for (const s of scripts) {
  process.stdout.write(`\n## ${s}${quick ? ' (quick)' : ''}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, s), ...flags], { stdio: 'inherit' });
  if (r.status === BELOW_TARGET_EXIT) below.push(s);
  else if (r.status !== 0) {
    failed++;
    process.stdout.write(`!! ${s} failed (exit ${r.status})\n`);
  }
}
process.stdout.write(
  `\n${scripts.length} bench scripts in ${Math.round((Date.now() - started) / 1000)} s${failed ? `, ${failed} failed` : ''}${below.length ? `, below target in: ${below.join(', ')}` : ''}\n`,
);
process.exit(failed ? 1 : below.length ? BELOW_TARGET_EXIT : 0);
