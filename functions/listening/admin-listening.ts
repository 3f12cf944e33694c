import { adminListeningRoute } from '../../infra/routes/listening.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { adminListening } from '../../shared/listening/spotify/admin.ts';
import { dynamoConnections } from '../../shared/listening/spotify/connection-repository.ts';

export const handler = httpHandler(adminListeningRoute, async ({ params }) => ok(await adminListening({ connections: dynamoConnections }, params.userId)));
