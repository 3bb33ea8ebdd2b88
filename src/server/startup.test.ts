import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../../test/helpers';
import { firstRunBanner } from './main';

/** Start-up: the first-run banner, and health answering while the demo seed holds the database. */
describe('first-run banner', () => {
  it('lists the demo logins with their roles in Chinese', () => {
    const text = firstRunBanner(3000, {
      seeded: true,
      adminPassword: 'Adm1n-pass',
      adminPasswordGenerated: true,
      demoPassword: 'Dem0-pass',
      demoPasswordGenerated: true,
      logins: [
        { username: 'admin', role: 'admin', unit: '区安委办' },
        { username: 'zhujianju', role: 'department', unit: '区住建局' },
        { username: 'jiangjunlu', role: 'street', unit: '将军路街道' },
        { username: 'jiancha', role: 'inspector', unit: '区应急管理局' },
        { username: 'qiye', role: 'enterprise', unit: '武汉某化工有限公司' },
      ],
    });
    expect(text).toContain('成员单位（行业部门）');
    expect(text).toContain('街道（属地）');
    expect(text).toContain('执法检查人员');
    expect(text).not.toMatch(/\b(department|street|inspector|enterprise|office)\b/);
  });
});

describe('health while the demo seed runs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(async () => {
    t.deps.status.seeding = false;
    await t.close();
  });

  it('/api/health answers at once while a seed transaction holds the database; ready says 503', async () => {
    t.deps.status.seeding = true;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const seed = t.deps.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT 1`);
      await held;
    });
    await new Promise((r) => setTimeout(r, 50));
    const anon = t.anonymous();
    const started = Date.now();
    const timer = setTimeout(release, 3000);
    const health = await anon.get('/api/health');
    const ms = Date.now() - started;
    const ready = await anon.get('/api/health/ready');
    clearTimeout(timer);
    release();
    await seed;
    expect(health.statusCode).toBe(200);
    expect(ms).toBeLessThan(1000);
    expect(ready.statusCode).toBe(503);
    t.deps.status.seeding = false;
    expect((await anon.get('/api/health/ready')).statusCode).toBe(200);
  });
});
