import { inviteMemberRoute } from '../../infra/routes/incidents.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { poolDirectory } from '../../shared/incidents/pool-directory.ts';
import { inviteMember } from '../../shared/incidents/projects.ts';
import { created } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';

export const handler = idempotentHttpHandler(inviteMemberRoute, async ({ params, body, user }) =>
  created(await inviteMember({ ...projectDeps, users: poolDirectory }, params.projectId, user.id, body)),
);
