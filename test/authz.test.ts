import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testApp, type Client, type TestApp } from './helpers';
import { rows } from '../src/server/db';
import { storeFile } from '../src/server/platform/files';
import { notify } from '../src/server/platform/notifications';
import { loadActor } from '../src/server/platform/auth';
import { buildUscc, USCC_ALPHABET } from '../src/shared/org/uscc';
import type { Role } from '../src/shared/access';
import { FILE_KINDS, MATRIX, MATRIX_ROLES, type Fixtures, type RouteRule } from './authz/matrix';
import { RESOURCE_RESOLVERS, prepareModuleFixtures } from './authz/resources';

/**
 * Every route × every role × own/other scope against the table in test/authz/matrix.ts.
 * Zero leaks: a role outside the allow list gets 403, anonymous 401, an out-of-scope id 404, a
 * body naming another scope's record (create a hazard for an enterprise outside the scope) 404;
 * the files of the modules' records are readable exactly where the record is visible.
 * The fixtures (test/authz/resources.ts) are made through the modules' APIs; AUTHZ_DEBUG=1 prints
 * every call with its status and time, and the server's errors.
 */
const USERS: Record<Role, string> = {
  admin: 'admin',
  office: 'anweiban',
  department: 'zhujianju',
  street: 'jiangjunlu',
  enterprise: 'qiye',
  inspector: 'jiancha',
};

let t: TestApp;
const clients = {} as Record<Role, Client>;
let fixtures: Fixtures;
let counter = 0;

beforeAll(async () => {
  t = await testApp(process.env.AUTHZ_DEBUG ? { logLevel: 'error' } : {});
  for (const r of MATRIX_ROLES) clients[r] = await t.login(USERS[r]);
  const q = async (text: string) => (await rows<{ id: string }>(t.database.db, sql.raw(text)))[0]?.id;
  const ids: Record<string, string> = {
    officeUnit: (await q(`SELECT id FROM units WHERE code = 'office'`))!,
    entConstruction: (await q(`SELECT id FROM enterprises WHERE sector = 'construction' ORDER BY credit_code LIMIT 1`))!,
    entHazchemOther: (await q(`SELECT id FROM enterprises WHERE sector = 'hazchem' AND id <> '${clients.enterprise.user!.enterpriseId}' AND region_code <> '420112004' ORDER BY credit_code LIMIT 1`))!,
    entStreetOwn: (await q(`SELECT id FROM enterprises WHERE region_code = '420112004' AND sector NOT IN ('construction','housing','civildefense','hazchem') ORDER BY credit_code LIMIT 1`))!,
    entOwnEnterprise: clients.enterprise.user!.enterpriseId!,
    anyUnit: (await q(`SELECT id FROM units WHERE code = 'dept.education'`))!,
  };
  // User-admin routes act on a user of their own: resetting a demo user would end its session here.
  const created = await clients.admin.post('/api/users', { username: 'matrixtarget', displayName: '矩阵目标用户', roles: ['street'], unitId: (await q(`SELECT id FROM units WHERE code = 'street.420112001'`))!, password: 'Target#Pass2026' });
  ids.someUser = created.json().user.id;
  // A file and a notification owned by each role's user.
  for (const r of MATRIX_ROLES) {
    const actor = await loadActor(t.deps, clients[r].user!.id);
    const ctx = { actor, ip: null, requestId: null };
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(r)]);
    const f = await t.database.db.transaction((tx) =>
      storeFile(tx, ctx, { name: `${r}.png`, data: png, purpose: 'matrix.test', allowed: ['png'], maxBytes: 1024, regionCode: actor!.scope.kind === 'enterprise' ? null : null, enterpriseId: null }),
    );
    ids[`file:${r}`] = f.id;
    await t.database.db.transaction(async (tx) => {
      await notify(tx, t.deps, { userId: actor!.userId, kind: 'test', title: `矩阵 ${r}`, dedupeKey: `matrix-${r}` });
    });
    const [n] = await rows<{ id: string }>(t.database.db, sql`SELECT id FROM notifications WHERE dedupe_key = ${`matrix-${r}`}`);
    ids[`notification:${r}`] = n.id;
  }
  Object.assign(ids, await prepareModuleFixtures(t, clients, ids));
  fixtures = {
    ids,
    unique: () => `${Date.now().toString(36)}${counter++}`,
    newCreditCode: () => {
      let body = '';
      let n = counter++ + 1000;
      for (let i = 0; i < 6; i++) {
        body += USCC_ALPHABET[n % 31];
        n = Math.floor(n / 31) + i * 7;
      }
      return buildUscc('9', '1', '420112', `MX${body}`);
    },
    resource(kind, role) {
      const r = RESOURCE_RESOLVERS[kind];
      if (!r) throw new Error(`no resolver for resource kind ${kind}`);
      return r(ids, role);
    },
  };
}, 600_000);

afterAll(async () => {
  await t?.close();
});

function fill(url: string, rule: RouteRule, role: Role, which: 'own' | 'other'): string | undefined {
  let out = url;
  for (const [param, kind] of Object.entries(rule.params ?? {})) {
    const id = fixtures.resource(kind, role)[which];
    if (!id) return undefined;
    out = out.replace(`:${param}`, id);
  }
  return out;
}

const DEBUG = !!process.env.AUTHZ_DEBUG;

async function call(client: Client, method: string, url: string, rule: RouteRule, role: Role, otherBody?: unknown) {
  const started = Date.now();
  const res = await send(client, method, url, rule, role, otherBody);
  if (DEBUG) process.stdout.write(`${role} ${method} ${url} → ${res.statusCode} ${Date.now() - started} ms\n`);
  return res;
}

async function send(client: Client, method: string, url: string, rule: RouteRule, role: Role, otherBody?: unknown) {
  const query = rule.query ? `?${new URLSearchParams(rule.query(fixtures, role)).toString()}` : '';
  if (rule.upload) {
    const up = await rule.upload(fixtures, role);
    return client.request({ method: method as never, url: url + query, payload: up.payload, headers: up.headers });
  }
  const body = otherBody ?? (rule.body ? rule.body(fixtures, role) : undefined);
  return client.request({ method: method as never, url: url + query, payload: body as never });
}

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

describe('authorization matrix', () => {
  it('every route has an entry, and every entry a route', () => {
    const keys = t.routes.map((r) => `${r.method} ${r.url}`);
    const missing = keys.filter((k) => !MATRIX[k]);
    const stale = Object.keys(MATRIX).filter((k) => !keys.includes(k));
    expect(missing, `routes without an entry in test/authz/matrix.ts`).toEqual([]);
    expect(stale, `entries without a route`).toEqual([]);
  });

  it('the public flag of each route matches the table', () => {
    for (const r of t.routes) {
      const rule = MATRIX[`${r.method} ${r.url}`];
      if (rule) expect(r.public, `${r.method} ${r.url}`).toBe(rule.allow === 'public');
    }
  });

  it('anonymous callers get 401 everywhere but the public routes', async () => {
    const anon = t.anonymous();
    for (const r of t.routes) {
      const rule = MATRIX[`${r.method} ${r.url}`];
      if (!rule || rule.allow === 'public') continue;
      const url = r.url.replace(/:[A-Za-z]+/g, SAMPLE_ID);
      const res = await anon.request({ method: r.method as never, url });
      expect(res.statusCode, `${r.method} ${url}`).toBe(401);
    }
  });

  it('files of the modules\' records are readable exactly where the record is visible', async () => {
    const failures: string[] = [];
    let calls = 0;
    for (const { kind, what } of FILE_KINDS) {
      expect(fixtures.resource(kind, 'admin').own, `fixture of ${kind}`).toBeTruthy();
      for (const role of MATRIX_ROLES) {
        const { own, other } = fixtures.resource(kind, role);
        for (const [id, expected] of [[own, 200], [other, 404]] as const) {
          if (!id) continue;
          const res = await clients[role].get(`/api/files/${id}`);
          calls++;
          if (res.statusCode !== expected) failures.push(`${role} GET /api/files/${id} (${what}, ${expected === 200 ? 'own' : 'other'}): expected ${expected}, got ${res.statusCode}`);
        }
      }
    }
    process.stdout.write(`module files: ${FILE_KINDS.length} kinds, ${calls} calls\n`);
    expect(failures).toEqual([]);
  });

  it('roles outside the allow list get 403, allowed roles pass in scope, and out-of-scope ids are not found', async () => {
    const failures: string[] = [];
    let calls = 0;
    for (const r of t.routes) {
      const rule = MATRIX[`${r.method} ${r.url}`];
      if (!rule || rule.allow === 'public') continue;
      for (const role of MATRIX_ROLES) {
        const allowed = rule.allow === 'all' || rule.allow.includes(role);
        const client = rule.fresh ? await t.login(USERS[role]) : clients[role];
        if (!allowed) {
          const url = fill(r.url, rule, role, 'own') ?? r.url.replace(/:[A-Za-z]+/g, SAMPLE_ID);
          const res = await call(client, r.method, url, rule, role);
          calls++;
          if (res.statusCode !== 403) failures.push(`${role} ${r.method} ${url}: expected 403, got ${res.statusCode} ${res.body.slice(0, 120)}`);
          continue;
        }
        if (!rule.okRoles || rule.okRoles.includes(role)) {
          const own = fill(r.url, rule, role, 'own');
          if (!own) failures.push(`${role} ${r.method} ${r.url}: no in-scope fixture for ${JSON.stringify(rule.params)}`);
          else {
            const res = await call(client, r.method, own, rule, role);
            calls++;
            const ok = rule.ok ?? [200, 201, 204];
            if (!ok.includes(res.statusCode)) failures.push(`${role} ${r.method} ${own}: expected ${ok.join('/')}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
          }
        }
        const otherBody = rule.otherBody?.(fixtures, role);
        if (otherBody !== undefined) {
          const url = fill(r.url, rule, role, 'own') ?? r.url;
          const res = await call(clients[role], r.method, url, rule, role, otherBody);
          calls++;
          const expected = rule.outside ?? [404];
          if (!expected.includes(res.statusCode)) failures.push(`${role} ${r.method} ${url} naming another scope's record: expected ${expected.join('/')}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
        }
        const other = rule.params ? fill(r.url, rule, role, 'other') : undefined;
        if (other) {
          const c2 = rule.fresh ? await t.login(USERS[role]) : clients[role];
          const res = await call(c2, r.method, other, rule, role);
          calls++;
          const expected = rule.outside ?? [404];
          if (!expected.includes(res.statusCode)) failures.push(`${role} ${r.method} ${other}: out of scope, expected ${expected.join('/')}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
        }
      }
    }
    process.stdout.write(`authorization matrix: ${t.routes.length} routes, ${calls} calls\n`);
    expect(failures).toEqual([]);
  }, 900_000);
});
