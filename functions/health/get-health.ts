import { httpRoutes } from '../../infra/routes.ts';
import { dependencyChecks } from '../../shared/health/dependency-checks.ts';
import { checkHealth } from '../../shared/health/health.ts';
import { httpHandler } from '../../shared/kit/http-handler.ts';
import { logger } from '../../shared/kit/observability.ts';

export const handler = httpHandler(httpRoutes['get-health'], async () => {
  const report = await checkHealth(dependencyChecks, 2000, (check, error) => logger.warn('health.check_failed', { check, error }));
  return { statusCode: report.status === 'ok' ? 200 : 503, body: report };
});
