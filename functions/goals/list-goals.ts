import { httpRoutes } from '../../infra/routes.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { listGoals } from '../../shared/tracking/goals.ts';

export const handler = httpHandler(httpRoutes['list-goals'], async ({ query, user }) =>
  ok(await listGoals(tracking, user.id, query)),
);
