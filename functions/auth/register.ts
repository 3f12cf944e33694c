import { registerRoute } from '../../infra/routes/account.ts';
import { register } from '../../shared/auth/accounts.ts';
import { deleteAccount, findUserId, signUp } from '../../shared/auth/cognito-identity.ts';
import { securityEvent } from '../../shared/auth/security-events.ts';
import { httpHandler, type HttpResult } from '../../shared/kit/http-handler.ts';
import { dynamoNotifications } from '../../shared/notifications/notification-repository.ts';
import { dynamoProfiles } from '../../shared/users/profile-repository.ts';

// The three identity operations registering uses, by name: the bundle carries no other.
const deps = { identity: { signUp, deleteAccount, findUserId }, profiles: dynamoProfiles, notifications: dynamoNotifications, security: securityEvent, now: () => new Date() };

export const handler = httpHandler(registerRoute, async ({ body, sourceIp }): Promise<HttpResult> => ({
  statusCode: 202,
  body: await register(deps, body, { sourceIp }),
}));
