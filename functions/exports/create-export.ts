import { createExportRoute } from '../../infra/routes/tracking.ts';
import { created } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { trackingStore } from '../../shared/tracking/dynamo-deps.ts';
import { exportFiles } from '../../shared/tracking/file-deps.ts';
import { exportData } from '../../shared/tracking/exports.ts';

export const handler = idempotentHttpHandler(createExportRoute, async ({ body, user }) =>
  created(await exportData(trackingStore, exportFiles, user.id, body.format)),
);
