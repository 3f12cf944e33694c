import { setTimeout as sleep } from 'node:timers/promises';
import { accountRoutes } from '../../infra/routes/account.ts';
import { updateMe } from '../../shared/auth/accounts.ts';
import { signInDeps } from '../../shared/auth/sign-in-deps.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { dynamoNotifications } from '../../shared/notifications/notification-repository.ts';

const deps = { ...signInDeps, notifications: dynamoNotifications, sleep: (ms: number) => sleep(ms) };

export const handler = httpHandler(accountRoutes['update-me'], async ({ user, accessToken, body, sourceIp }) =>
  ok(await updateMe(deps, user, accessToken, body, { sourceIp })),
);
