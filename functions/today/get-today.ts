import { getTodayRoute } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { trackingReads } from '../../shared/tracking/dynamo-reads.ts';
import { getToday } from '../../shared/tracking/today.ts';

export const handler = httpHandler(getTodayRoute, async ({ query, user }) =>
  ok(await getToday(trackingReads, user, query.date)),
);
