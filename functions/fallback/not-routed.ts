import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createRouter } from '../../shared/contract/route-matching.ts';
import type { HttpMethod } from '../../shared/contract/routes.ts';
import { corsHeaders } from '../../shared/kit/cors.ts';
import { MethodNotAllowedError, NotFoundError, errorBody, type DomainError } from '../../shared/kit/errors.ts';

/**
 * Answers what no route matches: 405 with `Allow` when the path exists under another method, 404
 * otherwise. It needs only every route's `METHOD /path`, which the deployment hands it in
 * MOSAIC_ROUTE_KEYS (inlined at bundle time in the cloud, set by the local runtime locally), so it
 * carries no area's schemas and none of the handler kit: it does nothing else.
 */
const routeKeys = JSON.parse(process.env.MOSAIC_ROUTE_KEYS ?? '[]') as string[];
const router = createRouter(
  routeKeys.map((key) => {
    const [method, path] = key.split(' ') as [HttpMethod, string];
    return { method, path };
  }),
);

export function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const method = event.requestContext.http.method;
  const match = router(method, event.rawPath);
  const error: DomainError =
    match.kind === 'wrong-method' ? new MethodNotAllowedError(match.allowed) : new NotFoundError(`${method} ${event.rawPath}`);
  return Promise.resolve({
    statusCode: error.status,
    headers: {
      'content-type': 'application/json',
      ...error.headers,
      ...corsHeaders(process.env.CORS_ORIGINS ?? '', event.headers?.origin),
    },
    body: errorBody(error.code, error.message, event.requestContext.requestId, error.details),
  });
}
