import { trackingRoutes } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { getActivity } from '../../shared/tracking/activities.ts';
import { trackingStore } from '../../shared/tracking/dynamo-deps.ts';

export const handler = httpHandler(trackingRoutes['get-activity'], async ({ params, user }) =>
  ok(await getActivity(trackingStore, user, params.id)),
);
