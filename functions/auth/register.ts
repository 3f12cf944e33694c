import { httpRoutes } from '../../infra/routes.ts';
import { register } from '../../shared/auth/accounts.ts';
import { cognitoIdentity } from '../../shared/auth/cognito-identity.ts';
import { created, httpHandler } from '../../shared/kit/http-handler.ts';
import { dynamoProfiles } from '../../shared/users/profile-repository.ts';

export const handler = httpHandler(httpRoutes.register, async ({ body }) =>
  created(await register(cognitoIdentity, dynamoProfiles, body)),
);
