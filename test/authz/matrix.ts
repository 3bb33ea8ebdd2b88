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
import { DEFAULT_RISK_RULES } from '../../src/shared/risk/grading';
import { EMERGENCY_KINDS, emergencyBody, emergencyWorkbook } from './resources';
import { REPORT_TODAY } from './resources';
import { PLANS_MATRIX } from './emergency.plans';
import { HAZARD_CLAUSE, INSP_SIGNATURE, SMALL_PLAN, checklistWorkbook, governancePlanBody, hazardDates, matrixPng, otherEnterpriseOf, ownEnterpriseOf, rectificationBody, riskPointBody, riskSourceBody, upload } from './resources';

/** 执法计划 years the matrix's create calls use (one plan per unit and year; far from the fixtures' 2041–2043). */
let nextPlanYear = 2060;
const MON_MANAGE: Role[] = ['admin', 'office', 'department', 'street', 'enterprise'];
const MON_HANDLE: Role[] = ['office', 'department', 'street', 'enterprise'];

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
  /**
   * for routes whose body names the scoped record (create X for enterprise Y): the same request
   * naming a record outside the role's scope (undefined: the role sees all); must answer `outside`
   */
  otherBody?: (f: Fixtures, role: Role) => unknown;
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

const CAMPAIGN_READ: Role[] = ['admin', 'office', 'department', 'street'];
const RISK_WRITE: Role[] = ['admin', 'office', 'department', 'street', 'enterprise'];
/** Hazard workflow parties (shared/hazard/workflow.ts): government units, the enterprise, inspectors; the admin takes no step. */
const GOV: Role[] = ['office', 'department', 'street'];
const REPORT_GOV: Role[] = ['office', 'department', 'street'];
const GOV_ENT: Role[] = [...GOV, 'enterprise'];
const HAZARD_PARTIES: Role[] = [...GOV_ENT, 'inspector'];
const LAST_YEAR = String(new Date().getFullYear() - 1);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const hazardBody = (enterpriseId: string | undefined, role: Role) =>
  enterpriseId && { enterpriseId, source: role === 'enterprise' ? 'self_check' : 'inspection', place: '配电室', category: '电气安全', description: '矩阵登记：私拉乱接电线' };
const CHECK_ITEM = { category: '基础管理', project: '责任制', point: '建立全员安全生产责任制。', basis: '《中华人民共和国安全生产法》第四条', method: '查资料。判定：未建立的，判为不合格。' };

/**
 * Emergency (应急管理): the district's databases are read by every role of the district; government
 * units keep them (each writer role changes its own records; a record moved to 420113 is not found);
 * liaisons are kept by each unit and enterprise; the 七有 overview is the office's.
 */
const EM_WRITE: Role[] = ['office', 'department', 'street'];
const EMERGENCY_MATRIX: Record<string, RouteRule> = {
  'GET /api/emergency/search': { allow: 'all', query: () => ({ q: '液氯 泄漏' }) },
  ...Object.fromEntries(
    EMERGENCY_KINDS.flatMap((kind) => [
      [`GET /api/emergency/${kind}`, { allow: 'all', query: () => ({ q: '矩阵' }) }],
      [`POST /api/emergency/${kind}`, { allow: EM_WRITE, body: (f: Fixtures) => emergencyBody(kind, f.unique()), ok: [201] }],
      [`POST /api/emergency/${kind}/import`, { allow: EM_WRITE, upload: () => emergencyWorkbook(kind) }],
      [`GET /api/emergency/${kind}/export.xlsx`, { allow: 'all' }],
      [`GET /api/emergency/${kind}/template.xlsx`, { allow: 'all' }],
      [`GET /api/emergency/${kind}/:id`, { allow: 'all', params: { id: `em:${kind}` } }],
      [`PUT /api/emergency/${kind}/:id`, { allow: EM_WRITE, params: { id: `emEdit:${kind}` }, body: (f: Fixtures) => emergencyBody(kind, f.unique(), true) }],
      [`DELETE /api/emergency/${kind}/:id`, { allow: EM_WRITE, params: { id: `emDelete:${kind}` } }],
    ]),
  ),
  'POST /api/emergency/materials/:id/movements': { allow: EM_WRITE, params: { id: 'emEdit:materials' }, body: () => ({ kind: 'in', quantity: 1, note: '矩阵入库' }), ok: [201] },
  'GET /api/emergency/materials/:id/movements': { allow: 'all', params: { id: 'em:materials' } },
  'GET /api/emergency/liaisons': { allow: 'all' },
  'POST /api/emergency/liaisons': { allow: [...EM_WRITE, 'enterprise'], body: (f) => ({ name: `矩阵联络员${f.unique()}`, mobile: '13800004444' }), ok: [201] },
  'GET /api/emergency/liaisons/roster.xlsx': { allow: 'all' },
  'PUT /api/emergency/liaisons/:id': { allow: [...EM_WRITE, 'enterprise'], params: { id: 'emLiaison' }, body: () => ({ name: '矩阵联络员', mobile: '13800005555' }) },
  'POST /api/emergency/liaisons/:id/confirm': { allow: [...EM_WRITE, 'enterprise'], params: { id: 'emLiaison' } },
  'DELETE /api/emergency/liaisons/:id': { allow: [...EM_WRITE, 'enterprise'], params: { id: 'emLiaisonDelete' } },
  'GET /api/emergency/seven-has/mine': { allow: EM_WRITE },
  'PUT /api/emergency/seven-has/mine': { allow: EM_WRITE, body: () => ({ year: 2026, items: [{ key: 'team', has: true }] }) },
  'GET /api/emergency/seven-has/overview': { allow: ['admin', 'office'] },
  'GET /api/emergency/seven-has/units/:id': { allow: ['admin', 'office'], params: { id: 'emUnit' } },
  // ---------- 值守、事故信息、资源地图 ----------
  // Duty: the district reads every unit's roster; each writer role changes its own shifts (one moved to 420113 is not found).
  'GET /api/emergency/duty': { allow: [...EM_WRITE, 'admin', 'inspector'] },
  'POST /api/emergency/duty': { allow: EM_WRITE, body: (f) => ({ date: `2031-0${(Number(f.unique().replace(/\D/g, '')) % 9) + 1}-${String((Number(f.unique().replace(/\D/g, '')) % 28) + 1).padStart(2, '0')}`, startTime: '09:00', endTime: '09:05', leaderName: '矩阵带班', officerName: '矩阵值班', officerPhone: '13800006666' }), ok: [201, 409] },
  'POST /api/emergency/duty/fill': { allow: EM_WRITE, body: () => ({ month: '2032-02', week: Array.from({ length: 7 }, () => ({ leaderName: '矩阵带班', officerName: '矩阵值班', officerPhone: '13800006666' })), overwrite: true }) },
  'GET /api/emergency/duty/now': { allow: [...EM_WRITE, 'admin', 'inspector'] },
  'GET /api/emergency/duty/roster.xlsx': { allow: [...EM_WRITE, 'admin', 'inspector'] },
  'GET /api/emergency/duty/handovers': { allow: [...EM_WRITE, 'admin', 'inspector'] },
  'POST /api/emergency/duty/handovers': { allow: EM_WRITE, body: () => ({ fromName: '矩阵甲', toName: '矩阵乙', notes: '矩阵交接' }), ok: [201] },
  'PUT /api/emergency/duty/:id': { allow: EM_WRITE, params: { id: 'emShift' }, body: () => ({ date: '2030-01-15', startTime: '08:00', endTime: '08:10', leaderName: '矩阵带班', officerName: '矩阵值班', officerPhone: '13800007777' }) },
  'DELETE /api/emergency/duty/:id': { allow: EM_WRITE, params: { id: 'emShiftDelete' } },
  // Accidents (493号令): enterprise its own; 区住建局 its sectors; 将军路街道 its street; office the district.
  'GET /api/emergency/accidents': { allow: 'all' },
  'POST /api/emergency/accidents': { allow: [...EM_WRITE, 'enterprise'], body: (_f, role) => accidentBody(role), ok: [201] },
  'GET /api/emergency/accidents/stats': { allow: [...EM_WRITE, 'admin', 'inspector'] },
  'GET /api/emergency/accidents/stats.xlsx': { allow: [...EM_WRITE, 'admin', 'inspector'] },
  'GET /api/emergency/accidents/:id': { allow: 'all', params: { id: 'emAccident' } },
  'POST /api/emergency/accidents/:id/reports': { allow: [...EM_WRITE, 'enterprise'], params: { id: 'emAccident' }, body: () => ({ kind: 'follow', content: '矩阵续报', deaths: 0, seriousInjuries: 1, directLossWan: 2 }), ok: [201] },
  'GET /api/emergency/resource-map': { allow: 'all' },
  'GET /api/emergency/nearby': { allow: 'all', query: () => ({ lat: '30.65', lng: '114.2' }) },
};

/** A 首报 in the role's scope: the enterprise its own; others an unregistered site in 将军路街道 of a sector they supervise. */
function accidentBody(role: Role) {
  const base = { type: '机械伤害', occurredAt: new Date(Date.parse(`${REPORT_TODAY}T09:30:00+08:00`)).toISOString(), place: '矩阵车间', summary: '矩阵事故经过', deaths: 0, seriousInjuries: 1, directLossWan: 2 };
  if (role === 'enterprise') return base;
  return { ...base, enterpriseName: '矩阵工地', regionCode: '420112004', sector: role === 'department' ? 'construction' : 'hazchem' };
}

export const MATRIX: Record<string, RouteRule> = {
  // ---------- report (12350 举报): public form and Open311 without login; officers by scope (office all, 区住建局 its sectors, 将军路街道 its street) ----------
  'GET /public/api/reports/categories': { allow: 'public' },
  'POST /public/api/reports': { allow: 'public' },
  'GET /public/api/reports/:code': { allow: 'public' },
  'GET /open311/v2/discovery.:format': { allow: 'public' },
  'GET /open311/v2/services.:format': { allow: 'public' },
  'GET /open311/v2/services/:service_code.:format': { allow: 'public' },
  'POST /open311/v2/requests.:format': { allow: 'public' },
  'GET /open311/v2/requests.:format': { allow: 'public' },
  'GET /open311/v2/requests/:service_request_id.:format': { allow: 'public' },
  'GET /open311/v2/tokens/:token.:format': { allow: 'public' },
  'GET /api/reports': { allow: REPORT_GOV },
  'GET /api/reports/export.xlsx': { allow: REPORT_GOV },
  'GET /api/reports/stats': { allow: REPORT_GOV },
  'GET /api/reports/stats/export.xlsx': { allow: REPORT_GOV },
  'GET /api/reports/sla': { allow: ['admin', ...REPORT_GOV] },
  'PUT /api/reports/sla': { allow: ['admin', 'office'], body: () => ({ acknowledgeWorkingDays: 1, replyWorkingDays: 15 }) },
  'GET /api/reports/holidays': { allow: ['admin', ...REPORT_GOV] },
  'POST /api/reports/holidays': { allow: ['admin', 'office'], body: (_f, role) => ({ date: role === 'admin' ? '2032-01-02' : '2032-01-03', name: '矩阵假日', workday: false }), ok: [201] },
  'DELETE /api/reports/holidays/:date': { allow: ['admin', 'office'], params: { date: 'reportHoliday' } },
  'GET /api/reports/api-keys': { allow: ['admin', 'office'] },
  'POST /api/reports/api-keys': { allow: ['admin', 'office'], body: (f) => ({ name: `矩阵应用${f.unique()}` }), ok: [201] },
  'POST /api/reports/api-keys/:id/revoke': { allow: ['admin', 'office'], params: { id: 'reportApiKey' } },
  'GET /api/reports/:id': { allow: REPORT_GOV, params: { id: 'report' } },
  'GET /api/reports/:id/photos/:photoId': { allow: REPORT_GOV, params: { id: 'report', photoId: 'reportPhoto' } },
  'POST /api/reports/:id/identity': { allow: REPORT_GOV, params: { id: 'reportStep:identity' } },
  'POST /api/reports/:id/accept': { allow: REPORT_GOV, params: { id: 'reportStep:accept' } },
  'POST /api/reports/:id/recategorize': { allow: REPORT_GOV, params: { id: 'reportStep:recategorize' }, body: () => ({ category: 'housing', note: '矩阵调整' }) },
  'POST /api/reports/:id/verify': { allow: REPORT_GOV, params: { id: 'reportStep:verify' }, body: () => ({ result: '不属实', note: '矩阵核查不属实' }) },
  'POST /api/reports/:id/reply': { allow: REPORT_GOV, params: { id: 'reportStep:reply' }, body: () => ({ text: '矩阵答复：正在核查。' }) },
  'POST /api/reports/:id/hazard': {
    allow: REPORT_GOV,
    params: { id: 'reportStep:hazard' },
    body: (f, role) => ({ enterpriseId: ownEnterpriseOf(f.ids, role), place: '基坑', grade: '一般', hazardCategory: '群众举报' }),
    otherBody: (f, role) => { const e = otherEnterpriseOf(f.ids, role); return e && { enterpriseId: e, place: '基坑' }; },
  },
  'POST /api/reports/:id/hazard-link': {
    allow: REPORT_GOV,
    params: { id: 'reportStep:link' },
    body: (f, role) => ({ hazardId: role === 'street' ? f.ids.reportLinkHazardStreet : f.ids.reportLinkHazard }),
    otherBody: (f, role) => (role === 'office' ? undefined : { hazardId: f.ids.reportLinkHazardOther }),
  },
  // The case is opened by the inspection module, whose 执法主体 are the departments (inspection.case): the
  // office and the streets handle reports but are refused there.
  'POST /api/reports/:id/enforcement-case': {
    allow: ['department'],
    params: { id: 'reportStep:case' },
    body: (f, role) => ({ enterpriseId: ownEnterpriseOf(f.ids, role), summary: '矩阵立案' }),
    otherBody: (f, role) => { const e = otherEnterpriseOf(f.ids, role); return e && { enterpriseId: e, summary: '矩阵立案' }; },
    ok: [200],
  },
  'POST /api/reports/:id/reward': { allow: REPORT_GOV, params: { id: 'reportStep:reward' }, body: () => ({ fineAmount: 40000, penaltyDocNo: '东应急罚〔2026〕99号', exclusionChecked: true }) },
  'POST /api/reports/:id/reward/decision': { allow: ['office'], params: { id: 'reportStep:decide' }, body: () => ({ approve: true, note: '矩阵同意' }) },
  'POST /api/reports/:id/reward/payout': { allow: ['office'], params: { id: 'reportStep:pay' }, body: () => ({ paidOn: REPORT_TODAY, voucherNo: 'JZ-001', method: '银行转账', recipientVerified: true }) },

  // ---------- system ----------
  'GET /api/health': { allow: 'public' },
  'GET /api/health/ready': { allow: 'public' },
  'GET /api/system/info': { allow: ['admin'] },
  'GET /metrics': { allow: 'public' },
  'GET /api/openapi.json': { allow: 'public' },

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

  // ---------- plan (方案导入): the office and admins; drafts are scoped by region (one of 420113 is not found) ----------
  'GET /api/plans': { allow: ['admin', 'office'] },
  'POST /api/plans': { allow: ['admin', 'office'], upload: () => upload('矩阵方案.txt', SMALL_PLAN), ok: [201] },
  'GET /api/plans/:id': { allow: ['admin', 'office'], params: { id: 'planDraft' } },
  // Each role edits its own draft at version 1 (a second edit at version 1 would rightly be 409).
  'PATCH /api/plans/:id': { allow: ['admin', 'office'], params: { id: 'planDraftEdit' }, body: () => ({ version: 1, ops: [{ op: 'editPlan', title: '南湖市危险化学品安全专项整治实施方案（矩阵修订）' }] }) },
  'GET /api/plans/:id/history': { allow: ['admin', 'office'], params: { id: 'planDraft' } },
  'POST /api/plans/:id/reparse': { allow: ['admin', 'office'], params: { id: 'planDraft' }, body: () => ({}) },
  'POST /api/plans/:id/import': { allow: ['admin', 'office'], params: { id: 'planDraftImport' }, body: (f) => ({ name: `矩阵导入专项行动${f.unique()}` }), ok: [201] },
  'DELETE /api/plans/:id': { allow: ['admin', 'office'], params: { id: 'planDraftDelete' }, ok: [204] },

  // ---------- campaign (专项整治台账): office steers (manage/review); office, departments and streets report for their unit ----------
  // Campaigns are the district's: every unit of 420112 sees them, a campaign of 420113 is not found.
  // Reports, 三个清单 and summaries are the unit's: a unit sees its own (404 for another unit's), the office all.
  'GET /api/campaigns': { allow: CAMPAIGN_READ },
  'POST /api/campaigns': { allow: ['admin', 'office'], body: (f) => ({ name: `矩阵新建专项行动${f.unique()}`, startDate: '2026-01-01', endDate: '2026-12-31' }), ok: [201] },
  'POST /api/campaigns/from-plan': { allow: ['admin', 'office'], body: (f) => ({ plan: JSON.parse(f.ids.smallPlanJson), name: `矩阵方案创建${f.unique()}` }), ok: [201] },
  'POST /api/campaigns/import': { allow: ['admin', 'office'], upload: () => upload('矩阵方案.txt', SMALL_PLAN), ok: [201] },
  'GET /api/campaigns/my-tasks': { allow: CAMPAIGN_READ },
  'GET /api/campaigns/:id': { allow: CAMPAIGN_READ, params: { id: 'campaign' } },
  'PATCH /api/campaigns/:id': { allow: ['admin', 'office'], params: { id: 'campaign' }, body: () => ({ issuer: '东西湖区安全生产委员会办公室' }) },
  'PATCH /api/campaigns/:id/settings': { allow: ['admin', 'office'], params: { id: 'campaign' }, body: () => ({ remindDaysBefore: 3 }) },
  // Each role archives (and then unarchives) a campaign of its own: archiving twice is rightly 409.
  'POST /api/campaigns/:id/archive': { allow: ['admin', 'office'], params: { id: 'campaignArchive' } },
  'POST /api/campaigns/:id/unarchive': { allow: ['admin', 'office'], params: { id: 'campaignArchive' } },
  'GET /api/campaigns/:id/history': { allow: ['admin', 'office'], params: { id: 'campaign' } },
  'GET /api/campaigns/:id/tree': { allow: CAMPAIGN_READ, params: { id: 'campaign' } },
  'POST /api/campaigns/:id/tasks': { allow: ['admin', 'office'], params: { id: 'campaign' }, body: () => ({ kind: 'task', title: '矩阵新增任务' }), ok: [201] },
  'PATCH /api/campaigns/:id/tasks/:taskId': { allow: ['admin', 'office'], params: { id: 'campaign', taskId: 'campaignTask' }, body: () => ({ text: '矩阵修改的任务内容' }) },
  'DELETE /api/campaigns/:id/tasks/:taskId': { allow: ['admin', 'office'], params: { id: 'campaign', taskId: 'campaignTaskDelete' } },
  'PUT /api/campaigns/:id/tasks/:taskId/assignments': {
    allow: ['admin', 'office'],
    params: { id: 'campaign', taskId: 'campaignTask' },
    body: (f) => ({ lead: [{ unitId: f.ids['unit:department'] }], co: [{ unitId: f.ids['unit:office'] }], territorial: true }),
  },
  'PUT /api/campaigns/:id/tasks/:taskId/milestones': {
    allow: ['admin', 'office'],
    params: { id: 'campaign', taskId: 'campaignItem' },
    body: (f) => ({ milestones: [{ dueDate: `${f.ids.campaignYear}-06-30`, kind: 'by', text: '6月底前' }] }),
  },
  'PUT /api/campaigns/:id/phases': {
    allow: ['admin', 'office'],
    params: { id: 'campaign' },
    body: (f) => ({ phases: [{ name: '排查整治', startDate: `${f.ids.campaignYear}-01-01`, endDate: `${f.ids.campaignYear}-12-31` }] }),
  },
  'POST /api/campaigns/:id/indicators': { allow: ['admin', 'office'], params: { id: 'campaign' }, body: () => ({ name: '矩阵新增指标', unit: '%', targetValue: 90 }), ok: [201] },
  'PATCH /api/campaigns/:id/indicators/:indicatorId': { allow: ['admin', 'office'], params: { id: 'campaign', indicatorId: 'campaignIndicator' }, body: () => ({ targetValue: 95 }) },
  'DELETE /api/campaigns/:id/indicators/:indicatorId': { allow: ['admin', 'office'], params: { id: 'campaign', indicatorId: 'campaignIndicatorDelete' } },
  'GET /api/campaigns/:id/periods': { allow: CAMPAIGN_READ, params: { id: 'campaign' } },
  // Each role closes (and reopens) a month of its own: closing a closed month is rightly 409.
  'POST /api/campaigns/:id/periods/:period/close': { allow: ['admin', 'office'], params: { id: 'campaign', period: 'campaignClosePeriod' }, body: () => ({}) },
  'POST /api/campaigns/:id/periods/:period/reopen': { allow: ['admin', 'office'], params: { id: 'campaign', period: 'campaignClosePeriod' } },
  'GET /api/campaigns/:id/periods/:period/status': { allow: CAMPAIGN_READ, params: { id: 'campaign', period: 'campaignPeriod' } },
  'GET /api/campaigns/:id/periods/:period/consolidated': { allow: ['admin', 'office'], params: { id: 'campaign', period: 'campaignPeriod' } },
  'GET /api/campaigns/:id/periods/:period/consolidated.xlsx': { allow: ['admin', 'office'], params: { id: 'campaign', period: 'campaignPeriod' } },
  'GET /api/campaigns/:id/reports': { allow: CAMPAIGN_READ, params: { id: 'campaign' } },
  // The caller's own unit's form (the admin's unit is 区安委办).
  'GET /api/campaigns/:id/reports/:period': { allow: CAMPAIGN_READ, params: { id: 'campaign', period: 'campaignPeriod' } },
  // Reporting is a unit's own work: the admin (no reporting unit of its own) may not file.
  'PUT /api/campaigns/:id/reports/:period': {
    allow: ['office', 'department', 'street'],
    params: { id: 'campaign', period: 'campaignSavePeriod' },
    body: (f) => ({ summary: '矩阵草稿', entries: [{ itemId: f.ids.campaignItem, status: '推进中', narrative: '矩阵草稿进展。' }] }),
  },
  'POST /api/campaigns/:id/reports/:period/submit': { allow: ['office', 'department', 'street'], params: { id: 'campaign', period: 'campaignSavePeriod' }, body: () => ({}) },
  'POST /api/campaigns/:id/reports/:period/withdraw': { allow: ['office', 'department', 'street'], params: { id: 'campaign', period: 'campaignSavePeriod' } },
  'POST /api/campaigns/:id/reports/:period/attachments': {
    allow: ['office', 'department', 'street'],
    params: { id: 'campaign', period: 'campaignSavePeriod' },
    upload: (f) => upload('矩阵附件.png', matrixPng, { itemId: f.ids.campaignItem }),
    ok: [201],
  },
  'DELETE /api/campaigns/:id/reports/:period/attachments/:fileId': {
    allow: ['office', 'department', 'street'],
    params: { id: 'campaign', period: 'campaignAttachmentPeriod', fileId: 'campaignAttachment' },
    query: (f) => ({ itemId: f.ids.campaignItem }),
  },
  'GET /api/campaign-reports/:reportId': { allow: CAMPAIGN_READ, params: { reportId: 'campaignReport' } },
  'GET /api/campaign-reports/:reportId/history': { allow: CAMPAIGN_READ, params: { reportId: 'campaignReport' } },
  // Each reviewer reviews a submitted report of its own (a second review is rightly 409).
  'POST /api/campaign-reports/:reportId/accept': { allow: ['admin', 'office'], params: { reportId: 'campaignReportAccept' }, body: () => ({ comment: '同意' }) },
  'POST /api/campaign-reports/:reportId/return': { allow: ['admin', 'office'], params: { reportId: 'campaignReportReturn' }, body: () => ({ comment: '请补充整改数据' }) },
  'GET /api/campaigns/:id/dashboard': { allow: CAMPAIGN_READ, params: { id: 'campaign' } },
  'GET /api/campaigns/:id/assessment': { allow: ['admin', 'office'], params: { id: 'campaign' } },
  'PUT /api/campaigns/:id/vetoes/:unitId': { allow: ['admin', 'office'], params: { id: 'campaign', unitId: 'campaignVetoUnit' }, body: () => ({ reason: '矩阵测试：辖区发生较大事故' }) },
  'DELETE /api/campaigns/:id/vetoes/:unitId': { allow: ['admin', 'office'], params: { id: 'campaign', unitId: 'campaignVetoUnit' } },
  'GET /api/campaigns/:id/overdue': { allow: CAMPAIGN_READ, params: { id: 'campaign' } },
  'GET /api/campaigns/:id/overdue/notice.docx': { allow: ['admin', 'office'], params: { id: 'campaign' } },
  'GET /api/campaigns/:id/lists': { allow: CAMPAIGN_READ, params: { id: 'campaign' } },
  'POST /api/campaigns/:id/lists': {
    allow: CAMPAIGN_READ,
    params: { id: 'campaign' },
    body: () => ({ kind: 'measure', title: '矩阵新增制度措施' }),
    // a unit keeps only its own lists: another unit's is not found
    otherBody: (f, role) => (role === 'department' || role === 'street' ? { kind: 'measure', title: '越权清单', unitId: f.ids[`unit:${role === 'department' ? 'street' : 'department'}`] } : undefined),
    ok: [201],
  },
  'GET /api/campaigns/:id/lists/export.xlsx': { allow: CAMPAIGN_READ, params: { id: 'campaign' } },
  'PATCH /api/campaign-lists/:entryId': { allow: CAMPAIGN_READ, params: { entryId: 'campaignListEntry' }, body: () => ({ status: '推进中' }) },
  'DELETE /api/campaign-lists/:entryId': { allow: CAMPAIGN_READ, params: { entryId: 'campaignListEntryDelete' } },
  'GET /api/campaigns/:id/summaries': { allow: CAMPAIGN_READ, params: { id: 'campaign' } },
  // The office compiles the district's summary; a unit its own.
  'POST /api/campaigns/:id/summaries': {
    allow: CAMPAIGN_READ,
    params: { id: 'campaign' },
    body: (f, role) => (role === 'department' || role === 'street' ? { periodKey: `${f.ids.campaignYear}-Q2`, unitId: f.ids[`unit:${role}`] } : { periodKey: `${f.ids.campaignYear}-Q2` }),
    otherBody: (f, role) => (role === 'department' || role === 'street' ? { periodKey: `${f.ids.campaignYear}-Q2`, unitId: f.ids[`unit:${role === 'department' ? 'street' : 'department'}`] } : undefined),
    ok: [201],
  },
  'GET /api/campaigns/:id/summaries/:sid': { allow: CAMPAIGN_READ, params: { id: 'campaignOfSummary', sid: 'campaignSummary' } },
  'PATCH /api/campaigns/:id/summaries/:sid': { allow: CAMPAIGN_READ, params: { id: 'campaignOfSummary', sid: 'campaignSummary' }, body: () => ({ recipient: '区安委会：' }) },
  'POST /api/campaigns/:id/summaries/:sid/recompile': { allow: CAMPAIGN_READ, params: { id: 'campaignOfSummary', sid: 'campaignSummary' } },
  'POST /api/campaigns/:id/summaries/:sid/finalize': { allow: CAMPAIGN_READ, params: { id: 'campaignOfSummary', sid: 'campaignSummary' } },
  'POST /api/campaigns/:id/summaries/:sid/reopen': { allow: CAMPAIGN_READ, params: { id: 'campaignOfSummary', sid: 'campaignSummary' } },
  'DELETE /api/campaigns/:id/summaries/:sid': { allow: CAMPAIGN_READ, params: { id: 'campaignOfSummary', sid: 'campaignSummaryDelete' } },
  'GET /api/campaigns/:id/summaries/:sid/document.docx': { allow: CAMPAIGN_READ, params: { id: 'campaignOfSummary', sid: 'campaignSummary' } },

  // ---------- monitoring (重大危险源监测预警): devices, sensors and alarms scoped by their enterprise ----------
  'GET /api/monitoring/overview': { allow: 'all' },
  'GET /api/monitoring/devices': { allow: 'all' },
  'POST /api/monitoring/devices': {
    allow: MON_MANAGE,
    body: (f, role) => ({ enterpriseId: ownEnterpriseOf(f.ids, role), code: `MXN-${f.unique()}`, name: '矩阵新设备' }),
    otherBody: (f, role) => { const e = otherEnterpriseOf(f.ids, role); return e && { enterpriseId: e, code: `MXO-${f.unique()}`, name: '越权设备' }; },
    ok: [201],
  },
  'GET /api/monitoring/targets': { allow: 'all', query: (f, role) => ({ enterpriseId: ownEnterpriseOf(f.ids, role) }) },
  'GET /api/monitoring/devices/:id': { allow: 'all', params: { id: 'monDevice' } },
  'GET /api/monitoring/devices/template.xlsx': { allow: 'all' },
  // No file: an allowed role reaches the service and is told the file is missing (400).
  'POST /api/monitoring/devices/import': { allow: MON_MANAGE, upload: () => emptyMultipart(), ok: [400] },
  // The version moves with every edit: a later role's stale version answers 409.
  'PATCH /api/monitoring/devices/:id': { allow: MON_MANAGE, params: { id: 'monDevice' }, body: () => ({ version: 1, location: '矩阵修改后的位置' }), ok: [200, 409] },
  'POST /api/monitoring/devices/:id/enabled': { allow: MON_MANAGE, params: { id: 'monDevice' }, body: () => ({ enabled: true }) },
  'POST /api/monitoring/devices/:id/secret': { allow: MON_MANAGE, params: { id: 'monDevice' } },
  'POST /api/monitoring/devices/:id/sensors': { allow: MON_MANAGE, params: { id: 'monDevice' }, body: (f) => ({ tag: `T-${f.unique()}`, name: '矩阵温度', kind: 'temperature', h: 45 }), ok: [201] },
  'PATCH /api/monitoring/sensors/:id': { allow: MON_MANAGE, params: { id: 'monSensor' }, body: () => ({ deadband: 1 }) },
  'DELETE /api/monitoring/sensors/:id': { allow: MON_MANAGE, params: { id: 'monSensorDelete' } },
  'GET /api/monitoring/sensors/:id/series': { allow: 'all', params: { id: 'monSensor' } },
  // Devices authenticate with their own credentials (HTTP Basic); without them the call is refused.
  'POST /api/monitoring/ingest': { allow: 'public', body: () => ({ readings: [{ sensor: 'GT-1', value: 1 }] }), ok: [202, 401] },
  'GET /api/monitoring/ingest-stats': { allow: ['admin', 'office'] },
  'GET /api/monitoring/alarms': { allow: 'all' },
  'GET /api/monitoring/alarms/:id': { allow: 'all', params: { id: 'monAlarm' } },
  // Handling steps on one alarm: the first role's step succeeds, a repeat is a state conflict (409).
  'POST /api/monitoring/alarms/:id/acknowledge': { allow: MON_HANDLE, params: { id: 'monAlarm' }, body: () => ({}), ok: [200, 409] },
  'POST /api/monitoring/alarms/:id/clear': { allow: MON_HANDLE, params: { id: 'monAlarm' }, body: () => ({}), ok: [200, 409] },
  'POST /api/monitoring/alarms/:id/comments': { allow: MON_HANDLE, params: { id: 'monAlarm' }, body: () => ({ text: '矩阵处置记录' }), ok: [201] },
  'POST /api/monitoring/alarms/:id/assign': { allow: MON_HANDLE, params: { id: 'monAlarm' }, body: () => ({ assigneeName: '张伟' }), ok: [200, 409] },
  'POST /api/monitoring/alarms/:id/hazard': { allow: MON_HANDLE, params: { id: 'monAlarm' }, body: () => ({ grade: '一般' }), ok: [201, 409] },
  // The live stream: without Accept: text/event-stream it answers the ready event and ends (app.inject); scope tested in monitoring.stream.test.ts.
  'GET /api/monitoring/stream': { allow: 'all' },
  'GET /api/monitoring/settings': { allow: 'all' },
  'PUT /api/monitoring/settings': { allow: ['admin', 'office'], body: () => ({ rawRetentionDays: 90, minuteRetentionDays: 400, escalateAfterMinutes: 15 }) },

  // ---------- hazard (隐患排查治理): scoped by the enterprise; every workflow step acts on a hazard in its starting state ----------
  // The route gate lets every party in; the state machine then refuses the wrong party with 403
  // (e.g. an enterprise confirming, an inspector starting rectification): those roles are left out below.
  'GET /api/hazards': { allow: 'all' },
  'POST /api/hazards': {
    allow: HAZARD_PARTIES,
    body: (f, role) => hazardBody(ownEnterpriseOf(f.ids, role), role),
    otherBody: (f, role) => hazardBody(otherEnterpriseOf(f.ids, role), role),
    ok: [201],
  },
  'POST /api/hazards/photos': { allow: HAZARD_PARTIES, upload: () => upload('现场.png', matrixPng), ok: [201] },
  'POST /api/hazards/documents': { allow: HAZARD_PARTIES, upload: () => upload('评估报告.pdf', PDF), ok: [201] },
  'GET /api/hazards/standards': { allow: 'all' },
  'GET /api/hazards/stats': { allow: 'all' },
  'GET /api/hazards/export.xlsx': { allow: 'all' },
  'GET /api/hazards/report': { allow: 'all', query: () => ({ year: LAST_YEAR }) },
  'GET /api/hazards/report/figures': { allow: 'all', query: () => ({ year: LAST_YEAR }) },
  // The 统计分析表 is the enterprise's own report (16号令 Art.14).
  'POST /api/hazards/report/submit': { allow: ['enterprise'], body: () => ({ year: Number(LAST_YEAR), quarter: 4, principalName: '王建国' }), ok: [201] },
  'GET /api/hazards/report/submissions': { allow: 'all', query: () => ({ year: LAST_YEAR }) },
  'GET /public/api/hazard-supervision': { allow: 'public' },
  'GET /api/hazards/:id': { allow: 'all', params: { id: 'hazard' } },
  'GET /api/hazards/:id/history': { allow: 'all', params: { id: 'hazard' } },
  'POST /api/hazards/:id/photos': { allow: HAZARD_PARTIES, params: { id: 'hazardStep:photos' }, upload: () => upload('整改前.png', matrixPng, { kind: 'before' }), ok: [201] },
  'POST /api/hazards/:id/confirm': { allow: GOV, params: { id: 'hazardStep:confirm' }, body: () => ({ grade: '一般', deadline: hazardDates().deadline }) },
  'POST /api/hazards/:id/dismiss': { allow: GOV, params: { id: 'hazardStep:dismiss' }, body: () => ({ opinion: '经现场核实不构成隐患' }) },
  'POST /api/hazards/:id/fix-on-spot': { allow: HAZARD_PARTIES, params: { id: 'hazardStep:fix-on-spot' }, body: () => ({ fixNote: '现场立即整改完毕' }) },
  'POST /api/hazards/:id/rectification': { allow: GOV_ENT, params: { id: 'hazardStep:rectification' }, body: () => rectificationBody() },
  'POST /api/hazards/:id/rectification/update': { allow: GOV_ENT, params: { id: 'hazardStep:rectification/update' }, body: () => rectificationBody() },
  'POST /api/hazards/:id/request-acceptance': { allow: GOV_ENT, params: { id: 'hazardStep:request-acceptance' }, body: () => ({ rectificationNote: '已按五落实完成整改，申请验收' }) },
  'POST /api/hazards/:id/accept': { allow: GOV, params: { id: 'hazardStep:accept' }, body: () => ({ opinion: '经验收整改合格，同意销号' }) },
  'POST /api/hazards/:id/reject': { allow: GOV, params: { id: 'hazardStep:reject' }, body: () => ({ opinion: '整改不到位，退回整改' }) },
  'POST /api/hazards/:id/extension': { allow: GOV_ENT, params: { id: 'hazardStep:extension' }, body: () => ({ newDeadline: hazardDates().later, reason: '设备到货延迟' }) },
  'POST /api/hazards/:id/extension/decide': { allow: GOV, params: { id: 'hazardStep:extension/decide' }, body: () => ({ approve: true, opinion: '同意延期' }) },
  'POST /api/hazards/:id/regrade': { allow: GOV, params: { id: 'hazardStep:regrade' }, body: () => ({ grade: '重大', standardRef: HAZARD_CLAUSE, opinion: '复核为重大事故隐患' }) },
  'POST /api/hazards/:id/actions': { allow: GOV_ENT, params: { id: 'hazardStep:actions' }, body: () => ({ title: '加装高液位报警' }) },
  'POST /api/hazards/:id/plan': { allow: GOV_ENT, params: { id: 'hazardStep:plan' }, body: () => governancePlanBody() },
  // 挂牌督办: the office and the supervising departments (a street is refused at the route).
  'POST /api/hazards/:id/supervision': {
    allow: ['office', 'department'],
    params: { id: 'hazardStep:supervision' },
    body: () => ({ level: '区级', supervisingUnit: '东西湖区安全生产委员会办公室', docNo: '东安督〔2026〕1号', deadline: hazardDates().deadline, signedBy: '张主任', signedOn: hazardDates().today }),
  },
  'POST /api/hazards/:id/stop': { allow: GOV, params: { id: 'hazardStep:stop' }, body: () => ({ kind: '局部停产', scope: '储罐区' }) },
  'POST /api/hazards/:id/resume': { allow: GOV_ENT, params: { id: 'hazardStep:resume' }, body: () => ({ application: '隐患已治理完毕，经评估符合安全生产条件，申请恢复生产。' }) },
  'POST /api/hazards/:id/resume/decide': { allow: GOV, params: { id: 'hazardStep:resume/decide' }, body: () => ({ approve: true, opinion: '经审查同意恢复生产' }) },
  'PATCH /api/hazards/:id/actions/:actionId': { allow: GOV_ENT, params: { id: 'hazardStep:action-update', actionId: 'hazardAction' }, body: () => ({ done: true }) },
  'DELETE /api/hazards/:id/actions/:actionId': { allow: GOV_ENT, params: { id: 'hazardStep:action-delete', actionId: 'hazardActionDelete' } },

  // ---------- checklist (检查清单): everyone reads published checklists; office edits every sector, a department its own ----------
  // A draft is seen only by who may edit it: a 危险化学品 draft is not found for 区住建局 and every non-editor.
  'GET /api/checklists': { allow: 'all' },
  'POST /api/checklists': {
    allow: ['admin', 'office', 'department'],
    body: (f, role) => ({ sector: role === 'department' ? 'construction' : 'fire', name: `矩阵新建清单${f.unique()}`, items: [CHECK_ITEM] }),
    ok: [201],
  },
  'GET /api/checklists/import-template.xlsx': { allow: 'all' },
  'POST /api/checklists/import': {
    allow: ['admin', 'office', 'department'],
    upload: async () => upload('矩阵清单.xlsx', await checklistWorkbook()),
    query: (_f, role) => ({ sector: role === 'department' ? 'construction' : 'fire', name: '矩阵导入清单', dryRun: 'true' }),
  },
  'POST /api/checklists/reference/install': { allow: ['admin', 'office'] },
  'GET /api/checklists/versions/:id': { allow: 'all', params: { id: 'checklistVersion' } },
  'PATCH /api/checklists/versions/:id': { allow: ['admin', 'office', 'department'], params: { id: 'checklistDraft' }, body: () => ({ changeNote: '矩阵修改' }) },
  'POST /api/checklists/versions/:id/publish': { allow: ['admin', 'office', 'department'], params: { id: 'checklistDraft' }, body: () => ({ changeNote: '矩阵发布' }) },
  'DELETE /api/checklists/versions/:id': { allow: ['admin', 'office', 'department'], params: { id: 'checklistDraftDelete' } },
  'GET /api/checklists/versions/:id/export.xlsx': { allow: 'all', params: { id: 'checklistVersion' } },
  'GET /api/checklists/:id': { allow: 'all', params: { id: 'checklistTemplate' } },
  // A published checklist of another sector is visible to 区住建局, so a new version of it is refused (403), not hidden.
  'POST /api/checklists/:id/versions': { allow: ['admin', 'office', 'department'], params: { id: 'checklistNewVersion' }, ok: [201], outside: [403] },
  'GET /api/checklists/:id/history': { allow: 'all', params: { id: 'checklistTemplate' } },

  // ---------- self-inspection (企业自查): scoped by the enterprise; plans by the enterprise or its units, runs by the enterprise only ----------
  'GET /api/self-inspection/plans': { allow: 'all' },
  'POST /api/self-inspection/plans': {
    allow: ['office', 'department', 'street', 'enterprise'],
    body: (f, role) => ({ enterpriseId: ownEnterpriseOf(f.ids, role), templateId: f.ids.selfTemplate, name: `矩阵新建自查计划${f.unique()}`, cycle: 'weekly', responsibleName: '赵晓东' }),
    otherBody: (f, role) => otherEnterpriseOf(f.ids, role) && { enterpriseId: otherEnterpriseOf(f.ids, role), templateId: f.ids.selfTemplate, name: '越权自查计划', cycle: 'weekly', responsibleName: '赵晓东' },
    ok: [201],
  },
  'GET /api/self-inspection/plans/:id': { allow: 'all', params: { id: 'selfPlan' } },
  'PATCH /api/self-inspection/plans/:id': { allow: ['office', 'department', 'street', 'enterprise'], params: { id: 'selfPlan' }, body: () => ({ responsibleName: '钱安全' }) },
  // The month's run exists already (started in the fixtures): continuing it answers 200.
  'POST /api/self-inspection/plans/:id/runs': { allow: ['enterprise'], params: { id: 'selfPlan' }, ok: [200, 201] },
  'GET /api/self-inspection/runs': { allow: 'all' },
  'GET /api/self-inspection/runs/:id': { allow: 'all', params: { id: 'selfRun' } },
  'PUT /api/self-inspection/runs/:id/items/:itemId': { allow: ['enterprise'], params: { id: 'selfRunOpen', itemId: 'selfRunItem' }, body: () => ({ result: 'pass' }) },
  'POST /api/self-inspection/runs/:id/photos': { allow: ['enterprise'], params: { id: 'selfRunOpen' }, upload: () => upload('现场.png', matrixPng), ok: [201] },
  'POST /api/self-inspection/runs/:id/submit': { allow: ['enterprise'], params: { id: 'selfRunOpen' }, body: () => ({ inspectorName: '赵晓东' }) },
  'GET /api/self-inspection/tally': { allow: 'all' },
  'GET /api/self-inspection/completion': { allow: ['admin', 'office', 'department', 'street', 'inspector'] },
  'GET /api/self-inspection/behind': { allow: ['admin', 'office', 'department', 'street', 'inspector'] },

  // ---------- risk (风险分级管控, 重大危险源): scoped by the enterprise; inspectors read only; rules are the office's ----------
  'GET /api/risk/rules': { allow: 'all' },
  // Optimistic version: the admin writes first (version v), then the office (v + 1).
  'PUT /api/risk/rules': { allow: ['admin', 'office'], body: (f, role) => ({ version: Number(f.ids.riskRulesVersion) + (role === 'office' ? 1 : 0), rules: DEFAULT_RISK_RULES }) },
  'GET /api/risk/stats': { allow: 'all' },
  'GET /api/risk/map': { allow: 'all' },
  'GET /api/risk/points': { allow: 'all' },
  'POST /api/risk/points': {
    allow: RISK_WRITE,
    body: (f, role) => riskPointBody(role === 'enterprise' ? {} : { enterpriseId: ownEnterpriseOf(f.ids, role) }),
    otherBody: (f, role) => otherEnterpriseOf(f.ids, role) && riskPointBody({ enterpriseId: otherEnterpriseOf(f.ids, role) }),
    ok: [201],
  },
  'GET /api/risk/points/:id': { allow: 'all', params: { id: 'riskPoint' } },
  'PATCH /api/risk/points/:id': { allow: RISK_WRITE, params: { id: 'riskPoint' }, body: () => ({ location: '矩阵修改后的位置' }) },
  'POST /api/risk/points/:id/assessments': { allow: RISK_WRITE, params: { id: 'riskPoint' }, body: () => ({ method: 'LEC', factors: { L: 3, E: 6, C: 7 }, assessor: '矩阵评价人' }), ok: [201] },
  'GET /api/risk/points/:id/assessments': { allow: 'all', params: { id: 'riskPoint' } },
  'GET /api/risk/points/:id/history': { allow: 'all', params: { id: 'riskPoint' } },
  'GET /api/risk/points/:id/card': { allow: 'all', params: { id: 'riskPoint' } },
  'GET /api/risk/points/:id/card.docx': { allow: 'all', params: { id: 'riskPoint' } },
  'POST /api/risk/points/:id/card-token': { allow: RISK_WRITE, params: { id: 'riskPoint' } },
  'GET /public/api/risk-cards/:token': { allow: 'public' },
  'GET /api/risk/sources': { allow: 'all' },
  'POST /api/risk/sources': {
    allow: RISK_WRITE,
    body: (f, role) => riskSourceBody(role === 'enterprise' ? { name: `矩阵新登记单元${f.unique()}` } : { enterpriseId: ownEnterpriseOf(f.ids, role), name: `矩阵新登记单元${f.unique()}` }),
    otherBody: (f, role) => otherEnterpriseOf(f.ids, role) && riskSourceBody({ enterpriseId: otherEnterpriseOf(f.ids, role), name: `越权登记单元${f.unique()}` }),
    ok: [201],
  },
  'GET /api/risk/sources/:id': { allow: 'all', params: { id: 'riskSource' } },
  ...EMERGENCY_MATRIX,
  'PATCH /api/risk/sources/:id': { allow: RISK_WRITE, params: { id: 'riskSource' }, body: () => ({ location: '矩阵修改后的库区' }) },
  'GET /api/risk/sources/:id/history': { allow: 'all', params: { id: 'riskSource' } },
  'POST /api/risk/sources/:id/filings': { allow: RISK_WRITE, params: { id: 'riskSource' }, body: (f) => ({ filingNo: `东应急危备〔2026〕${f.unique()}号`, filedOn: '2026-02-01', authority: '东西湖区应急管理局' }), ok: [201] },

  // ---------- inspection (执法检查): records by the enterprise's scope; draws by department (published ones public); 四不两直 in its own test ----------
  'GET /api/inspection/targets': { allow: 'all' },
  'PUT /api/inspection/targets/:enterpriseId/class': { allow: ['admin', 'office', 'department'], params: { enterpriseId: 'enterprise' }, body: () => ({ targetClass: 'B', reason: '矩阵测试调整分类' }) },
  'GET /api/inspection/inspectors': { allow: 'all' },
  'PUT /api/inspection/inspectors/:userId': { allow: ['admin', 'office', 'department'], params: { userId: 'inspectorUser' }, body: () => ({ certNo: '鄂执矩阵0001', certExpiry: hazardDates().later }) },
  'POST /api/inspection/inspectors/:userId/conflicts': {
    allow: ['admin', 'office', 'department'],
    params: { userId: 'inspectorUser' },
    body: (f, role) => ({ enterpriseId: role === 'office' ? f.ids.entStreetOwn : role === 'department' ? f.ids.inspConflictEntHousing : f.ids.entConstruction, kind: 'relative', note: '矩阵登记' }),
    ok: [201],
  },
  'DELETE /api/inspection/inspectors/:userId/conflicts/:conflictId': { allow: ['admin', 'office', 'department'], params: { userId: 'inspectorUser', conflictId: 'inspConflict' } },
  'GET /api/inspection/draws': { allow: 'all' },
  'POST /api/inspection/draws': { allow: ['office', 'department'], body: (f, role) => ({ name: '矩阵新建抽取', count: 1, ...(role === 'office' ? { unitId: f.ids.inspUnitEmergency } : {}) }), ok: [201] },
  'GET /api/inspection/draws/:id': { allow: 'all', params: { id: 'inspDraw' } },
  'POST /api/inspection/draws/:id/execute': { allow: ['office', 'department'], params: { id: 'inspDrawExecute' } },
  'GET /api/inspection/draws/:id/verify': { allow: 'all', params: { id: 'inspDraw' } },
  'GET /public/api/inspections': { allow: 'public' },
  'GET /api/inspection/inspections': { allow: 'all' },
  'POST /api/inspection/inspections': {
    allow: ['department', 'inspector'],
    body: (f, role) =>
      role === 'inspector'
        ? { enterpriseId: f.ids.entOwnEnterprise, checklistVersionId: f.ids.inspVersionHazchem, team: [f.ids['inspTeam:jiancha3']] }
        : { enterpriseId: f.ids.entConstruction, checklistVersionId: f.ids.inspVersionConstruction, team: [f.ids.inspUserHousing, f.ids['inspTeam:zhujian2']] },
    otherBody: (f, role) => ({ enterpriseId: role === 'inspector' ? f.ids.entConstruction : f.ids.entHazchemOther, checklistVersionId: f.ids.inspVersionHazchem, team: [f.ids.inspUserHousing] }),
    ok: [201],
  },
  'GET /api/inspection/inspections/:id': { allow: 'all', params: { id: 'inspection' } },
  // Only the team starts, photographs and submits: 区住建局's own user is no team member (its in-scope calls are left out).
  'POST /api/inspection/inspections/:id/start': { allow: ['department', 'inspector'], params: { id: 'inspPlanned' }, okRoles: ['inspector'] },
  'POST /api/inspection/inspections/:id/photos': { allow: ['department', 'inspector'], params: { id: 'inspStarted' }, upload: () => upload('现场.png', matrixPng), ok: [201], okRoles: ['inspector'] },
  'POST /api/inspection/inspections/:id/submit': {
    allow: ['department', 'inspector'],
    params: { id: 'inspSubmit' },
    body: (f) => ({ clientKey: `matrix-submit-${f.unique()}`, answers: [{ itemId: f.ids.inspItem, result: 'pass' }], locationNote: '矩阵现场', signerName: '矩阵签字人', signature: INSP_SIGNATURE }),
    okRoles: ['inspector'],
  },
  'GET /api/inspection/inspections/:id/record.docx': { allow: 'all', params: { id: 'inspection' } },
  'GET /api/inspection/cases': { allow: 'all' },
  'POST /api/inspection/cases': {
    allow: ['department', 'inspector'],
    body: (f, role) => ({ enterpriseId: role === 'inspector' ? f.ids.entOwnEnterprise : f.ids.entConstruction, source: 'inspection', summary: '矩阵立案：未落实安全生产责任制' }),
    otherBody: (f, role) => ({ enterpriseId: role === 'inspector' ? f.ids.entConstruction : f.ids.entHazchemOther, source: 'inspection', summary: '越权立案' }),
    ok: [201],
  },
  'GET /api/inspection/cases/:id': { allow: 'all', params: { id: 'inspCase' } },
  'POST /api/inspection/cases/:id/steps': { allow: ['department', 'inspector'], params: { id: 'inspCase' }, body: () => ({ step: 'investigate', note: '矩阵调查取证' }) },
  'POST /api/inspection/cases/:id/legal-review': { allow: ['office', 'department'], params: { id: 'inspReview' }, body: () => ({ passed: false, opinion: '证据不足，退回补充调查' }) },
  'POST /api/inspection/cases/:id/documents': { allow: ['department', 'inspector'], params: { id: 'inspCase' }, body: () => ({ kind: 'filing_approval' }), ok: [201] },
  'GET /api/inspection/documents/:id/file.docx': { allow: 'all', params: { id: 'inspDocument' } },
  'GET /api/inspection/discretion': { allow: 'all' },
  'GET /api/inspection/stats': { allow: ['admin', 'office', 'department', 'inspector'] },
  'GET /api/inspection/stats/export.xlsx': { allow: ['admin', 'office', 'department', 'inspector'] },
  // 执法计划: read by the statistics roles (a department and its inspectors their own unit's); derived, edited and submitted by the department; reviewed by the office.
  'GET /api/inspection/plans': { allow: ['admin', 'office', 'department', 'inspector'] },
  'POST /api/inspection/plans': { allow: ['department'], body: () => ({ year: nextPlanYear++ }), ok: [201] },
  'GET /api/inspection/plans/:id': { allow: ['admin', 'office', 'department', 'inspector'], params: { id: 'inspPlan' } },
  'PUT /api/inspection/plans/:id': {
    allow: ['department'],
    params: { id: 'inspPlanEdit' },
    body: () => ({ months: Array.from({ length: 12 }, () => ({ scheduled: 60, random: 60, note: '矩阵调整月度安排' })) }),
  },
  'POST /api/inspection/plans/:id/submit': { allow: ['department'], params: { id: 'inspPlanSubmit' } },
  'POST /api/inspection/plans/:id/review': { allow: ['office'], params: { id: 'inspPlanReview' }, body: () => ({ accepted: true, opinion: '矩阵审定同意' }) },
  // 失信: the list by the enterprise's scope; listed and reviewed by the office and departments; 信用修复 applied for by the enterprise too.
  'GET /api/inspection/dishonest': { allow: 'all' },
  'POST /api/inspection/dishonest': {
    allow: ['office', 'department'],
    body: (f, role) => ({ enterpriseId: role === 'office' ? f.ids.inspCreditEntOffice : f.ids.inspConflictEntHousing, reason: '矩阵列入：拒不执行监管指令', basis: '管理办法第六条', startsOn: hazardDates().today, endsOn: hazardDates().later }),
    otherBody: (f, role) => role === 'office' ? undefined : ({ enterpriseId: f.ids.entHazchemOther, reason: '越权列入失信名单', basis: '管理办法第六条', startsOn: hazardDates().today, endsOn: hazardDates().later }),
    ok: [201],
  },
  'POST /api/inspection/dishonest/:id/repair': { allow: ['office', 'department', 'enterprise'], params: { id: 'inspDishonest' }, body: () => ({ reason: '矩阵申请：已完成整改' }) },
  'POST /api/inspection/dishonest/:id/repair-review': { allow: ['office', 'department'], params: { id: 'inspDishonestReview' }, body: () => ({ approved: true, opinion: '矩阵审核同意' }) },
  'GET /public/api/enforcement': { allow: 'public' },
  'POST /api/risk/sources/:id/filings/upload': {
    allow: RISK_WRITE,
    params: { id: 'riskSource' },
    upload: (f) => upload('备案回执.png', matrixPng, { filingNo: `东应急危备〔2026〕${f.unique()}号`, filedOn: '2026-02-01', authority: '东西湖区应急管理局' }),
    ok: [201],
  },
  // ---------- 预案与演练 ----------
  ...PLANS_MATRIX,
};

/**
 * Files of the modules' records: GET /api/files/:id must answer 200 to whoever sees the record (own)
 * and 404 to whoever does not (other), whatever the file's uploader. Resolvers in resources.ts.
 */
export const FILE_KINDS: { kind: ResourceKind; what: string }[] = [
  { kind: 'hazardFile', what: '隐患照片（by the hazard\'s enterprise scope）' },
  { kind: 'riskFilingFile', what: '重大危险源备案附件（by the source\'s enterprise scope）' },
  { kind: 'selfPhoto', what: '企业自查照片（by the run\'s enterprise scope）' },
  { kind: 'campaignFile', what: '月报附件（the filing unit, the item\'s lead unit, the office）' },
  { kind: 'inspSignature', what: '现场检查企业签字（by the inspection\'s enterprise scope and 四不两直 visibility）' },
];

function emptyMultipart() {
  const boundary = '----anzhimatrix';
  return {
    payload: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nx\r\n--${boundary}--\r\n`),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
