import { getActivityStatsRoute } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { trackingReads } from '../../shared/tracking/dynamo-reads.ts';
import { getActivityInsights } from '../../shared/tracking/insights.ts';

export const handler = httpHandler(getActivityStatsRoute, async ({ params, query, user }) =>
  ok(await getActivityInsights(trackingReads, user.id, params.id, query.date)),
);
