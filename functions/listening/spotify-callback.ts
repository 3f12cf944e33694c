import { spotifyCallbackRoute } from '../../infra/routes/listening.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { completeConnect, connectionView } from '../../shared/listening/spotify/connect.ts';
import { connectDeps } from '../../shared/listening/spotify/dynamo-deps.ts';

export const handler = httpHandler(spotifyCallbackRoute, async ({ user, body, headers }) =>
  ok(connectionView(await completeConnect(connectDeps, user.id, body, headers.origin))),
);
