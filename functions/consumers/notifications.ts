import { queueConsumer } from '../../shared/kit/queue-consumer.ts';
import { dynamoNotifications } from '../../shared/notifications/notification-repository.ts';
import { notifiedEvents, notifyFromEvent } from '../../shared/notifications/on-event.ts';
import { dynamoProfiles } from '../../shared/users/profile-repository.ts';

export const handler = queueConsumer(notifiedEvents, (event) =>
  notifyFromEvent({ notifications: dynamoNotifications, profiles: dynamoProfiles, now: () => new Date() }, event),
);
