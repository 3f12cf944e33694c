import { operationsRoutes } from '../../infra/routes/operations.ts';
import { dynamoCameras } from '../../shared/camera/camera-repository.ts';
import { camerasHealth } from '../../shared/camera/cameras.ts';
import { config } from '../../shared/config.ts';
import { dependencyChecks } from '../../shared/health/dependency-checks.ts';
import { checkHealth } from '../../shared/health/health.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { logger } from '../../shared/kit/observability.ts';
import { adminHealth, ERROR_WINDOW_MINUTES } from '../../shared/operations/admin-health.ts';
import { queueDepths } from '../../shared/operations/queues.ts';
import { metricsSource } from '../../shared/operations/telemetry-sources.ts';

const metrics = metricsSource();

export const handler = httpHandler(operationsRoutes['get-admin-health'], async () => {
  const to = new Date();
  const [checks, queues, recent, cameras] = await Promise.all([
    checkHealth(dependencyChecks, 2000, (check, error) => logger.warn('health.check_failed', { check, error })),
    queueDepths(),
    metrics.query({ from: new Date(to.getTime() - ERROR_WINDOW_MINUTES * 60_000), to, periodSeconds: ERROR_WINDOW_MINUTES * 60 }),
    camerasHealth({ cameras: dynamoCameras }),
  ]);
  return ok(adminHealth({ checks, queues, recent, cameras, stage: config.STAGE, version: config.MOSAIC_VERSION }));
});
