/** The API client: JSON over fetch, the session cookie, the CSRF header on mutations, Chinese errors. */

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
  }
  /** field issues for forms (validation errors) */
  get fieldIssues(): FieldIssue[] {
    return Array.isArray(this.details) ? (this.details as FieldIssue[]).filter((d) => d && typeof d.path === 'string') : [];
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: ((message: string) => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setUnauthenticatedHandler(fn: (message: string) => void): void {
  onUnauthenticated = fn;
}

async function parseError(res: Response): Promise<ApiError> {
  let body: { code?: string; message?: string; details?: unknown; requestId?: string } = {};
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  const fallback = res.status >= 500 ? '服务器出错，请稍后重试' : `请求失败（${res.status}）`;
  return new ApiError(res.status, body.code ?? 'HTTP_' + res.status, body.message ?? fallback, body.details, body.requestId);
}

export async function request<T>(method: string, url: string, body?: unknown, opts: { raw?: boolean; silent401?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络');
  }
  if (!res.ok) {
    const err = await parseError(res);
    if (res.status === 401 && !opts.silent401 && onUnauthenticated) onUnauthenticated(err.message);
    throw err;
  }
  if (opts.raw) return res as unknown as T;
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('application/json') ? res.json() : res.text()) as Promise<T>;
}

export const api = {
  get: <T>(url: string, query?: Record<string, unknown>) => request<T>('GET', url + toQuery(query)),
  post: <T>(url: string, body?: unknown) => request<T>('POST', url, body),
  patch: <T>(url: string, body?: unknown) => request<T>('PATCH', url, body),
  put: <T>(url: string, body?: unknown) => request<T>('PUT', url, body),
  delete: <T>(url: string) => request<T>('DELETE', url),
};

export function toQuery(query?: Record<string, unknown>): string {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Download a file the API produces (export, template, document) under its server-given name. */
export async function download(url: string, query?: Record<string, unknown>): Promise<void> {
  const res = await request<Response>('GET', url + toQuery(query), undefined, { raw: true });
  const blob = await res.blob();
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  const name = m ? decodeURIComponent(m[1]) : url.split('/').pop()!.split('?')[0];
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export interface PageResult<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
