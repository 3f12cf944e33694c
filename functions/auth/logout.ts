import { logoutRoute } from '../../infra/routes/account.ts';
import { logout } from '../../shared/auth/accounts.ts';
import { cognitoIdentity } from '../../shared/auth/cognito-identity.ts';
import { securityEvent } from '../../shared/auth/security-events.ts';
import { dynamoSessions } from '../../shared/auth/session-repository.ts';
import { httpHandler, noContent } from '../../shared/kit/http-handler.ts';

const deps = { identity: cognitoIdentity, sessions: dynamoSessions, security: securityEvent, now: () => new Date() };

export const handler = httpHandler(logoutRoute, async ({ user, body, sourceIp }) => {
  await logout(deps, user, body, { sourceIp });
  return noContent();
});
