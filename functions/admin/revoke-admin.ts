import { operationsRoutes } from '../../infra/routes/operations.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { adminUsers } from '../../shared/operations/dynamo-deps.ts';
import { revokeAdmin } from '../../shared/operations/users.ts';

export const handler = httpHandler(operationsRoutes['revoke-admin'], async ({ user, params }) => ok(await revokeAdmin(adminUsers, user, params.id)));
