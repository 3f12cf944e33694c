import { httpRoutes } from '../../infra/routes.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { activateActivity } from '../../shared/tracking/activities.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';

export const handler = httpHandler(httpRoutes['activate-activity'], async ({ params, user }) =>
  ok(await activateActivity(tracking, user.id, params.id)),
);
