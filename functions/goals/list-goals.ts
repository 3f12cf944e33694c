import { listGoalsRoute } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { trackingReads } from '../../shared/tracking/dynamo-reads.ts';
import { listGoals } from '../../shared/tracking/goals.ts';

export const handler = httpHandler(listGoalsRoute, async ({ query, user }) =>
  ok(await listGoals(trackingReads, user.id, query)),
);
