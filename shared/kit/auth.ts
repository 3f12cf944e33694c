import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { adminClaimHolds, tokenRefusal } from '../auth/auth-state.ts';
import { currentAuthState } from '../auth/auth-state-repository.ts';
import { ADMIN_GROUP } from '../auth/groups.ts';
import { config } from '../config.ts';
import { UnauthorizedError } from './errors.ts';

/** The caller, as established from a verified access token. */
export interface AuthUser {
  id: string;
  isAdmin: boolean;
  /** The access token's id (`jti`) and expiry (epoch s): what signing this session out ends. */
  tokenId?: string;
  tokenExpiresAt?: number;
  /** The user's time zone, from the token state's mirror of the profile (absent on older accounts). */
  timezone?: string;
}

interface AccessTokenVerifier {
  verify(token: string): Promise<JwtPayload>;
}

let verifier: Promise<AccessTokenVerifier> | undefined;

/**
 * Cloud: CognitoJwtVerifier for the stage's pool and client (JWKS over HTTPS, cached).
 * Local: aws-jwt-verify fetches JWKS only over HTTPS and refuses local pool ids, so a
 * JwtRsaVerifier with the local issuer is handed the local pool's JWKS through `cacheJwks`,
 * fetched once per process (concurrent first requests share the fetch); the key object is
 * built once and cached by aws-jwt-verify.
 */
function getVerifier(): Promise<AccessTokenVerifier> {
  verifier ??= (async () => {
    if (!config.LOCAL_JWT_ISSUER || !config.LOCAL_JWKS_URL) {
      return CognitoJwtVerifier.create({
        userPoolId: config.USER_POOL_ID,
        clientId: config.USER_POOL_CLIENT_ID,
        tokenUse: 'access',
      });
    }
    const local = JwtRsaVerifier.create({
      issuer: config.LOCAL_JWT_ISSUER,
      audience: null,
      // Cognito access tokens carry the client in `client_id`, not `aud`.
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'access') throw new Error('not an access token');
        if (payload.client_id !== config.USER_POOL_CLIENT_ID) throw new Error('token of another client');
      },
    });
    const response = await fetch(config.LOCAL_JWKS_URL);
    if (!response.ok) throw new Error(`local JWKS answered ${response.status}`);
    local.cacheJwks((await response.json()) as Parameters<typeof local.cacheJwks>[0]);
    // The local pool's key never changes: verify against the cached JWKS only. (The async
    // `verify` would try to fetch the JWKS again, over HTTPS, for a token with an unknown key.)
    return { verify: async (token: string) => local.verifySync(token) };
  })().catch((error: unknown) => {
    verifier = undefined; // try again on the next request
    throw error;
  });
  return verifier;
}

/**
 * Tokens this process verified, by their exact text: the same bytes verify the same way until the
 * token expires, so a client's next requests skip the RSA signature check (most of the kit's own
 * cost per request). The token state is still read for each request; a token past `exp` is dropped
 * and verified afresh (and refused). Bounded: the oldest go first.
 */
const verified = new Map<string, JwtPayload>();
const MAX_VERIFIED = 2_000;

function verifiedPayload(token: string): JwtPayload | undefined {
  const payload = verified.get(token);
  if (payload && typeof payload.exp === 'number' && Date.now() < payload.exp * 1000) return payload;
  if (payload) verified.delete(token);
  return undefined;
}

function rememberVerified(token: string, payload: JwtPayload): void {
  if (typeof payload.exp !== 'number') return;
  if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
  verified.set(token, payload);
}

/**
 * Verifies a bearer token from an Authorization header value, then reads the user's token state
 * (one GetItem, shared/auth/auth-state.ts; shared for AUTH_STATE_CACHE_MS by the requests of one
 * process, and forgotten by every change to it): a token of a session signed out, of an account signed
 * out everywhere or deleted is refused at once, although its signature still verifies. 401 on
 * anything amiss.
 */
export async function authenticate(authorization: string | undefined): Promise<AuthUser> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw new UnauthorizedError('A bearer token is required.');
  const token = match[1]!;
  let payload = verifiedPayload(token);
  if (!payload) {
    const v = await getVerifier();
    try {
      payload = await v.verify(token);
    } catch {
      throw new UnauthorizedError('The token is not valid.');
    }
    rememberVerified(token, payload);
  }
  // aws-jwt-verify checks `exp` only when a token has one; a token that never expires is refused.
  if (typeof payload.exp !== 'number') throw new UnauthorizedError('The token is not valid.');
  const id = String(payload.sub);
  // At most AUTH_STATE_CACHE_MS old, and never older than a change this process made or that answered.
  const state = await currentAuthState(id);
  const refusal = tokenRefusal(state, { iat: payload.iat, jti: payload.jti });
  if (refusal) throw new UnauthorizedError(refusal);
  return {
    id,
    // The claim is signed, and checked against the server-side state: a revoked admin's token
    // keeps its claim until it expires but no longer makes its bearer an admin.
    isAdmin: adminClaimHolds(state, { iat: payload.iat, groups: payload['cognito:groups'] }, ADMIN_GROUP),
    ...(typeof payload.jti === 'string' ? { tokenId: payload.jti } : {}),
    tokenExpiresAt: payload.exp,
    ...(state.timezone ? { timezone: state.timezone } : {}),
  };
}
