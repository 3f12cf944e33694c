import { operationsRoutes } from '../../infra/routes/operations.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { adminUsers } from '../../shared/operations/dynamo-deps.ts';
import { disableUser } from '../../shared/operations/users.ts';

export const handler = httpHandler(operationsRoutes['disable-user'], async ({ user, params }) => ok(await disableUser(adminUsers, user, params.id)));
