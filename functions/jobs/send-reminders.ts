import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { metrics } from '../../shared/kit/observability.ts';
import { scheduledHandler } from '../../shared/kit/scheduled-handler.ts';
import { dynamoNotifications } from '../../shared/notifications/notification-repository.ts';
import { webPushSender } from '../../shared/reminders/push.ts';
import { dynamoPushSubscriptions } from '../../shared/reminders/push-subscription-repository.ts';
import { dynamoReminders } from '../../shared/reminders/reminder-repository.ts';
import { runReminders } from '../../shared/reminders/reminders.ts';
import { stageVapidKeys, vapidSubject } from '../../shared/reminders/vapid.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';

// The run's clock is the schedule's time (EventBridge Scheduler's, or the one a local run is given).
export const handler = scheduledHandler(async ({ scheduledTime }) => {
  const push = webPushSender(await stageVapidKeys(), vapidSubject());
  const summary = await runReminders(
    { tracking, reminders: dynamoReminders, notifications: dynamoNotifications, subscriptions: dynamoPushSubscriptions, push },
    new Date(scheduledTime),
  );
  metrics.addMetric('remindersSent', MetricUnit.Count, summary.sent);
  metrics.addMetric('reminderPushesFailed', MetricUnit.Count, summary.pushesFailed);
  return summary;
});
