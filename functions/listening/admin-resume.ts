import { adminListeningResumeRoute } from '../../infra/routes/listening.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { setPaused } from '../../shared/listening/spotify/admin.ts';
import { dynamoConnections } from '../../shared/listening/spotify/connection-repository.ts';

export const handler = httpHandler(adminListeningResumeRoute, async ({ params }) => ok(await setPaused({ connections: dynamoConnections }, params.userId, false)));
