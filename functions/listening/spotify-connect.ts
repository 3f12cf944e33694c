import { listeningRoutes } from '../../infra/routes/listening.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { startConnect } from '../../shared/listening/spotify/connect.ts';
import { connectDeps } from '../../shared/listening/spotify/dynamo-deps.ts';

export const handler = httpHandler(listeningRoutes['spotify-connect'], async ({ user, headers }) => ok(await startConnect(connectDeps, user.id, headers.origin)));
