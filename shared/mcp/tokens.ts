import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { LimitReachedError, NotFoundError } from '../kit/errors.ts';
import { MAX_TOKENS_PER_USER, TOKEN_PREFIX, type TokenScope } from './scopes.ts';

/**
 * Personal access tokens for MCP clients: `mosaic_pat_<id>_<secret>`, shown once at creation;
 * only a SHA-256 of the secret is stored (the secret is 32 random bytes, so a fast hash is
 * enough: nothing to brute-force). Scoped per area, expiring, revocable; last use is recorded.
 */

export interface AccessToken {
  id: string;
  userId: string;
  name: string;
  scopes: TokenScope[];
  createdAt: string;
  expiresAt: string;
  revokedAt?: string;
  lastUsedAt?: string;
  /** SHA-256 of the secret, base64url. */
  hash: string;
}

export interface TokenRepository {
  put(token: AccessToken): Promise<void>;
  get(id: string): Promise<AccessToken | undefined>;
  listForUser(userId: string): Promise<AccessToken[]>;
  update(id: string, fields: Partial<AccessToken>): Promise<void>;
  /** Sets lastUsedAt unless it was set after `notBefore` (one write a minute at most). */
  touch(id: string, at: string, notBefore: string): Promise<void>;
}

const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');

/** A token as its owner sees it (never the hash). */
export function tokenView(token: AccessToken, now: Date) {
  const { hash: _hash, userId: _user, ...rest } = token;
  const status = token.revokedAt ? 'revoked' : Date.parse(token.expiresAt) <= now.getTime() ? 'expired' : 'active';
  return { ...rest, status };
}

export async function createToken(repo: TokenRepository, userId: string, input: { name: string; scopes: TokenScope[]; expiresInDays: number }, now: Date) {
  const active = (await repo.listForUser(userId)).filter((t) => !t.revokedAt && Date.parse(t.expiresAt) > now.getTime());
  if (active.length >= MAX_TOKENS_PER_USER) throw new LimitReachedError(`At most ${MAX_TOKENS_PER_USER} active tokens; revoke one first.`, MAX_TOKENS_PER_USER);
  const id = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
  const secret = randomBytes(32).toString('base64url');
  const token: AccessToken = {
    id,
    userId,
    name: input.name,
    scopes: [...new Set(input.scopes)].sort(),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(),
    hash: digest(secret),
  };
  await repo.put(token);
  return { ...tokenView(token, now), token: `${TOKEN_PREFIX}${id}_${secret}` };
}

export async function listTokens(repo: TokenRepository, userId: string, now: Date) {
  const tokens = await repo.listForUser(userId);
  return { items: tokens.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((t) => tokenView(t, now)) };
}

export async function revokeToken(repo: TokenRepository, userId: string, id: string, now: Date) {
  const token = await repo.get(id);
  if (!token || token.userId !== userId) throw new NotFoundError('The token');
  if (!token.revokedAt) await repo.update(id, { revokedAt: now.toISOString() });
}

export type TokenCheck = { ok: true; token: AccessToken } | { ok: false; reason: string };

/** Checks a presented personal access token: format, hash, revocation, expiry; records its use. */
export async function verifyToken(repo: TokenRepository, presented: string, now: Date): Promise<TokenCheck> {
  const match = new RegExp(`^${TOKEN_PREFIX}([A-Za-z0-9]+)_([A-Za-z0-9_-]{43})$`).exec(presented);
  if (!match) return { ok: false, reason: 'The access token is not valid.' };
  const token = await repo.get(match[1]!);
  const given = Buffer.from(digest(match[2]!));
  if (!token || given.length !== Buffer.from(token.hash).length || !timingSafeEqual(given, Buffer.from(token.hash))) return { ok: false, reason: 'The access token is not valid.' };
  if (token.revokedAt) return { ok: false, reason: 'The access token was revoked.' };
  if (Date.parse(token.expiresAt) <= now.getTime()) return { ok: false, reason: 'The access token has expired.' };
  await repo.touch(token.id, now.toISOString(), new Date(now.getTime() - 60_000).toISOString());
  return { ok: true, token };
}
