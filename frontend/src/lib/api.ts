// The one place that knows how the web client reaches the API: base URL, bearer token,
// refresh, If-Match, and problem+json -> ApiError. Everything else calls generated code.
import { client } from '../api/gen/client.gen';
import { issueToken, logout } from '../api/gen/sdk.gen';

export type FieldError = { loc: (string | number)[]; msg: string; type: string };

/** Every failure the UI sees: an RFC 9457 problem, or status 0 when the API is unreachable. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[];

  constructor(status: number, title: string, detail?: string, errors: FieldError[] = []) {
    super(detail ?? title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
  }

  get unreachable(): boolean {
    return this.status === 0;
  }

  /** Field errors keyed by their path inside the body: `name`, `services.0.category`. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) {
      const [where, ...path] = e.loc;
      if (where !== 'body' || path.length === 0) continue;
      const key = path.join('.');
      out[key] = out[key] ? `${out[key]}; ${e.msg}` : e.msg;
    }
    return out;
  }
}

export function toApiError(error: unknown, status?: number): ApiError {
  if (error instanceof ApiError) return error;
  if (error && typeof error === 'object') {
    const p = error as Record<string, unknown>;
    const title = typeof p.title === 'string' ? p.title : (p.error as string) ?? 'Request failed';
    const detail =
      typeof p.detail === 'string'
        ? p.detail
        : typeof p.error_description === 'string'
          ? p.error_description
          : undefined;
    const errors = Array.isArray(p.errors) ? (p.errors as FieldError[]) : [];
    return new ApiError(status ?? (typeof p.status === 'number' ? p.status : 0), title, detail, errors);
  }
  if (error instanceof Error) return new ApiError(status ?? 0, error.message);
  return new ApiError(status ?? 0, typeof error === 'string' && error ? error : 'Request failed');
}

/** `If-Match` for a record read at `version` (the API's ETag is the quoted version). */
export function ifMatch(version: number): { 'If-Match': string } {
  return { 'If-Match': `"${version}"` };
}

// The access token lives in this module only: never in storage, never in the DOM. The refresh
// token is an HttpOnly cookie the API sets on /api/v1/auth, which page scripts cannot read.
let accessToken: string | null = null;
let accessExpiresAt = 0;
const listeners = new Set<(signedIn: boolean) => void>();

function setAccess(token: string | null, expiresIn = 0): void {
  const was = accessToken !== null;
  accessToken = token;
  accessExpiresAt = token ? Date.now() + expiresIn * 1000 : 0;
  if (was !== (token !== null)) listeners.forEach((fn) => fn(token !== null));
}

export function onSessionChange(fn: (signedIn: boolean) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function isSignedIn(): boolean {
  return accessToken !== null;
}

async function send(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'The API is unreachable', 'Check your connection, or try again shortly.');
  }
}

function withToken(request: Request): Request {
  if (accessToken) request.headers.set('Authorization', `Bearer ${accessToken}`);
  return request;
}

async function authedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = input instanceof Request && !init ? input : new Request(input, init);
  if (new URL(request.url).pathname.endsWith('/auth/token')) return send(request);
  // Refresh a little early rather than spend a round trip on a 401.
  if (accessToken && Date.now() > accessExpiresAt - 30_000) await refreshSession();
  const retry = request.clone();
  const response = await send(withToken(request));
  if (response.status !== 401 || !accessToken) return response;
  if (!(await refreshSession())) return response;
  return send(withToken(retry));
}

let refreshing: Promise<boolean> | null = null;

/**
 * Trade the refresh cookie for a new access token. Refresh tokens are single-use and a reused
 * one revokes the whole sign-in, so refreshes are serialised in this tab (one promise) and
 * across tabs (a Web Lock): the second tab waits and then spends the rotated cookie.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= withLock(async () => {
    try {
      const { data } = await issueToken({
        body: { grant_type: 'refresh_token', refresh_cookie: true },
        credentials: 'include',
        throwOnError: true,
      });
      setAccess(data.access_token, data.expires_in);
      return true;
    } catch (error) {
      if (toApiError(error).unreachable) throw error;
      setAccess(null);
      return false;
    }
  }).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request('trellis-refresh', fn) : fn();
}

export async function signIn(email: string, password: string): Promise<void> {
  const { data } = await issueToken({
    body: { grant_type: 'password', username: email, password, refresh_cookie: true },
    credentials: 'include',
    throwOnError: true,
  });
  setAccess(data.access_token, data.expires_in);
}

export async function signOut(): Promise<void> {
  try {
    // credentials so the browser applies the response's deletion of the refresh cookie.
    if (accessToken) await logout({ credentials: 'include', throwOnError: true });
  } finally {
    setAccess(null);
  }
}

let errorInterceptor: number | undefined;

export function configureApi(baseUrl: string): void {
  client.setConfig({ baseUrl: baseUrl.replace(/\/+$/, ''), fetch: authedFetch });
  errorInterceptor ??= client.interceptors.error.use((error, response) => toApiError(error, response?.status));
}

/** For tests: forget the session without calling the API. */
export function resetSession(): void {
  setAccess(null);
}
