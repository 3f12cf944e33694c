import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { metrics } from '../../shared/kit/observability.ts';
import { scheduledHandler } from '../../shared/kit/scheduled-handler.ts';
import { importStallMs, importSweeping } from '../../shared/tracking/import-sweep-deps.ts';
import { resumeStalledImports } from '../../shared/tracking/import-lease.ts';

export const handler = scheduledHandler(async () => {
  const summary = await resumeStalledImports(importSweeping, { stallMs: importStallMs });
  // Resumes mean runs that crashed or messages that were lost: worth a look when they are many.
  metrics.addMetric('importsResumed', MetricUnit.Count, summary.resumed);
  return summary;
});
