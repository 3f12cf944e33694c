import { loginRoute } from '../../infra/routes/account.ts';
import { login } from '../../shared/auth/accounts.ts';
import { signInDeps } from '../../shared/auth/sign-in-deps.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(loginRoute, async ({ body, sourceIp }) => ok(await login(signInDeps, body, { sourceIp })));
