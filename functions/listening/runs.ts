import { listeningRunsRoute } from '../../infra/routes/listening.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { dynamoConnections } from '../../shared/listening/spotify/connection-repository.ts';

export const handler = httpHandler(listeningRunsRoute, async ({ user, query }) => ok({ items: await dynamoConnections.listRuns(user.id, query.limit) }));
