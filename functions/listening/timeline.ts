import { listeningTimelineRoute } from '../../infra/routes/listening.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { listeningQueries } from '../../shared/listening/dynamo-deps.ts';
import { getTimeline } from '../../shared/listening/queries.ts';

export const handler = httpHandler(listeningTimelineRoute, async ({ query, user }) =>
  ok(await getTimeline(listeningQueries, user.id, query)),
);
