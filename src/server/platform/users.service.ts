import { can, requireActor, type RequestContext, type Role } from './access';
import { recordAudit } from './audit';
import { endSessionsOfUser } from './auth';
import { generatePassword, hashPassword, maskIdNumber, maskPhone, passwordPolicyProblem } from './crypto';
import type { AppDeps } from './deps';
import { AppError, invalidField, notFound } from './errors';
import type { z } from 'zod';
import type { UserCreate, UserQuery, UserUpdate, UserView } from '../../shared/contracts/users';
import type { DbOrTx } from '../db';
import * as repo from './users.repo';

type Joined = NonNullable<Awaited<ReturnType<typeof repo.findUser>>>;

function present(deps: AppDeps, ctx: RequestContext, j: Joined): UserView {
  const u = j.u;
  const phone = deps.cipher.decrypt(u.phoneEnc);
  const now = new Date();
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    unitId: u.unitId,
    unitName: j.unitName,
    unitKind: j.unitKind,
    enterpriseId: u.enterpriseId,
    enterpriseName: j.enterpriseName,
    phone: can(ctx.actor, 'pii.read') ? phone : maskPhone(phone),
    idNumber: can(ctx.actor, 'pii.read') ? deps.cipher.decrypt(u.idNumberEnc) : maskIdNumber(deps.cipher.decrypt(u.idNumberEnc)),
    active: u.active,
    locked: !!u.lockedUntil && u.lockedUntil > now,
    lockedUntil: u.lockedUntil && u.lockedUntil > now ? u.lockedUntil.toISOString() : null,
    failedLogins: u.failedLogins,
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

/** What the audit log keeps of a user: never the password hash or phone. */
function snapshot(u: repo.UserRow) {
  return { username: u.username, displayName: u.displayName, roles: u.roles, unitId: u.unitId, enterpriseId: u.enterpriseId, active: u.active, phoneSet: !!u.phoneEnc, idNumberSet: !!u.idNumberEnc };
}

/** Which unit kinds each role may belong to (the unit decides the scope, the role the actions). */
const ROLE_UNIT_KINDS: Record<Role, string[]> = {
  admin: ['office', 'committee', 'department', 'street', 'park', 'sector_committee', 'other'],
  office: ['office', 'committee'],
  department: ['department', 'sector_committee'],
  street: ['street', 'park'],
  enterprise: [],
  inspector: ['office', 'department', 'sector_committee', 'street', 'park'],
};

async function checkHome(db: DbOrTx, roles: Role[], unitId: string | null | undefined, enterpriseId: string | null | undefined) {
  if (!!unitId === !!enterpriseId) throw invalidField('unitId', '用户必须且只能属于一个单位或一家企业');
  if (enterpriseId) {
    if (!(await repo.enterpriseExists(db, enterpriseId))) throw invalidField('enterpriseId', '企业不存在');
    const bad = roles.filter((r) => r !== 'enterprise');
    if (bad.length) throw invalidField('roles', `企业用户只能拥有“企业”角色，不能拥有：${bad.join('、')}`);
    return;
  }
  const kind = await repo.unitKindOf(db, unitId!);
  if (!kind) throw invalidField('unitId', '单位不存在');
  for (const r of roles) {
    if (!ROLE_UNIT_KINDS[r].includes(kind)) throw invalidField('roles', `角色“${r}”不能授予该类单位（${kind}）的用户`);
  }
}

/** Permission user.manage is declared on every users endpoint (shared/contracts/platform.api.ts) and checked once. */
export async function listUsers(deps: AppDeps, ctx: RequestContext, q: z.output<typeof UserQuery>) {
  const { rows, total } = await repo.listUsers(deps.db, q);
  return { items: rows.map((r) => present(deps, ctx, r)), total, page: q.page, pageSize: q.pageSize };
}

export async function getUser(deps: AppDeps, ctx: RequestContext, id: string) {
  requireActor(ctx);
  const j = await repo.findUser(deps.db, id);
  if (!j) throw notFound('用户');
  return present(deps, ctx, j);
}

export async function createUser(deps: AppDeps, ctx: RequestContext, input: UserCreate): Promise<{ user: UserView; initialPassword?: string }> {
  requireActor(ctx);
  const generated = input.password ? undefined : generatePassword();
  const password = input.password ?? generated!;
  const problem = passwordPolicyProblem(password, input.username);
  if (problem) throw invalidField('password', problem);
  await checkHome(deps.db, input.roles, input.unitId, input.enterpriseId);
  const passwordHash = await hashPassword(password);
  const id = await deps.db.transaction(async (tx) => {
    if (await repo.findUserByUsername(tx, input.username)) throw new AppError('CONFLICT', `用户名“${input.username}”已被使用`, [{ path: 'username', message: '已被使用' }]);
    const row = await repo.insertUser(tx, {
      username: input.username,
      displayName: input.displayName,
      roles: [...new Set(input.roles)],
      unitId: input.unitId ?? null,
      enterpriseId: input.enterpriseId ?? null,
      phoneEnc: deps.cipher.encrypt(input.phone ?? null),
      idNumberEnc: deps.cipher.encrypt(input.idNumber ?? null),
      passwordHash,
      // A password an administrator chose or generated is to be replaced at first login.
      mustChangePassword: true,
    });
    await recordAudit(tx, ctx, { action: 'user.create', entity: 'user', entityId: row.id, after: snapshot(row) });
    return row.id;
  });
  return { user: await getUser(deps, ctx, id), initialPassword: generated };
}

export async function updateUser(deps: AppDeps, ctx: RequestContext, id: string, input: UserUpdate): Promise<UserView> {
  const actor = requireActor(ctx);
  await deps.db.transaction(async (tx) => {
    const before = await repo.lockUser(tx, id);
    if (!before) throw notFound('用户');
    if (id === actor.userId && (input.active === false || (input.roles && !input.roles.includes('admin')))) {
      throw new AppError('CONFLICT', '不能停用自己的账号或撤销自己的管理员角色');
    }
    const roles = (input.roles ?? before.roles) as Role[];
    const unitId = input.unitId !== undefined ? input.unitId : before.unitId;
    const enterpriseId = input.enterpriseId !== undefined ? input.enterpriseId : before.enterpriseId;
    await checkHome(tx, roles, unitId, enterpriseId);
    const { phone, idNumber, ...rest } = input;
    const after = await repo.updateUserRow(tx, id, {
      ...rest,
      ...(idNumber !== undefined ? { idNumberEnc: deps.cipher.encrypt(idNumber) } : {}),
      roles: [...new Set(roles)],
      unitId,
      enterpriseId,
      ...(phone !== undefined ? { phoneEnc: deps.cipher.encrypt(phone) } : {}),
    });
    // Access changed → the user's open sessions end, so the new scope applies at once.
    const accessChanged = input.active === false || input.roles !== undefined || input.unitId !== undefined || input.enterpriseId !== undefined;
    if (accessChanged) await endSessionsOfUser(tx, id);
    await recordAudit(tx, ctx, { action: 'user.update', entity: 'user', entityId: id, before: snapshot(before), after: snapshot(after) });
  });
  return getUser(deps, ctx, id);
}

export async function resetPassword(deps: AppDeps, ctx: RequestContext, id: string, body: { password?: string }): Promise<{ password: string }> {
  requireActor(ctx);
  const password = body.password ?? generatePassword();
  const hash = await hashPassword(password);
  await deps.db.transaction(async (tx) => {
    const u = await repo.lockUser(tx, id);
    if (!u) throw notFound('用户');
    const problem = passwordPolicyProblem(password, u.username);
    if (problem) throw invalidField('password', problem);
    await repo.updateUserRow(tx, id, { passwordHash: hash, mustChangePassword: true, failedLogins: 0, lockedUntil: null, passwordChangedAt: deps.clock.now() });
    await endSessionsOfUser(tx, id);
    await recordAudit(tx, ctx, { action: 'user.reset_password', entity: 'user', entityId: id });
  });
  return { password };
}

export async function unlockUser(deps: AppDeps, ctx: RequestContext, id: string): Promise<UserView> {
  requireActor(ctx);
  await deps.db.transaction(async (tx) => {
    const u = await repo.lockUser(tx, id);
    if (!u) throw notFound('用户');
    await repo.updateUserRow(tx, id, { failedLogins: 0, lockedUntil: null });
    await recordAudit(tx, ctx, { action: 'user.unlock', entity: 'user', entityId: id, before: { lockedUntil: u.lockedUntil } });
  });
  return getUser(deps, ctx, id);
}
