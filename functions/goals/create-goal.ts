import { createGoalRoute } from '../../infra/routes/tracking.ts';
import { created } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { createGoal } from '../../shared/tracking/goals.ts';

export const handler = idempotentHttpHandler(createGoalRoute, async ({ body, user }) =>
  created(await createGoal(tracking, user.id, body)),
);
