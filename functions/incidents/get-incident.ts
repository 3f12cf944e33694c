import { getIncidentRoute } from '../../infra/routes/incidents.ts';
import { readDeps } from '../../shared/incidents/deps.ts';
import { getIncident } from '../../shared/incidents/incident-views.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(getIncidentRoute, async ({ params, user }) => ok(await getIncident(readDeps, params.projectId, user, params.incidentId)));
