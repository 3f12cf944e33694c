import { listeningHeatmapRoute } from '../../infra/routes/listening.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { listeningQueries } from '../../shared/listening/dynamo-deps.ts';
import { getHeatmap } from '../../shared/listening/queries.ts';

export const handler = httpHandler(listeningHeatmapRoute, async ({ query, user }) =>
  ok(await getHeatmap(listeningQueries, user.id, query)),
);
