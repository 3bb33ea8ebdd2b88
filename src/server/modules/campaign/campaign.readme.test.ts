import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { campaignApi } from '../../../shared/contracts/campaign.api';

/** The module README's endpoint table says what the contract table declares: every endpoint, its method, path and permission. */
describe('campaign README', () => {
  it('lists every endpoint of campaignApi with its permission, and nothing else', () => {
    const readme = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE) ([^`]+)` \| `([^`]+)` \| (.+) \|$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    const declared = Object.values(campaignApi).map((e) => `${e.method} ${e.path} ${e.permission}`);
    expect(rows).toEqual(declared);
    expect(declared).toHaveLength(58);
  });
});
