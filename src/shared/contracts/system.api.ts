import { z } from 'zod';
import { defineApi } from './endpoint';

/**
 * The platform's own endpoints (tag system): liveness, readiness, system information, the
 * Prometheus metrics and the OpenAPI document. Liveness answers without touching the database;
 * readiness answers 503 (the one error body) while the database is unreachable or the first run's
 * demo data is being written.
 */
export const Liveness = z.object({ status: z.literal('ok').meta({ description: '进程存活' }) }).meta({ description: '存活检查结果' });
export type Liveness = z.infer<typeof Liveness>;

export const Readiness = z
  .object({
    status: z.literal('ready').meta({ description: '可以接收请求' }),
    database: z.enum(['pglite', 'postgres']).meta({ description: '数据库类型（嵌入式 PGlite 或 PostgreSQL）' }),
  })
  .meta({ description: '就绪检查结果' });
export type Readiness = z.infer<typeof Readiness>;

export const SystemInfo = z
  .object({
    version: z.string().meta({ description: '版本号' }),
    database: z.enum(['pglite', 'postgres']).meta({ description: '数据库类型' }),
    databaseAvailable: z.boolean().meta({ description: '数据库当前是否可用' }),
    node: z.string().meta({ description: 'Node.js 版本' }),
    uptimeSeconds: z.number().int().meta({ description: '进程已运行秒数' }),
  })
  .meta({ description: '系统信息' });
export type SystemInfo = z.infer<typeof SystemInfo>;

export const OpenApiDocument = z.record(z.string(), z.unknown()).meta({ description: 'OpenAPI 3.0 文档' });

export const systemApi = defineApi('system', {
  health: {
    method: 'GET',
    path: '/api/health',
    permission: null,
    summary: '存活检查（不访问数据库；进程在即为 200）',
    response: Liveness,
  },
  ready: {
    method: 'GET',
    path: '/api/health/ready',
    permission: null,
    summary: '就绪检查（数据库不可用或首次启动写入演示数据期间为 503）',
    description: '数据库无法连接时答 503（错误代码 UNAVAILABLE，说明中指明数据库）并带 Retry-After；首次启动在后台写入演示数据期间同样为 503。',
    response: Readiness,
  },
  info: {
    method: 'GET',
    path: '/api/system/info',
    permission: 'system.read',
    summary: '系统信息',
    response: SystemInfo,
  },
  metrics: {
    method: 'GET',
    path: '/metrics',
    permission: null,
    summary: 'Prometheus 监控指标（请求量与耗时、数据库可用性与错误数、进程指标）',
    response: { file: ['text/plain'], description: 'Prometheus 文本格式的监控指标' },
  },
  openapi: {
    method: 'GET',
    path: '/api/openapi.json',
    permission: null,
    summary: '本 API 的 OpenAPI 文档',
    response: OpenApiDocument,
  },
});
