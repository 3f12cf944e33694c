import { trackingRoutes } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { finalizeDay } from '../../shared/tracking/finalize.ts';

export const handler = httpHandler(trackingRoutes['finalize-day'], async ({ params, user }) =>
  ok(await finalizeDay(tracking, user.id, params.date)),
);
