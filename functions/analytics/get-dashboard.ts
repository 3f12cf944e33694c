import { trackingRoutes } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { trackingStore } from '../../shared/tracking/dynamo-deps.ts';
import { getDashboard } from '../../shared/tracking/insights.ts';

export const handler = httpHandler(trackingRoutes['get-dashboard'], async ({ query, user }) =>
  ok(await getDashboard(trackingStore, user.id, query.date)),
);
