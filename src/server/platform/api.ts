import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySerializerCompiler } from 'fastify';
import fastJsonStringify from 'fast-json-stringify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ErrorBody,
  isFileResponse,
  isForm,
  isMultipart,
  isRedirect,
  isZod,
  type BodyOut,
  type Endpoint,
  type EndpointDef,
  type FileResponse,
  type ParamsOut,
  type QueryOut,
  type RedirectResponse,
} from '../../shared/contracts/endpoint';
import type { RequestContext } from './access';
import { attachmentHeader } from './excel';

/**
 * Routes from contract tables (shared/contracts/<module>.api.ts). A handler receives the typed,
 * validated input and returns what the response schema declares; the answer is serialized by a
 * serializer compiled from that schema (fast-json-stringify: only declared fields leave the server).
 */

export interface HandlerInput<E extends EndpointDef> {
  params: ParamsOut<E>;
  query: QueryOut<E>;
  body: BodyOut<E>;
  ctx: RequestContext;
  /** the raw request: uploads (multipart), headers */
  req: FastifyRequest;
  reply: FastifyReply;
}

/** A file answer: body, the name offered to the browser and its media type. */
export interface FilePayload {
  body: Buffer | Readable | string;
  fileName: string;
  /** one of the endpoint's declared media types; the first when omitted */
  mediaType?: string;
  /** shown in the browser (images, PDF) rather than saved */
  inline?: boolean;
  /** Cache-Control (default: the API's no-store) */
  cacheControl?: string;
}

export type HandlerResult<E extends EndpointDef> = E['response'] extends z.ZodType
  ? z.input<E['response']>
  : E['response'] extends FileResponse
    ? FilePayload
    : E['response'] extends RedirectResponse
      ? string
      : never;

export type Handler<E extends EndpointDef> = (input: HandlerInput<E>) => Promise<HandlerResult<E>> | HandlerResult<E>;
export type Handlers<T extends Record<string, Endpoint>> = { [K in keyof T]: Handler<T[K]> };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** the contract entry the route was registered from */
    endpoint?: Endpoint;
  }
}

/** Register every endpoint of a contract table; `handlers` must cover each one (type-checked). */
export function registerApi<T extends Record<string, Endpoint>>(app: FastifyInstance, table: T, handlers: Handlers<T>): void {
  for (const [name, ep] of Object.entries(table) as [keyof T & string, Endpoint][]) {
    const handler = handlers[name] as unknown as Handler<EndpointDef>;
    if (typeof handler !== 'function') throw new Error(`${ep.tag}.${name}: no handler`);
    const status = ep.status ?? 200;
    app.route({
      method: ep.method,
      url: ep.path,
      config: { public: ep.permission === null, permission: ep.permission ?? undefined, endpoint: ep },
      schema: {
        summary: ep.summary,
        ...(ep.description ? { description: ep.description } : {}),
        ...(ep.params ? { params: ep.params } : {}),
        ...(ep.query ? { querystring: ep.query } : {}),
        ...(isZod(ep.body) ? { body: ep.body } : isForm(ep.body) ? { body: ep.body.form } : {}),
        ...(isZod(ep.response) && status !== 204 ? { response: { [status]: ep.response } } : {}),
      },
      handler: async (req, reply) => {
        const result = await handler({
          params: req.params as never,
          query: req.query as never,
          body: (isMultipart(ep.body) ? undefined : req.body) as never,
          ctx: req.ctx,
          req,
          reply,
        });
        if (reply.sent) return reply;
        if (isFileResponse(ep.response)) {
          const f = result as FilePayload;
          reply
            .code(status)
            .header('Content-Type', f.mediaType ?? ep.response.file[0])
            .header('Content-Disposition', attachmentHeader(f.fileName, f.inline));
          if (f.cacheControl) reply.header('Cache-Control', f.cacheControl);
          return reply.send(f.body);
        }
        if (isRedirect(ep.response)) return reply.redirect(result as string, 302);
        if (status === 204) return reply.code(204).send();
        reply.code(status);
        return result;
      },
    });
  }
}

// ---------- serialization ----------

/** JSON Schema (draft-07) of a zod response schema, as fast-json-stringify and OpenAPI read it. */
export function responseJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'any', reused: 'inline', cycles: 'ref' }) as Record<string, unknown>;
}

/**
 * The serializer's copy of a response schema: `anyOf [X, null]` (zod's `.nullable()`) becomes
 * `type: [X.type, 'null']`, which fast-json-stringify writes inline; with anyOf it would run a schema
 * validator on every nullable value it writes (the cost that made large payloads slower than
 * JSON.stringify). The OpenAPI document keeps the anyOf form (OpenAPI 3.0 has no type arrays).
 */
export function serializerJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(serializerJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema as Record<string, unknown>)) {
    out[k] =
      (k === 'properties' || k === 'definitions' || k === '$defs' || k === 'patternProperties') && v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([name, sub]) => [name, serializerJsonSchema(sub)]))
        : serializerJsonSchema(v);
  }
  const alts = out.anyOf as Record<string, unknown>[] | undefined;
  if (Array.isArray(alts) && alts.length === 2) {
    const nulls = alts.filter((a) => a?.type === 'null');
    const other = alts.find((a) => a?.type !== 'null');
    if (nulls.length === 1 && other && typeof other.type === 'string' && !other.anyOf && !other.oneOf && !other.allOf && !other.$ref) {
      delete out.anyOf;
      return { ...out, ...other, type: [other.type, 'null'] };
    }
  }
  return out;
}

/**
 * Responses serialized from their zod schema: the schema is compiled once per route into a
 * fast-json-stringify function (undeclared fields are dropped). With `validate` (tests), each answer
 * is also checked against the schema, so a service returning something the contract does not
 * declare fails the test that calls it.
 */
export function schemaSerializerCompiler(opts: { validate: boolean }): FastifySerializerCompiler<z.ZodType> {
  return ({ schema, method, url }) => {
    if (!isZod(schema)) return (data: unknown) => JSON.stringify(data);
    // Compiled at a route's first answer, not at start: ~200 routes × ~2.5 ms was half a second
    // before the server listened, for routes most processes never answer.
    let compiled: ((data: unknown) => string) | undefined;
    const stringify = (data: unknown): string => {
      if (!compiled) {
        try {
          compiled = fastJsonStringify(serializerJsonSchema(responseJsonSchema(schema)) as never) as (data: unknown) => string;
        } catch {
          compiled = (d) => JSON.stringify(d);
        }
      }
      return compiled(data);
    };
    if (!opts.validate) return stringify as never;
    return ((data: unknown) => {
      const r = schema.safeParse(data);
      if (!r.success) {
        const issues = r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(根)'}: ${i.message}`);
        const err = new Error(`响应不符合契约 ${method} ${url}：${issues.join('；')}`);
        console.error(err.message);
        throw err;
      }
      return stringify(data);
    }) as never;
  };
}

// ---------- OpenAPI ----------

const ERROR_RESPONSES: [string, string][] = [
  ['400', '输入有误（字段路径与中文说明见 details）'],
  ['401', '未登录或会话已过期'],
  ['403', '无权执行此操作（或 CSRF 校验失败）'],
  ['404', '记录不存在或不在本单位权限范围内'],
  ['409', '状态冲突（如流程步骤不允许、重复提交）'],
  ['503', '服务暂不可用（如数据库不可用），稍后重试'],
];
const errorJson = responseJsonSchema(ErrorBody);
delete errorJson.$schema;

/** @fastify/swagger transform: zod → JSON Schema, plus what the contract says about files, uploads and errors. */
export function openapiTransform(doc: Parameters<typeof jsonSchemaTransform>[0] & { route?: { config?: { endpoint?: Endpoint } } }) {
  const out = jsonSchemaTransform(doc) as { schema: Record<string, unknown>; url: string };
  const ep = doc.route?.config?.endpoint;
  if (!ep || out.schema.hide) return out;
  const schema: Record<string, unknown> = { ...out.schema, operationId: `${ep.tag}_${ep.name}` };
  const status = String(ep.status ?? 200);
  if (isMultipart(ep.body)) {
    const properties: Record<string, unknown> = {};
    const required: string[] = [];
    for (const [field, f] of Object.entries(ep.body.multipart.files)) {
      const file = { type: 'string', format: 'binary', description: f.description };
      properties[field] = f.multiple ? { type: 'array', items: file, description: f.description } : file;
      if (f.required !== false) required.push(field);
    }
    if (ep.body.multipart.fields) {
      const fields = z.toJSONSchema(ep.body.multipart.fields, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] };
      Object.assign(properties, fields.properties ?? {});
      required.push(...(fields.required ?? []));
    }
    schema.body = { type: 'object', properties, ...(required.length ? { required } : {}) };
    schema.consumes = ['multipart/form-data'];
  } else if (isForm(ep.body)) {
    schema.consumes = ['application/x-www-form-urlencoded'];
  }
  const responses: Record<string, unknown> = {};
  if (isFileResponse(ep.response)) {
    responses[status] = {
      description: ep.response.description,
      content: Object.fromEntries(ep.response.file.map((m) => [m, { schema: { type: 'string', format: 'binary' } }])),
    };
  } else if (isRedirect(ep.response)) {
    responses['302'] = { type: 'null', description: ep.response.redirect };
  } else if (status === '204') {
    responses['204'] = { type: 'null', description: `成功：${ep.summary}（无内容）` };
  } else {
    const json = ((out.schema.response as Record<string, Record<string, unknown>> | undefined)?.[status] ?? {}) as Record<string, unknown>;
    responses[status] = { ...json, description: (json.description as string | undefined) ?? `成功：${ep.summary}` };
  }
  for (const [code, description] of ERROR_RESPONSES) {
    if (ep.permission === null && (code === '401' || code === '403')) continue;
    responses[code] = { ...errorJson, description };
  }
  schema.response = responses;
  if (ep.permission !== null) schema.security = [{ session: [] }];
  else schema.security = [];
  if (isZod(ep.body) && ep.body.safeParse(undefined).success) optionalBodies.add(`${ep.tag}_${ep.name}`);
  return { schema, url: out.url };
}

/** Operations whose body may be left out (@fastify/swagger marks every body required). */
const optionalBodies = new Set<string>();

/** @fastify/swagger transformObject: the document after every operation was transformed. */
export function openapiTransformObject(input: { openapiObject: Record<string, unknown> }) {
  // Schemas registered with an id (z.meta({ id })) become components.
  const openapiObject = jsonSchemaTransformObject(input as never) as Record<string, unknown>;
  const paths = (openapiObject.paths ?? {}) as Record<string, Record<string, { operationId?: string; requestBody?: { required?: boolean } }>>;
  for (const ops of Object.values(paths)) {
    for (const op of Object.values(ops)) {
      if (op.operationId && op.requestBody && optionalBodies.has(op.operationId)) op.requestBody.required = false;
    }
  }
  return openapiObject;
}
