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

/** The `access-control-allow-origin` value for a request origin, or undefined when not allowed. */
export function allowedOrigin(origins: string, requestOrigin: string | undefined): string | undefined {
  const list = origins.split(',').map((o) => o.trim()).filter(Boolean);
  if (list.includes('*')) return '*';
  return requestOrigin && list.includes(requestOrigin) ? requestOrigin : undefined;
}

/** Headers a response carries for the given request origin. */
export function corsHeaders(origins: string, requestOrigin: string | undefined): Record<string, string> {
  const origin = allowedOrigin(origins, requestOrigin);
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': CORS_POLICY.exposeHeaders.join(', '),
    ...(origin === '*' ? {} : { vary: 'origin' }),
  };
}
