// Typed fetch wrapper for the platform API. Uses the HTTP-only session cookie (credentials 'same-origin');
// every non-2xx answer becomes an ApiError carrying the server's {code, message, details}.
import type { ApiErrorBody, ApiErrorDetail } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ApiErrorDetail[];

  constructor(status: number, code: string, message: string, details: ApiErrorDetail[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

export function isAbortError(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

type UnauthorizedHandler = (error: ApiError) => void;
let unauthorizedHandler: UnauthorizedHandler | null = null;

/** Called whenever a request (other than the login itself) answers 401: the session is gone. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  unauthorizedHandler = handler;
}

const API_PREFIX = '/api';

export function buildUrl(path: string, query?: object): string {
  const url = path.startsWith('/api') ? path : `${API_PREFIX}${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query as Query)) {
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

const FALLBACK_MESSAGES: Record<number, string> = {
  400: '请求有误',
  401: '登录已失效，请重新登录',
  403: '没有权限执行此操作',
  404: '记录不存在或不在您的管辖范围内',
  409: '数据冲突，请刷新后重试',
  413: '文件或内容过大',
  415: '不支持的文件类型',
  422: '数据校验未通过',
  423: '账号已锁定',
  429: '操作过于频繁，请稍后再试',
  500: '服务器内部错误',
  502: '服务器暂不可用',
  503: '服务器暂不可用',
  504: '服务器响应超时',
};

async function toApiError(res: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> | null = null;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      body = (await res.json()) as Partial<ApiErrorBody>;
    } catch {
      body = null;
    }
  }
  const message = body?.message || FALLBACK_MESSAGES[res.status] || `请求失败（${res.status}）`;
  const code = body?.code || (res.status === 401 ? 'UNAUTHENTICATED' : `HTTP_${res.status}`);
  return new ApiError(res.status, code, message, Array.isArray(body?.details) ? body.details : []);
}

export interface RequestOptions {
  query?: object;
  body?: unknown;
  formData?: FormData;
  signal?: AbortSignal;
}

async function send(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.formData) {
    body = opts.formData; // the browser sets the multipart boundary
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const url = buildUrl(path, opts.query);
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (e) {
    if (isAbortError(e)) throw e;
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  if (!res.ok) {
    const error = await toApiError(res);
    if (res.status === 401 && !url.startsWith('/api/auth/login')) unauthorizedHandler?.(error);
    throw error;
  }
  return res;
}

async function requestJson<T>(method: string, path: string, opts?: RequestOptions): Promise<T> {
  const res = await send(method, path, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(res.status, 'BAD_RESPONSE', '服务器返回了无法解析的数据');
  }
}

/** RFC 6266 file name (filename*=UTF-8''… preferred over filename="…"). */
function fileNameFrom(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
  if (plain) {
    try {
      return decodeURIComponent(plain[1].trim());
    } catch {
      return plain[1].trim();
    }
  }
  return null;
}

/** Saves a Blob through a temporary <a download>. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const http = {
  get: <T>(path: string, query?: object, signal?: AbortSignal) => requestJson<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: object) => requestJson<T>('POST', path, { body, query }),
  patch: <T>(path: string, body: unknown) => requestJson<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => requestJson<T>('PUT', path, { body }),
  delete: <T>(path: string) => requestJson<T>('DELETE', path),
  upload: <T>(path: string, formData: FormData, query?: object) => requestJson<T>('POST', path, { formData, query }),
  /** GETs a file and saves it under the server's file name (or the fallback). */
  async download(path: string, query: object | undefined, fallbackName: string): Promise<string> {
    const res = await send('GET', path, { query });
    const blob = await res.blob();
    const name = fileNameFrom(res.headers.get('content-disposition')) ?? fallbackName;
    saveBlob(blob, name);
    return name;
  },
};
