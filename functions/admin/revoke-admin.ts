import { revokeAdminRoute } from '../../infra/routes/operations.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { adminUsers } from '../../shared/operations/dynamo-deps.ts';
import { revokeAdmin } from '../../shared/operations/users.ts';

export const handler = httpHandler(revokeAdminRoute, async ({ user, params }) => ok(await revokeAdmin(adminUsers, user, params.id)));
