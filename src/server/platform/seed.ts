import { sql } from 'drizzle-orm';
import { rows } from '../db';
import { SYSTEM_CONTEXT } from './access';
import { recordAudit } from './audit';
import { generatePassword, hashPassword } from './crypto';
import type { AppDeps, AppModule, SeedOptions } from './deps';
import { settings, users } from './platform.schema';
import { orgDirectory } from './org-directory';

export interface DemoLogin {
  username: string;
  role: string;
  unit: string;
}

export interface SeedResult {
  seeded: boolean;
  adminPassword?: string;
  adminPasswordGenerated: boolean;
  demoPassword?: string;
  demoPasswordGenerated: boolean;
  logins: DemoLogin[];
}

/** One demo user per role (and a second department, 区应急管理局, for the dual-prevention demos). */
const DEMO_USERS: { username: string; displayName: string; roles: string[]; unitCode?: string; enterprise?: boolean }[] = [
  { username: 'anweiban', displayName: '区安委办 王建华', roles: ['office'], unitCode: 'office' },
  { username: 'zhujianju', displayName: '区住建局 李文斌', roles: ['department'], unitCode: 'dept.housing' },
  { username: 'yingjiju', displayName: '区应急管理局 张志强', roles: ['department'], unitCode: 'dept.emergency' },
  { username: 'jiangjunlu', displayName: '将军路街道 陈海燕', roles: ['street'], unitCode: 'street.420112004' },
  { username: 'jiancha', displayName: '执法检查员 刘国庆', roles: ['inspector'], unitCode: 'dept.emergency' },
  { username: 'qiye', displayName: '企业安全负责人 赵晓东', roles: ['enterprise'], enterprise: true },
];

/** The seed level of a database seeded earlier, when some module still has its seed to run. */
export async function pendingSeedLevel(deps: AppDeps, modules: AppModule[]): Promise<'demo' | 'org' | undefined> {
  const all = await deps.db.select().from(settings);
  const users = all.find((s) => s.key === 'seed.users');
  if (!users) return undefined;
  const done = new Set(all.map((s) => s.key));
  const missing = modules.some((m) => m.seed && !done.has(`seed.${m.name}`));
  const level = (users.value as { level?: string }).level;
  return missing && (level === 'demo' || level === 'org') ? level : undefined;
}

export async function isDatabaseEmpty(deps: AppDeps): Promise<boolean> {
  const [r] = await rows<{ n: number }>(deps.db, sql`SELECT count(*)::int AS n FROM users`);
  return Number(r.n) === 0 && !(await orgDirectory().hasOrganisation(deps.db));
}

/**
 * First run: the organisation (and demo data unless level is 'org'), the admin, one demo user per
 * role. Each module seeds in its own transaction, in module order; a marker per module makes a
 * restarted seed continue where it stopped.
 */
export async function seedDatabase(
  deps: AppDeps,
  modules: AppModule[],
  opts: { level: 'demo' | 'org'; adminPassword?: string; demoPassword?: string; randomSeed?: number },
): Promise<SeedResult> {
  const demoPassword = opts.demoPassword ?? generatePassword();
  const adminPassword = opts.adminPassword ?? generatePassword();
  const done = new Set((await deps.db.select().from(settings)).map((s) => s.key));
  const logins: DemoLogin[] = [];
  let seededUsers = false;
  // One scrypt per password, on libuv's threads: the users' hashes are computed while the
  // organisation is written, and the modules' demo users reuse the demo one.
  let demoHash: Promise<string> | undefined;
  const demoPasswordHash = () => (demoHash ??= hashPassword(demoPassword));
  const hashes = done.has('seed.users') ? undefined : Promise.all([hashPassword(adminPassword), opts.level === 'demo' ? demoPasswordHash() : Promise.resolve('')]);
  hashes?.catch(() => undefined); // awaited below; a seed that fails earlier must not leave it unhandled
  const seedOpts: SeedOptions = { level: opts.level, demoPassword, randomSeed: opts.randomSeed ?? 20200923, demoPasswordHash };
  const ensureUsers = async () => {
    if (seededUsers || done.has('seed.users')) return;
    const [adminHash, demoUserHash] = await hashes!;
    await seedUsers(deps, opts, adminHash, demoUserHash, logins);
    seededUsers = true;
  };
  // Users come right after the organisation (they belong to its units and enterprises), so the
  // other modules' demo data can be created by and for the demo users.
  for (const m of modules) {
    if (m.seed && !done.has(`seed.${m.name}`)) {
      const t0 = Date.now();
      const report = await m.seed(deps, seedOpts);
      deps.log.info({ module: m.name, ms: Date.now() - t0 }, 'seeded');
      if (report?.logins) logins.push(...report.logins);
      await deps.db.insert(settings).values({ key: `seed.${m.name}`, value: { at: new Date().toISOString() } }).onConflictDoNothing();
    }
    if (m.name === 'org') await ensureUsers();
  }
  await ensureUsers();
  if (!seededUsers) return { seeded: false, adminPasswordGenerated: false, demoPasswordGenerated: false, logins };
  return {
    seeded: true,
    adminPassword,
    adminPasswordGenerated: !opts.adminPassword,
    demoPassword: opts.level === 'demo' ? demoPassword : undefined,
    demoPasswordGenerated: opts.level === 'demo' && !opts.demoPassword,
    logins,
  };
}

async function seedUsers(
  deps: AppDeps,
  opts: { level: 'demo' | 'org'; adminPassword?: string },
  adminHash: string,
  demoHash: string,
  logins: DemoLogin[],
): Promise<void> {
  const office = await orgDirectory().unitByCode(deps.db, 'office');
  if (!office) throw new Error('组织机构未初始化：缺少区安委办');
  await deps.db.transaction(async (tx) => {
    const [admin] = await tx
      .insert(users)
      .values({ username: 'admin', displayName: '系统管理员', roles: ['admin'], unitId: office.id, passwordHash: adminHash, mustChangePassword: !opts.adminPassword })
      .returning();
    await recordAudit(tx, SYSTEM_CONTEXT, { action: 'user.create', entity: 'user', entityId: admin.id, after: { username: 'admin', roles: ['admin'] } });
    logins.unshift({ username: 'admin', role: 'admin', unit: '区安委办' });
    if (opts.level === 'demo') {
      // The enterprise demo user belongs to a 危险化学品 enterprise in 将军路街道: the department,
      // street and inspector demo users all see it, which makes the scope rules easy to show.
      const fallback = await orgDirectory().demoEnterprise(tx);
      for (const d of DEMO_USERS) {
        let unitId: string | null = null;
        let enterpriseId: string | null = null;
        let unitName = '';
        if (d.enterprise) {
          if (!fallback) continue;
          enterpriseId = fallback.id;
          unitName = fallback.name;
        } else {
          const u = await orgDirectory().unitByCode(tx, d.unitCode!);
          if (!u) throw new Error(`组织机构缺少单位 ${d.unitCode}`);
          unitId = u.id;
          unitName = u.shortName;
        }
        const [row] = await tx.insert(users).values({ username: d.username, displayName: d.displayName, roles: d.roles, unitId, enterpriseId, passwordHash: demoHash }).returning();
        await recordAudit(tx, SYSTEM_CONTEXT, { action: 'user.create', entity: 'user', entityId: row.id, after: { username: d.username, roles: d.roles } });
        logins.push({ username: d.username, role: d.roles[0], unit: unitName });
      }
    }
    await tx.insert(settings).values({ key: 'seed.users', value: { at: new Date().toISOString(), level: opts.level } });
  });

}

/**
 * While a background seed runs on the embedded database, let the server breathe: PGlite executes
 * statements on the main thread and resolves them as microtasks, so a seed of thousands of
 * statements would starve the event loop (no request, not even /api/health, is accepted until it
 * ends). Every ~15 ms of database work the next statement waits one macrotask turn. Returns the
 * function that restores the original behaviour. PostgreSQL (a pool over sockets) needs nothing.
 */
export function interleaveWhileSeeding(deps: AppDeps): () => void {
  const pg = deps.database.pglite as unknown as Record<string, (...a: unknown[]) => Promise<unknown>> | undefined;
  if (!pg) return () => undefined;
  const names = ['execProtocol', 'execProtocolStream'].filter((n) => typeof pg[n] === 'function');
  const originals = new Map(names.map((n) => [n, pg[n]]));
  let last = Date.now();
  for (const n of names) {
    const orig = originals.get(n)!;
    pg[n] = async (...args: unknown[]) => {
      if (Date.now() - last > 15) {
        await new Promise((r) => setImmediate(r));
        last = Date.now();
      }
      return orig.apply(pg, args);
    };
  }
  return () => {
    for (const n of names) delete pg[n];
  };
}
