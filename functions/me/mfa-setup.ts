import { mfaSetupRoute } from '../../infra/routes/account.ts';
import { cognitoIdentity } from '../../shared/auth/cognito-identity.ts';
import { startMfaSetup } from '../../shared/auth/mfa.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { dynamoProfiles } from '../../shared/users/profile-repository.ts';

const deps = { identity: cognitoIdentity, profiles: dynamoProfiles };

export const handler = httpHandler(mfaSetupRoute, async ({ user, accessToken }) =>
  ok(await startMfaSetup(deps, user, accessToken)),
);
