import { changeMemberRoleRoute } from '../../infra/routes/incidents.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { changeRole } from '../../shared/incidents/projects.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(changeMemberRoleRoute, async ({ params, body, user }) =>
  ok(await changeRole(projectDeps, params.projectId, user.id, params.userId, body.role)),
);
