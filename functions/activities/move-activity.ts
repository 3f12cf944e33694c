import { moveActivityRoute } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { moveActivity } from '../../shared/tracking/activities.ts';
import { trackingStore } from '../../shared/tracking/dynamo-deps.ts';

export const handler = httpHandler(moveActivityRoute, async ({ params, body, user }) =>
  ok(await moveActivity(trackingStore, user.id, params.id, body)),
);
