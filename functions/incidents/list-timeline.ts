import { listTimelineRoute } from '../../infra/routes/incidents.ts';
import { readDeps } from '../../shared/incidents/deps.ts';
import { timeline } from '../../shared/incidents/incident-views.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(listTimelineRoute, async ({ params, query, user }) =>
  ok(await timeline(readDeps, params.projectId, user, params.incidentId, query)),
);
