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

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  unitId: string | null;
  unitName: string | null;
  unitKind: string | null;
  enterpriseId: string | null;
  enterpriseName: string | null;
  phone: string | null;
  /** masked (4201**********1234) unless the viewer may read personal data */
  idNumber: string | null;
  active: boolean;
  locked: boolean;
  lockedUntil: string | null;
  failedLogins: number;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}
