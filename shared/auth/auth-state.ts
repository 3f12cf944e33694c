import type { Item } from '../db/table.ts';

/**
 * A user's token state, read on every authenticated request (one strongly consistent GetItem,
 * auth-state-repository.ts), so
 * what is decided here takes effect at once although access tokens are JWTs that verify until they
 * expire. It lives outside the user's partition (`AUTH#<user>`), so it outlasts the account purge
 * and a deleted account's tokens stay refused. The operations issue's "disabled" and "admin
 * revoked" flags are further fields of this item, checked in {@link tokenRefusal}.
 */
export interface AuthState {
  /** Epoch seconds: access tokens issued (`iat`) before it, and sessions begun before it, are ended. */
  tokensValidAfter?: number;
  /** Access tokens ended one by one (sign-out of one session): token id (`jti`) → its expiry, epoch s. */
  revokedTokens: Record<string, number>;
  /** When the account was deleted. */
  deletedAt?: string;
  /** When an administrator disabled the account (cleared when enabled again). */
  disabledAt?: string;
  /**
   * Epoch seconds: the `admin` group claim of access tokens issued before it grants nothing (set
   * when admin is revoked), so a revoked admin loses the admin routes at once, not at expiry.
   */
  adminValidAfter?: number;
  /**
   * The profile's time zone, mirrored here (profile-repository.ts writes both) so that an
   * authenticated read learns the user's "today" from the one GetItem it does anyway.
   */
  timezone?: string;
}

/** The claims of a verified access token that the state is compared with. */
export interface TokenClaims {
  iat?: number;
  jti?: string;
}

// The token state of one user (outside the user's partition: it outlasts the account purge)
export const authStateKey = (userId: string) => ({ pk: `AUTH#${userId}`, sk: 'STATE' });
/** Attribute prefix of one revoked access token (`rv_<jti>`). */
export const REVOKED_PREFIX = 'rv_';

export function toAuthState(item: Item | undefined): AuthState {
  const revokedTokens: Record<string, number> = {};
  for (const [name, value] of Object.entries(item ?? {}))
    if (name.startsWith(REVOKED_PREFIX)) revokedTokens[name.slice(REVOKED_PREFIX.length)] = Number(value);
  return {
    ...(item?.tokensValidAfter !== undefined ? { tokensValidAfter: Number(item.tokensValidAfter) } : {}),
    ...(item?.deletedAt ? { deletedAt: item.deletedAt as string } : {}),
    ...(item?.disabledAt ? { disabledAt: item.disabledAt as string } : {}),
    ...(item?.adminValidAfter !== undefined ? { adminValidAfter: Number(item.adminValidAfter) } : {}),
    ...(typeof item?.timezone === 'string' ? { timezone: item.timezone } : {}),
    revokedTokens,
  };
}

/** Why a verified access token is no longer accepted, or undefined when it is. */
export function tokenRefusal(state: AuthState, claims: TokenClaims): string | undefined {
  if (state.deletedAt) return 'The account was deleted.';
  if (state.disabledAt) return 'The account is disabled.';
  if (state.tokensValidAfter !== undefined && (claims.iat ?? 0) < state.tokensValidAfter)
    return 'This session has ended; sign in again.';
  if (claims.jti && state.revokedTokens[claims.jti] !== undefined) return 'This session has ended; sign in again.';
  return undefined;
}

/**
 * Whether a verified token's `admin` group claim still holds: the claim is there and the token was
 * issued after the last revocation of admin (the server-side half of every admin check).
 */
export function adminClaimHolds(state: AuthState, claims: TokenClaims & { groups: unknown }, adminGroup: string): boolean {
  if (!Array.isArray(claims.groups) || !claims.groups.includes(adminGroup)) return false;
  return state.adminValidAfter === undefined || (claims.iat ?? 0) >= state.adminValidAfter;
}
