import { userJobConsumer } from '../../shared/jobs/user-job-consumer.ts';
import { dynamoNotifications } from '../../shared/notifications/notification-repository.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { nudgeUser } from '../../shared/tracking/watch.ts';

export const handler = userJobConsumer((profile) => nudgeUser(tracking, dynamoNotifications, profile));
