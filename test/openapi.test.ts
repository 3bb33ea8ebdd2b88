import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import openapiTS, { astToString } from 'openapi-typescript';
import { testApp, type TestApp } from './helpers';

/**
 * The OpenAPI document is a usable contract: every operation declares its parameters, its request
 * body (JSON, multipart with its file fields, or form-encoded), every success response (a JSON
 * schema, or a file with its media type) and the one error schema, in Chinese; every route comes
 * from a contract table; and a client generated from /api/openapi.json type-checks.
 */
type Op = {
  operationId?: string;
  summary?: string;
  tags?: string[];
  parameters?: { in: string; name: string; schema?: unknown; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Record<string, unknown> }> }>;
};

const CJK = /[\u4e00-\u9fa5]/;
const WRITES = new Set(['post', 'put', 'patch']);

let t: TestApp;
let doc: { paths: Record<string, Record<string, Op>>; tags: { name: string }[] };
beforeAll(async () => {
  t = await testApp();
  doc = (await t.anonymous().get('/api/openapi.json')).json();
});
afterAll(async () => t?.close());

function operations(tag?: string): { method: string; path: string; op: Op }[] {
  const out: { method: string; path: string; op: Op }[] = [];
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!tag || op.tags?.includes(tag)) out.push({ method, path: p, op });
    }
  }
  return out;
}

/** Everything wrong with one operation, in words. */
function problems(method: string, p: string, op: Op): string[] {
  const bad: string[] = [];
  if (!op.summary || !CJK.test(op.summary)) bad.push('summary 不是中文');
  if (op.tags?.length !== 1) bad.push('应有且仅有一个 tag');
  if (!op.operationId) bad.push('缺少 operationId（不是由契约表注册的路由）');
  for (const name of [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1])) {
    if (!op.parameters?.some((x) => x.in === 'path' && x.name === name && x.schema)) bad.push(`路径参数 ${name} 未声明`);
  }
  if (WRITES.has(method)) {
    const content = op.requestBody?.content ?? {};
    const types = Object.keys(content);
    if (!types.length) bad.push('写操作未声明请求体');
    for (const ct of types) {
      const schema = content[ct].schema ?? {};
      if (ct === 'multipart/form-data') {
        const props = Object.values((schema.properties ?? {}) as Record<string, { format?: string; items?: { format?: string } }>);
        if (!props.some((x) => x.format === 'binary' || x.items?.format === 'binary')) bad.push('multipart 请求体未声明文件字段');
      } else if (!['application/json', 'application/x-www-form-urlencoded'].includes(ct)) bad.push(`请求体类型 ${ct} 不明`);
      else if (!schema.type && !schema.anyOf && !schema.$ref) bad.push(`请求体 ${ct} 没有 schema`);
    }
  }
  const responses = op.responses ?? {};
  const success = Object.keys(responses).filter((c) => /^[23]\d\d$/.test(c));
  if (!success.length) bad.push('未声明成功响应');
  for (const code of success) {
    const r = responses[code];
    if (!r.description || !CJK.test(r.description) || r.description === 'Default Response') bad.push(`响应 ${code} 缺少中文说明`);
    if (code === '204' || code === '302') continue;
    const content = r.content ?? {};
    if (!Object.keys(content).length) bad.push(`响应 ${code} 没有内容类型`);
    for (const [ct, c] of Object.entries(content)) {
      const s = c.schema ?? {};
      if (ct === 'application/json' || ct.endsWith('+json') || ct.includes('xml')) {
        if (!s.type && !s.anyOf && !s.oneOf && !s.$ref && !s.allOf) bad.push(`响应 ${code} ${ct} 没有 schema`);
      } else if (s.format !== 'binary') bad.push(`文件响应 ${code} ${ct} 应为 binary`);
    }
  }
  for (const code of ['400', '404']) {
    const props = (responses[code]?.content?.['application/json']?.schema?.properties ?? {}) as Record<string, unknown>;
    if (!props.code || !props.message) bad.push(`错误响应 ${code} 未使用统一错误结构`);
  }
  return bad.map((b) => `${method.toUpperCase()} ${p}：${b}`);
}

describe('OpenAPI document', () => {
  it('has operations for every module and every route from a contract table', () => {
    const missing = t.routes.filter((r) => !r.contract).map((r) => `${r.method} ${r.url}（${r.tag}）`);
    expect(missing, '这些路由不是由契约表（shared/contracts/*.api.ts）注册的').toEqual([]);
    expect(operations().length).toBeGreaterThan(150);
  });

  // One test per module, so a module's gaps are listed under its name.
  const tags = ['system', 'auth', 'users', 'audit', 'files', 'notifications', 'org', 'plan', 'hazard', 'checklist', 'risk', 'campaign', 'inspection', 'emergency', 'report', 'monitoring'];
  it.each(tags)('every %s operation declares parameters, body, responses and errors', (tag) => {
    if (!doc.tags.some((x) => x.name === tag)) return; // module not registered (yet)
    const ops = operations(tag);
    expect(ops.length, `${tag} 没有任何接口`).toBeGreaterThan(0);
    const bad = ops.flatMap(({ method, path: p, op }) => problems(method, p, op));
    expect(bad).toEqual([]);
  });

  it('a client generated from /api/openapi.json (openapi-typescript) type-checks', async () => {
    const dir = path.resolve('.tmp', `openapi-client-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const ast = await openapiTS(doc as never);
    writeFileSync(path.join(dir, 'schema.d.ts'), astToString(ast));
    writeFileSync(
      path.join(dir, 'client.ts'),
      `import createClient from 'openapi-fetch';
import type { paths } from './schema';
const client = createClient<paths>({ baseUrl: 'http://localhost:3000' });
export async function sample() {
  const list = await client.GET('/api/hazards', { params: { query: { page: 1, pageSize: 20, status: 'open' } } });
  const first: string | undefined = list.data?.items[0]?.code;
  const h = await client.GET('/api/hazards/{id}', { params: { path: { id: '00000000-0000-0000-0000-000000000000' } } });
  const steps: string[] | undefined = h.data?.allowedSteps;
  const err: string | undefined = h.error?.message;
  const created = await client.POST('/api/hazards', { body: { enterpriseId: 'x', source: 'self_check', place: '罐区', category: '设备设施', description: '阀门泄漏' } });
  const code: string | undefined = created.data?.code;
  return { first, steps, err, code };
}
`,
    );
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022', skipLibCheck: true, lib: ['es2022', 'dom'], types: [], typeRoots: [path.resolve('node_modules/@types')], baseUrl: '.', paths: { 'openapi-fetch': [path.resolve('node_modules/openapi-fetch')] } }, include: ['*.ts'] }),
    );
    const r = spawnSync(process.execPath, [path.resolve('node_modules/typescript/bin/tsc'), '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
});
