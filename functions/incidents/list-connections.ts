import { listConnectionsRoute } from '../../infra/routes/incidents.ts';
import { connectionReadDeps } from '../../shared/incidents/connection-read-deps.ts';
import { listConnections } from '../../shared/incidents/connections.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(listConnectionsRoute, async ({ params, user }) =>
  ok({ items: await listConnections(connectionReadDeps, params.projectId, user) }),
);
