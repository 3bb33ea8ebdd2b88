import { z } from 'zod';

/**
 * The API is declared once: every module has a contract table (`<module>.api.ts`) of endpoints.
 * The server registers its routes from it (platform/api.ts: validation, permission, serialization,
 * OpenAPI), the web builds its typed calls and query hooks from it (web/lib/client.ts), and the
 * OpenAPI document is generated from it. Nothing here imports server or web code.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The one error body of every 4xx/5xx answer. */
export const ErrorBody = z
  .object({
    code: z.string().meta({ description: '错误代码，如 VALIDATION、NOT_FOUND、FORBIDDEN、UNAVAILABLE' }),
    message: z.string().meta({ description: '中文错误说明（指出字段与问题）' }),
    details: z.unknown().optional().meta({ description: '校验错误时为字段列表 [{path, message}]' }),
    requestId: z.string().optional().meta({ description: '请求编号（联系管理员时提供）' }),
  })
  .meta({ description: '错误响应' });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** A download: the endpoint answers with a file of one of these media types. */
export interface FileResponse {
  file: readonly string[];
  /** what the file is (OpenAPI description) */
  description: string;
}

/** multipart/form-data upload: its file fields and, optionally, its text fields. */
export interface MultipartBody {
  multipart: {
    files: Readonly<Record<string, { description: string; required?: boolean; multiple?: boolean }>>;
    fields?: z.ZodObject;
  };
}

/** application/x-www-form-urlencoded (Open311 and other partner APIs). */
export interface FormBody {
  form: z.ZodObject;
}

/** A redirect (302) to another address. */
export interface RedirectResponse {
  redirect: string;
}

export type ResponseDef = z.ZodType | FileResponse | RedirectResponse;
export type BodyDef = z.ZodType | MultipartBody | FormBody;

export interface EndpointDef {
  method: HttpMethod;
  /** Fastify path with `:param` segments */
  path: string;
  /** the permission checked before the handler runs; `null` = public (no session) */
  permission: string | null;
  /** one line in Chinese (OpenAPI summary) */
  summary: string;
  /** more in Chinese (OpenAPI description) */
  description?: string;
  params?: z.ZodObject;
  query?: z.ZodType;
  body?: BodyDef;
  response: ResponseDef;
  /** success status; 200 unless said */
  status?: 200 | 201 | 202 | 204;
  /** the workflow step this endpoint performs (hazard closed loop) */
  step?: string;
  /** answers as XML or JSON by the path's extension (Open311) */
  formats?: readonly ('json' | 'xml')[];
}

/** An endpoint of a module's table: its definition plus the module (OpenAPI tag) and its name. */
export type Endpoint<E extends EndpointDef = EndpointDef, K extends string = string> = E & { readonly tag: string; readonly name: K };

export type ApiTable<T extends Record<string, EndpointDef>> = { readonly [K in keyof T & string]: Endpoint<T[K], K> };

/** Declare a module's contract table: `export const hazardApi = defineApi('hazard', { list: {...}, ... })`. */
export function defineApi<const T extends Record<string, EndpointDef>>(tag: string, table: T): ApiTable<T> {
  const out: Record<string, Endpoint> = {};
  for (const [name, def] of Object.entries(table)) {
    if (!def.path.startsWith('/')) throw new Error(`${tag}.${name}: path must start with /`);
    out[name] = Object.freeze({ ...def, tag, name });
  }
  return Object.freeze(out) as ApiTable<T>;
}

/** Every endpoint of a table, in declaration order. */
export function endpointsOf(table: Record<string, Endpoint>): Endpoint[] {
  return Object.values(table);
}

// ---------- type helpers shared by server and web ----------

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type In<S> = S extends z.ZodType ? z.input<S> : undefined;

export const isZod = (v: unknown): v is z.ZodType => v instanceof z.ZodType;
export const isFileResponse = (r: ResponseDef): r is FileResponse => !isZod(r) && 'file' in r;
export const isRedirect = (r: ResponseDef): r is RedirectResponse => !isZod(r) && 'redirect' in r;
export const isMultipart = (b: BodyDef | undefined): b is MultipartBody => !!b && !isZod(b) && 'multipart' in b;
export const isForm = (b: BodyDef | undefined): b is FormBody => !!b && !isZod(b) && 'form' in b;

/** The parsed (server-side) input of an endpoint. */
export type ParamsOut<E extends EndpointDef> = Out<E['params']>;
export type QueryOut<E extends EndpointDef> = Out<E['query']>;
export type BodyOut<E extends EndpointDef> = E['body'] extends z.ZodType ? z.output<E['body']> : E['body'] extends FormBody ? z.output<E['body']['form']> : E['body'] extends MultipartBody ? undefined : undefined;

/** What a caller sends (before parsing). */
export type ParamsIn<E extends EndpointDef> = In<E['params']>;
export type QueryIn<E extends EndpointDef> = In<E['query']>;
export type BodyIn<E extends EndpointDef> = E['body'] extends z.ZodType ? z.input<E['body']> : E['body'] extends MultipartBody ? FormData : E['body'] extends FormBody ? z.input<E['body']['form']> : undefined;

/** The JSON a successful call answers with (after the response schema). */
export type ResponseOf<E extends EndpointDef> = E['response'] extends z.ZodType ? z.output<E['response']> : E['response'] extends FileResponse ? Blob : E['response'] extends RedirectResponse ? undefined : unknown;
/** What a server handler returns for the response schema to serialize. */
export type ResponseIn<E extends EndpointDef> = E['response'] extends z.ZodType ? z.input<E['response']> : never;

type Optionalize<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & { [K in keyof T as undefined extends T[K] ? K : never]?: T[K] };

/** The argument of a typed call: `{ params, query, body }`, each present when the endpoint has it. */
export type CallInput<E extends EndpointDef> = Optionalize<{
  params: E['params'] extends z.ZodType ? ParamsIn<E> : undefined;
  query: E['query'] extends z.ZodType ? (Partial<QueryIn<E> & object> | undefined) : undefined;
  body: E['body'] extends BodyDef ? BodyIn<E> : undefined;
}>;

/** `/api/hazards/:id/confirm` + `{ id }` → `/api/hazards/3f…/confirm` (each value URI-encoded). */
export function fillPath(path: string, params?: Record<string, unknown>): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_m, key: string) => {
    const v = params?.[key];
    if (v === undefined || v === null || v === '') throw new Error(`缺少路径参数 ${key}（${path}）`);
    return encodeURIComponent(String(v));
  });
}

/** Query string of plain values (undefined/null/'' left out; arrays repeated). */
export function queryString(query?: Record<string, unknown>): string {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, String(x));
    else p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The address of a call (for links, images and downloads). */
export function urlOf<E extends EndpointDef>(e: E, input?: { params?: unknown; query?: unknown }): string {
  return fillPath(e.path, input?.params as Record<string, unknown>) + queryString(input?.query as Record<string, unknown>);
}

// ---------- common response shapes ----------

/** A page of a list. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int().meta({ description: '总条数' }),
    page: z.number().int(),
    pageSize: z.number().int(),
  });

/** The body of an action that takes no input: nothing, or `{}`. */
export const NoBody = z.object({}).strict().optional().meta({ description: '无需请求体（可省略或为 {}）' });

/** `{ ok: true }` of an action without a record to return. */
export const Ok = z.object({ ok: z.literal(true) });

/** A file just stored (upload answer). */
export const StoredFile = z.object({
  id: z.string().meta({ description: '文件编号（/api/files/{id} 下载）' }),
  name: z.string().meta({ description: '文件名' }),
  mime: z.string().meta({ description: '媒体类型（按文件内容识别）' }),
  size: z.number().int().meta({ description: '字节数' }),
});
export type StoredFile = z.infer<typeof StoredFile>;

/** One entry of the audit log (a record's history, the audit page). */
export const AuditListItem = z.object({
  id: z.number().int(),
  at: z.string().meta({ description: '时间（ISO 8601）' }),
  actorUsername: z.string(),
  actorUserId: z.string().nullable(),
  actorRoles: z.array(z.string()),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  action: z.string().meta({ description: '操作，如 hazard.confirm' }),
  entity: z.string(),
  entityId: z.string().nullable(),
  regionCode: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditListItem = z.infer<typeof AuditListItem>;

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_MIME = 'application/pdf';
