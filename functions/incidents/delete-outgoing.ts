import { deleteOutgoingRoute } from '../../infra/routes/incidents.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { deleteOutgoing } from '../../shared/incidents/notify.ts';
import { dynamoOutgoing } from '../../shared/incidents/outgoing-repository.ts';
import { httpHandler, noContent } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(deleteOutgoingRoute, async ({ params, user }) => {
  await deleteOutgoing({ ...projectDeps, outgoing: dynamoOutgoing }, params.projectId, user.id, params.webhookId);
  return noContent();
});
