import { accountRoutes } from '../../infra/routes/account.ts';
import { register } from '../../shared/auth/accounts.ts';
import { cognitoIdentity } from '../../shared/auth/cognito-identity.ts';
import { created, httpHandler } from '../../shared/kit/http-handler.ts';
import { dynamoProfiles } from '../../shared/users/profile-repository.ts';

export const handler = httpHandler(accountRoutes.register, async ({ body }) =>
  created(await register(cognitoIdentity, dynamoProfiles, body)),
);
