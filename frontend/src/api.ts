// The API client: JSON over fetch to /api/v1, same-origin cookies, the CSRF token
// on every state-changing request, the current language in Accept-Language (the
// server localises its messages), and one error type for every failure.
import { getLanguage, t } from './i18n';

export const API_BASE = '/api/v1';

/** One field's error, as the server sends it (message already localised). */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** Every failed call rejects with an ApiError: status 0 and code "network" when the
 * server could not be reached, else the server's status, stable code, localised
 * message and field errors. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  readonly requestId?: string;

  constructor(status: number, code: string, message: string, fields: FieldError[] = [], requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.requestId = requestId;
  }
}

/** A page of a list: pass `next` back as the `cursor` query parameter. */
export interface ListPage<T> {
  items: T[];
  next?: string;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** False for calls where 401 is an answer, not an expired session (reading or
   * opening the session): the 401 handler is not called. */
  authRedirect?: boolean;
  /** Sends `body` (a string or a file) as it is with this content type
   * ("text/csv"), instead of as JSON. */
  contentType?: string;
}

let csrfToken: string | null = null;
let unauthenticated: (() => void) | null = null;
let sessionLimited: (() => void) | null = null;

/** The codes of a call refused because the session is held to one thing first:
 * enrolling the second factor the organisation requires, or replacing a password
 * an administrator chose. */
const SESSION_LIMIT_CODES = new Set(['mfa_enrolment_required', 'password_change_required']);

/** Keeps the session's CSRF token in memory (never in storage); null forgets it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Sets what happens when a call answers 401: the app ends the session and sends
 * the person to sign-in with a return path. */
export function setUnauthenticatedHandler(fn: (() => void) | null): void {
  unauthenticated = fn;
}

/** Sets what happens when a call answers that the session is held to one thing
 * first (enrolling a second factor its organisation came to require, replacing a
 * password an administrator chose): the app reads the session again, which sends
 * the person to the page of that thing. */
export function setSessionLimitedHandler(fn: (() => void) | null): void {
  sessionLimited = fn;
}

/** Builds "/api/v1/<path>?<query>"; null, undefined and empty values are left out. */
export function apiUrl(path: string, query?: Query): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return API_BASE + (path.startsWith('/') ? path : '/' + path) + (s ? '?' + s : '');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Turns an error answer into an ApiError. Bodies that are not the server's error
 * shape (a proxy's HTML page, say) get a generic localised message. */
export function toApiError(status: number, body: unknown): ApiError {
  const e = isRecord(body) && isRecord(body.error) ? body.error : null;
  if (!e || typeof e.code !== 'string' || typeof e.message !== 'string') {
    return new ApiError(status, `http_${status}`, t('app.api.unexpected'));
  }
  const fields = Array.isArray(e.fields)
    ? e.fields.filter(isRecord).map((f) => ({ field: String(f.field ?? ''), code: String(f.code ?? ''), message: String(f.message ?? '') }))
    : [];
  return new ApiError(status, e.code, e.message, fields, typeof e.requestId === 'string' ? e.requestId : undefined);
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** Calls the API; resolves with the JSON answer (undefined for 204). */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': getLanguage() };
  if (opts.body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
  if (!SAFE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), {
      method,
      headers,
      body: opts.body === undefined ? undefined : opts.contentType ? (opts.body as BodyInit) : JSON.stringify(opts.body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', t('app.api.network'));
  }
  let body: unknown;
  if (res.status !== 204 && (res.headers.get('Content-Type') ?? '').includes('json')) {
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
  }
  if (res.ok) return body as T;
  const err = toApiError(res.status, body);
  if (res.status === 401 && opts.authRedirect !== false) unauthenticated?.();
  if (res.status === 403 && SESSION_LIMIT_CODES.has(err.code)) sessionLimited?.();
  throw err;
}

/** Shorthands; `path` is relative to /api/v1 ("/requests/42"). */
export const api = {
  get: <T>(path: string, opts?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body }),
  delete: <T = void>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
};

/** Splits an error's field errors between the form's own fields (first message per
 * field, shown inline) and the rest (shown in the form's error summary). */
export function mapFieldErrors<F extends string>(
  err: ApiError,
  fields: readonly F[],
): { inline: Partial<Record<F, string>>; other: string[] } {
  const inline: Partial<Record<F, string>> = {};
  const other: string[] = [];
  for (const f of err.fields) {
    if ((fields as readonly string[]).includes(f.field)) {
      const name = f.field as F;
      inline[name] ??= f.message;
    } else {
      other.push(f.message);
    }
  }
  return { inline, other };
}
