import { commentIncidentRoute } from '../../infra/routes/incidents.ts';
import { readDeps } from '../../shared/incidents/deps.ts';
import { addComment } from '../../shared/incidents/incident-views.ts';
import { created } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';

export const handler = idempotentHttpHandler(commentIncidentRoute, async ({ params, body, user }) =>
  created(await addComment(readDeps, params.projectId, user, params.incidentId, body.text)),
);
