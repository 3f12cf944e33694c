import { retryImportRoute } from '../../infra/routes/tracking.ts';
import { accepted } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { importing } from '../../shared/tracking/import-deps.ts';
import { retryImport } from '../../shared/tracking/imports.ts';

export const handler = idempotentHttpHandler(retryImportRoute, async ({ params, user }) =>
  accepted(await retryImport(importing, user.id, params.id)),
);
