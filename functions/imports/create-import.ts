import { createImportRoute } from '../../infra/routes/tracking.ts';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { created } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { metrics } from '../../shared/kit/observability.ts';
import { importing } from '../../shared/tracking/import-deps.ts';
import { createImport } from '../../shared/tracking/imports.ts';

export const handler = idempotentHttpHandler(createImportRoute, async ({ body, user }) => {
  const job = await createImport(importing, user.id, body);
  metrics.addMetric('importsStarted', MetricUnit.Count, 1);
  return created(job);
});
