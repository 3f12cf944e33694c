import { httpRoutes } from '../../infra/routes.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { updateActivity } from '../../shared/tracking/activities.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';

export const handler = httpHandler(httpRoutes['update-activity'], async ({ params, body, user }) =>
  ok(await updateActivity(tracking, user.id, params.id, body)),
);
