import { incidentRoutes } from '../../infra/routes/incidents.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { rotateHookSecret } from '../../shared/incidents/hooks.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { stageSecrets } from '../../shared/secrets/stage-box.ts';

export const handler = httpHandler(incidentRoutes['rotate-hook-secret'], async ({ params, body, user }) =>
  ok(await rotateHookSecret({ ...projectDeps, box: stageSecrets() }, params.projectId, user.id, params.hookId, body.secret)),
);
