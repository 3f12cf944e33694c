import { incidentRoutes } from '../../infra/routes/incidents.ts';
import { actionDeps } from '../../shared/incidents/action-deps.ts';
import { act } from '../../shared/incidents/incident-views.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(incidentRoutes['merge-incident'], async ({ params, body, user }) =>
  ok(await act(actionDeps, params.projectId, user, params.incidentId, 'merge', { into: body.into })),
);
