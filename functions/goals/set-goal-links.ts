import { setGoalLinksRoute } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { setGoalLinks } from '../../shared/tracking/goals.ts';

export const handler = httpHandler(setGoalLinksRoute, async ({ params, body, user }) =>
  ok(await setGoalLinks(tracking, user.id, params.id, body.links)),
);
