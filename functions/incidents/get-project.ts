import { incidentRoutes } from '../../infra/routes/incidents.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { getProject } from '../../shared/incidents/projects.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(incidentRoutes['get-project'], async ({ params, user }) => ok(await getProject(projectDeps, params.projectId, user)));
