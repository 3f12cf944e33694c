import { getAdminHealthRoute } from '../../infra/routes/operations.ts';
import { dynamoCameras } from '../../shared/camera/camera-repository.ts';
import { camerasHealth } from '../../shared/camera/cameras.ts';
import { config } from '../../shared/config.ts';
import { dependencyChecks } from '../../shared/health/dependency-checks.ts';
import { checkHealth } from '../../shared/health/health.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { logger } from '../../shared/kit/observability.ts';
import { readAdminHealth } from '../../shared/operations/admin-health.ts';
import { queueDepths } from '../../shared/operations/queues.ts';
import { metricsSource } from '../../shared/operations/telemetry-sources.ts';

const deps = {
  checks: () => checkHealth(dependencyChecks, 2000, (check, error) => logger.warn('health.check_failed', { check, error })),
  queueDepths: () => queueDepths(),
  metrics: metricsSource(),
  cameras: () => camerasHealth({ cameras: dynamoCameras }),
  stage: config.STAGE,
  version: config.MOSAIC_VERSION,
};

export const handler = httpHandler(getAdminHealthRoute, async () => ok(await readAdminHealth(deps, new Date())));
