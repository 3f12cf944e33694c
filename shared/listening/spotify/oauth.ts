import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * OAuth 2.0 authorization code with PKCE (RFC 7636) and a signed `state`: the state names the
 * user, a nonce (the key of the stored code verifier, used once) and an expiry, and carries an
 * HMAC-SHA256 over them with the stage's signing key, so a forged or stale state is refused
 * before anything is looked up.
 */

/** How long a connect attempt may take from Mosaic to Spotify's consent page and back. */
export const STATE_TTL_MS = 10 * 60_000;

/** The scopes Mosaic asks for: recently played, and the profile (`GET /v1/me`). */
export const SPOTIFY_SCOPES = ['user-read-recently-played', 'user-read-private'];

export function newVerifier(): string {
  return randomBytes(48).toString('base64url');
}

/** S256 code challenge of a verifier. */
export function codeChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export interface StatePayload {
  /** The Mosaic user. */
  u: string;
  /** Nonce: the stored verifier's key. */
  n: string;
  /** Expiry, epoch ms. */
  e: number;
}

export function signState(payload: StatePayload, key: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const mac = createHmac('sha256', key).update(`spotify-state.${body}`).digest('base64url');
  return `${body}.${mac}`;
}

export type StateCheck = { ok: true; payload: StatePayload } | { ok: false; reason: 'forged' | 'expired' };

/** Verifies a state's signature, then its expiry. */
export function verifyState(state: string, key: string, now: number): StateCheck {
  const [body, mac] = state.split('.');
  if (!body || !mac) return { ok: false, reason: 'forged' };
  const expected = createHmac('sha256', key).update(`spotify-state.${body}`).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  let payload: StatePayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as StatePayload;
  } catch {
    return { ok: false, reason: 'forged' };
  }
  if (typeof payload.e !== 'number' || payload.e < now) return { ok: false, reason: 'expired' };
  return { ok: true, payload };
}
