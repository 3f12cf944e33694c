import { httpRoutes } from '../../infra/routes.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { deactivateActivity } from '../../shared/tracking/activities.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';

export const handler = httpHandler(httpRoutes['deactivate-activity'], async ({ params, user }) =>
  ok(await deactivateActivity(tracking, user.id, params.id)),
);
