import { httpRoutes } from '../../infra/routes.ts';
import { created, httpHandler } from '../../shared/kit/http-handler.ts';
import { createActivity } from '../../shared/tracking/activities.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';

export const handler = httpHandler(httpRoutes['create-activity'], async ({ body, user }) =>
  created(await createActivity(tracking, user.id, body)),
);
