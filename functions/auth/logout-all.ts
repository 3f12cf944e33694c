import { setTimeout as sleep } from 'node:timers/promises';
import { logoutAllRoute } from '../../infra/routes/account.ts';
import { logoutEverywhere } from '../../shared/auth/accounts.ts';
import { cognitoIdentity } from '../../shared/auth/cognito-identity.ts';
import { securityEvent } from '../../shared/auth/security-events.ts';
import { dynamoSessions } from '../../shared/auth/session-repository.ts';
import { httpHandler, noContent } from '../../shared/kit/http-handler.ts';
import { dynamoNotifications } from '../../shared/notifications/notification-repository.ts';
import { dynamoProfiles } from '../../shared/users/profile-repository.ts';

const deps = {
  identity: cognitoIdentity,
  profiles: dynamoProfiles,
  sessions: dynamoSessions,
  notifications: dynamoNotifications,
  security: securityEvent,
  now: () => new Date(),
  sleep: (ms: number) => sleep(ms),
};

export const handler = httpHandler(logoutAllRoute, async ({ user, sourceIp }) => {
  await logoutEverywhere(deps, user, { sourceIp });
  return noContent();
});
