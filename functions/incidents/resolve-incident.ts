import { resolveIncidentRoute } from '../../infra/routes/incidents.ts';
import { actionDeps } from '../../shared/incidents/action-deps.ts';
import { act } from '../../shared/incidents/incident-views.ts';
import { ok } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';

export const handler = idempotentHttpHandler(resolveIncidentRoute, async ({ params, user }) => ok(await act(actionDeps, params.projectId, user, params.incidentId, 'resolve')));
