import { httpRoutes } from '../../infra/routes.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { getActivity } from '../../shared/tracking/activities.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';

export const handler = httpHandler(httpRoutes['get-activity'], async ({ params, user }) =>
  ok(await getActivity(tracking, user.id, params.id)),
);
