import { updateActivityRoute } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { dynamoReminders } from '../../shared/reminders/reminder-repository.ts';
import { updateActivity } from '../../shared/tracking/activities.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';

export const handler = httpHandler(updateActivityRoute, async ({ params, body, user }) =>
  ok(await updateActivity({ ...tracking, reminders: dynamoReminders }, user.id, params.id, body)),
);
