import { createActivityRoute } from '../../infra/routes/tracking.ts';
import { created } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { dynamoReminders } from '../../shared/reminders/reminder-repository.ts';
import { createActivity } from '../../shared/tracking/activities.ts';
import { trackingStore } from '../../shared/tracking/dynamo-deps.ts';

export const handler = idempotentHttpHandler(createActivityRoute, async ({ body, user }) =>
  created(await createActivity({ ...trackingStore, reminders: dynamoReminders }, user.id, body)),
);
