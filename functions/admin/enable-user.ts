import { enableUserRoute } from '../../infra/routes/operations.ts';
import { ok } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { adminUsers } from '../../shared/operations/dynamo-deps.ts';
import { enableUser } from '../../shared/operations/users.ts';

export const handler = idempotentHttpHandler(enableUserRoute, async ({ user, params }) => ok(await enableUser(adminUsers, user, params.id)));
