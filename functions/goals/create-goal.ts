import { httpRoutes } from '../../infra/routes.ts';
import { created, httpHandler } from '../../shared/kit/http-handler.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { createGoal } from '../../shared/tracking/goals.ts';

export const handler = httpHandler(httpRoutes['create-goal'], async ({ body, user }) =>
  created(await createGoal(tracking, user.id, body)),
);
