import { operationsRoutes } from '../../infra/routes/operations.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { adminUsers } from '../../shared/operations/dynamo-deps.ts';
import { enableUser } from '../../shared/operations/users.ts';

export const handler = httpHandler(operationsRoutes['enable-user'], async ({ user, params }) => ok(await enableUser(adminUsers, user, params.id)));
