import { mfaEnableRoute } from '../../infra/routes/account.ts';
import { cognitoIdentity } from '../../shared/auth/cognito-identity.ts';
import { enableMfa } from '../../shared/auth/mfa.ts';
import { securityEvent } from '../../shared/auth/security-events.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { dynamoNotifications } from '../../shared/notifications/notification-repository.ts';
import { dynamoProfiles } from '../../shared/users/profile-repository.ts';

const deps = { identity: cognitoIdentity, profiles: dynamoProfiles, notifications: dynamoNotifications, security: securityEvent, now: () => new Date() };

export const handler = httpHandler(mfaEnableRoute, async ({ user, accessToken, body, sourceIp }) =>
  ok(await enableMfa(deps, user, accessToken, body, { sourceIp })),
);
