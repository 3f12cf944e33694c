import { disableUserRoute } from '../../infra/routes/operations.ts';
import { ok } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { adminUsers } from '../../shared/operations/dynamo-deps.ts';
import { disableUser } from '../../shared/operations/users.ts';

export const handler = idempotentHttpHandler(disableUserRoute, async ({ user, params }) => ok(await disableUser(adminUsers, user, params.id)));
