import { adminListeningPauseRoute } from '../../infra/routes/listening.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { setPaused } from '../../shared/listening/spotify/admin.ts';
import { dynamoConnections } from '../../shared/listening/spotify/connection-repository.ts';

export const handler = httpHandler(adminListeningPauseRoute, async ({ params }) => ok(await setPaused({ connections: dynamoConnections }, params.userId, true)));
