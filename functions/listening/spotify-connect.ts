import { spotifyConnectRoute } from '../../infra/routes/listening.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { startConnect } from '../../shared/listening/spotify/connect.ts';
import { startDeps } from '../../shared/listening/spotify/start-deps.ts';

export const handler = httpHandler(spotifyConnectRoute, async ({ user, headers }) => ok(await startConnect(startDeps, user.id, headers.origin)));
