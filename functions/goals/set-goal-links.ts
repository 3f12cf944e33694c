import { httpRoutes } from '../../infra/routes.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { setGoalLinks } from '../../shared/tracking/goals.ts';

export const handler = httpHandler(httpRoutes['set-goal-links'], async ({ params, body, user }) =>
  ok(await setGoalLinks(tracking, user.id, params.id, body.links)),
);
