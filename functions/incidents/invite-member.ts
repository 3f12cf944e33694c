import { incidentRoutes } from '../../infra/routes/incidents.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { poolDirectory } from '../../shared/incidents/pool-directory.ts';
import { inviteMember } from '../../shared/incidents/projects.ts';
import { created, httpHandler } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(incidentRoutes['invite-member'], async ({ params, body, user }) =>
  created(await inviteMember({ ...projectDeps, users: poolDirectory }, params.projectId, user.id, body)),
);
