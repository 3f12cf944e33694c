import { listActivitiesRoute } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { listActivities } from '../../shared/tracking/activities.ts';
import { trackingReads } from '../../shared/tracking/dynamo-reads.ts';

export const handler = httpHandler(listActivitiesRoute, async ({ query, user }) =>
  ok(await listActivities(trackingReads, user, query)),
);
