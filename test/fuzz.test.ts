import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Client, type TestApp } from './helpers';

/**
 * Bad-input fuzzing of every operation in the OpenAPI document: wrong types, missing and extra
 * fields, huge and odd Unicode strings, SQL/HTML injection, negative and huge numbers, impossible
 * dates, garbage path parameters and bodies. Every answer must be a 4xx JSON error or a success —
 * never a 5xx. Deterministic (seeded) so a failure reproduces.
 */
type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  format?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  default?: unknown;
};
interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; required?: boolean; schema: Schema }[];
  body?: Schema;
}

const STRINGS = [
  '',
  ' ',
  "' OR 1=1 --",
  "'; DROP TABLE enterprises; --",
  '"\\',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '${7*7}{{7*7}}',
  '../../../../etc/passwd',
  '%00%0d%0a',
  '\u202e\u202d反向文本',
  '\u200b\u200c\u200d\ufeff',
  '😀🚒🧯'.repeat(50),
  '\ud800',
  '𠀀𠀁𪚥',
  'ＡＢＣ１２３（全角）',
  '\t\n\r',
  '2023-02-30',
  '9999-99-99',
  '-1',
  'NaN',
  'null',
  'true',
  '00000000-0000-0000-0000-000000000000',
  'x'.repeat(5000),
  '安'.repeat(100_000),
];
const NUMBERS = [-1, 0, 1.5, -1e9, 1e308, 2 ** 63, Number.MAX_SAFE_INTEGER + 2, -0.000001, 1e-300];
const WRONG: unknown[] = [null, true, 0, 'x', [], {}, [1, 'a'], { a: { b: [] } }];

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function typeOf(s: Schema): string {
  if (s.anyOf || s.oneOf) return typeOf((s.anyOf ?? s.oneOf)!.find((x) => x.type !== 'null') ?? {});
  return Array.isArray(s.type) ? s.type.find((t) => t !== 'null') ?? 'string' : (s.type ?? 'string');
}

/** A plausible valid value, so that one broken field at a time reaches deeper validation. */
function plausible(s: Schema, name = ''): unknown {
  if (s.default !== undefined) return s.default;
  if (s.enum?.length) return s.enum[0];
  const t = typeOf(s);
  if (t === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s.properties ?? {})) if (s.required?.includes(k)) o[k] = plausible(v, k);
    return o;
  }
  if (t === 'array') return [];
  if (t === 'integer' || t === 'number') return s.minimum !== undefined ? s.minimum : 1;
  if (t === 'boolean') return true;
  if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  if (s.format === 'date' || /date|On$/i.test(name)) return '2024-05-01';
  if (s.format === 'date-time') return '2024-05-01T08:00:00+08:00';
  return 'x'.repeat(Math.max(1, s.minLength ?? 1));
}

function mutations(s: Schema, name: string, r: () => number): unknown[] {
  const t = typeOf(s);
  const out: unknown[] = [...WRONG];
  if (t === 'string') out.push(...STRINGS.filter(() => r() < 0.6));
  if (t === 'integer' || t === 'number') out.push(...NUMBERS, '1', '1e3', 'abc');
  if (t === 'array') out.push(Array.from({ length: 2000 }, (_, i) => i), [null], [STRINGS[3]]);
  if (/date|On$|At$|from|to$/i.test(name)) out.push('2023-02-30', '2023-13-01', '0000-00-00', '2024-02-30T25:61:00Z');
  return out;
}

function operations(doc: { paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: { content?: Record<string, { schema: Schema }> } }>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [p, methods] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(methods)) {
      ops.push({
        method: m.toUpperCase(),
        path: p,
        params: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

let t: TestApp;
let office: Client;
let enterprise: Client;
beforeAll(async () => {
  t = await testApp({ loginRatePerMinute: 100_000 });
  office = await t.login('anweiban');
  enterprise = await t.login('qiye');
});
afterAll(async () => {
  await t?.close();
});

describe('fuzzing every operation with bad input', () => {
  it('never answers 5xx (≥ 5,000 requests)', async () => {
    const doc = t.app.swagger() as never;
    const ops = operations(doc).filter((o) => !['/api/auth/logout', '/api/auth/password'].includes(o.path));
    const r = rng(20261128);
    let sent = 0;
    const byStatus = new Map<number, number>();
    const failures: string[] = [];
    const send = async (who: Client, method: string, url: string, payload?: unknown, headers?: Record<string, string>) => {
      let res = await who.request({ method: method as never, url, payload: payload as never, headers });
      if (res.statusCode === 401 && who.user) {
        // A fuzzed request may have ended the session (e.g. a user deactivated): log in again.
        const fresh = await t.login(who.user.username);
        Object.assign(who, { cookie: fresh.cookie, csrf: fresh.csrf });
        res = await who.request({ method: method as never, url, payload: payload as never, headers });
      }
      sent++;
      byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1);
      const isJson = String(res.headers['content-type'] ?? '').includes('json');
      if (res.statusCode >= 500) failures.push(`${res.statusCode} ${method} ${url.slice(0, 160)} ${JSON.stringify(payload)?.slice(0, 200)} → ${res.body.slice(0, 200)}`);
      else if (res.statusCode >= 400 && url.startsWith('/api/') && !isJson) failures.push(`non-JSON ${res.statusCode} ${method} ${url.slice(0, 120)}`);
    };
    // Lone surrogates cannot be percent-encoded as UTF-8: send the raw invalid bytes instead.
    const enc = (v: string) => {
      try {
        return encodeURIComponent(v);
      } catch {
        return '%ED%A0%80';
      }
    };
    const pathWith = (op: Operation, value: (name: string) => string) => op.path.replace(/\{(\w+)\}/g, (_m, n: string) => enc(value(n)));
    const q = (params: Record<string, unknown>) => {
      const s = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) s.set(k, (typeof v === 'string' ? v : JSON.stringify(v) ?? '').replace(/[\ud800-\udfff]/g, '\ufffd'));
      const str = s.toString();
      return str ? `?${str}` : '';
    };

    for (let round = 0; sent < 5200; round++) {
      for (const op of ops) {
        const who = r() < 0.8 ? office : enterprise;
        const uuid = () => (r() < 0.5 ? '00000000-0000-4000-8000-000000000000' : STRINGS[Math.floor(r() * STRINGS.length)]);
        const base = pathWith(op, () => '00000000-0000-4000-8000-000000000000');
        // 1. garbage path parameters
        if (op.path.includes('{')) await send(who, op.method, pathWith(op, uuid));
        // 2. each query parameter broken in turn
        const queryParams = op.params.filter((p) => p.in === 'query');
        for (const p of queryParams) {
          const vals = mutations(p.schema, p.name, r);
          const v = vals[Math.floor(r() * vals.length)];
          await send(who, op.method, base + q({ [p.name]: v }));
        }
        if (queryParams.length) await send(who, op.method, base + q({ unexpected: STRINGS[Math.floor(r() * STRINGS.length)], page: -5, pageSize: 1e9 }));
        if (op.method === 'GET' || op.method === 'DELETE') continue;
        // 3. bodies: each field broken in turn, missing required, extra fields, wrong top-level type
        const schema = op.body;
        if (schema && typeOf(schema) === 'object') {
          const valid = plausible(schema) as Record<string, unknown>;
          for (const [k, fs] of Object.entries(schema.properties ?? {})) {
            const vals = mutations(fs, k, r);
            await send(who, op.method, base, { ...valid, [k]: vals[Math.floor(r() * vals.length)] });
          }
          for (const k of schema.required ?? []) {
            const copy = { ...valid };
            delete copy[k];
            await send(who, op.method, base, copy);
          }
          await send(who, op.method, base, { ...valid, __proto__x: 1, extra: STRINGS[Math.floor(r() * STRINGS.length)] });
        }
        await send(who, op.method, base, WRONG[Math.floor(r() * WRONG.length)] ?? 'null');
        // 4. raw bodies: malformed JSON, wrong content types, multipart garbage
        const raws: [string, string][] = [
          ['{"a":', 'application/json'],
          ['[1,2', 'application/json'],
          ['\u0000\u0001\u0002', 'application/json'],
          ['a=1&b=2', 'application/x-www-form-urlencoded'],
          ['<xml/>', 'application/xml'],
          ['--x\r\nContent-Disposition: form-data; name="file"; filename="../../a.xlsx"\r\n\r\nPK\u0003\u0004garbage\r\n--x--\r\n', 'multipart/form-data; boundary=x'],
          ['not multipart at all', 'multipart/form-data; boundary=zzz'],
        ];
        const [raw, type] = raws[Math.floor(r() * raws.length)];
        await send(who, op.method, base, raw, { 'content-type': type });
      }
    }
    const summary = [...byStatus.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ');
    process.stdout.write(`fuzz: ${sent} requests over ${ops.length} operations; statuses ${summary}\n`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(5000);
  }, 600_000);
});
