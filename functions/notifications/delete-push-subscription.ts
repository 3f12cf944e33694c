import { deletePushSubscriptionRoute } from '../../infra/routes/notifications.ts';
import { httpHandler, noContent } from '../../shared/kit/http-handler.ts';
import { dynamoPushSubscriptions } from '../../shared/reminders/push-subscription-repository.ts';
import { removePushSubscription } from '../../shared/reminders/subscriptions.ts';

export const handler = httpHandler(deletePushSubscriptionRoute, async ({ params, user }) => {
  await removePushSubscription(dynamoPushSubscriptions, user.id, params.id);
  return noContent();
});
