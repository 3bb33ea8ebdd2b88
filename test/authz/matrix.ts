/**
 * The authorization matrix: for EVERY route of the app, who may call it and what an in-scope and an
 * out-of-scope call answer. test/authz.test.ts drives every route × every role × own/other scope
 * against this table; a route without an entry fails the test.
 *
 * Roles (demo users): admin, office (anweiban), department (zhujianju, 区住建局: 城市建设/房屋安全/人防工程),
 * street (jiangjunlu, 将军路街道), enterprise (qiye, a 危险化学品 enterprise in 将军路街道),
 * inspector (jiancha, 区应急管理局: 危险化学品).
 */
import type { Role } from '../../src/shared/access';

export const MATRIX_ROLES: Role[] = ['admin', 'office', 'department', 'street', 'enterprise', 'inspector'];

/** Resource kinds a path parameter can name; the test resolves each to an own and an other id per role. */
export type ResourceKind = 'enterprise' | 'unit' | 'user' | 'file' | 'notification' | string;

export interface Fixtures {
  /** a fresh unique suffix per call */
  unique(): string;
  /** a valid credit code nobody uses yet */
  newCreditCode(): string;
  /** ids the test prepared, by name */
  ids: Record<string, string>;
  /** resolve a resource kind for a role: own (in scope) and other (outside; undefined when everything is in scope) */
  resource(kind: ResourceKind, role: Role): { own?: string; other?: string };
}

export interface RouteRule {
  /** who passes the gate: 'public' (no login), 'all' (every signed-in role) or the roles */
  allow: 'public' | 'all' | Role[];
  /** path params → resource kinds */
  params?: Record<string, ResourceKind>;
  /** a valid request body for an in-scope call by this role */
  body?: (f: Fixtures, role: Role) => unknown;
  /** a multipart upload instead of JSON */
  upload?: (f: Fixtures, role: Role) => Promise<{ payload: Buffer; headers: Record<string, string> }> | { payload: Buffer; headers: Record<string, string> };
  query?: (f: Fixtures, role: Role) => Record<string, string>;
  /** statuses an allowed, in-scope call may answer (default 200, 201, 204) */
  ok?: number[];
  /** statuses an allowed call on another scope's resource must answer (default 404) */
  outside?: number[];
  /** this call ends the session (logout, password change): use a fresh login */
  fresh?: boolean;
  /** run the in-scope call only for these roles (e.g. side effects that would break later calls) */
  okRoles?: Role[];
}

const CREATE_ENTERPRISE_SECTOR: Partial<Record<Role, { sector: string; regionCode: string }>> = {
  admin: { sector: 'fire', regionCode: '420112001' },
  office: { sector: 'fire', regionCode: '420112001' },
  department: { sector: 'construction', regionCode: '420112001' },
  street: { sector: 'fire', regionCode: '420112004' },
};

export const MATRIX: Record<string, RouteRule> = {
  // ---------- system ----------
  'GET /api/health': { allow: 'public' },
  'GET /api/system/info': { allow: ['admin'] },

  // ---------- auth ----------
  'POST /api/auth/login': { allow: 'public', body: () => ({ username: 'nobody', password: 'x' }), ok: [401] },
  'POST /api/auth/logout': { allow: 'all', fresh: true },
  'GET /api/auth/me': { allow: 'all' },
  // A wrong old password answers 400: the caller got past every gate.
  'POST /api/auth/password': { allow: 'all', body: () => ({ oldPassword: 'not-the-password', newPassword: 'New#Password2026' }), ok: [400] },

  // ---------- users (admin) ----------
  'GET /api/users': { allow: ['admin'] },
  'POST /api/users': {
    allow: ['admin'],
    body: (f) => ({ username: `u${f.unique()}`, displayName: '矩阵测试', roles: ['office'], unitId: f.ids.officeUnit, password: 'Matrix#Pass2026' }),
  },
  'GET /api/users/:id': { allow: ['admin'], params: { id: 'user' } },
  'PATCH /api/users/:id': { allow: ['admin'], params: { id: 'user' }, body: () => ({ displayName: '矩阵测试改名' }) },
  'POST /api/users/:id/reset-password': { allow: ['admin'], params: { id: 'user' }, body: () => ({}) },
  'POST /api/users/:id/unlock': { allow: ['admin'], params: { id: 'user' } },

  // ---------- audit ----------
  'GET /api/audit': { allow: ['admin', 'office'] },
  'POST /api/audit/verify': { allow: ['admin'] },

  // ---------- files, notifications ----------
  'GET /api/files/:id': { allow: 'all', params: { id: 'file' } },
  'GET /api/notifications': { allow: 'all' },
  'POST /api/notifications/:id/read': { allow: 'all', params: { id: 'notification' } },
  'POST /api/notifications/read-all': { allow: 'all' },

  // ---------- org ----------
  'GET /api/org/tree': { allow: 'all' },
  'PATCH /api/org/units/:id': { allow: ['admin', 'office'], params: { id: 'unit' }, body: () => ({ contactName: '联络员' }) },
  'GET /api/enterprises': { allow: 'all' },
  'GET /api/enterprises/stats': { allow: 'all' },
  'POST /api/enterprises': {
    allow: ['admin', 'office', 'department', 'street'],
    body: (f, role) => ({ creditCode: f.newCreditCode(), name: `武汉矩阵测试${f.unique()}有限公司`, ...CREATE_ENTERPRISE_SECTOR[role] }),
    ok: [201],
  },
  'GET /api/enterprises/export.xlsx': { allow: 'all' },
  'GET /api/enterprises/import-template.xlsx': { allow: ['admin', 'office', 'department', 'street'] },
  // An empty upload answers 400 (validation): the caller got past every gate.
  'POST /api/enterprises/import': { allow: ['admin', 'office', 'department', 'street'], upload: () => emptyMultipart(), ok: [400] },
  'GET /api/enterprises/:id': { allow: 'all', params: { id: 'enterprise' } },
  'PATCH /api/enterprises/:id': { allow: ['admin', 'office', 'department', 'street', 'enterprise'], params: { id: 'enterprise' }, body: () => ({ employees: 42 }) },
  'GET /api/enterprises/:id/history': { allow: 'all', params: { id: 'enterprise' } },
};

function emptyMultipart() {
  const boundary = '----anzhimatrix';
  return {
    payload: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nx\r\n--${boundary}--\r\n`),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
