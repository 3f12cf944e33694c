import { incidentRoutes } from '../../infra/routes/incidents.ts';
import { connectionDeps } from '../../shared/incidents/connection-deps.ts';
import { testConnection } from '../../shared/incidents/connections.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(incidentRoutes['test-connection'], async ({ params, user }) =>
  ok(await testConnection(connectionDeps(), params.projectId, user.id, params.connectionId)),
);
