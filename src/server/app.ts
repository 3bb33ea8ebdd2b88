import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './config';
import type { Database } from './db';
import { installAuth, authRoutes } from './platform/auth.routes';
import { startSessionRevocation, stopSessionCache } from './platform/auth';
import { FieldCipher } from './platform/crypto';
import type { AppDeps, AppModule } from './platform/deps';
import { EventBus } from './platform/events';
import { genReqId, installDatabaseGuard, installErrorHandling, installJsonParser, installLargeAnswerEncoding, installSecurityHeaders, installUnusedSocketClose, zodValidatorCompiler } from './platform/http';
import { installMetrics } from './platform/metrics';
import { auditRoutes, fileRoutes, userRoutes } from './platform/platform.routes';
import { MODULES } from './modules';
import { notificationRoutes } from './platform/notifications';
import { AppError, databaseUnavailable } from './platform/errors';
import { openapiTransform, openapiTransformObject, registerApi, schemaSerializerCompiler } from './platform/api';
import { systemApi } from '../shared/contracts/system.api';
import { systemClock, type Clock } from './platform/clock';

export interface BuildOptions {
  config: Config;
  database: Database;
  /** SM4 key (hex); resolved by main from config or DATA_DIR */
  secretKey: string;
  modules?: AppModule[];
  /** pino logger options; false in tests */
  logger?: FastifyServerOptions['logger'];
  /** the domain clock (default: the system's); tests pin it */
  clock?: Clock;
  /** check every answer against its response schema (tests) */
  validateResponses?: boolean;
}

export interface RouteInfo {
  method: string;
  url: string;
  tag: string;
  public: boolean;
  permission?: string;
  /** registered from a contract table (shared/contracts/*.api.ts) */
  contract: boolean;
}

export interface BuiltApp {
  app: FastifyInstance;
  deps: AppDeps;
  modules: AppModule[];
  /** every route with its tag, public flag and permission (authorization matrix test) */
  routes: RouteInfo[];
}

const PLATFORM_TAGS = [
  { name: 'auth', description: '登录、会话与密码' },
  { name: 'users', description: '用户与角色管理' },
  { name: 'audit', description: '审计日志（SM3 哈希链）' },
  { name: 'files', description: '附件' },
  { name: 'system', description: '健康检查与系统信息' },
  { name: 'notifications', description: '站内通知' },
];

/** Every platform plugin and every module's routes. Tests build the app with this and use app.inject(). */
export async function buildApp(opts: BuildOptions): Promise<BuiltApp> {
  const { config, database } = opts;
  const modules = opts.modules ?? MODULES;
  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel },
    genReqId,
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    // Requests in flight are finished on shutdown; idle keep-alive sockets are closed.
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200 },
  });
  const deps: AppDeps = {
    config,
    database,
    db: database.db,
    cipher: new FieldCipher(opts.secretKey),
    clock: opts.clock ?? systemClock,
    events: new EventBus(),
    log: app.log,
    status: { seeding: false },
  };

  installUnusedSocketClose(app);
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(schemaSerializerCompiler({ validate: !!opts.validateResponses }));
  installJsonParser(app);
  installLargeAnswerEncoding(app);
  installErrorHandling(app, { health: database.health });
  // While the database is unreachable, requests that need it are answered 503 before anything queries.
  installDatabaseGuard(app, database.health);
  const stopHealthLog = database.health.onChange((s) => {
    if (s.available) app.log.info('数据库已恢复，请求恢复处理');
    else app.log.error({ lastError: s.lastError }, '数据库无法连接：需要数据库的请求答 503，每秒探测一次直至恢复');
  });
  app.addHook('onClose', async () => void stopHealthLog());
  installSecurityHeaders(app, { docsPrefix: '/api/docs' });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: config.uploadMaxBytes, files: 10, fields: 50 } });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: '安治 Anzhi API', description: '区安委会安全生产工作平台 API。登录后变更类请求需携带 x-csrf-token 请求头。', version: '0.1.0' },
      tags: [...PLATFORM_TAGS, ...modules.map((m) => ({ name: m.name, description: m.description }))],
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'anzhi_sid' } } },
    },
    transform: openapiTransform as never,
    transformObject: openapiTransformObject as never,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'none', deepLinking: true } });

  const routes: RouteInfo[] = [];

  const metrics = installMetrics(app, { health: database.health });
  installAuth(app, deps);
  // Sessions are cached per instance; revocations arrive from the database (platform/auth.ts).
  const stopRevocation = await startSessionRevocation(deps);
  app.addHook('onClose', async () => {
    stopSessionCache(database);
    await stopRevocation();
  });

  // Each group registers in its own context whose routes all carry its OpenAPI tag.
  const group = async (tag: string, register: (a: FastifyInstance, d: AppDeps) => Promise<void> | void) =>
    app.register(async (scoped) => {
      scoped.addHook('onRoute', (r) => {
        const ep = r.config?.endpoint;
        if (ep && ep.tag !== tag) throw new Error(`${ep.tag}.${ep.name} registered by the ${tag} module`);
        r.schema = { ...(r.schema ?? {}), tags: [tag] };
        for (const m of Array.isArray(r.method) ? r.method : [r.method]) {
          if (m !== 'HEAD' && m !== 'OPTIONS') routes.push({ method: m, url: r.url, tag, public: !!r.config?.public, permission: r.config?.permission, contract: !!ep });
        }
      });
      await register(scoped, deps);
    });

  await group('system', (a) => {
    registerApi(a, systemApi, {
      // Liveness: the process answers; the database is not asked (an outage must not get it restarted).
      health: () => ({ status: 'ok' as const }),
      // Readiness: the database answers (a probe on a fresh connection) and the first run's seed is done.
      ready: async () => {
        if (!(await database.health.check())) {
          const e = databaseUnavailable(database.health.retryAfterSeconds());
          throw new AppError('UNAVAILABLE', `未就绪：数据库（${database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}）无法连接`, { ...(e.details as object), checks: { database: 'unavailable' } });
        }
        if (deps.status.seeding) throw new AppError('UNAVAILABLE', '未就绪：正在写入首次启动的演示数据，请稍候', { retryAfterSeconds: 5, checks: { database: 'ok', seed: 'running' } });
        return { status: 'ready' as const, database: database.kind };
      },
      info: () => ({
        version: '0.1.0',
        database: database.kind,
        databaseAvailable: database.health.available,
        node: process.version,
        uptimeSeconds: Math.round(process.uptime()),
      }),
      metrics: async () => ({ body: await metrics.metrics(), fileName: 'metrics.txt', mediaType: metrics.contentType, inline: true }),
      openapi: () => app.swagger() as unknown as Record<string, unknown>,
    });
  });
  await group('auth', authRoutes);
  await group('users', userRoutes);
  await group('audit', auditRoutes);
  await group('files', fileRoutes);
  await group('notifications', notificationRoutes);
  for (const m of modules) if (m.routes) await group(m.name, m.routes);

  // The web UI (built by `npm run build:web`), with SPA fallback for client-side routes.
  const webRoot = config.webDistDir;
  const hasWeb = existsSync(path.join(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false, index: false, maxAge: '1h' });
  }
  app.setNotFoundHandler(async (req, reply) => {
    const url = req.url.split('?')[0];
    if (req.method === 'GET' && !url.startsWith('/api/') && !url.startsWith('/open311/') && url !== '/metrics') {
      if (hasWeb) {
        const assetLike = /\.[a-z0-9]{2,5}$/i.test(url);
        if (!assetLike) return reply.header('Cache-Control', 'no-cache').sendFile('index.html', webRoot);
      } else if (url === '/') {
        return reply
          .type('text/html; charset=utf-8')
          .send('<!doctype html><meta charset="utf-8"><title>安治</title><p>界面尚未构建：请运行 <code>npm run build:web</code>（npm install 时会自动构建）。API 文档见 <a href="/api/docs">/api/docs</a>。</p>');
      }
    }
    throw new AppError('NOT_FOUND', `接口不存在：${req.method} ${url}`);
  });

  return { app, deps, modules, routes };
}
