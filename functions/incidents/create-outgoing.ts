import { createOutgoingRoute } from '../../infra/routes/incidents.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { createOutgoing } from '../../shared/incidents/notify.ts';
import { dynamoOutgoing } from '../../shared/incidents/outgoing-repository.ts';
import { isLocal } from '../../shared/config.ts';
import { created } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { stageSecrets } from '../../shared/secrets/stage-box.ts';

export const handler = idempotentHttpHandler(createOutgoingRoute, async ({ params, body, user }) =>
  created(await createOutgoing({ ...projectDeps, outgoing: dynamoOutgoing, box: stageSecrets(), allowLocalHttp: isLocal }, params.projectId, user.id, body)),
);
