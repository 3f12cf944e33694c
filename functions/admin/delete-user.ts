import { deleteUserRoute } from '../../infra/routes/operations.ts';
import { busPublisher } from '../../shared/events/bus-publisher.ts';
import { httpHandler, noContent } from '../../shared/kit/http-handler.ts';
import { adminUsers } from '../../shared/operations/dynamo-deps.ts';
import { deleteUser } from '../../shared/operations/users.ts';

const deps = { ...adminUsers, events: busPublisher };

export const handler = httpHandler(deleteUserRoute, async ({ user, params }) => {
  await deleteUser(deps, user, params.id);
  return noContent();
});
