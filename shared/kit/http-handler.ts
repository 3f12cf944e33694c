import middy, { type MiddlewareObj, type Request } from '@middy/core';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod/mini';
import type { RouteContract } from '../contract/routes.ts';
import { meterReads } from '../aws/read-meter.ts';
import { config, isLocal } from '../config.ts';
import { audit } from '../audit/audit-writer.ts';
import { authenticate, type AuthUser } from './auth.ts';
import { corsHeaders } from './cors.ts';
import { admitThroughEdge } from './edge.ts';
import {
  BadRequestError,
  DomainError,
  ForbiddenError,
  PayloadTooLargeError,
  UnauthorizedError,
  ValidationError,
  errorBody,
  type FieldIssue,
} from './errors.ts';
// Types only: the idempotency code itself is bundled by idempotent routes alone (idempotent-http-handler.ts).
import type { IdempotencyClaim, StoredResponse } from './idempotency.ts';
import { describeInvocation, logger, metrics, withInvocation } from './observability.ts';
import { enforceRateLimit } from './rate-limit.ts';
import { utf8Problem } from './text.ts';
// The words of every validation message the API answers with.
import './zod-messages.ts';

export { errorBody };

/** The validated type of an optional schema slot; `undefined` when the route declares none. */
type Out<S> = [NonNullable<S>] extends [never] ? undefined : NonNullable<S> extends z.core.$ZodType ? z.output<NonNullable<S>> : undefined;

/** A request as it arrived, before anything is parsed: what a webhook verifier checks. */
export interface RawRequest {
  body: Buffer;
  headers: Record<string, string | undefined>;
  /** Path parameters, URL-decoded but not validated. */
  params: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  sourceIp: string;
  requestId: string;
}

/**
 * Checks a webhook's signature (or token) on the raw body, before anything is parsed, and says
 * who sent it (a project's source, say). Throws UnauthorizedError (401) when it does not verify.
 */
export type WebhookVerifier<C> = (request: RawRequest) => Promise<C>;

/** What a route's handler function receives: validated input and the caller. */
export interface HttpRequest<R extends RouteContract, C = undefined> {
  body: Out<R['body']>;
  query: Out<R['query']>;
  params: Out<R['params']>;
  user: R['auth'] extends 'user' | 'admin' ? AuthUser : undefined;
  /** The bearer token the caller sent (user and admin routes). */
  accessToken: R['auth'] extends 'user' | 'admin' ? string : undefined;
  /** Who a webhook verifier says sent the request (webhook routes). */
  caller: C;
  /** The body as received (webhook routes read signed payloads as they came). */
  rawBody: Buffer;
  method: string;
  path: string;
  requestId: string;
  sourceIp: string;
  headers: Record<string, string | undefined>;
}

/** What a route's handler function returns; the wrapper serialises it. */
export interface HttpResult {
  statusCode: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const ok = (body: unknown): HttpResult => ({ statusCode: 200, body });
export const created = (body: unknown): HttpResult => ({ statusCode: 201, body });
export const accepted = (body: unknown): HttpResult => ({ statusCode: 202, body });
export const noContent = (): HttpResult => ({ statusCode: 204 });
/** A binary body (an image), with its content type. */
export const binary = (body: Buffer, contentType: string, headers: Record<string, string> = {}): HttpResult => ({
  statusCode: 200,
  body,
  headers: { 'content-type': contentType, ...headers },
});

/** A Lambda proxy result as API Gateway takes it. */
export type ApiResult = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

/** One request's state, shared by the kit's middlewares. */
export interface KitState extends Record<string, unknown> {
  startedAt: number;
  rawBody: Buffer;
  user?: AuthUser;
  caller?: unknown;
  input?: { body: unknown; query: unknown; params: unknown };
  /** The Idempotency-Key this run holds, from its claim until the handler takes it over. */
  claim?: IdempotencyClaim;
  /** Set once the handler runs: from then on it alone completes or releases the claim. */
  handlerStarted?: boolean;
  replay?: StoredResponse;
}

type KitRequest = Request<APIGatewayProxyEventV2, ApiResult, Error, Context, KitState>;
export type KitMiddleware = MiddlewareObj<APIGatewayProxyEventV2, ApiResult, Error, Context, KitState>;

/**
 * An optional part of the kit that only some routes' contracts ask for (idempotency): a
 * middleware placed after input parsing, and what runs the route's function.
 */
export interface KitLayer {
  middleware: KitMiddleware;
  /** Runs the route's function (`run`), or answers without it (an idempotent replay). */
  around(state: KitState, run: () => Promise<ApiResult>): Promise<ApiResult>;
}

function toApiResult(result: HttpResult): ApiResult {
  if (Buffer.isBuffer(result.body)) {
    // Binary bodies (a camera snapshot) travel base64-encoded; API Gateway decodes them.
    return { statusCode: result.statusCode, headers: { ...result.headers }, body: result.body.toString('base64'), isBase64Encoded: true };
  }
  const hasBody = result.body !== undefined && result.statusCode !== 204;
  return {
    statusCode: result.statusCode,
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...result.headers },
    body: hasBody ? JSON.stringify(result.body) : undefined,
  };
}

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  return event.headers?.[name] ?? undefined;
}

const routeKeyOf = (route: RouteContract) => `${route.method} ${route.path}`;

/** Request id, access log, metrics, error mapping and CORS: the outermost layer. */
function responder(route: RouteContract): KitMiddleware {
  const routeKey = `${route.method} ${route.path}`;
  const finish = (request: KitRequest) => {
    const response = request.response!;
    Object.assign(response.headers, corsHeaders(config.CORS_ORIGINS, header(request.event, 'origin')));
    const durationMs = Date.now() - request.internal.startedAt;
    metrics.addMetric('requests', MetricUnit.Count, 1);
    metrics.addMetric(`status${Math.floor(response.statusCode / 100)}xx`, MetricUnit.Count, 1);
    metrics.addMetric('errors', MetricUnit.Count, response.statusCode >= 500 ? 1 : 0);
    metrics.addMetric('latency', MetricUnit.Milliseconds, durationMs);
    logger.info('request.completed', { status: response.statusCode, durationMs });
  };
  return {
    before: (request) => {
      request.internal.startedAt = Date.now();
      const event = request.event;
      // Only through CloudFront (and its WAF) in the cloud; the client's address from then on.
      admitThroughEdge(event, config.ORIGIN_VERIFY);
      const raw = event.body ?? '';
      request.internal.rawBody = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
      describeInvocation({ requestId: event.requestContext.requestId, sourceIp: event.requestContext.http.sourceIp });
      logger.appendKeys({ route: routeKey });
      // Before anything else reads it (a webhook verifier hashes it): refuse what is too large.
      if (request.internal.rawBody.length > route.bodyBytes) throw new PayloadTooLargeError(route.bodyBytes);
    },
    after: finish,
    onError: (request) => {
      const error = request.error;
      const requestId = request.event.requestContext.requestId;
      if (error?.name === 'TimeoutError') {
        // middy gave up just before the function's deadline; the handler may still be running
        // (and its write may land), so its Idempotency-Key stays locked until the lock ends.
        const claim = request.internal.claim;
        const retryAfter = claim ? Math.max(1, Math.ceil((claim.lockedUntil - Date.now()) / 1000)) : 1;
        logger.warn('request.timed_out', { retryAfterSeconds: retryAfter });
        request.response = {
          statusCode: 503,
          headers: { 'content-type': 'application/json', 'retry-after': String(retryAfter) },
          body: errorBody(
            'timeout',
            claim
              ? 'The request did not finish in time and may still complete. Send it again with the same Idempotency-Key to get its result.'
              : 'The request did not finish in time and may still complete.',
            requestId,
            { retryAfterSeconds: retryAfter },
          ),
        };
      } else if (error instanceof DomainError) {
        logger.info('request.rejected', { code: error.code, status: error.status });
        request.response = {
          statusCode: error.status,
          headers: { 'content-type': 'application/json', ...error.headers },
          body: errorBody(error.code, error.message, requestId, error.details),
        };
      } else {
        logger.error('request.failed', error as Error);
        request.response = {
          statusCode: 500,
          headers: { 'content-type': 'application/json' },
          body: errorBody('internal', 'Something went wrong on our side.', requestId),
        };
      }
      finish(request);
    },
  };
}

function rateLimiter(route: RouteContract): KitMiddleware {
  const limit = route.rateLimit;
  return {
    before: async (request) => {
      if (!limit) return;
      await enforceRateLimit(`${route.method} ${route.path}`, request.event.requestContext.http.sourceIp, limit);
    },
  };
}

/** Who is calling: a verified user token (user, admin) or a verified webhook (webhook). */
function authenticator(route: RouteContract, verify: WebhookVerifier<unknown> | undefined): KitMiddleware {
  return {
    before: async (request) => {
      const event = request.event;
      if (route.auth === 'webhook') {
        request.internal.caller = await verify!({
          body: request.internal.rawBody,
          headers: event.headers ?? {},
          params: event.pathParameters ?? {},
          query: event.queryStringParameters ?? {},
          sourceIp: event.requestContext.http.sourceIp,
          requestId: event.requestContext.requestId,
        });
        return;
      }
      if (route.auth !== 'user' && route.auth !== 'admin') return;
      const authorization = header(event, 'authorization');
      let user: AuthUser;
      try {
        user = await authenticate(authorization);
      } catch (error) {
        // A token was presented and refused (forged, edited, expired, signed out): audited.
        if (error instanceof UnauthorizedError && authorization)
          await audit({ kind: 'token.rejected', outcome: 'denied', target: routeKeyOf(route), detail: { reason: error.message } });
        throw error;
      }
      if (route.auth === 'admin' && !user.isAdmin) {
        await audit({ kind: 'admin.denied', actor: user.id, target: routeKeyOf(route), outcome: 'denied' });
        throw new ForbiddenError('This needs an administrator.');
      }
      request.internal.user = user;
      describeInvocation({ userId: user.id });
    },
  };
}

function issuesOf(error: z.core.$ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    message: i.message,
  }));
}

function validate(schema: z.core.$ZodType | undefined, value: unknown, part: 'body' | 'query' | 'params'): unknown {
  if (!schema) return undefined;
  const parsed = z.safeParse(schema, value);
  if (parsed.success) return parsed.data;
  const issues = issuesOf(parsed.error, part === 'body' ? '' : part);
  const summary = issues.map((i) => `${i.field || part}: ${i.message}`).join('; ');
  throw new ValidationError(`Invalid ${part === 'params' ? 'path' : part}: ${summary}`, issues);
}

/**
 * JSON parsing and zod validation of path, query and body. Webhooks are parsed
 * whatever their content type (SNS posts JSON as text/plain).
 */
function inputParser(route: RouteContract): KitMiddleware {
  return {
    before: (request) => {
      const event = request.event;
      const bytes = request.internal.rawBody;
      let body: unknown;
      if (route.body) {
        const type = header(event, 'content-type') ?? 'application/json';
        if (route.auth !== 'webhook' && !/^application\/(.+\+)?json\b/i.test(type)) {
          throw new DomainError(415, 'unsupported_media_type', 'Send the body as application/json.');
        }
        if (bytes.length === 0) throw new BadRequestError('invalid_json', 'A JSON body is required.');
        const encodingProblem = utf8Problem(bytes);
        if (encodingProblem) throw new BadRequestError('invalid_encoding', encodingProblem);
        try {
          body = JSON.parse(bytes.toString('utf8'));
        } catch {
          throw new BadRequestError('invalid_json', 'The request body is not valid JSON.');
        }
      }
      request.internal.input = {
        params: validate(route.params, event.pathParameters ?? {}, 'params'),
        query: validate(route.query, event.queryStringParameters ?? {}, 'query'),
        body: validate(route.body, body, 'body'),
      };
    },
  };
}

/** middy hands the handler only (event, context): the per-request state travels keyed by event. */
const states = new WeakMap<APIGatewayProxyEventV2, KitState>();
const stateBridge: KitMiddleware = {
  before: (request) => {
    states.set(request.event, request.internal);
  },
};

/** A route that does not honour `Idempotency-Key` (idempotent routes use `idempotentHttpHandler`). */
type PlainRoute = RouteContract & { idempotent: false };

/**
 * Wraps a route's function into a Lambda handler for API Gateway (HTTP API, payload 2.0).
 * Everything about the route — auth rule, schemas, limits — comes from its run-time contract in
 * its area's route module; the function receives validated input and returns a result. A
 * `webhook` route must pass the verifier that checks its raw body. An idempotent route does not
 * type-check here: it takes `idempotentHttpHandler` (idempotent-http-handler.ts), so only the
 * routes that honour `Idempotency-Key` bundle its code.
 */
export function httpHandler<R extends PlainRoute, C = undefined>(
  route: R,
  fn: (request: HttpRequest<R, C>) => Promise<HttpResult>,
  ...webhook: R['auth'] extends 'webhook' ? [verify: WebhookVerifier<C>] : []
) {
  return composeHttpHandler(route, fn, webhook[0] as WebhookVerifier<unknown> | undefined);
}

/**
 * The kit's middleware chain around a route's function, with an optional layer. For the kit's
 * own wrappers (`httpHandler`, `idempotentHttpHandler`), whose types match the layer to the
 * route's contract; a handler module calls one of those.
 */
export function composeHttpHandler<R extends RouteContract, C>(
  route: R,
  fn: (request: HttpRequest<R, C>) => Promise<HttpResult>,
  verify: WebhookVerifier<unknown> | undefined,
  layer?: KitLayer,
) {
  if (route.auth === 'webhook' && !verify) throw new Error(`${route.name}: a webhook route needs a verifier`);
  // The contract and the wrapper agree (the types say so; this guards untyped callers).
  if (route.idempotent !== !!layer) throw new Error(`${route.name}: ${route.idempotent ? 'an idempotent route takes idempotentHttpHandler' : 'not an idempotent route'}`);
  let chain = middy<APIGatewayProxyEventV2, ApiResult, Error, Context, KitState>()
    .use(responder(route))
    .use(rateLimiter(route))
    .use(authenticator(route, verify))
    .use(inputParser(route));
  if (layer) chain = chain.use(layer.middleware);
  const handler = chain.use(stateBridge).handler(async (event) => {
    const state = states.get(event)!;
    const callRoute = () => runRoute(fn, event, state);
    return layer ? layer.around(state, callRoute) : callRoute();
  });
  // Each invocation has its own logger and metrics (observability.ts).
  return (event: APIGatewayProxyEventV2, context: Context) => withInvocation(context, () => handler(event, context));
}

/** Runs a route's function on the validated input and serialises its result. */
async function runRoute<R extends RouteContract, C>(
  fn: (request: HttpRequest<R, C>) => Promise<HttpResult>,
  event: APIGatewayProxyEventV2,
  state: KitState,
): Promise<ApiResult> {
  const input = state.input!;
  const { result, reads } = await meterReads(() =>
    fn({
      body: input.body,
      query: input.query,
      params: input.params,
      user: state.user,
      accessToken: state.user ? /^Bearer\s+(\S+)$/i.exec(event.headers?.authorization ?? '')?.[1] : undefined,
      caller: state.caller,
      rawBody: state.rawBody,
      method: event.requestContext.http.method,
      path: event.rawPath,
      requestId: event.requestContext.requestId,
      sourceIp: event.requestContext.http.sourceIp,
      headers: event.headers ?? {},
    } as HttpRequest<R, C>),
  );
  metrics.addMetric('itemsRead', MetricUnit.Count, reads.items);
  const response = toApiResult(result);
  // Locally the count is also a header, for the benchmark (npm run bench).
  if (isLocal) response.headers['x-mosaic-items-read'] = String(reads.items);
  return response;
}
