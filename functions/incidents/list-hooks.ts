import { incidentRoutes } from '../../infra/routes/incidents.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { listHooks } from '../../shared/incidents/hooks.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(incidentRoutes['list-hooks'], async ({ params, user }) => ok({ items: await listHooks(projectDeps, params.projectId, user) }));
