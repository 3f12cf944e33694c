import { httpRoutes } from '../../infra/routes.ts';
import { refresh } from '../../shared/auth/accounts.ts';
import { cognitoIdentity } from '../../shared/auth/cognito-identity.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(httpRoutes.refresh, async ({ body }) => ok(await refresh(cognitoIdentity, body)));
