import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planDrillEndpoints } from '../../../shared/contracts/emergency.plans.api';

/** The README's 预案与演练 endpoint table says what the contract declares. */
describe('emergency README (预案与演练)', () => {
  it('lists every plan and drill endpoint with its permission, and nothing else', () => {
    const readme = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## ---------- 预案与演练 ----------'));
    const rows = [...section.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE) ([^`]+)` \| `([^`]+)` \| (.+) \|$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    const declared = Object.values(planDrillEndpoints).map((e) => `${e.method} ${e.path} ${e.permission}`);
    expect(rows).toEqual(declared);
  });
});
