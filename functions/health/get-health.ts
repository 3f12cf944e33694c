import { httpRoutes } from '../../infra/routes.ts';
import { dependencyChecks } from '../../shared/health/dependency-checks.ts';
import { checkHealth } from '../../shared/health/health.ts';
import { httpHandler } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(httpRoutes['get-health'], async () => {
  const report = await checkHealth(dependencyChecks);
  return { statusCode: report.status === 'ok' ? 200 : 503, body: report };
});
