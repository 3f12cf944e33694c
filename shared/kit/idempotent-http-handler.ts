import type { RouteContract } from '../contract/routes.ts';
import {
  composeHttpHandler,
  header,
  type ApiResult,
  type HttpRequest,
  type HttpResult,
  type KitLayer,
  type KitMiddleware,
  type KitState,
} from './http-handler.ts';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  LOCK_MARGIN_MS,
  releaseIdempotencyKey,
  requestFingerprint,
} from './idempotency.ts';
import { withRepeatableIds } from './ids.ts';
import { logger } from './observability.ts';

/** A route that honours `Idempotency-Key`: authenticated (a key is scoped to its user). */
type IdempotentRoute = RouteContract & { idempotent: true; auth: 'user' | 'admin' };

/**
 * `Idempotency-Key` (idempotency.ts): claims the key before the handler runs, so a replay
 * returns the stored answer and a retry while the first run is going gets 409. From the moment
 * the handler starts, it alone completes or releases the claim (`around`); this only releases
 * a claim whose handler never started.
 */
const claimer: KitMiddleware = {
  before: async (request) => {
    const given = header(request.event, 'idempotency-key');
    const user = request.internal.user;
    if (given === undefined || !user) return;
    const event = request.event;
    const result = await claimIdempotencyKey(
      user.id,
      given,
      requestFingerprint(event.requestContext.http.method, event.rawPath, event.body),
      Date.now() + request.context.getRemainingTimeInMillis() + LOCK_MARGIN_MS,
    );
    if (result.kind === 'replay') request.internal.replay = result.response;
    else request.internal.claim = result.claim;
  },
  onError: async (request) => {
    const claim = request.internal.claim;
    if (claim && !request.internal.handlerStarted) await releaseIdempotencyKey(claim);
  },
};

/** Replays a stored answer, or runs the function with the claim's repeatable ids and stores its answer. */
async function around(state: KitState, run: () => Promise<ApiResult>): Promise<ApiResult> {
  if (state.replay) {
    return { ...state.replay, headers: { ...state.replay.headers, 'idempotent-replayed': 'true' } };
  }
  state.handlerStarted = true;
  const claim = state.claim;
  if (!claim) return run();
  // The claim is settled when the run has truly finished, even after middy answered 503 for
  // a timeout: the run goes on, and its answer is still stored for the retry to replay.
  let response: ApiResult;
  try {
    response = await withRepeatableIds(claim.seed, claim.firstTriedAt, run);
  } catch (error) {
    await releaseIdempotencyKey(claim).catch((e: unknown) => logger.error('idempotency.release_failed', e as Error));
    throw error;
  }
  await completeIdempotencyKey(claim, { statusCode: response.statusCode, headers: response.headers, body: response.body });
  return response;
}

const idempotency: KitLayer = { middleware: claimer, around };

/**
 * `httpHandler` for a route whose contract is idempotent (every authenticated POST unless it opts
 * out): the same kit plus `Idempotency-Key` — a repeat of a request returns its first answer.
 * Only these routes bundle the idempotency code; the type accepts idempotent routes only.
 */
export function idempotentHttpHandler<R extends IdempotentRoute>(route: R, fn: (request: HttpRequest<R>) => Promise<HttpResult>) {
  return composeHttpHandler(route, fn, undefined, idempotency);
}
