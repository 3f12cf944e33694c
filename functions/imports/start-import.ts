import { httpRoutes } from '../../infra/routes.ts';
import { accepted, httpHandler } from '../../shared/kit/http-handler.ts';
import { importing } from '../../shared/tracking/dynamo-deps.ts';
import { startImport } from '../../shared/tracking/imports.ts';

export const handler = httpHandler(httpRoutes['start-import'], async ({ params, user }) =>
  accepted(await startImport(importing, user.id, params.id)),
);
