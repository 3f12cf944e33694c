import { getHealthRoute } from '../../infra/routes/operations.ts';
import { dependencyChecks } from '../../shared/health/dependency-checks.ts';
import { checkHealth } from '../../shared/health/health.ts';
import { httpHandler } from '../../shared/kit/http-handler.ts';
import { logger } from '../../shared/kit/observability.ts';

export const handler = httpHandler(getHealthRoute, async () => {
  const report = await checkHealth(dependencyChecks, 2000, (check, error) => logger.warn('health.check_failed', { check, error }));
  return { statusCode: report.status === 'ok' ? 200 : 503, body: report };
});
