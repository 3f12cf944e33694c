import { getGoalRoute } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { trackingReads } from '../../shared/tracking/dynamo-reads.ts';
import { getGoal } from '../../shared/tracking/goals.ts';

export const handler = httpHandler(getGoalRoute, async ({ params, user }) =>
  ok(await getGoal(trackingReads, user.id, params.id)),
);
