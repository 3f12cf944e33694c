import { trackingRoutes } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { trackingStore } from '../../shared/tracking/dynamo-deps.ts';
import { getGoal } from '../../shared/tracking/goals.ts';

export const handler = httpHandler(trackingRoutes['get-goal'], async ({ params, user }) =>
  ok(await getGoal(trackingStore, user.id, params.id)),
);
