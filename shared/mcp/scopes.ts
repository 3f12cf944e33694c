/** Scopes of personal access tokens: read or write per area (write includes read). Zod-free: the web app imports it. */
export const TOKEN_AREAS = ['listening', 'tracking'] as const;
export type TokenArea = (typeof TOKEN_AREAS)[number];
export const TOKEN_SCOPES = ['listening:read', 'listening:write', 'tracking:read', 'tracking:write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Whether granted scopes allow an access (`tracking:write` allows `tracking:read`). */
export function allows(granted: readonly string[], needed: TokenScope): boolean {
  if (granted.includes(needed)) return true;
  const [area, level] = needed.split(':');
  return level === 'read' && granted.includes(`${area}:write`);
}

/** Token lifetimes offered (days). */
export const MAX_TOKEN_DAYS = 365;
export const DEFAULT_TOKEN_DAYS = 90;
/** Active tokens a user may hold. */
export const MAX_TOKENS_PER_USER = 20;
/** Prefix of every personal access token (secret scanners can spot it). */
export const TOKEN_PREFIX = 'mosaic_pat_';
