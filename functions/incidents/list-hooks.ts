import { listHooksRoute } from '../../infra/routes/incidents.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { listHooks } from '../../shared/incidents/hooks.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(listHooksRoute, async ({ params, user }) => ok({ items: await listHooks(projectDeps, params.projectId, user) }));
