import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { classifyDbError, type DbHealth } from '../db';
import { AppError, STATUS_BY_CODE, databaseUnavailable, storageFailure, validationError, zodFieldIssues } from './errors';

const PART_LABEL: Record<string, string> = { body: '', querystring: '查询参数', params: '路径参数', headers: '请求头' };

/** zod validation for routes, with Chinese field messages and the field path (body fields bare, others prefixed). */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data: unknown) => {
    // Fastify hands a missing body over as null: an optional body (NoBody) may be left out.
    const r = schema.safeParse(httpPart === 'body' && data === null ? undefined : data);
    if (r.success) return { value: r.data };
    const prefix = PART_LABEL[httpPart ?? 'body'] ?? '';
    return { error: validationError(zodFieldIssues(r.error, prefix)) };
  };

/** Reject strings PostgreSQL cannot store (NUL) at the edge, as a 400 naming the field. */
export function findNulPath(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '(请求体)' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findNulPath(value[i], [...path, String(i)]);
      if (p) return p;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return [...path, k].join('.');
      const p = findNulPath(v, [...path, k]);
      if (p) return p;
    }
  }
  return undefined;
}

export function installJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      return done(new AppError('BAD_REQUEST', `请求体不是有效的 JSON：${(e as Error).message}`), undefined);
    }
    const nul = findNulPath(parsed);
    if (nul) return done(new AppError('VALIDATION', `${nul}：不能包含空字符（\\u0000）`, [{ path: nul, message: '不能包含空字符（\\u0000）' }]), undefined);
    done(null, parsed);
  });
  // The same for the query string and path parameters (%00), before anything reaches the database.
  app.addHook('onRequest', async (req) => {
    for (const [part, label] of [
      [req.query, '查询参数'],
      [req.params, '路径参数'],
    ] as const) {
      const nul = findNulPath(part);
      if (nul) throw new AppError('VALIDATION', `${label}.${nul}：不能包含空字符（\\u0000）`, [{ path: `${label}.${nul}`, message: '不能包含空字符（\\u0000）' }]);
    }
  });
}

/** Request ids: a caller's X-Request-Id when sane, else a new UUID; echoed in the response. */
export function genReqId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const h = req.headers['x-request-id'];
  const v = Array.isArray(h) ? h[0] : h;
  return v && /^[A-Za-z0-9._:-]{8,64}$/.test(v) ? v : randomUUID();
}

const FASTIFY_CODE_MESSAGES: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, '不支持的内容类型（Content-Type）'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, '请求体过大'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, '请求体为空，应为 JSON'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'Content-Length 与实际长度不符'],
  FST_ERR_CTP_EMPTY_TYPE: [415, '缺少内容类型（Content-Type）'],
  FST_ERR_CTP_INVALID_TYPE: [415, '内容类型无效'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, '请求体不是有效的 JSON'],
  FST_ERR_BAD_URL: [400, '网址无效'],
  FST_ERR_ASYNC_CONSTRAINT: [400, '请求无效'],
  FST_REQ_FILE_TOO_LARGE: [413, '上传文件过大'],
  FST_FILES_LIMIT: [413, '上传文件数量过多'],
  FST_PARTS_LIMIT: [413, '表单字段过多'],
  FST_FIELDS_LIMIT: [413, '表单字段过多'],
  FST_PROTO_VIOLATION: [400, '请求包含不允许的字段'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, '应为 multipart/form-data 上传'],
  FST_ERR_VALIDATION: [400, '输入有误'],
};

/** PostgreSQL errors that are the caller's fault, as a safety net behind service validation. */
function pgErrorToApp(err: { code?: string; message?: string; detail?: string; constraint?: string }): AppError | undefined {
  const code = err.code;
  if (!code || typeof code !== 'string' || code.length !== 5) return undefined;
  if (code === '23505') return new AppError('CONFLICT', '记录已存在（唯一性冲突）', { constraint: err.constraint });
  if (code === '23503') return new AppError('CONFLICT', '关联的记录不存在或仍被引用', { constraint: err.constraint });
  if (code === '23514') return new AppError('VALIDATION', '取值不符合约束', { constraint: err.constraint });
  if (code === '23502') return new AppError('VALIDATION', '缺少必填字段');
  if (code === '40001' || code === '40P01') return new AppError('CONFLICT', '并发冲突，请重试');
  if (code === '55P03') return new AppError('CONFLICT', '记录正被他人修改，请稍后重试');
  if (code.startsWith('22')) return new AppError('VALIDATION', '输入的数据格式或范围无效');
  return undefined;
}

export function errorBody(err: AppError, requestId: string) {
  return { code: err.code, message: err.message, details: err.details, requestId };
}

/** Paths that answer without the database: liveness, readiness (answers 503 itself), the API description. */
const WITHOUT_DATABASE = new Set(['/api/health', '/api/health/ready', '/api/openapi.json']);

/** Whether a request needs the database (API, public API and Open311; not the static UI, docs, metrics or health). */
export function needsDatabase(url: string): boolean {
  const p = url.split('?')[0];
  if (WITHOUT_DATABASE.has(p) || p === '/api/docs' || p.startsWith('/api/docs/')) return false;
  return p.startsWith('/api/') || p.startsWith('/open311/') || p.startsWith('/public/api/');
}

/**
 * The circuit breaker at the edge: while the database is known to be unreachable (DbHealth), a
 * request that needs it is answered 503 with Retry-After at once, before authentication reads the
 * session — not after the driver's timeouts. Install before anything that queries in onRequest.
 */
export function installDatabaseGuard(app: FastifyInstance, health: DbHealth): void {
  app.addHook('onRequest', async (req) => {
    if (!health.available && needsDatabase(req.url)) throw databaseUnavailable(health.retryAfterSeconds());
  });
}

/** The database's failures (connection lost, disk full) as the one error type; undefined for anything else. */
function databaseFailureToApp(err: unknown, health: DbHealth | undefined): AppError | undefined {
  const kind = health ? health.report(err) : classifyDbError(err);
  if (kind === 'unavailable') return databaseUnavailable(health?.retryAfterSeconds() ?? 2);
  if (kind === 'storage') return storageFailure();
  return undefined;
}

export function installErrorHandling(app: FastifyInstance, opts: { health?: DbHealth } = {}): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) => {
    let appErr: AppError | undefined;
    if (error instanceof AppError) appErr = error;
    else {
      const e = error as FastifyError & { code?: string; statusCode?: number };
      const mapped = e.code ? FASTIFY_CODE_MESSAGES[e.code] : undefined;
      if (mapped) {
        const [status, msg] = mapped;
        const code = (Object.entries(STATUS_BY_CODE).find(([, s]) => s === status)?.[0] ?? 'BAD_REQUEST') as AppError['code'];
        appErr = new AppError(code, msg);
      } else if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
        const code = e.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : e.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : e.statusCode === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
        appErr = new AppError(code, e.statusCode === 413 ? '请求体过大' : `请求无效：${e.message}`);
      } else {
        // Drizzle wraps the driver's error (DrizzleQueryError): the PostgreSQL code is on its cause.
        appErr =
          databaseFailureToApp(e, opts.health) ?? pgErrorToApp(e as never) ?? pgErrorToApp(((e as { cause?: unknown }).cause ?? {}) as never);
      }
    }
    if (!appErr) {
      req.log.error({ err: error }, 'unhandled error');
      return reply.status(500).send({ code: 'INTERNAL', message: `服务器内部错误，请联系管理员并提供请求编号 ${req.id}`, requestId: req.id });
    }
    if (appErr.code === 'UNAVAILABLE') {
      const retry = (appErr.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 2;
      reply.header('Retry-After', String(retry));
      // The breaker's refusals are expected during an outage; the failures that opened it are warned.
      if (error === appErr) req.log.debug({ code: appErr.code }, 'request refused: database unavailable');
      else req.log.warn({ err: { message: (error as Error).message, code: (error as { code?: unknown }).code } }, '数据库不可用，请求未执行');
    } else if (appErr.status >= 500) req.log.error({ err: error }, appErr.message);
    else req.log.info({ code: appErr.code, msg: appErr.message }, 'request refused');
    return reply.status(appErr.status).send(errorBody(appErr, req.id));
  });
}

/** Answers longer than this (characters of JSON) are sent as bytes encoded once (installLargeAnswerEncoding). */
export const ENCODE_ANSWERS_OVER_CHARS = 48 * 1024;

/**
 * Large JSON answers (a monthly report's form of 240 items is ~115,000 characters) are encoded to
 * UTF-8 once, here, and written as bytes. Left as a string, Node encodes it twice: Content-Length
 * counts its bytes (flattening the serializer's rope into a string of two bytes a character, over
 * V8's 128 KB large-object threshold), then the socket write encodes it again into a buffer sized
 * for the worst case (three bytes a character). Measured on the report draft save under load
 * (10 connections): 1.5 + 1.6 ms per answer as a string, 1.4 + 0.2 ms as bytes; 96 → 123 saves/s.
 */
export function installLargeAnswerEncoding(app: FastifyInstance): void {
  app.addHook('onSend', (_req, _reply, payload, done) => {
    done(null, typeof payload === 'string' && payload.length > ENCODE_ANSWERS_OVER_CHARS ? Buffer.from(payload, 'utf8') : payload);
  });
}

/** Security headers on every response (CSP, no framing, HSTS on TLS). */
export function installSecurityHeaders(app: FastifyInstance, opts: { docsPrefix: string }): void {
  app.addHook('onSend', async (req, reply, payload) => {
    const isDocs = req.url.startsWith(opts.docsPrefix);
    reply.header(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        // Ant Design and ECharts set inline styles; scripts stay 'self' only (docs UI needs its inline bootstrap).
        isDocs ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
    reply.header('X-Frame-Options', 'DENY');
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Cross-Origin-Resource-Policy', 'same-origin');
    reply.header('Permissions-Policy', 'camera=(self), geolocation=(self), microphone=()');
    reply.header('X-Request-Id', req.id);
    if (req.protocol === 'https') reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (req.url.startsWith('/api/') && !reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    return payload;
  });
}

/**
 * Shutdown does not wait for sockets that never sent a request. `forceCloseConnections: 'idle'`
 * closes keep-alive sockets between requests, but Node does not count a socket that has not sent
 * its first request as idle (a browser's preconnect, a half-open probe): close() waited for it until
 * the headers timeout (measured: 70 s in a test, over 2 minutes without one), past main's 25 s
 * limit, which then exits without closing the database and the monitoring journal. Such sockets
 * are destroyed when the server closes, and the sockets of requests in flight once answered.
 */
export function installUnusedSocketClose(app: FastifyInstance): void {
  // Per connection, not per request: a socket that has read nothing has sent no request.
  const sockets = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  app.addHook('preClose', async () => {
    for (const socket of sockets) if (socket.bytesRead === 0) socket.destroy();
    // A keep-alive socket whose request was in flight at close becomes idle only when answered:
    // Node closed the idle ones once, and Fastify keeps sockets 72 s: close them as they go idle.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    sweep.unref();
    app.server.once('close', () => clearInterval(sweep));
  });
}
