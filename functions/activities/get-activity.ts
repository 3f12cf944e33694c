import { getActivityRoute } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { getActivity } from '../../shared/tracking/activities.ts';
import { trackingReads } from '../../shared/tracking/dynamo-reads.ts';

export const handler = httpHandler(getActivityRoute, async ({ params, user }) =>
  ok(await getActivity(trackingReads, user, params.id)),
);
