import { incidentRoutes } from '../../infra/routes/incidents.ts';
import { actionDeps } from '../../shared/incidents/action-deps.ts';
import { act } from '../../shared/incidents/incident-views.ts';
import { created, httpHandler } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(incidentRoutes['split-incident'], async ({ params, body, user }) =>
  created(await act(actionDeps, params.projectId, user, params.incidentId, 'split', { fingerprints: body.fingerprints })),
);
