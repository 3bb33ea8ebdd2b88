import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { monitoringApi } from '../../../shared/contracts/monitoring.api';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');

/** The README's endpoint table says what the contract table declares. */
describe('monitoring README', () => {
  it('lists every endpoint of monitoringApi with its permission, and nothing else', () => {
    const readme = readFileSync(path.join(here, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE) ([^`]+)` \| `([^`]+)` \| (.+) \|$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    const declared = Object.values(monitoringApi).map((e) => `${e.method} ${e.path} ${e.permission ?? 'public'}`);
    expect(rows).toEqual(declared);
  });

  // The README's ceiling experiment is reproduced by applying this patch: it must still apply to the code as it is.
  it.skipIf(!existsSync(path.join(root, '.git')))('the ceiling experiment (bench/monitoring-ceiling.patch) applies to the current code', () => {
    expect(() => execFileSync('git', ['apply', '--check', 'bench/monitoring-ceiling.patch'], { cwd: root, stdio: 'pipe' })).not.toThrow();
  });
});
