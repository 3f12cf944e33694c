import { trackingRoutes } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { trackingStore } from '../../shared/tracking/dynamo-deps.ts';
import { listGoals } from '../../shared/tracking/goals.ts';

export const handler = httpHandler(trackingRoutes['list-goals'], async ({ query, user }) =>
  ok(await listGoals(trackingStore, user.id, query)),
);
