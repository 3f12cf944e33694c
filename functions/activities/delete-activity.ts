import { deleteActivityRoute } from '../../infra/routes/tracking.ts';
import { httpHandler, noContent } from '../../shared/kit/http-handler.ts';
import { deleteActivity } from '../../shared/tracking/activities.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';

export const handler = httpHandler(deleteActivityRoute, async ({ params, user }) => {
  await deleteActivity(tracking, user.id, params.id);
  return noContent();
});
