import { grantAdminRoute } from '../../infra/routes/operations.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { adminUsers } from '../../shared/operations/dynamo-deps.ts';
import { grantAdmin } from '../../shared/operations/users.ts';

export const handler = httpHandler(grantAdminRoute, async ({ user, params }) => ok(await grantAdmin(adminUsers, user, params.id)));
