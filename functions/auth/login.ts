import { accountRoutes } from '../../infra/routes/account.ts';
import { login } from '../../shared/auth/accounts.ts';
import { cognitoIdentity } from '../../shared/auth/cognito-identity.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { dynamoProfiles } from '../../shared/users/profile-repository.ts';

export const handler = httpHandler(accountRoutes.login, async ({ body }) =>
  ok(await login(cognitoIdentity, dynamoProfiles, body)),
);
