import { httpRoutes } from '../../infra/routes.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { dynamoNotifications } from '../../shared/notifications/notification-repository.ts';
import { markNotificationRead } from '../../shared/notifications/notifications.ts';

export const handler = httpHandler(httpRoutes['read-notification'], async ({ params, user }) =>
  ok(await markNotificationRead(dynamoNotifications, user.id, params.id, new Date())),
);
