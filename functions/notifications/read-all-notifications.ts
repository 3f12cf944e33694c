import { readAllNotificationsRoute } from '../../infra/routes/notifications.ts';
import { ok } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { dynamoNotifications } from '../../shared/notifications/notification-repository.ts';
import { markAllNotificationsRead } from '../../shared/notifications/notifications.ts';

export const handler = idempotentHttpHandler(readAllNotificationsRoute, async ({ user }) =>
  ok(await markAllNotificationsRead(dynamoNotifications, user.id, new Date())),
);
