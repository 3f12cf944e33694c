import { listeningTimeRoute } from '../../infra/routes/listening.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { listeningQueries } from '../../shared/listening/dynamo-deps.ts';
import { getListeningTime } from '../../shared/listening/queries.ts';

export const handler = httpHandler(listeningTimeRoute, async ({ query, user }) =>
  ok(await getListeningTime(listeningQueries, user.id, query)),
);
