import { trackingRoutes } from '../../infra/routes/tracking.ts';
import { created, httpHandler } from '../../shared/kit/http-handler.ts';
import { importing } from '../../shared/tracking/import-deps.ts';
import { createImport } from '../../shared/tracking/imports.ts';

export const handler = httpHandler(trackingRoutes['create-import'], async ({ body, user }) =>
  created(await createImport(importing, user.id, body)),
);
