import { getDashboardRoute } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { trackingReads } from '../../shared/tracking/dynamo-reads.ts';
import { getDashboard } from '../../shared/tracking/insights.ts';

export const handler = httpHandler(getDashboardRoute, async ({ query, user }) =>
  ok(await getDashboard(trackingReads, user.id, query.date)),
);
