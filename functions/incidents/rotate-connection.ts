import { rotateConnectionRoute } from '../../infra/routes/incidents.ts';
import { connectionDeps } from '../../shared/incidents/connection-deps.ts';
import { rotateCredentials } from '../../shared/incidents/connections.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(rotateConnectionRoute, async ({ params, body, user }) =>
  ok(await rotateCredentials(connectionDeps(), params.projectId, user.id, params.connectionId, body.credentials)),
);
