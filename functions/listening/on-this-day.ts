import { listeningRoutes } from '../../infra/routes/listening.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { listeningQueries } from '../../shared/listening/dynamo-deps.ts';
import { getOnThisDay } from '../../shared/listening/queries.ts';

export const handler = httpHandler(listeningRoutes['listening-on-this-day'], async ({ query, user }) =>
  ok(await getOnThisDay(listeningQueries, user.id, query.date)),
);
