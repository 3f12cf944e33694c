import { randomBytes } from 'node:crypto';
import { localDate } from '../../kit/dates.ts';
import { BadRequestError, NotFoundError } from '../../kit/errors.ts';
import type { NotificationRepository } from '../../notifications/notification-repository.ts';
import { notification } from '../../notifications/notifications.ts';
import type { SecretBox } from '../../secrets/envelope.ts';
import { exchangeCode, getMe, refreshTokens, SpotifyGrantError, type SpotifyApp, type TokenSet } from './client.ts';
import type { Connection, ConnectionRepository } from './connection.ts';
import { codeChallenge, newVerifier, signState, SPOTIFY_SCOPES, STATE_TTL_MS, verifyState } from './oauth.ts';

/** What connecting, refreshing and disconnecting need. */
export interface ConnectDeps {
  connections: ConnectionRepository;
  /** The stage's Spotify app (real, or the local sandbox); throws 503 when none is configured. */
  app: () => Promise<SpotifyApp>;
  signingKey: () => Promise<string>;
  box: SecretBox;
  notifications: Pick<NotificationRepository, 'add'>;
  /** Where Spotify sends the browser back (the web app's connect page). */
  redirectUri: (origin?: string) => string;
  now: () => Date;
}

const tokenContext = (userId: string) => ({ purpose: 'spotify-tokens', userId });

export async function sealTokens(box: SecretBox, userId: string, tokens: TokenSet) {
  return box.seal(JSON.stringify(tokens), tokenContext(userId));
}

export async function openTokens(box: SecretBox, userId: string, connection: Connection): Promise<TokenSet> {
  return JSON.parse(await box.open(connection.tokens, tokenContext(userId))) as TokenSet;
}

/** Starts a connect: a PKCE verifier stored under a nonce, and Spotify's authorize URL with a signed state. */
export async function startConnect(deps: Pick<ConnectDeps, 'connections' | 'app' | 'signingKey' | 'redirectUri' | 'now'>, userId: string, origin?: string): Promise<{ authorizeUrl: string; expiresAt: string }> {
  const app = await deps.app();
  const now = deps.now().getTime();
  const nonce = randomBytes(12).toString('base64url');
  const verifier = newVerifier();
  const expiresAt = now + STATE_TTL_MS;
  await deps.connections.putVerifier(userId, nonce, verifier, expiresAt);
  const state = signState({ u: userId, n: nonce, e: expiresAt }, await deps.signingKey());
  const query = new URLSearchParams({
    client_id: app.clientId,
    response_type: 'code',
    redirect_uri: deps.redirectUri(origin),
    code_challenge_method: 'S256',
    code_challenge: codeChallenge(verifier),
    state,
    scope: SPOTIFY_SCOPES.join(' '),
  });
  return { authorizeUrl: `${app.accountsUrl}/authorize?${query.toString()}`, expiresAt: new Date(expiresAt).toISOString() };
}

export interface CallbackInput {
  state: string;
  code?: string;
  error?: string;
}

/**
 * Completes a connect from what Spotify sent back: the state must verify (signature, expiry,
 * this user, an unused nonce) — else 400 — then the code is exchanged with the verifier, the
 * tokens sealed and the connection stored; the initial sync runs on the next collector pass.
 */
export async function completeConnect(deps: ConnectDeps, userId: string, input: CallbackInput, origin?: string): Promise<Connection> {
  const check = verifyState(input.state, await deps.signingKey(), deps.now().getTime());
  if (!check.ok) throw new BadRequestError(check.reason === 'expired' ? 'state_expired' : 'state_invalid', check.reason === 'expired' ? 'This Spotify connect link has expired; start again.' : 'The Spotify connect state is not valid.');
  if (check.payload.u !== userId) throw new BadRequestError('state_invalid', 'The Spotify connect state belongs to another sign-in.');
  const verifier = await deps.connections.takeVerifier(userId, check.payload.n);
  if (!verifier) throw new BadRequestError('state_used', 'This Spotify connect link was already used or has expired; start again.');
  if (input.error) {
    throw new BadRequestError(
      input.error === 'access_denied' ? 'spotify_access_denied' : 'spotify_error',
      input.error === 'access_denied' ? 'You declined access on Spotify, so nothing was connected.' : `Spotify did not connect: ${input.error}.`,
      { spotifyError: input.error },
    );
  }
  if (!input.code) throw new BadRequestError('spotify_no_code', 'Spotify sent no authorization code.');
  const app = await deps.app();
  let tokens: TokenSet;
  try {
    tokens = await exchangeCode(app, input.code, verifier, deps.redirectUri(origin), deps.now().getTime());
  } catch (error) {
    if (error instanceof SpotifyGrantError) throw new BadRequestError('spotify_code_refused', `Spotify refused the authorization code (${error.code}); start again.`);
    throw error;
  }
  const me = await getMe(app, tokens.accessToken);
  if (!me.ok) throw new BadRequestError('spotify_profile_failed', 'Spotify did not answer who the account is; start again.');
  const previous = await deps.connections.get(userId);
  const sameAccount = previous?.spotifyUserId === me.body.id;
  const connection: Connection = {
    status: 'connected',
    paused: false,
    spotifyUserId: me.body.id,
    ...(me.body.display_name ? { displayName: me.body.display_name } : {}),
    scope: tokens.scope,
    tokens: await sealTokens(deps.box, userId, tokens),
    connectedAt: deps.now().toISOString(),
    failures: 0,
    // Reconnecting the same account keeps the cursor and the finished initial sync.
    ...(sameAccount && previous?.afterCursor !== undefined ? { afterCursor: previous.afterCursor } : {}),
    initialSync: sameAccount && previous ? previous.initialSync : { status: 'pending' },
    playsCollected: sameAccount && previous ? previous.playsCollected : 0,
  };
  await deps.connections.put(userId, connection);
  return connection;
}

/** Deletes the connection and its tokens (plays stay). */
export async function disconnect(deps: Pick<ConnectDeps, 'connections'>, userId: string): Promise<void> {
  if (!(await deps.connections.get(userId))) throw new NotFoundError('The Spotify connection');
  await deps.connections.remove(userId);
}

/**
 * A valid access token: the stored one while it has a minute left, else a refreshed one (stored
 * sealed again). A refused grant (`invalid_grant`: revoked in Spotify's settings) marks the
 * connection `needs_reconnect` and notifies the user, then rethrows.
 */
export async function accessToken(deps: ConnectDeps, userId: string, connection: Connection, options: { force?: boolean; timezone?: string } = {}): Promise<string> {
  const tokens = await openTokens(deps.box, userId, connection);
  const now = deps.now().getTime();
  if (!options.force && tokens.expiresAt - 60_000 > now) return tokens.accessToken;
  try {
    const fresh = await refreshTokens(await deps.app(), tokens.refreshToken, now);
    const sealed = await sealTokens(deps.box, userId, fresh);
    connection.tokens = sealed;
    await deps.connections.update(userId, { tokens: sealed });
    return fresh.accessToken;
  } catch (error) {
    if (error instanceof SpotifyGrantError && error.code === 'invalid_grant') await markNeedsReconnect(deps, userId, error.code, options.timezone ?? 'UTC');
    throw error;
  }
}

export async function markNeedsReconnect(deps: Pick<ConnectDeps, 'connections' | 'notifications' | 'now'>, userId: string, reason: string, timezone: string): Promise<void> {
  const now = deps.now();
  await deps.connections.update(userId, { status: 'needs_reconnect', lastError: { at: now.toISOString(), message: `Spotify refused the grant (${reason}): connect again` } });
  await deps.notifications.add(
    userId,
    notification(
      'spotify_reconnect',
      localDate(timezone, now),
      'spotify',
      'Reconnect Spotify',
      'Spotify no longer accepts Mosaic’s access (it was revoked or expired). Connect again to keep collecting your listening.',
      { reason },
      now,
    ),
  );
}

/** The connection as the status page and the admin see it (never the tokens). */
export function connectionView(connection: Connection | undefined) {
  if (!connection) return { status: 'not_connected' as const };
  const { tokens: _tokens, ...rest } = connection;
  return { ...rest, status: connection.paused && connection.status === 'connected' ? ('paused' as const) : connection.status };
}
