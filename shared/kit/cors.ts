/**
 * The CORS policy, declared once: API Gateway's preflight configuration (infra/cdk), the local
 * runtime's preflight answers and the headers every response carries all read it.
 */
export const CORS_POLICY = {
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
  exposeHeaders: ['retry-after', 'idempotent-replayed', 'allow'],
  maxAgeSeconds: 600,
} as const;

/**
 * The `access-control-allow-origin` value for a request origin, or undefined when not allowed.
 * `origins` is a comma-separated list of exact origins; there is no wildcard (the web app calls
 * its own origin, so the list holds only other web apps an operator names).
 */
export function allowedOrigin(origins: string, requestOrigin: string | undefined): string | undefined {
  if (!requestOrigin) return undefined;
  return origins.split(',').some((o) => o.trim() === requestOrigin) ? requestOrigin : undefined;
}

/** Headers a response carries for the given request origin. */
export function corsHeaders(origins: string, requestOrigin: string | undefined): Record<string, string> {
  const origin = allowedOrigin(origins, requestOrigin);
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': CORS_POLICY.exposeHeaders.join(', '),
    vary: 'origin',
  };
}
