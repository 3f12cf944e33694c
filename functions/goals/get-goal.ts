import { httpRoutes } from '../../infra/routes.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { getGoal } from '../../shared/tracking/goals.ts';

export const handler = httpHandler(httpRoutes['get-goal'], async ({ params, user }) =>
  ok(await getGoal(tracking, user.id, params.id)),
);
