import { splitIncidentRoute } from '../../infra/routes/incidents.ts';
import { actionDeps } from '../../shared/incidents/action-deps.ts';
import { act } from '../../shared/incidents/incident-views.ts';
import { created } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';

export const handler = idempotentHttpHandler(splitIncidentRoute, async ({ params, body, user }) =>
  created(await act(actionDeps, params.projectId, user, params.incidentId, 'split', { fingerprints: body.fingerprints })),
);
