import { removeMemberRoute } from '../../infra/routes/incidents.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { removeMember } from '../../shared/incidents/projects.ts';
import { httpHandler, noContent } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(removeMemberRoute, async ({ params, user }) => {
  await removeMember(projectDeps, params.projectId, user.id, params.userId);
  return noContent();
});
