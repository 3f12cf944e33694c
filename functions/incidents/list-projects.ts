import { listProjectsRoute } from '../../infra/routes/incidents.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { listProjects } from '../../shared/incidents/projects.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(listProjectsRoute, async ({ user }) => ok({ items: await listProjects(projectDeps, user) }));
