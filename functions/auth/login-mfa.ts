import { loginMfaRoute } from '../../infra/routes/account.ts';
import { loginWithCode } from '../../shared/auth/accounts.ts';
import { signInDeps } from '../../shared/auth/sign-in-deps.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(loginMfaRoute, async ({ body, sourceIp }) =>
  ok(await loginWithCode(signInDeps, body, { sourceIp })),
);
