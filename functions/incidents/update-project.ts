import { updateProjectRoute } from '../../infra/routes/incidents.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { updateProject } from '../../shared/incidents/projects.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(updateProjectRoute, async ({ params, body, user }) =>
  ok(await updateProject(projectDeps, params.projectId, user.id, body)),
);
