import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { RequestContext } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import { AppError, STATUS_BY_CODE } from '../../platform/errors';
import { sm3 } from '../../platform/crypto';
import { Phone } from '../../../shared/contracts/common';
import type { O311PostForm, O311Request, O311RequestsQuery } from '../../../shared/contracts/report.open311';
import { categoryOf, REPORT_CATEGORIES, REPORT_STATUS_LABELS, type ReportStatus } from '../../../shared/report/categories';
import { slaText } from '../../../shared/report/workdays';
import * as repo from './report.repo';
import { checkRateLimits, clientHashes, createReportInTx, trackingHash } from './report.service';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2/) over 12350 reports. Categories are
 * its services. Writes need an api_key issued by the 安委办. Public reads carry no reporter data
 * and, to protect reporters, no free-text description, only the street as address and the position
 * rounded to ~100 m; the reply text stays on the reporter's own tracking page.
 */

export const JURISDICTION_ID = '420112';
const MAX_RESULTS = 1000;
const DEFAULT_DAYS = 90;

/** Open311 errors: the spec's list of { code, description }, in the request's format. */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** ISO 8601 with the China offset (the spec wants an explicit zone). */
export function iso8(d: Date): string {
  return `${new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

function checkJurisdiction(j: string | undefined) {
  if (j !== undefined && j !== '' && j !== JURISDICTION_ID) throw new Open311Error(404, `jurisdiction_id not found: 本系统的管辖区为 ${JURISDICTION_ID}（武汉市东西湖区）`);
}

export function discovery(baseUrl: string) {
  return {
    changeset: '2026-12-01T00:00:00+08:00',
    contact: '东西湖区安全生产委员会办公室 · 12350',
    key_service: '合作应用密钥（api_key）由区安委办发放',
    endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${baseUrl}/open311/v2`, changeset: '2026-12-01T00:00:00+08:00', type: 'production', formats: ['text/xml', 'application/json'] }],
  };
}

export function services(q: { jurisdiction_id?: string }) {
  checkJurisdiction(q.jurisdiction_id);
  return REPORT_CATEGORIES.map((c) => ({ service_code: c.code, service_name: c.name, description: c.description, metadata: true, type: 'batch' as const, keywords: c.keywords.join(','), group: c.group }));
}

export function serviceDefinition(code: string, q: { jurisdiction_id?: string }) {
  checkJurisdiction(q.jurisdiction_id);
  if (!categoryOf(code)) throw new Open311Error(404, `service_code not found: ${code}`);
  return {
    service_code: code,
    attributes: [
      { variable: true, code: 'enterprise_name', datatype: 'string' as const, required: false, datatype_description: '被举报单位名称（如知道）', order: 1, description: '被举报单位名称' },
      {
        variable: true,
        code: 'ongoing',
        datatype: 'singlevaluelist' as const,
        required: false,
        datatype_description: '违法行为或隐患是否仍在持续',
        order: 2,
        description: '是否仍在持续',
        values: [
          { key: 'yes', name: '仍在持续' },
          { key: 'no', name: '已停止' },
        ],
      },
    ],
  };
}

function num(v: string | undefined, field: string, min: number, max: number): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new Open311Error(400, `${field} is invalid: ${field} 应为 ${min} 至 ${max} 之间的数字`);
  return n;
}

export async function postRequest(deps: AppDeps, ctx: RequestContext, f: O311PostForm) {
  checkJurisdiction(f.jurisdiction_id);
  if (!f.api_key) throw new Open311Error(403, 'api_key was not provided: 提交须使用区安委办发放的 api_key');
  const key = await repo.findApiKeyByHash(deps.db, sm3(`report-api-key:${f.api_key}`));
  if (!key || key.revokedAt) throw new Open311Error(403, 'api_key is invalid: api_key 无效或已吊销');
  if (!f.service_code) throw new Open311Error(400, 'service_code was not provided: 缺少 service_code');
  if (!categoryOf(f.service_code)) throw new Open311Error(404, `service_code not found: ${f.service_code}`);
  const lat = num(f.lat, 'lat', -90, 90);
  const lng = num(f.long, 'long', -180, 180);
  if ((lat === undefined) !== (lng === undefined)) throw new Open311Error(400, 'lat and long must both be provided: 经纬度须同时提供');
  const address = f.address_string?.trim() || (f.address_id ? `地址编号 ${f.address_id}` : undefined);
  if (lat === undefined && !address) throw new Open311Error(400, 'location is required: 须提供 lat+long、address_string 或 address_id');
  const description = (f.description ?? '').trim();
  if (description.length < 10) throw new Open311Error(400, 'description is required: 举报内容至少 10 个字');
  const name = [f.last_name, f.first_name].filter((x) => x && x.trim()).join('').trim() || undefined;
  let phone: string | undefined;
  if (f.phone && f.phone.trim()) {
    const p = Phone.safeParse(f.phone);
    if (!p.success) throw new Open311Error(400, 'phone is invalid: 电话号码格式不正确');
    phone = p.data;
  }
  if (f.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(f.email)) throw new Open311Error(400, 'email is invalid: 邮箱格式不正确');
  let mediaUrl: string | undefined;
  if (f.media_url && f.media_url.trim()) {
    let u: URL | undefined;
    try {
      u = new URL(f.media_url.trim());
    } catch {
      u = undefined;
    }
    if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:')) throw new Open311Error(400, 'media_url is invalid: 媒体链接应为 http 或 https 地址');
    mediaUrl = u.toString();
  }
  if (f.device_id && !/^[A-Za-z0-9_.:-]{1,64}$/.test(f.device_id)) throw new Open311Error(400, 'device_id is invalid: 设备标识格式不正确');
  const attr = f.attribute ?? {};
  const enterpriseName = typeof attr.enterprise_name === 'string' ? attr.enterprise_name.slice(0, 100) : undefined;
  const ongoing = attr.ongoing === 'yes' ? '（仍在持续）' : attr.ongoing === 'no' ? '（已停止）' : '';
  const hashes = await clientHashes(deps.db, ctx.ip, f.device_id ? `o311:${key.id}:${f.device_id}` : undefined);
  try {
    await checkRateLimits(deps, hashes);
  } catch (e) {
    throw new Open311Error(429, `rate limit exceeded: ${(e as Error).message}`);
  }
  const r = await deps.db.transaction(async (tx) => {
    await repo.touchApiKey(tx, key.id, deps.clock.now());
    return createReportInTx(deps, tx, ctx, { category: f.service_code!, description: description + ongoing, address, lat, lng, enterpriseName, name, phone, email: f.email || undefined, channel: 'open311', partnerKeyId: key.id, mediaUrl }, [], hashes);
  });
  const notice = `已受理登记，将在${slaText(r.sla)}${mediaUrl ? '；媒体链接已记录，供办理人员查看' : ''}`;
  return [{ service_request_id: r.row.caseNo, token: r.code, service_notice: notice, account_id: f.account_id ?? null }];
}

function parseDate(v: string | undefined, field: string): Date | undefined {
  if (!v) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) throw new Open311Error(400, `${field} is invalid: 应为 ISO 8601 时间，如 2026-12-01T00:00:00+08:00`);
  const d = new Date(/T/.test(v) && !/(Z|[+-]\d{2}:?\d{2})$/.test(v) ? `${v}+08:00` : /T/.test(v) ? v : `${v}T00:00:00+08:00`);
  if (Number.isNaN(d.getTime())) throw new Open311Error(400, `${field} is invalid`);
  return d;
}

const round3 = (n: number | null) => (n === null ? null : Math.round(n * 1000) / 1000);

function present(r: Awaited<ReturnType<typeof repo.openReports>>[number]): O311Request {
  const closed = r.status === 'closed';
  return {
    service_request_id: r.caseNo,
    status: closed ? 'closed' : 'open',
    status_notes: REPORT_STATUS_LABELS[r.status as ReportStatus] ?? null,
    service_name: categoryOf(r.category)?.name ?? r.category,
    service_code: r.category,
    description: null,
    agency_responsible: r.departmentName,
    service_notice: null,
    requested_datetime: iso8(r.submittedAt),
    updated_datetime: iso8(r.updatedAt),
    expected_datetime: closed ? null : `${r.replyDueOn}T23:59:59+08:00`,
    address: r.streetName,
    address_id: null,
    zipcode: null,
    lat: round3(r.lat),
    long: round3(r.lng),
    // Not republished: a partner's photo may show who reported, and its position is not stripped here.
    media_url: null,
  };
}

export async function getRequests(deps: AppDeps, q: O311RequestsQuery) {
  checkJurisdiction(q.jurisdiction_id);
  if (q.service_request_id) {
    const ids = q.service_request_id.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean).slice(0, MAX_RESULTS);
    return (await repo.openReports(deps.db, { ids }, MAX_RESULTS)).map(present);
  }
  const end = parseDate(q.end_date, 'end_date');
  const start = parseDate(q.start_date, 'start_date');
  const to = end ?? (start ? new Date(start.getTime() + DEFAULT_DAYS * 86_400_000) : deps.clock.now());
  const from = start ?? new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
  if (to.getTime() - from.getTime() > DEFAULT_DAYS * 86_400_000 + 1000) throw new Open311Error(400, 'date range may not span more than 90 days: 查询时间范围不能超过 90 天');
  if (from > to) throw new Open311Error(400, 'start_date is after end_date: 开始时间晚于结束时间');
  const categories = q.service_code ? q.service_code.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  const statuses = q.status ? q.status.split(',').map((s) => s.trim()) : undefined;
  if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status is invalid: status 应为 open 或 closed');
  return (await repo.openReports(deps.db, { categories, from, to: new Date(to.getTime() + 1), statuses: statuses as ('open' | 'closed')[] | undefined }, MAX_RESULTS)).map(present);
}

export async function getRequest(deps: AppDeps, id: string, q: { jurisdiction_id?: string }) {
  checkJurisdiction(q.jurisdiction_id);
  const rows = await repo.openReports(deps.db, { ids: [id.toUpperCase()] }, 1);
  if (!rows.length) throw new Open311Error(404, `service_request_id not found: ${id}`);
  return rows.map(present);
}

export async function getToken(deps: AppDeps, token: string, q: { jurisdiction_id?: string }) {
  checkJurisdiction(q.jurisdiction_id);
  const r = /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/i.test(token) ? await repo.findByTrackingHash(deps.db, trackingHash(token)) : undefined;
  if (!r) throw new Open311Error(404, `token not found: ${token}`);
  return [{ service_request_id: r.caseNo, token: token.toUpperCase() }];
}

// ---------- XML ----------

const SINGULAR: Record<string, string> = { services: 'service', service_requests: 'request', attributes: 'attribute', values: 'value', errors: 'error', endpoints: 'endpoint', formats: 'format' };

function esc(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function node(name: string, v: unknown): string {
  if (v === null || v === undefined) return `<${name}/>`;
  if (Array.isArray(v)) return `<${name}>${v.map((x) => node(SINGULAR[name] ?? 'item', x)).join('')}</${name}>`;
  if (typeof v === 'object') return `<${name}>${Object.entries(v as Record<string, unknown>).map(([k, x]) => node(k, x)).join('')}</${name}>`;
  return `<${name}>${esc(String(v))}</${name}>`;
}

/** The spec's XML: a declaration and one root element (lists: their plural root). */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${node(root, value)}`;
}

/** Answer in the requested format (JSON via the contract's serializer, XML as text). */
export function answer<T>(reply: FastifyReply, format: 'json' | 'xml', root: string, value: T): T {
  if (format === 'xml') {
    reply.type('text/xml; charset=utf-8').send(toXml(root, value));
  }
  return value;
}

/** Errors of the /open311 routes in the spec's format. */
export function open311ErrorHandler(error: FastifyError | AppError | Open311Error | Error, req: FastifyRequest, reply: FastifyReply) {
  let status = 500;
  let description = '服务器内部错误';
  if (error instanceof Open311Error) ({ status, message: description } = error);
  else if (error instanceof AppError) {
    status = STATUS_BY_CODE[error.code];
    description = error.message;
  } else {
    const e = error as FastifyError;
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      status = e.statusCode;
      description = e.statusCode === 415 ? '不支持的内容类型：请以 application/x-www-form-urlencoded 提交' : e.statusCode === 413 ? '请求体过大' : '请求无效';
    } else req.log.error({ err: error }, 'open311 error');
  }
  const list = [{ code: status, description }];
  const xml = /\.xml(\?|$)/.test(req.url);
  reply.status(status);
  if (xml) return reply.type('text/xml; charset=utf-8').send(toXml('errors', list));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(list));
}
