import { LimitReachedError, NotFoundError, ValidationError } from '../kit/errors.ts';
import { targetUrlProblem } from '../kit/target-url.ts';
import { MAX_PUSH_SUBSCRIPTIONS_PER_USER } from './limits.ts';
import { subscriptionId, type PushSubscription, type PushSubscriptionRepository } from './push-subscription-repository.ts';
import type { PushSubscriptionBody } from './schemas.ts';

export interface PushSubscriptionView {
  id: string;
  origin: string;
  createdAt: string;
}

const view = (s: PushSubscription): PushSubscriptionView => ({ id: s.id, origin: new URL(s.endpoint).origin, createdAt: s.createdAt });

/**
 * Registers a browser's push subscription (idempotent by endpoint: the same endpoint again
 * replaces its keys and keeps its id), within MAX_PUSH_SUBSCRIPTIONS_PER_USER (409 beyond). Push
 * services are public https hosts (`targetUrlProblem`); the local runtime also takes an http
 * endpoint inside its network (a test's push service).
 */
export async function addPushSubscription(
  repo: PushSubscriptionRepository,
  userId: string,
  body: PushSubscriptionBody,
  options: { allowLocalHttp: boolean; now: Date },
): Promise<PushSubscriptionView> {
  const problem = targetUrlProblem(body.endpoint, options.allowLocalHttp);
  if (problem) throw new ValidationError(`The push endpoint ${problem}.`, [{ field: 'endpoint', message: problem }]);
  const id = subscriptionId(body.endpoint);
  const existing = await repo.list(userId);
  const same = existing.find((s) => s.id === id);
  if (!same && existing.length >= MAX_PUSH_SUBSCRIPTIONS_PER_USER)
    throw new LimitReachedError(`You can register at most ${MAX_PUSH_SUBSCRIPTIONS_PER_USER} devices for push notifications; remove one first.`, MAX_PUSH_SUBSCRIPTIONS_PER_USER);
  const subscription: PushSubscription = { id, endpoint: body.endpoint, keys: body.keys, createdAt: same?.createdAt ?? options.now.toISOString() };
  await repo.put(userId, subscription);
  return view(subscription);
}

/** Removes one of the user's push subscriptions; another user's or an unknown id is not found. */
export async function removePushSubscription(repo: PushSubscriptionRepository, userId: string, id: string): Promise<void> {
  if (!(await repo.remove(userId, id))) throw new NotFoundError('The push subscription');
}
