import { startImportRoute } from '../../infra/routes/tracking.ts';
import { accepted } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { importing } from '../../shared/tracking/import-deps.ts';
import { startImport } from '../../shared/tracking/imports.ts';

export const handler = idempotentHttpHandler(startImportRoute, async ({ params, user }) =>
  accepted(await startImport(importing, user.id, params.id)),
);
