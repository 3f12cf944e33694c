import { listeningOnThisDayRoute } from '../../infra/routes/listening.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { listeningQueries } from '../../shared/listening/dynamo-deps.ts';
import { getOnThisDay } from '../../shared/listening/queries.ts';

export const handler = httpHandler(listeningOnThisDayRoute, async ({ query, user }) =>
  ok(await getOnThisDay(listeningQueries, user.id, query.date)),
);
