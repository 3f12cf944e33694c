import { createConnectionRoute } from '../../infra/routes/incidents.ts';
import { connectionDeps } from '../../shared/incidents/connection-deps.ts';
import { createConnection } from '../../shared/incidents/connections.ts';
import { created } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';

export const handler = idempotentHttpHandler(createConnectionRoute, async ({ params, body, user }) =>
  created(await createConnection(connectionDeps(), params.projectId, user.id, body)),
);
