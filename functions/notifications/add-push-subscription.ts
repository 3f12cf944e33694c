import { addPushSubscriptionRoute } from '../../infra/routes/notifications.ts';
import { isLocal } from '../../shared/config.ts';
import { created } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { dynamoPushSubscriptions } from '../../shared/reminders/push-subscription-repository.ts';
import { addPushSubscription } from '../../shared/reminders/subscriptions.ts';

export const handler = idempotentHttpHandler(addPushSubscriptionRoute, async ({ body, user }) =>
  created(await addPushSubscription(dynamoPushSubscriptions, user.id, body, { allowLocalHttp: isLocal, now: new Date() })),
);
