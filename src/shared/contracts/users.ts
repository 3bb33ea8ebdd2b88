import { z } from 'zod';
import { ROLES } from '../access';
import { Page, PageSize, Phone, ResidentId, Text, Uuid } from './common';

export const Username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/, '用户名为 3–32 位字母、数字或 . _ -，以字母或数字开头');

export const RoleList = z.array(z.enum(ROLES, { message: `角色应为：${ROLES.join('、')}` })).min(1, '至少选择一个角色').max(ROLES.length);

export const UserCreate = z
  .object({
    username: Username,
    displayName: Text(50, 1),
    roles: RoleList,
    unitId: Uuid.nullable().optional(),
    enterpriseId: Uuid.nullable().optional(),
    phone: z.union([Phone, z.literal('').transform(() => null), z.null()]).optional(),
    /** 身份证号 (e.g. of an inspector with a 执法证), SM4-encrypted at rest */
    idNumber: z.union([ResidentId, z.literal('').transform(() => null), z.null()]).optional(),
    /** omitted: a password is generated and shown once */
    password: z.string().max(128).optional(),
  })
  .strict();
export type UserCreate = z.infer<typeof UserCreate>;

export const UserUpdate = z
  .object({
    displayName: Text(50, 1).optional(),
    roles: RoleList.optional(),
    unitId: Uuid.nullable().optional(),
    enterpriseId: Uuid.nullable().optional(),
    phone: z.union([Phone, z.literal('').transform(() => null), z.null()]).optional(),
    idNumber: z.union([ResidentId, z.literal('').transform(() => null), z.null()]).optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type UserUpdate = z.infer<typeof UserUpdate>;

export const UserQuery = z.object({
  q: Text(50).optional(),
  role: z.enum(ROLES).optional(),
  unitId: Uuid.optional(),
  page: Page,
  pageSize: PageSize,
});

export const UserView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  unitKind: z.string().nullable(),
  enterpriseId: z.string().nullable(),
  enterpriseName: z.string().nullable(),
  phone: z.string().nullable(),
  /** masked (4201**********1234) unless the viewer may read personal data */
  idNumber: z.string().nullable().meta({ description: '身份证号（无个人信息权限时脱敏）' }),
  active: z.boolean(),
  locked: z.boolean().meta({ description: '因连续登录失败被锁定' }),
  lockedUntil: z.string().nullable(),
  failedLogins: z.number().int(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof UserView>;
