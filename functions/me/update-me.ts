import { setTimeout as sleep } from 'node:timers/promises';
import { updateMeRoute } from '../../infra/routes/account.ts';
import { updateMe } from '../../shared/auth/accounts.ts';
import { changePassword, signOutEverywhere } from '../../shared/auth/cognito-identity.ts';
import { securityEvent } from '../../shared/auth/security-events.ts';
import { dynamoSessions } from '../../shared/auth/session-repository.ts';
import { dynamoSignInGuard } from '../../shared/auth/sign-in-guard-repository.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { dynamoNotifications } from '../../shared/notifications/notification-repository.ts';
import { dynamoProfiles } from '../../shared/users/profile-repository.ts';

// The two identity operations a profile update uses, by name: the bundle carries no other.
const deps = {
  identity: { changePassword, signOutEverywhere },
  profiles: dynamoProfiles,
  guard: dynamoSignInGuard,
  sessions: dynamoSessions,
  security: securityEvent,
  notifications: dynamoNotifications,
  now: () => new Date(),
  sleep: (ms: number) => sleep(ms),
};

export const handler = httpHandler(updateMeRoute, async ({ user, accessToken, body, sourceIp }) =>
  ok(await updateMe(deps, user, accessToken, body, { sourceIp })),
);
