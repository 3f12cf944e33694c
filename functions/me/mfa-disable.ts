import { mfaDisableRoute } from '../../infra/routes/account.ts';
import { cognitoIdentity } from '../../shared/auth/cognito-identity.ts';
import { disableMfa } from '../../shared/auth/mfa.ts';
import { securityEvent } from '../../shared/auth/security-events.ts';
import { dynamoSignInGuard } from '../../shared/auth/sign-in-guard-repository.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { dynamoNotifications } from '../../shared/notifications/notification-repository.ts';
import { dynamoProfiles } from '../../shared/users/profile-repository.ts';

const deps = {
  identity: cognitoIdentity,
  profiles: dynamoProfiles,
  guard: dynamoSignInGuard,
  notifications: dynamoNotifications,
  security: securityEvent,
  now: () => new Date(),
};

export const handler = httpHandler(mfaDisableRoute, async ({ user, accessToken, body, sourceIp }) =>
  ok(await disableMfa(deps, user, accessToken, body, { sourceIp })),
);
