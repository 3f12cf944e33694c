import { deleteHookRoute } from '../../infra/routes/incidents.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { deleteHook } from '../../shared/incidents/hooks.ts';
import { httpHandler, noContent } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(deleteHookRoute, async ({ params, user }) => {
  await deleteHook(projectDeps, params.projectId, user.id, params.hookId);
  return noContent();
});
