import type { Endpoint } from './route-path.ts';
import { ROUTES } from './routes.gen.ts';
import type { FieldIssue } from './types.ts';

/**
 * The one way the app talks to the API: bearer token from localStorage, one silent refresh
 * (`POST /v1/auth/refresh`) when a call answers 401, then the call once more; the API's error
 * shape `{"error":{"code","message","details":{"issues":[…]}}}` becomes an {@link ApiError}.
 */

export interface Session {
  accessToken: string;
  refreshToken: string;
}

const STORAGE_KEY = 'mosaic.session';

/** An answer other than 2xx, or no answer at all (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly issues: FieldIssue[];
  readonly requestId: string | undefined;

  constructor(status: number, code: string, message: string, details?: unknown, requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
    this.issues = issuesOf(details);
  }
}

function issuesOf(details: unknown): FieldIssue[] {
  if (typeof details !== 'object' || details === null) return [];
  const issues = (details as { issues?: unknown }).issues;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((i: unknown) => {
    if (typeof i !== 'object' || i === null) return [];
    const { field, message } = i as { field?: unknown; message?: unknown };
    return typeof message === 'string' ? [{ field: typeof field === 'string' ? field : '', message }] : [];
  });
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'client_error', error instanceof Error ? error.message : String(error));
}

let apiBase = '';

/** Where the API lives: '' (same origin, as `npm start` serves it) or an absolute URL. */
export function configureApi(base: string): void {
  apiBase = base.replace(/\/+$/, '');
}

/** A URL the API handed out relative to its origin (presigned `/_files/…`), made absolute. */
export function apiRelativeUrl(url: string): string {
  return new URL(url, apiBase || window.location.origin).href;
}

// ── the session in localStorage ─────────────────────────────────────────────────────────────

export type SessionEnd = 'signed_out' | 'expired';
type Listener = (session: Session | null, why?: SessionEnd) => void;
const listeners = new Set<Listener>();

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Session>;
    return typeof parsed.accessToken === 'string' && typeof parsed.refreshToken === 'string'
      ? { accessToken: parsed.accessToken, refreshToken: parsed.refreshToken }
      : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null, why?: SessionEnd): void {
  if (session) localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else localStorage.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener(session, session ? undefined : why);
}

/** Called on sign-in, refresh and sign-out, in this tab and (through `storage`) in others. */
export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY) listener(loadSession(), 'signed_out');
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

// ── idempotency keys ────────────────────────────────────────────────────────────────────────

/** A fresh Idempotency-Key (crypto.randomUUID needs a secure context; this does not). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Keys for one form: the same body sent again (a double click, a retry after a network error)
 * reuses its key, so the API replays the first answer instead of creating twice; a changed body
 * gets a new key (reusing one for another request is a 422).
 */
export function keyKeeper(): (body: unknown) => string {
  let last: { json: string; key: string } | null = null;
  return (body) => {
    const json = JSON.stringify(body ?? null);
    if (!last || last.json !== json) last = { json, key: newIdempotencyKey() };
    return last.key;
  };
}

// ── requests ────────────────────────────────────────────────────────────────────────────────

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Sent as Idempotency-Key (POST routes that create or change state). */
  idempotencyKey?: string;
  /** Send the bearer token and refresh it on 401 (default true). */
  auth?: boolean;
  signal?: AbortSignal;
}

function urlOf(path: string, query?: Query): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const qs = search.toString();
  return `${apiBase}${path}${qs ? `?${qs}` : ''}`;
}

async function errorFrom(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: string; message?: string; details?: unknown; requestId?: string } } | undefined)?.error;
  if (error && typeof error.message === 'string') {
    return new ApiError(res.status, error.code ?? 'error', error.message, error.details, error.requestId);
  }
  const fallback =
    res.status === 429
      ? 'Too many attempts; wait a minute and try again.'
      : res.status >= 500
        ? 'Mosaic had a problem answering. Try again in a moment.'
        : `The request failed (${res.status}).`;
  return new ApiError(res.status, res.status === 429 ? 'rate_limited' : 'http_error', fallback);
}

const REFRESH = ROUTES.refresh;

let refreshing: Promise<'ok' | 'invalid' | 'unavailable'> | null = null;

/** Trades the refresh token for a new access token; one refresh at a time for all callers. */
function refreshSession(): Promise<'ok' | 'invalid' | 'unavailable'> {
  refreshing ??= (async () => {
    const session = loadSession();
    if (!session) return 'invalid' as const;
    try {
      const res = await fetch(urlOf(REFRESH.path), {
        method: REFRESH.method,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      });
      if (res.status === 400 || res.status === 401) return 'invalid' as const;
      if (!res.ok) return 'unavailable' as const;
      const tokens = (await res.json()) as { accessToken: string; refreshToken?: string };
      saveSession({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? session.refreshToken });
      return 'ok' as const;
    } catch {
      return 'unavailable' as const;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const auth = options.auth ?? true;
  const send = () => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const session = auth ? loadSession() : null;
    if (session) headers.authorization = `Bearer ${session.accessToken}`;
    return fetch(urlOf(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  };
  let res: Response;
  try {
    res = await send();
    if (res.status === 401 && auth && loadSession()) {
      const renewed = await refreshSession();
      if (renewed === 'ok') res = await send();
      else if (renewed === 'invalid') {
        saveSession(null, 'expired');
        throw new ApiError(401, 'session_expired', 'Your session has ended. Sign in again.');
      } else throw new ApiError(0, 'network', 'Your session could not be renewed right now. Try again in a moment.');
      if (res.status === 401) {
        saveSession(null, 'expired');
        throw new ApiError(401, 'session_expired', 'Your session has ended. Sign in again.');
      }
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, 'network', 'Mosaic cannot be reached. Check your connection and try again.');
  }
  if (!res.ok) throw await errorFrom(res);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  // Images (a camera snapshot) come back as a Blob, to show through an object URL.
  if (type.startsWith('image/')) return (await res.blob()) as T;
  return (type.includes('json') ? await res.json() : undefined) as T;
}

/** Sends a call to a route's endpoint (`endpoint(ROUTES[name], params)`): its method, its filled path. */
export function send<T>(to: Endpoint, options: RequestOptions = {}): Promise<T> {
  return request<T>(to.method, to.path, options);
}
