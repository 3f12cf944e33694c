import { putEntryRoute } from '../../infra/routes/tracking.ts';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ok } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { metrics } from '../../shared/kit/observability.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { putEntry } from '../../shared/tracking/entries.ts';

export const handler = idempotentHttpHandler(putEntryRoute, async ({ params, body, user }) => {
  const entry = await putEntry(tracking, user.id, params, body);
  metrics.addMetric('entriesLogged', MetricUnit.Count, 1);
  return ok(entry);
});
