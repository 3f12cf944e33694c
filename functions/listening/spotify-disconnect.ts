import { spotifyDisconnectRoute } from '../../infra/routes/listening.ts';
import { httpHandler, noContent } from '../../shared/kit/http-handler.ts';
import { disconnect } from '../../shared/listening/spotify/connect.ts';
import { dynamoConnections } from '../../shared/listening/spotify/connection-repository.ts';

export const handler = httpHandler(spotifyDisconnectRoute, async ({ user }) => {
  await disconnect({ connections: dynamoConnections }, user.id);
  return noContent();
});
