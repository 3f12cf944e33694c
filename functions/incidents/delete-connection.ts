import { deleteConnectionRoute } from '../../infra/routes/incidents.ts';
import { connectionReadDeps } from '../../shared/incidents/connection-read-deps.ts';
import { deleteConnection } from '../../shared/incidents/connections.ts';
import { httpHandler, noContent } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(deleteConnectionRoute, async ({ params, user }) => {
  await deleteConnection(connectionReadDeps, params.projectId, user.id, params.connectionId);
  return noContent();
});
