import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { monitoringApi } from '../../../shared/contracts/monitoring.api';

/** The README's endpoint table says what the contract table declares. */
describe('monitoring README', () => {
  it('lists every endpoint of monitoringApi with its permission, and nothing else', () => {
    const readme = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE) ([^`]+)` \| `([^`]+)` \| (.+) \|$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    const declared = Object.values(monitoringApi).map((e) => `${e.method} ${e.path} ${e.permission ?? 'public'}`);
    expect(rows).toEqual(declared);
  });
});
