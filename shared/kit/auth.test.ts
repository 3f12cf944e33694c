import { createPublicKey, createSign } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { functionTestEnv } from '../../test/support/function-env.ts';
import { signJwt, strangerKey } from '../../test/support/tokens.ts';
import type { AuthState } from '../auth/auth-state.ts';

/** The users' token states (the table's `AUTH#<user>` items; none: nothing ended). */
const states = new Map<string, AuthState>();
// The state as stored, read on every request here (the per-process copy has its own test:
// test/unit/auth-state-cache.test.ts).
vi.mock('../auth/auth-state-repository.ts', () => ({
  currentAuthState: (userId: string) => Promise.resolve(states.get(userId) ?? { revokedTokens: {} }),
}));

const ISSUER = 'http://cognito.mosaic.localhost/local_pool1';
const CLIENT = 'client-1';
/** The pool's key (an installation's own, generated). */
const POOL_KEY = strangerKey();
const JWKS = { keys: [{ ...createPublicKey(POOL_KEY).export({ format: 'jwk' }), kid: 'CognitoLocal', alg: 'RS256', use: 'sig' }] };

const accessToken = (sub: string, over: Record<string, unknown> = {}, key = POOL_KEY) =>
  signJwt({ sub, iss: ISSUER, token_use: 'access', client_id: CLIENT, exp: Math.floor(Date.now() / 1000) + 3600, ...over }, key);

/** The token with another key id in its header, signed again with the pool's key. */
function withKid(token: string, kid: string): string {
  const [, body] = token.split('.');
  const head = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid })).toString('base64url');
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(POOL_KEY).toString('base64url');
  return `${head}.${body}.${signature}`;
}

/** The auth module as the local runtime loads it: local issuer and JWKS address in the environment. */
async function loadAuth() {
  for (const [k, v] of Object.entries(
    functionTestEnv('local', {
      USER_POOL_ID: 'local_pool1',
      USER_POOL_CLIENT_ID: CLIENT,
      LOCAL_JWT_ISSUER: ISSUER,
      LOCAL_JWKS_URL: 'http://127.0.0.1:9/local_pool1/.well-known/jwks.json',
    }),
  )) vi.stubEnv(k, v);
  vi.resetModules();
  return import('./auth.ts');
}

describe('authenticate (local pool)', () => {
  let fetches: number;
  beforeEach(() => {
    fetches = 0;
    vi.stubGlobal('fetch', async () => {
      fetches++;
      return new Response(JSON.stringify(JWKS), { status: 200, headers: { 'content-type': 'application/json' } });
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
    states.clear();
  });

  it('refuses a verified token its user’s state has ended: signed out everywhere, signed out, or deleted', async () => {
    const { authenticate } = await loadAuth();
    const now = Math.floor(Date.now() / 1000);
    const token = accessToken('u-1', { iat: now - 10, jti: 'jti-1' });
    await expect(authenticate(`Bearer ${token}`)).resolves.toMatchObject({ id: 'u-1', tokenId: 'jti-1' });
    states.set('u-1', { revokedTokens: {}, tokensValidAfter: now - 5 });
    await expect(authenticate(`Bearer ${token}`)).rejects.toMatchObject({ status: 401, message: 'This session has ended; sign in again.' });
    await expect(authenticate(`Bearer ${accessToken('u-1', { iat: now - 5 })}`)).resolves.toMatchObject({ id: 'u-1' });
    states.set('u-1', { revokedTokens: { 'jti-1': now + 3600 } });
    await expect(authenticate(`Bearer ${token}`)).rejects.toMatchObject({ status: 401 });
    states.set('u-1', { revokedTokens: {}, deletedAt: '2026-11-21T10:00:00.000Z' });
    await expect(authenticate(`Bearer ${accessToken('u-1', { iat: now })}`)).rejects.toMatchObject({ message: 'The account was deleted.' });
  });

  it('fetches the pool’s JWKS once, however many requests verify tokens at once', async () => {
    const { authenticate } = await loadAuth();
    const users = await Promise.all(Array.from({ length: 50 }, (_, i) => authenticate(`Bearer ${accessToken(`u-${i}`)}`)));
    expect(users.map((u) => u.id)).toEqual(Array.from({ length: 50 }, (_, i) => `u-${i}`));
    await authenticate(`Bearer ${accessToken('u-later', { 'cognito:groups': ['admin'] })}`);
    expect(fetches).toBe(1);
  });

  it('refuses forged, foreign and expired tokens without fetching the JWKS again', async () => {
    const { authenticate } = await loadAuth();
    await authenticate(`Bearer ${accessToken('u-1')}`);
    for (const token of [
      accessToken('u-1', {}, strangerKey()),
      accessToken('u-1', { client_id: 'another-client' }),
      accessToken('u-1', { token_use: 'id' }),
      accessToken('u-1', { exp: Math.floor(Date.now() / 1000) - 60 }),
      withKid(accessToken('u-1'), 'AnotherKey'),
      // A token that never expires is refused, however well signed.
      accessToken('u-1', { exp: undefined }),
      accessToken('u-1', { exp: 'never' }),
    ]) {
      await expect(authenticate(`Bearer ${token}`)).rejects.toMatchObject({ status: 401 });
    }
    expect(fetches).toBe(1);
  });

  it('tries the JWKS again on the next request when the first fetch failed', async () => {
    const { authenticate } = await loadAuth();
    vi.stubGlobal('fetch', async () => {
      fetches++;
      return new Response('down', { status: 503 });
    });
    await expect(authenticate(`Bearer ${accessToken('u-1')}`)).rejects.toThrow(/503/);
    vi.stubGlobal('fetch', async () => {
      fetches++;
      return new Response(JSON.stringify(JWKS), { status: 200 });
    });
    await expect(authenticate(`Bearer ${accessToken('u-1')}`)).resolves.toMatchObject({ id: 'u-1' });
    expect(fetches).toBe(2);
  });
});
