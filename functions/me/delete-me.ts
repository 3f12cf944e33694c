import { deleteMeRoute } from '../../infra/routes/account.ts';
import { deleteMe } from '../../shared/auth/accounts.ts';
import { signInDeps } from '../../shared/auth/sign-in-deps.ts';
import { busPublisher } from '../../shared/events/bus-publisher.ts';
import { httpHandler, noContent } from '../../shared/kit/http-handler.ts';

const deps = { ...signInDeps, events: busPublisher };

export const handler = httpHandler(deleteMeRoute, async ({ user, body, sourceIp }) => {
  await deleteMe(deps, user, body, { sourceIp });
  return noContent();
});
