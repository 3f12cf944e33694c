import { listeningRoutes } from '../../infra/routes/listening.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { listeningQueries } from '../../shared/listening/dynamo-deps.ts';
import { getListeningTime } from '../../shared/listening/queries.ts';

export const handler = httpHandler(listeningRoutes['listening-time'], async ({ query, user }) =>
  ok(await getListeningTime(listeningQueries, user.id, query)),
);
