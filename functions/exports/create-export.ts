import { trackingRoutes } from '../../infra/routes/tracking.ts';
import { created, httpHandler } from '../../shared/kit/http-handler.ts';
import { exportFiles, tracking } from '../../shared/tracking/dynamo-deps.ts';
import { exportData } from '../../shared/tracking/exports.ts';

export const handler = httpHandler(trackingRoutes['create-export'], async ({ body, user }) =>
  created(await exportData(tracking, exportFiles, user.id, body.format)),
);
