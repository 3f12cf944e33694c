import { listIncidentsRoute } from '../../infra/routes/incidents.ts';
import { readDeps } from '../../shared/incidents/deps.ts';
import { listIncidents } from '../../shared/incidents/incident-views.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(listIncidentsRoute, async ({ params, query, user }) => ok(await listIncidents(readDeps, params.projectId, user, query)));
