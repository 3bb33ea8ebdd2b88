import { z } from 'zod';
import { AuditListItem, NoBody, Ok, defineApi, pageOf } from './endpoint';
import { IsoDate, Page, PageSize, Text, Uuid } from './common';
import { UserCreate, UserQuery, UserUpdate, UserView } from './users';

/**
 * The platform's API: sign-in and sessions (auth), user administration (users), the audit log
 * (audit), attachments (files) and in-app notifications (notifications). The system routes
 * (health, readiness, info) are declared beside them in app.ts.
 */

const Id = z.object({ id: Uuid.meta({ description: '编号（UUID）' }) });

// ---------- auth ----------

export const ScopeView = z
  .object({
    kind: z.enum(['all', 'region', 'sectors', 'enterprise', 'none']).meta({ description: '数据范围：all 全部、region 辖区、sectors 行业领域、enterprise 本企业、none 无' }),
    prefix: z.string().optional().meta({ description: '行政区划代码前缀' }),
    sectors: z.array(z.string()).optional(),
    enterpriseId: z.string().optional(),
    regionCode: z.string().optional(),
  })
  .meta({ description: '当前用户的数据范围' });

export const MeView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  unitId: z.string().nullable(),
  unitCode: z.string().nullable(),
  unitName: z.string().nullable(),
  unitKind: z.string().nullable(),
  enterpriseId: z.string().nullable(),
  regionCode: z.string(),
  sectors: z.array(z.string()),
  scope: ScopeView,
  permissions: z.array(z.string()).meta({ description: '当前用户拥有的全部权限' }),
});
export type Me = z.infer<typeof MeView>;

export const SessionView = z.object({
  user: MeView,
  csrfToken: z.string().meta({ description: '变更类请求须在 x-csrf-token 请求头中携带' }),
  mustChangePassword: z.boolean().meta({ description: '须先修改密码（初始或被重置的密码）' }),
  idleMinutes: z.number().int().meta({ description: '无操作多少分钟后会话超时' }),
});
export type SessionView = z.infer<typeof SessionView>;

export const LoginBody = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64, '用户名过长'),
  password: z.string().min(1, '请输入密码').max(256, '密码过长'),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const PasswordBody = z.object({
  oldPassword: z.string().min(1, '请输入原密码').max(256),
  newPassword: z.string().min(1, '请输入新密码').max(256),
});
export type PasswordBody = z.infer<typeof PasswordBody>;

export const authApi = defineApi('auth', {
  login: {
    method: 'POST',
    path: '/api/auth/login',
    permission: null,
    summary: '登录（用户名、密码；成功后设置会话 Cookie）',
    body: LoginBody,
    response: SessionView,
  },
  logout: { method: 'POST', path: '/api/auth/logout', permission: '', summary: '退出登录', body: NoBody, response: Ok },
  me: { method: 'GET', path: '/api/auth/me', permission: '', summary: '当前用户、权限与 CSRF 令牌', response: SessionView },
  changePassword: { method: 'POST', path: '/api/auth/password', permission: '', summary: '修改本人密码（其他会话随即退出）', body: PasswordBody, response: Ok },
});

// ---------- users ----------

export const usersApi = defineApi('users', {
  list: { method: 'GET', path: '/api/users', permission: 'user.manage', summary: '用户列表', query: UserQuery, response: pageOf(UserView) },
  create: {
    method: 'POST',
    path: '/api/users',
    permission: 'user.manage',
    summary: '新建用户（不填密码则生成并只显示一次）',
    body: UserCreate,
    response: z.object({ user: UserView, initialPassword: z.string().optional().meta({ description: '生成的初始密码（只显示这一次）' }) }),
    status: 201,
  },
  get: { method: 'GET', path: '/api/users/:id', permission: 'user.manage', summary: '用户详情', params: Id, response: UserView },
  update: { method: 'PATCH', path: '/api/users/:id', permission: 'user.manage', summary: '修改用户（角色、单位、停用）', params: Id, body: UserUpdate, response: UserView },
  resetPassword: {
    method: 'POST',
    path: '/api/users/:id/reset-password',
    permission: 'user.manage',
    summary: '重置密码（下次登录须修改）',
    params: Id,
    body: z.object({ password: z.string().max(128).optional().meta({ description: '新密码；不填则生成' }) }).strict().optional(),
    response: z.object({ password: z.string().meta({ description: '新密码（只显示这一次）' }) }),
  },
  unlock: { method: 'POST', path: '/api/users/:id/unlock', permission: 'user.manage', summary: '解除登录锁定', params: Id, body: NoBody, response: UserView },
});

// ---------- audit ----------

export const AuditQuery = z.object({
  entity: Text(40).optional().meta({ description: '对象类型，如 enterprise、hazard' }),
  entityId: Text(64).optional(),
  action: Text(60).optional().meta({ description: '操作（前缀匹配），如 enterprise 或 hazard.confirm' }),
  actor: Text(64).optional().meta({ description: '操作人用户名' }),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  page: Page,
  pageSize: PageSize,
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditVerifyView = z.object({
  ok: z.boolean().meta({ description: '哈希链完整' }),
  rows: z.number().int().meta({ description: '校验的记录数' }),
  lanes: z.number().int().meta({ description: '并行链条数' }),
  broken: z
    .object({ id: z.number().int().nullable(), lane: z.number().int(), seq: z.number().int(), reason: z.string() })
    .optional()
    .meta({ description: '第一处断裂' }),
});

export const auditApi = defineApi('audit', {
  list: { method: 'GET', path: '/api/audit', permission: 'audit.read', summary: '审计日志（安委办看本辖区，管理员看全部）', query: AuditQuery, response: pageOf(AuditListItem) },
  verify: { method: 'POST', path: '/api/audit/verify', permission: 'system.read', summary: '校验审计哈希链（SM3）', body: NoBody, response: AuditVerifyView },
});

// ---------- files ----------

/** Media types an attachment may have (platform/files.ts sniffs them from the content). */
export const ATTACHMENT_MIMES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/plain; charset=utf-8',
  'application/zip',
] as const;

export const filesApi = defineApi('files', {
  download: {
    method: 'GET',
    path: '/api/files/:id',
    permission: '',
    summary: '下载附件（图片与 PDF 在浏览器中直接显示）',
    params: Id,
    response: { file: ATTACHMENT_MIMES, description: '附件内容（媒体类型按文件内容识别）' },
  },
});

// ---------- notifications ----------

export const NotificationView = z.object({
  id: z.string(),
  kind: z.string().meta({ description: '通知类型' }),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable().meta({ description: '点击后打开的页面' }),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type NotificationView = z.infer<typeof NotificationView>;

export const NotificationList = z.object({ unread: z.number().int().meta({ description: '未读条数' }), items: z.array(NotificationView) });

export const notificationsApi = defineApi('notifications', {
  list: {
    method: 'GET',
    path: '/api/notifications',
    permission: '',
    summary: '我的通知（本人及本单位）',
    query: z.object({ pageSize: PageSize, unread: z.enum(['true', 'false']).optional().meta({ description: 'true 只看未读' }) }),
    response: NotificationList,
  },
  read: { method: 'POST', path: '/api/notifications/:id/read', permission: '', summary: '标为已读', params: Id, body: NoBody, response: Ok },
  readAll: { method: 'POST', path: '/api/notifications/read-all', permission: '', summary: '全部标为已读', body: NoBody, response: Ok },
});
