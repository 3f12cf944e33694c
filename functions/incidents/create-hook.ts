import { createHookRoute } from '../../infra/routes/incidents.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { createHook } from '../../shared/incidents/hooks.ts';
import { created } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { stageSecrets } from '../../shared/secrets/stage-box.ts';

export const handler = idempotentHttpHandler(createHookRoute, async ({ params, body, user }) =>
  created(await createHook({ ...projectDeps, box: stageSecrets() }, params.projectId, user.id, body)),
);
