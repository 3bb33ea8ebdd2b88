import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { emergencyApi } from '../../../shared/contracts/emergency.api';

/** The README's table of the duty, accident and map endpoints says what the contract table declares. */
describe('emergency README (值守、事故信息、资源地图)', () => {
  it('lists every duty/accident/map endpoint with its permission, and nothing else', () => {
    const readme = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE) ([^`]+)` \| `([^`]+)` \| (.+) \|$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    const mine = /^\/api\/emergency\/(duty|accidents|resource-map|nearby)(\/|$)/;
    const declared = Object.values(emergencyApi)
      .filter((e) => mine.test(e.path))
      .map((e) => `${e.method} ${e.path} ${e.permission ?? 'public'}`);
    expect(declared.length).toBe(17);
    // the README also has the other sections' tables (预案与演练): this one's rows are those of its paths
    expect(rows.filter((r) => mine.test(r.split(' ')[1]))).toEqual(declared);
  });
});
