import { rotateHookSecretRoute } from '../../infra/routes/incidents.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { rotateHookSecret } from '../../shared/incidents/hooks.ts';
import { ok } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { stageSecrets } from '../../shared/secrets/stage-box.ts';

export const handler = idempotentHttpHandler(rotateHookSecretRoute, async ({ params, body, user }) =>
  ok(await rotateHookSecret({ ...projectDeps, box: stageSecrets() }, params.projectId, user.id, params.hookId, body.secret)),
);
