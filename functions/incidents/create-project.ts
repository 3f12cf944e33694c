import { createProjectRoute } from '../../infra/routes/incidents.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { createProject } from '../../shared/incidents/projects.ts';
import { profileDirectory } from '../../shared/incidents/user-directory.ts';
import { created } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';

export const handler = idempotentHttpHandler(createProjectRoute, async ({ body, user }) =>
  created(await createProject({ ...projectDeps, users: profileDirectory }, user.id, body)),
);
