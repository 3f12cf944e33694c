/**
 * Spotify's accounts service and Web API over fetch (no SDK): token exchange and refresh,
 * `GET /v1/me`, `GET /v1/me/player/recently-played`. Answers are classified, never thrown as
 * plain HTTP errors: the collector decides what a 429, a 401 or a 5xx means.
 */

export interface SpotifyApp {
  clientId: string;
  clientSecret: string;
  accountsUrl: string;
  apiUrl: string;
  /** True when this is the local sandbox. */
  sandbox: boolean;
}

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms. */
  expiresAt: number;
  scope: string;
}

/** The accounts service refused a grant: `invalid_grant` means the user revoked Mosaic (or the code was used). */
export class SpotifyGrantError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = 'SpotifyGrantError';
  }
}

export type ApiAnswer<T> =
  | { ok: true; body: T }
  | { ok: false; status: 401 }
  | { ok: false; status: 429; retryAfterSeconds: number }
  | { ok: false; status: number; message: string };

async function tokenRequest(app: SpotifyApp, form: Record<string, string>, now: number, previousRefresh?: string): Promise<TokenSet> {
  const response = await fetch(`${app.accountsUrl}/api/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const code = typeof body.error === 'string' ? body.error : `http_${response.status}`;
    if (response.status === 400 || response.status === 401) throw new SpotifyGrantError(code, typeof body.error_description === 'string' ? body.error_description : code);
    throw new Error(`Spotify accounts service answered ${response.status}`);
  }
  const refresh = typeof body.refresh_token === 'string' ? body.refresh_token : previousRefresh;
  if (typeof body.access_token !== 'string' || !refresh) throw new Error('Spotify token response without tokens');
  return { accessToken: body.access_token, refreshToken: refresh, expiresAt: now + Number(body.expires_in ?? 3600) * 1000, scope: typeof body.scope === 'string' ? body.scope : '' };
}

/** Exchanges an authorization code (with its PKCE verifier) for tokens. */
export function exchangeCode(app: SpotifyApp, code: string, verifier: string, redirectUri: string, now = Date.now()): Promise<TokenSet> {
  return tokenRequest(app, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier, client_id: app.clientId }, now);
}

/** A fresh access token from a refresh token (Spotify may or may not rotate the refresh token). */
export function refreshTokens(app: SpotifyApp, refreshToken: string, now = Date.now()): Promise<TokenSet> {
  return tokenRequest(app, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: app.clientId }, now, refreshToken);
}

async function apiGet<T>(app: SpotifyApp, accessToken: string, path: string): Promise<ApiAnswer<T>> {
  const response = await fetch(`${app.apiUrl}${path}`, { headers: { authorization: `Bearer ${accessToken}` }, signal: AbortSignal.timeout(10_000) });
  if (response.ok) return { ok: true, body: (await response.json()) as T };
  await response.arrayBuffer().catch(() => undefined);
  if (response.status === 401) return { ok: false, status: 401 };
  if (response.status === 429) {
    const seconds = Number(response.headers.get('retry-after'));
    return { ok: false, status: 429, retryAfterSeconds: Number.isFinite(seconds) && seconds >= 0 ? seconds : 30 };
  }
  return { ok: false, status: response.status, message: `Spotify answered ${response.status}` };
}

export interface SpotifyProfile {
  id: string;
  display_name?: string | null;
}

export function getMe(app: SpotifyApp, accessToken: string): Promise<ApiAnswer<SpotifyProfile>> {
  return apiGet(app, accessToken, '/v1/me');
}

export interface RecentlyPlayedPage {
  items: unknown[];
  cursors?: { after?: string; before?: string } | null;
  next?: string | null;
}

/** One page (≤ 50) of recently played tracks, after or before a cursor (epoch ms). */
export function getRecentlyPlayed(app: SpotifyApp, accessToken: string, cursor: { after?: number; before?: number }): Promise<ApiAnswer<RecentlyPlayedPage>> {
  const query = new URLSearchParams({ limit: '50' });
  if (cursor.after !== undefined) query.set('after', String(cursor.after));
  else if (cursor.before !== undefined) query.set('before', String(cursor.before));
  return apiGet(app, accessToken, `/v1/me/player/recently-played?${query.toString()}`);
}
