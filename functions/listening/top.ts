import { listeningTopRoute } from '../../infra/routes/listening.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { listeningQueries } from '../../shared/listening/dynamo-deps.ts';
import { getTop } from '../../shared/listening/queries.ts';

export const handler = httpHandler(listeningTopRoute, async ({ params, query, user }) =>
  ok(await getTop(listeningQueries, user.id, params.dimension, query)),
);
