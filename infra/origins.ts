/**
 * Web origins a CORS list may hold, for the CDK app (`-c corsOrigins=…`) and the local runtime
 * (`CORS_ORIGINS`): `scheme://host[:port]` and nothing else — no `*`, no path. A list is
 * comma-separated; an empty one allows no other origin (the web app is on the API's own origin).
 */
export function parseOrigins(list: string | undefined, what: string): string[] {
  const origins = (list ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:]+\])(:\d{1,5})?$/i.test(origin)) {
      throw new Error(`${what}: "${origin}" is not an origin (scheme://host[:port]; "*" is not accepted)`);
    }
  }
  return origins;
}
