import { listUsersRoute } from '../../infra/routes/operations.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { adminUsers } from '../../shared/operations/dynamo-deps.ts';
import { listUsers } from '../../shared/operations/users.ts';

export const handler = httpHandler(listUsersRoute, async ({ query }) => ok(await listUsers(adminUsers, query)));
