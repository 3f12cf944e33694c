import { incidentRoutes } from '../../infra/routes/incidents.ts';
import { actionDeps } from '../../shared/incidents/action-deps.ts';
import { act } from '../../shared/incidents/incident-views.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(incidentRoutes['acknowledge-incident'], async ({ params, user }) => ok(await act(actionDeps, params.projectId, user, params.incidentId, 'acknowledge')));
