import { incidentRoutes } from '../../infra/routes/incidents.ts';
import { readDeps } from '../../shared/incidents/deps.ts';
import { addComment } from '../../shared/incidents/incident-views.ts';
import { created, httpHandler } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(incidentRoutes['comment-incident'], async ({ params, body, user }) =>
  created(await addComment(readDeps, params.projectId, user, params.incidentId, body.text)),
);
