import { deleteProjectRoute } from '../../infra/routes/incidents.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { deleteProject } from '../../shared/incidents/projects.ts';
import { httpHandler, noContent } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(deleteProjectRoute, async ({ params, user }) => {
  await deleteProject(projectDeps, params.projectId, user.id);
  return noContent();
});
