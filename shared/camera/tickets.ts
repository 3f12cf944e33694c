import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * Stream tickets: what the page puts in the stream URL instead of the access token. A ticket
 * names its user, camera, expiry and a unique id, and is signed with the stage's signing key
 * (HMAC-SHA256); the worker verifies the signature and expiry here and spends the id once
 * (camera-repository `spendTicket`), so a ticket opens one stream, for one user and camera.
 */
export interface TicketClaims {
  /** Unique id, spent on first use. */
  jti: string;
  userId: string;
  cameraId: string;
  /** Expiry, epoch milliseconds. */
  exp: number;
}

const PURPOSE = 'mosaic-camera-ticket.v1.';

const sign = (key: string, payload: string) => createHmac('sha256', key).update(PURPOSE + payload).digest('base64url');

/** A signed ticket for `userId` on `cameraId`, valid `ttlSeconds` from `nowMs`. */
export function issueTicket(key: string, userId: string, cameraId: string, nowMs: number, ttlSeconds: number): { ticket: string; claims: TicketClaims } {
  const claims: TicketClaims = { jti: randomUUID(), userId, cameraId, exp: nowMs + ttlSeconds * 1000 };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return { ticket: `${payload}.${sign(key, payload)}`, claims };
}

export type TicketProblem = 'malformed' | 'bad_signature' | 'expired' | 'wrong_camera';

/** The ticket's claims when its signature, expiry and camera check out; otherwise the problem. */
export function verifyTicket(
  key: string,
  ticket: string,
  cameraId: string,
  nowMs: number,
): { ok: true; claims: TicketClaims } | { ok: false; problem: TicketProblem } {
  const [payload, signature, extra] = ticket.split('.');
  if (!payload || !signature || extra !== undefined || ticket.length > 1000) return { ok: false, problem: 'malformed' };
  const expected = Buffer.from(sign(key, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, problem: 'bad_signature' };
  let claims: TicketClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TicketClaims;
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  if (typeof claims.exp !== 'number' || typeof claims.jti !== 'string' || typeof claims.userId !== 'string') return { ok: false, problem: 'malformed' };
  if (claims.exp <= nowMs) return { ok: false, problem: 'expired' };
  if (claims.cameraId !== cameraId) return { ok: false, problem: 'wrong_camera' };
  return { ok: true, claims };
}
