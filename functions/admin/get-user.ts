import { getUserRoute } from '../../infra/routes/operations.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { adminUsers } from '../../shared/operations/dynamo-deps.ts';
import { getUserDetail } from '../../shared/operations/users.ts';

export const handler = httpHandler(getUserRoute, async ({ params }) => ok(await getUserDetail(adminUsers, params.id)));
