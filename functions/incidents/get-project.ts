import { getProjectRoute } from '../../infra/routes/incidents.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { getProject } from '../../shared/incidents/projects.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(getProjectRoute, async ({ params, user }) => ok(await getProject(projectDeps, params.projectId, user)));
