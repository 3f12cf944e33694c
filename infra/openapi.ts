/**
 * The OpenAPI 3.1 document, generated from the route table (paths, auth, parameters, bodies,
 * statuses) so it cannot drift from the code. `npm run openapi` writes docs/openapi.json; a test
 * fails when the committed document differs from what the table generates.
 */
import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../shared/kit/schemas.ts';
import type { HttpRouteDef } from './route-types.ts';
import { routeList } from './routes.ts';

const ErrorResponse = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      properties: {
        code: { type: 'string', examples: ['validation_failed'] },
        message: { type: 'string' },
        details: {},
        requestId: { type: 'string' },
      },
    },
  },
} as const;

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed JSON, a schema violation (details name the fields), or a bad cursor',
  401: 'Missing, expired, forged or wrong-client token',
  403: 'Needs an administrator',
  404: 'Not found (also: another user\u2019s item)',
  409: 'Conflict with the current state',
  413: 'Body larger than the route allows',
  415: 'Body is not JSON',
  422: 'Idempotency-Key reused with a different request',
  429: 'Rate limited; see Retry-After',
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function parameters(route: HttpRouteDef) {
  const out: Array<Record<string, unknown>> = [];
  for (const [where, schema] of [['path', route.params], ['query', route.query]] as const) {
    if (!schema) continue;
    const s = jsonSchema(schema) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
    for (const [name, prop] of Object.entries(s.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (s.required ?? []).includes(name), schema: prop });
    }
  }
  return out;
}

function errorStatuses(route: HttpRouteDef): number[] {
  const statuses = new Set<number>();
  if (route.body || route.query || route.params) statuses.add(400);
  if (route.auth === 'user' || route.auth === 'admin') statuses.add(401);
  if (route.auth === 'admin') statuses.add(403);
  if (route.params) statuses.add(404);
  if (route.body) [413, 415].forEach((s) => statuses.add(s));
  if (route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH' || route.method === 'DELETE') statuses.add(409);
  if (route.idempotent) statuses.add(422);
  if (route.limits.rateLimit) statuses.add(429);
  return [...statuses].sort();
}

/** Builds the OpenAPI document for the routes in the table. */
export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routeList) {
    const op: Record<string, unknown> = {
      operationId: route.name,
      summary: route.summary,
      tags: [route.tag],
      ...(route.auth === 'user' || route.auth === 'admin' ? { security: [{ bearer: [] }] } : { security: [] }),
      parameters: [
        ...parameters(route),
        ...(route.idempotent
          ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 }, description: 'Replays return the first response for 24 h' }]
          : []),
      ],
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } }
        : {}),
      responses: {
        [String(route.successStatus)]: { description: route.successStatus === 204 ? 'Done, no content' : 'Success' },
        ...Object.fromEntries(
          errorStatuses(route).map((s) => [
            String(s),
            { description: ERROR_TEXT[s], content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } } },
          ]),
        ),
      },
    };
    (paths[route.path] ??= {})[route.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Mosaic API',
      version: '1',
      description: `Track activities and habits, reach goals. Lists are paginated with an opaque \`cursor\`; \`limit\` is at most ${MAX_PAGE_SIZE}. Every error has the shape in ErrorResponse.`,
    },
    servers: [{ url: 'http://localhost:3000', description: 'npm start' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (Cognito access token)' } },
      schemas: { ErrorResponse },
    },
    paths,
  };
}

/** The document as committed: stable key order, two-space indent, trailing newline. */
export function renderOpenApi(): string {
  return `${JSON.stringify(buildOpenApi(), null, 2)}\n`;
}
