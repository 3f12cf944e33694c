import { trackingRoutes } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { listActivities } from '../../shared/tracking/activities.ts';
import { trackingStore } from '../../shared/tracking/dynamo-deps.ts';

export const handler = httpHandler(trackingRoutes['list-activities'], async ({ query, user }) =>
  ok(await listActivities(trackingStore, user, query)),
);
