import { listMembersRoute } from '../../infra/routes/incidents.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { listMembers } from '../../shared/incidents/projects.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(listMembersRoute, async ({ params, user }) => ok({ items: await listMembers(projectDeps, params.projectId, user) }));
