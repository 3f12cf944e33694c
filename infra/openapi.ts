/**
 * The OpenAPI 3.1 document, generated from the route table (paths, auth, parameters, bodies,
 * statuses, success bodies) so it cannot drift from the code. `npm run openapi` writes
 * docs/openapi.json; a test fails when the committed document differs from what the table
 * generates, and the integration test parses every route's real answer with its `response`.
 */
import * as z from 'zod';
import { ErrorResponse } from '../shared/kit/responses.ts';
import { MAX_PAGE_SIZE } from '../shared/kit/schemas.ts';
import type { HttpRoute } from './routes/types.ts';
import { routeList } from './routes/index.ts';

const COMPONENTS = '#/components/schemas/';

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed JSON, a body that is not UTF-8 (invalid_encoding), a schema violation (details name the fields), or a bad cursor',
  401: 'Missing, expired, forged or wrong-client token',
  403: 'Needs an administrator',
  404: 'Not found (also: another user\u2019s item)',
  409: 'Conflict with the current state (limit_reached when a cap is full; request_in_progress, with Retry-After, while a request with the same Idempotency-Key runs)',
  413: 'Body larger than the route allows',
  415: 'Body is not JSON',
  422: 'Idempotency-Key reused with a different request',
  429: 'Rate limited, or (sign-in, password checks) the account locked after failed attempts (code sign_in_locked); see Retry-After',
};

/** Input-side JSON Schema of a route's input schema (built with zod/mini: any zod schema fits). */
function jsonSchema(schema: z.core.$ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

type Json = Record<string, unknown>;

/**
 * Output-side JSON Schema of response schemas, trimmed of what a reader gains nothing from: the
 * long patterns zod adds next to a `format` (date, date-time, email, uuid, uri) and the
 * safe-integer bounds it puts on every integer. Parsing keeps all of them.
 */
const responseOptions = {
  io: 'output',
  unrepresentable: 'any',
  override: ({ jsonSchema }: { jsonSchema: Json }) => {
    if (jsonSchema.format !== undefined) delete jsonSchema.pattern;
    if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
    // Responses may gain fields: the document does not forbid what clients should ignore.
    if (jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
  },
} as const;

/** The component name of a schema named with `.meta({ id })`. */
function idOf(schema: z.ZodType): string | undefined {
  const id = z.globalRegistry.get(schema)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** Rewrites zod's local `#/$defs/X` references (of named schemas) to components. */
function toComponentRefs<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', `"${COMPONENTS}`)) as T;
}

/** A `$ref` to the named schema, or the schema inline (its named parts as `$ref`s). */
function responseSchema(schema: z.ZodType): Json {
  const id = idOf(schema);
  if (id) return { $ref: COMPONENTS + id };
  const { $schema: _s, $defs: _d, ...rest } = z.toJSONSchema(schema, responseOptions) as Json;
  return toComponentRefs(rest);
}

/** `$ref` targets anywhere in a JSON value. */
function refsIn(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string' && v.startsWith(COMPONENTS)) out.add(v.slice(COMPONENTS.length));
      else refsIn(v, out);
    }
  }
  return out;
}

/**
 * The named response schemas the document refers to (every schema with a `.meta({ id })` that is
 * reachable from a route's response or the error shape), by name.
 */
function responseComponents(roots: Json[]): Record<string, Json> {
  const all = z.toJSONSchema(z.globalRegistry, { ...responseOptions, uri: (id) => COMPONENTS + id }).schemas;
  const wanted = new Set<string>();
  const pending = [...refsIn(roots)];
  while (pending.length) {
    const name = pending.pop()!;
    if (wanted.has(name)) continue;
    if (!all[name]) throw new Error(`The OpenAPI document refers to a schema named ${name} that no schema has`);
    wanted.add(name);
    pending.push(...refsIn(all[name]));
  }
  return Object.fromEntries(
    [...wanted].sort().map((name) => {
      const { $schema: _s, $id: _i, ...schema } = all[name] as Json;
      return [name, schema];
    }),
  );
}

function parameters(route: HttpRoute) {
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

function errorStatuses(route: HttpRoute): number[] {
  const statuses = new Set<number>();
  if (route.body || route.query || route.params) statuses.add(400);
  if (route.auth === 'user' || route.auth === 'admin' || route.auth === 'webhook') statuses.add(401);
  if (route.auth === 'admin') statuses.add(403);
  if (route.params) statuses.add(404);
  if (route.body) [413, 415].forEach((s) => statuses.add(s));
  // A webhook's raw body is read by its verifier: capped, not parsed by a schema.
  if (route.auth === 'webhook') statuses.add(413);
  if (route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH' || route.method === 'DELETE') statuses.add(409);
  if (route.idempotent) statuses.add(422);
  if (route.rateLimit) statuses.add(429);
  for (const s of Object.keys(route.errors ?? {})) statuses.add(Number(s));
  for (const s of Object.keys(route.protocolErrors?.statuses ?? {})) statuses.add(Number(s));
  return [...statuses].sort();
}

/** An error response of a route: its protocol's own form where it has one, else ErrorResponse. */
function errorResponse(route: HttpRoute, status: number): Json {
  const protocol = route.protocolErrors?.statuses[status as keyof NonNullable<HttpRoute['protocolErrors']>['statuses']];
  if (protocol) return { description: protocol, content: { 'application/json': { schema: responseSchema(route.protocolErrors!.schema) } } };
  const description = route.errors?.[status as keyof NonNullable<HttpRoute['errors']>] ?? ERROR_TEXT[status];
  return { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } } };
}

/** The success response of a route: its body's schema, or no content. */
function success(route: HttpRoute): Json {
  if (route.binaryResponse) return { description: 'Success', content: { [route.binaryResponse]: { schema: { type: 'string', format: 'binary' } } } };
  if (!route.response) return { description: route.successStatus === 204 ? 'Done, no content' : 'Success' };
  const description = z.globalRegistry.get(route.response)?.description;
  return {
    description: typeof description === 'string' ? description : 'Success',
    content: { 'application/json': { schema: responseSchema(route.response) } },
  };
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
          ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 }, description: 'Replays return the first response for 24 h; while the first request runs, 409 request_in_progress with Retry-After. Retry a timeout (503) with the same key.' }]
          : []),
      ],
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } }
        : {}),
      responses: {
        [String(route.successStatus)]: success(route),
        ...Object.fromEntries(errorStatuses(route).map((s) => [String(s), errorResponse(route, s)])),
      },
    };
    (paths[route.path] ??= {})[route.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Mosaic API',
      version: '1',
      description: `Track activities and habits, reach goals. Lists are paginated with an opaque \`cursor\`; \`limit\` is at most ${MAX_PAGE_SIZE}. Every error has the shape in ErrorResponse. Dates (\`YYYY-MM-DD\`) are calendar days in the user's time zone unless a field says otherwise; instants are ISO 8601 in UTC. Fractions are 0–1 and percentages 0–100, as each field says. Responses may gain fields over time: ignore the ones you do not know.`,
    },
    servers: [{ url: 'http://localhost:3000', description: 'npm start' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (Cognito access token)' } },
      schemas: responseComponents([responseSchema(ErrorResponse), paths]),
    },
    paths,
  };
}

/** The document as committed: stable key order, two-space indent, trailing newline. */
export function renderOpenApi(): string {
  return `${JSON.stringify(buildOpenApi(), null, 2)}\n`;
}
