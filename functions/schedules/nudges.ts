import { scheduledHandler } from '../../shared/kit/scheduled-handler.ts';
import { dynamoNotifications } from '../../shared/notifications/notification-repository.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { sendNudges } from '../../shared/tracking/watch.ts';

export const handler = scheduledHandler(() => sendNudges(tracking, dynamoNotifications));
