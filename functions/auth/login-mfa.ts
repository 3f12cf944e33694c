import { accountRoutes } from '../../infra/routes/account.ts';
import { loginWithCode } from '../../shared/auth/accounts.ts';
import { cognitoIdentity } from '../../shared/auth/cognito-identity.ts';
import { securityEvent } from '../../shared/auth/security-events.ts';
import { dynamoSessions } from '../../shared/auth/session-repository.ts';
import { dynamoSignInGuard } from '../../shared/auth/sign-in-guard-repository.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { dynamoProfiles } from '../../shared/users/profile-repository.ts';

const deps = {
  identity: cognitoIdentity,
  profiles: dynamoProfiles,
  guard: dynamoSignInGuard,
  sessions: dynamoSessions,
  security: securityEvent,
  now: () => new Date(),
};

export const handler = httpHandler(accountRoutes['login-mfa'], async ({ body, sourceIp }) =>
  ok(await loginWithCode(deps, body, { sourceIp })),
);
