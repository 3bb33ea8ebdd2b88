import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { sql } from 'drizzle-orm';
import { testApp, TEST_PASSWORD, type TestApp } from '../../../test/helpers';
import { passwordPolicyProblem } from './crypto';
import { installErrorHandling } from './http';
import { resolveSession, sessionCacheLive } from './auth';

/** Call until the answer has the status or the time is up; the last answer. */
async function within<R extends { statusCode: number }>(ms: number, call: () => Promise<R>, status: number): Promise<R> {
  const until = Date.now() + ms;
  for (;;) {
    const r = await call();
    if (r.statusCode === status || Date.now() > until) return r;
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ loginRatePerMinute: 1000 }); // many logins here; the limiter has its own test
});
afterAll(async () => {
  await t.close();
});

describe('login and sessions', () => {
  it('logs in with the right password and returns the user, scope and a CSRF token', async () => {
    const c = t.anonymous();
    const res = await c.post('/api/auth/login', { username: 'zhujianju', password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ username: 'zhujianju', unitName: '区住建局', roles: ['department'] });
    expect(body.user.scope).toMatchObject({ kind: 'sectors', prefix: '420112' });
    expect(body.user.sectors).toEqual(expect.arrayContaining(['construction', 'housing', 'civildefense']));
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/anzhi_sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await c.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().csrfToken).toBe(body.csrfToken);
  });

  it('answers the same for an unknown user and a wrong password', async () => {
    const a = await t.anonymous().post('/api/auth/login', { username: 'nobody', password: 'x' });
    const b = await t.anonymous().post('/api/auth/login', { username: 'anweiban', password: 'wrong-password' });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json().message).toBe('用户名或密码错误');
    expect(b.json().message).toBe('用户名或密码错误');
  });

  it('locks an account for 15 minutes after 5 wrong passwords, even with the right one after', async () => {
    const c = t.anonymous();
    for (let i = 0; i < 5; i++) {
      const r = await c.post('/api/auth/login', { username: 'jiancha', password: `wrong-${i}` }, { remoteAddress: `10.0.0.${i}` });
      expect(r.statusCode).toBe(401);
    }
    const locked = await c.post('/api/auth/login', { username: 'jiancha', password: TEST_PASSWORD });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().message).toMatch(/已锁定.*1[45] 分钟/);
    // The admin unlocks it.
    const admin = await t.login('admin');
    const users = await admin.get('/api/users', { q: 'jiancha' });
    const id = users.json().items[0].id;
    expect(users.json().items[0].locked).toBe(true);
    expect((await admin.post(`/api/users/${id}/unlock`)).statusCode).toBe(200);
    expect((await t.anonymous().post('/api/auth/login', { username: 'jiancha', password: TEST_PASSWORD })).statusCode).toBe(200);
  });

  it('limits login attempts per client address', async () => {
    const limited = await testApp({ loginRatePerMinute: 3 });
    try {
      const c = limited.anonymous();
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await c.post('/api/auth/login', { username: 'x', password: 'y' }, { remoteAddress: '10.9.9.9' })).statusCode);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
      // Another address is not affected.
      expect((await c.post('/api/auth/login', { username: 'x', password: 'y' }, { remoteAddress: '10.9.9.10' })).statusCode).toBe(401);
    } finally {
      await limited.close();
    }
  });

  it('ends a session after the idle timeout', async () => {
    const c = await t.login('anweiban');
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    await t.database.db.execute(sql`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE user_id = ${c.user!.id}`);
    // The session cache hears of the change from the database (NOTIFY): at once, not after its TTL.
    const res = await within(1500, () => c.get('/api/auth/me'), 401);
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toContain('无操作已超时');
  });

  it('a cached session gives the same actor object on every request (what is computed per actor, e.g. the permission list, is kept)', async () => {
    expect(sessionCacheLive(t.database)).toBe(true);
    const c = await t.login('zhujianju');
    const token = c.cookie!.replace('anzhi_sid=', '');
    const a = await resolveSession(t.deps, token);
    const b = await resolveSession(t.deps, token);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(b.session.actor).toBe(a.session.actor);
  });

  it('a session removed or a user deactivated behind this instance (another instance, SQL) is refused at once, not after the cache time', async () => {
    expect(sessionCacheLive(t.database)).toBe(true);
    const c = await t.login('jiangjunlu');
    for (let i = 0; i < 3; i++) expect((await c.get('/api/auth/me')).statusCode).toBe(200); // cached now
    await t.database.query(`DELETE FROM sessions WHERE user_id = $1`, [c.user!.id]);
    expect((await within(1500, () => c.get('/api/auth/me'), 401)).statusCode).toBe(401);

    const d = await t.login('zhujianju');
    expect((await d.get('/api/enterprises')).statusCode).toBe(200);
    await t.database.query(`UPDATE users SET active = false WHERE id = $1`, [d.user!.id]);
    try {
      const res = await within(1500, () => d.get('/api/enterprises'), 401);
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toBe('账号已停用');
    } finally {
      await t.database.query(`UPDATE users SET active = true WHERE id = $1`, [d.user!.id]);
    }
  });

  it('a change of roles ends the sessions at once', async () => {
    const admin = await t.login('admin');
    const created = await admin.post('/api/users', { username: 'cachetest', displayName: '缓存测试', roles: ['street'], unitId: (await t.database.query<{ id: string }>(`SELECT id FROM units WHERE code = 'street.420112004'`))[0].id, password: 'Cache#Test2026x' });
    expect(created.statusCode, created.body).toBe(201);
    const u = await t.login('cachetest', 'Cache#Test2026x');
    expect((await u.get('/api/auth/me')).json().user.roles).toEqual(['street']);
    expect((await admin.patch(`/api/users/${created.json().user.id}`, { roles: ['inspector'] })).statusCode).toBe(200);
    expect((await u.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('logs out', async () => {
    const c = await t.login('anweiban');
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('requires a session for the API but not for health and docs', async () => {
    const anon = t.anonymous();
    expect((await anon.get('/api/enterprises')).statusCode).toBe(401);
    expect((await anon.get('/api/health')).json()).toEqual({ status: 'ok' });
    expect((await anon.get('/api/openapi.json')).statusCode).toBe(200);
  });
});

describe('CSRF', () => {
  it('refuses a mutation without the x-csrf-token header, and with a wrong one', async () => {
    const c = await t.login('anweiban');
    const without = await c.post('/api/auth/logout', undefined, { csrf: false });
    expect(without.statusCode).toBe(403);
    expect(without.json().message).toContain('CSRF');
    const wrong = await c.post('/api/auth/logout', undefined, { csrf: false, headers: { 'x-csrf-token': 'forged' } });
    expect(wrong.statusCode).toBe(403);
    // Still logged in: the forged request changed nothing.
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
  });
});

describe('password policy and change', () => {
  it('requires 10 characters and 3 classes', () => {
    expect(passwordPolicyProblem('Short1!')).toContain('10');
    expect(passwordPolicyProblem('alllowercase1')).toContain('3 类');
    expect(passwordPolicyProblem('Abcdefghij1')).toBeUndefined();
    expect(passwordPolicyProblem('Zhujianju2026!', 'zhujianju')).toContain('用户名');
  });

  it('changes the own password, refusing a weak one', async () => {
    const c = await t.login('yingjiju');
    const weak = await c.post('/api/auth/password', { oldPassword: TEST_PASSWORD, newPassword: 'weakpassword' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().details[0].path).toBe('newPassword');
    const wrongOld = await c.post('/api/auth/password', { oldPassword: 'nope', newPassword: 'Better#Pass2026' });
    expect(wrongOld.statusCode).toBe(400);
    expect((await c.post('/api/auth/password', { oldPassword: TEST_PASSWORD, newPassword: 'Better#Pass2026' })).statusCode).toBe(200);
    expect((await t.anonymous().post('/api/auth/login', { username: 'yingjiju', password: TEST_PASSWORD })).statusCode).toBe(401);
    expect((await t.anonymous().post('/api/auth/login', { username: 'yingjiju', password: 'Better#Pass2026' })).statusCode).toBe(200);
  });
});

describe('bad input never answers 5xx', () => {
  it('malformed JSON → 400 JSON error in Chinese', async () => {
    const res = await t.anonymous().request({ method: 'POST', url: '/api/auth/login', payload: '{"username": ', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json()).toMatchObject({ code: 'BAD_REQUEST' });
    expect(res.json().message).toContain('JSON');
  });

  it('wrong types → 400 naming the field', async () => {
    const res = await t.anonymous().post('/api/auth/login', { username: 12, password: ['x'] });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('VALIDATION');
    expect(body.details.map((d: { path: string }) => d.path)).toEqual(['username', 'password']);
    expect(body.details[0].message).toBe('应为文本，收到数字');
  });

  it('oversize body → 413', async () => {
    const small = await testApp({ bodyLimitBytes: 16 * 1024 });
    try {
      const res = await small.anonymous().post('/api/auth/login', { username: 'a', password: 'x'.repeat(20_000) });
      expect(res.statusCode).toBe(413);
      expect(res.json().message).toContain('过大');
    } finally {
      await small.close();
    }
  });

  it('NUL characters → 400 naming the field', async () => {
    const c = await t.login('anweiban');
    const res = await c.request({ method: 'POST', url: '/api/auth/login', payload: '{"username":"a\\u0000b","password":"x"}', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('username');
  });

  it('NUL characters in a query or path parameter → 400 naming it, before the database sees them', async () => {
    // Found by the fuzz test: %00 in a query string reached PostgreSQL ("invalid byte sequence") → 500.
    const c = await t.login('anweiban');
    for (const url of ['/api/audit?entity=nul%00byte', '/api/enterprises?q=a%00b', '/api/hazards?q=a%00b']) {
      const res = await c.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().details[0].path, url).toMatch(/^查询参数\.(entity|q)$/);
    }
    const p = await c.get('/public/api/risk-cards/abc%00def');
    expect(p.statusCode).toBe(400);
    expect(p.json().details[0].path).toBe('路径参数.token');
  });

  it('a database error wrapped by the query builder is still mapped to 4xx (the safety net sees the cause)', async () => {
    // Drizzle wraps driver errors (DrizzleQueryError) with the PostgreSQL error as `cause`.
    const app = Fastify({ logger: false });
    installErrorHandling(app);
    const wrapped = (code: string) => Object.assign(new Error('Failed query: SELECT 1'), { cause: Object.assign(new Error('pg'), { code }) });
    app.get('/bad-bytes', async () => {
      throw wrapped('22021');
    });
    app.get('/duplicate', async () => {
      throw wrapped('23505');
    });
    app.get('/bug', async () => {
      throw new Error('a real bug');
    });
    try {
      expect((await app.inject({ url: '/bad-bytes' })).statusCode).toBe(400);
      expect((await app.inject({ url: '/duplicate' })).statusCode).toBe(409);
      const bug = await app.inject({ url: '/bug' });
      expect(bug.statusCode).toBe(500);
      expect(bug.body).not.toContain('a real bug');
    } finally {
      await app.close();
    }
  });

  it('unsupported content type → 415', async () => {
    const res = await t.anonymous().request({ method: 'POST', url: '/api/auth/login', payload: 'username=a', headers: { 'content-type': 'text/csv' } });
    expect(res.statusCode).toBe(415);
  });

  it('unknown API path → 404 JSON', async () => {
    const res = await t.anonymous().get('/api/no-such-thing');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });
});

describe('security headers', () => {
  it('sets CSP with frame-ancestors none, nosniff, no HSTS on plain HTTP', async () => {
    const res = await t.anonymous().get('/api/health');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it.skipIf(!existsSync(path.resolve('dist/web/index.html')))('the web UI (HTML) carries the same CSP: scripts from the origin only, no framing', async () => {
    for (const url of ['/', '/login', '/hazards', '/public/supervision', '/public/risk-cards/x']) {
      const res = await t.anonymous().get(url);
      expect(res.statusCode, url).toBe(200);
      expect(String(res.headers['content-type']), url).toContain('text/html');
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toMatch(/script-src 'self'(;|$)/);
      expect(csp, url).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("object-src 'none'");
      expect(csp, url).toContain("connect-src 'self'");
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });

  it('API answers are never stored by caches: no-store on successes, refusals and errors; files only privately', async () => {
    const c = await t.login('anweiban');
    const anon = t.anonymous();
    const answers = [
      await c.get('/api/auth/me'),
      await c.get('/api/enterprises'),
      await c.get('/api/hazards/stats'),
      await anon.get('/api/auth/me'), // 401
      await c.get('/api/no-such-thing'), // 404
      await c.get('/api/users'), // 403
      await c.request({ method: 'POST', url: '/api/enterprises', payload: '{"a":', headers: { 'content-type': 'application/json' } }), // 400
      await anon.post('/api/auth/login', { username: 'anweiban', password: 'wrong-password' }), // 401
    ];
    for (const res of answers) expect(res.headers['cache-control'], `${res.statusCode} ${res.body.slice(0, 60)}`).toBe('no-store');
    // Attachments (photos, documents) may be kept by the user's own browser, never by a shared cache.
    const [f] = await t.database.query<{ id: string }>(`SELECT f.id FROM files f JOIN hazard_files hf ON hf.file_id = f.id JOIN hazards h ON h.id = hf.hazard_id WHERE h.region_code LIKE '420112%' LIMIT 1`);
    if (f) {
      const res = await c.get(`/api/files/${f.id}`);
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['cache-control'])).toMatch(/^(private|no-store)/);
    }
  });

  it('the session cookie is HttpOnly, SameSite=Lax, for the whole site, bounded in time; logout expires it', async () => {
    const c = t.anonymous();
    const res = await c.post('/api/auth/login', { username: 'anweiban', password: TEST_PASSWORD });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^anzhi_sid=[A-Za-z0-9_-]{32,};/);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\/(;|$)/);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(cookie).not.toMatch(/; Secure/i); // plain HTTP here; Secure behind a TLS proxy (below)
    const maxAge = Number(/Max-Age=(\d+)/i.exec(cookie)?.[1] ?? NaN);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(24 * 3600);
    // The CSRF token is in the body, never in a cookie readable by scripts.
    expect(cookie).not.toContain(res.json().csrfToken);
    const out = await c.post('/api/auth/logout');
    expect(out.statusCode).toBeLessThan(300);
    const cleared = String(out.headers['set-cookie']);
    expect(cleared).toMatch(/anzhi_sid=;|anzhi_sid=(;|$)/);
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('sends HSTS and a Secure cookie behind a TLS proxy', async () => {
    const proxied = await testApp({ trustProxy: true });
    try {
      const res = await proxied.anonymous().post('/api/auth/login', { username: 'anweiban', password: TEST_PASSWORD }, { headers: { 'x-forwarded-proto': 'https' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['strict-transport-security']).toContain('max-age=');
      expect(String(res.headers['set-cookie'])).toMatch(/Secure/);
    } finally {
      await proxied.close();
    }
  });
});

describe('personal data of users', () => {
  it('stores ID numbers encrypted, checks GB 11643, and masks them for the admin', async () => {
    const admin = await t.login('admin');
    const units = (await admin.get('/api/org/tree')).json().units as { id: string; code: string }[];
    const unitId = units.find((u) => u.code === 'dept.emergency')!.id;
    const bad = await admin.post('/api/users', { username: 'idtest1', displayName: '身份证测试', roles: ['inspector'], unitId, idNumber: '420112199001011235', password: 'Inspector#2026a' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0]).toMatchObject({ path: 'idNumber' });
    expect(bad.json().details[0].message).toContain('校验码');
    const ok = await admin.post('/api/users', { username: 'idtest2', displayName: '身份证测试', roles: ['inspector'], unitId, idNumber: '11010519491231002X', password: 'Inspector#2026a' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().user.idNumber).toBe('1101**********002X');
    const [row] = await t.database.query<{ id_number_enc: string }>(`SELECT id_number_enc FROM users WHERE username = 'idtest2'`);
    expect(row.id_number_enc).toMatch(/^sm4:/);
    expect(row.id_number_enc).not.toContain('11010519491231002X');
  });
});
