import { removePauseRoute } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { removePause } from '../../shared/tracking/activities.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';

export const handler = httpHandler(removePauseRoute, async ({ params, user }) =>
  ok(await removePause(tracking, user.id, params.id, params.from)),
);
