import { listOutgoingRoute } from '../../infra/routes/incidents.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { listOutgoing } from '../../shared/incidents/notify.ts';
import { dynamoOutgoing } from '../../shared/incidents/outgoing-repository.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(listOutgoingRoute, async ({ params, user }) =>
  ok({ items: await listOutgoing({ ...projectDeps, outgoing: dynamoOutgoing }, params.projectId, user) }),
);
