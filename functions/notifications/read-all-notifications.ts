import { notificationRoutes } from '../../infra/routes/notifications.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { dynamoNotifications } from '../../shared/notifications/notification-repository.ts';
import { markAllNotificationsRead } from '../../shared/notifications/notifications.ts';

export const handler = httpHandler(notificationRoutes['read-all-notifications'], async ({ user }) =>
  ok(await markAllNotificationsRead(dynamoNotifications, user.id, new Date())),
);
