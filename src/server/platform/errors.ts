import { z } from 'zod';

/**
 * The one error type. Services throw AppError; the HTTP layer maps `code` to a status.
 * Messages are Chinese and say what is wrong and where (field path in `details`).
 */
export type ErrorCode =
  | 'VALIDATION'
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'LOCKED'
  | 'RATE_LIMITED'
  | 'INTERNAL'
  | 'UNAVAILABLE'
  | 'INSUFFICIENT_STORAGE';

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  INSUFFICIENT_STORAGE: 507,
};

export interface FieldIssue {
  /** dotted path of the field, e.g. "legalRep.phone" or "rows.3.creditCode" */
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}

/**
 * The database cannot be reached (stopped, restarting, failing over): 503 with Retry-After; the
 * request did nothing and may be repeated as is.
 */
export function databaseUnavailable(retryAfterSeconds: number): AppError {
  return new AppError('UNAVAILABLE', `数据库暂时无法连接，本次操作未执行，请 ${retryAfterSeconds} 秒后重试`, { retryAfterSeconds, cause: 'database' });
}

/** The database's storage is full or unwritable: 507; nothing of this request was saved. */
export function storageFailure(): AppError {
  return new AppError('INSUFFICIENT_STORAGE', '服务器存储空间不足或数据目录不可写，本次操作未保存，请联系管理员清理磁盘后重试', { cause: 'storage' });
}

export const notFound = (what = '记录') => new AppError('NOT_FOUND', `${what}不存在或无权访问`);
export const forbidden = (message = '无权执行此操作') => new AppError('FORBIDDEN', message);
export const conflict = (message: string, details?: unknown) => new AppError('CONFLICT', message, details);
export const badRequest = (message: string, details?: unknown) => new AppError('BAD_REQUEST', message, details);

/** A validation error for one field. */
export function invalidField(path: string, message: string): AppError {
  return new AppError('VALIDATION', `${path}：${message}`, [{ path, message }] satisfies FieldIssue[]);
}

// ---------- zod issues → Chinese field messages ----------

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '布尔值（true/false）',
  object: '对象',
  array: '数组',
  date: '日期',
  null: '空值',
  undefined: '未填写',
  nan: '非数字',
};

function typeName(t: unknown): string {
  return TYPE_NAMES[String(t)] ?? String(t);
}

function receivedType(input: unknown): string {
  if (input === undefined) return 'undefined';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number' && Number.isNaN(input)) return 'nan';
  return typeof input;
}

/** Chinese message for one zod issue (without the path). */
export function zodIssueMessage(issue: z.core.$ZodIssue & { input?: unknown }): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return '必填';
      return `应为${typeName(issue.expected)}，收到${typeName(receivedType(issue.input))}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? '不能为空' : `长度至少 ${min} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `至少 ${min} 项`;
      if (issue.origin === 'date') return '日期过早';
      return issue.inclusive ? `不能小于 ${min}` : `必须大于 ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `长度不能超过 ${max} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多 ${max} 项`;
      if (issue.origin === 'date') return '日期过晚';
      return issue.inclusive ? `不能大于 ${max}` : `必须小于 ${max}`;
    }
    case 'invalid_format': {
      const f = issue.format;
      if (f === 'email') return '邮箱格式不正确';
      if (f === 'url') return '网址格式不正确';
      if (f === 'uuid' || f === 'guid') return '编号格式不正确（应为 UUID）';
      if (f === 'date') return '日期格式不正确（应为 YYYY-MM-DD 的有效日期）';
      if (f === 'datetime') return '时间格式不正确（应为 ISO 8601）';
      if (f === 'regex') return '格式不正确';
      return `格式不正确（${f}）`;
    }
    case 'invalid_value':
      return `取值无效，可选：${issue.values.map((v) => String(v)).join('、')}`;
    case 'unrecognized_keys':
      return `不允许的字段：${issue.keys.join('、')}`;
    case 'not_multiple_of':
      return `必须是 ${String(issue.divisor)} 的倍数`;
    case 'invalid_union':
      return '取值无效';
    case 'invalid_key':
      return '键无效';
    case 'invalid_element':
      return '元素无效';
    case 'custom':
      return issue.message || '取值无效';
    default:
      return '取值无效';
  }
}

/** zod error → field issues with Chinese messages; custom messages written in schemas win. */
export function zodFieldIssues(err: z.ZodError, prefix = ''): FieldIssue[] {
  return err.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const custom = issue.message && /[\u4e00-\u9fa5]/.test(issue.message) ? issue.message : undefined;
    return { path: path || '(请求体)', message: custom ?? zodIssueMessage(issue as never) };
  });
}

export function validationError(issues: FieldIssue[]): AppError {
  const head = issues
    .slice(0, 3)
    .map((i) => `${i.path}：${i.message}`)
    .join('；');
  const more = issues.length > 3 ? `（另有 ${issues.length - 3} 处）` : '';
  return new AppError('VALIDATION', `输入有误：${head}${more}`, issues);
}

/** Parse with a zod schema or throw a VALIDATION AppError naming each field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, prefix = ''): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw validationError(zodFieldIssues(r.error, prefix));
  return r.data;
}

// Make zod's own default messages Chinese too (for places that surface them directly).
z.config({
  customError: (issue) => zodIssueMessage(issue as never),
});
