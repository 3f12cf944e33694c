import { accountRoutes } from '../../infra/routes/account.ts';
import { deleteMe } from '../../shared/auth/accounts.ts';
import { cognitoIdentity } from '../../shared/auth/cognito-identity.ts';
import { securityEvent } from '../../shared/auth/security-events.ts';
import { dynamoSessions } from '../../shared/auth/session-repository.ts';
import { dynamoSignInGuard } from '../../shared/auth/sign-in-guard-repository.ts';
import { busPublisher } from '../../shared/events/bus-publisher.ts';
import { httpHandler, noContent } from '../../shared/kit/http-handler.ts';
import { dynamoProfiles } from '../../shared/users/profile-repository.ts';

const deps = {
  identity: cognitoIdentity,
  profiles: dynamoProfiles,
  guard: dynamoSignInGuard,
  sessions: dynamoSessions,
  events: busPublisher,
  security: securityEvent,
  now: () => new Date(),
};

export const handler = httpHandler(accountRoutes['delete-me'], async ({ user, body, sourceIp }) => {
  await deleteMe(deps, user, body, { sourceIp });
  return noContent();
});
