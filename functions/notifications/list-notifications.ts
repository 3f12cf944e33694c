import { listNotificationsRoute } from '../../infra/routes/notifications.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { dynamoNotifications } from '../../shared/notifications/notification-repository.ts';
import { listNotifications } from '../../shared/notifications/notifications.ts';

export const handler = httpHandler(listNotificationsRoute, async ({ query, user }) =>
  ok(await listNotifications(dynamoNotifications, user.id, query)),
);
