import { listeningSearchRoute } from '../../infra/routes/listening.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { search } from '../../shared/listening/history.ts';
import { dynamoHistory } from '../../shared/listening/play-repository.ts';

export const handler = httpHandler(listeningSearchRoute, async ({ query, user }) =>
  ok({ items: await search(dynamoHistory, user.id, query.q, query.limit) }),
);
