import { deleteGoalRoute } from '../../infra/routes/tracking.ts';
import { httpHandler, noContent } from '../../shared/kit/http-handler.ts';
import { trackingStore } from '../../shared/tracking/dynamo-deps.ts';
import { deleteGoal } from '../../shared/tracking/goals.ts';

export const handler = httpHandler(deleteGoalRoute, async ({ params, user }) => {
  await deleteGoal(trackingStore, user.id, params.id);
  return noContent();
});
