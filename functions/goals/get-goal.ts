import { trackingRoutes } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { getGoal } from '../../shared/tracking/goals.ts';

export const handler = httpHandler(trackingRoutes['get-goal'], async ({ params, user }) =>
  ok(await getGoal(tracking, user.id, params.id)),
);
