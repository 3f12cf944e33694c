import { createRouter } from '../../infra/route-matching.ts';
import { fallbackRoute, routeList } from '../../infra/routes.ts';
import { MethodNotAllowedError, NotFoundError } from '../../shared/kit/errors.ts';
import { httpHandler } from '../../shared/kit/http-handler.ts';

const router = createRouter(routeList);

export const handler = httpHandler(fallbackRoute, async ({ method, path }) => {
  const match = router(method, path);
  if (match.kind === 'wrong-method') throw new MethodNotAllowedError(match.allowed);
  throw new NotFoundError(`${method} ${path}`);
});
