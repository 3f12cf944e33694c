import { updateGoalRoute } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { updateGoal } from '../../shared/tracking/goals.ts';

export const handler = httpHandler(updateGoalRoute, async ({ params, body, user }) =>
  ok(await updateGoal(tracking, user.id, params.id, body)),
);
