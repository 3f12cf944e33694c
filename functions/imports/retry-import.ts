import { trackingRoutes } from '../../infra/routes/tracking.ts';
import { accepted, httpHandler } from '../../shared/kit/http-handler.ts';
import { importing } from '../../shared/tracking/import-deps.ts';
import { retryImport } from '../../shared/tracking/imports.ts';

export const handler = httpHandler(trackingRoutes['retry-import'], async ({ params, user }) =>
  accepted(await retryImport(importing, user.id, params.id)),
);
