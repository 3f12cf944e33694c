import { spotifyStatusRoute } from '../../infra/routes/listening.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { connectionView } from '../../shared/listening/spotify/connect.ts';
import { dynamoConnections } from '../../shared/listening/spotify/connection-repository.ts';

export const handler = httpHandler(spotifyStatusRoute, async ({ user }) => ok(connectionView(await dynamoConnections.get(user.id))));
