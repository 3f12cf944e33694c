import { readNotificationRoute } from '../../infra/routes/notifications.ts';
import { ok } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { dynamoNotifications } from '../../shared/notifications/notification-repository.ts';
import { markNotificationRead } from '../../shared/notifications/notifications.ts';

export const handler = idempotentHttpHandler(readNotificationRoute, async ({ params, user }) =>
  ok(await markNotificationRead(dynamoNotifications, user.id, params.id, new Date())),
);
