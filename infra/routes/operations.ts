/**
 * The operations area's routes: health (and, as the area grows, the admin console).
 * `operationsRoutes` is what handlers bundle; `operationsDeployment` only deployment and docs read.
 */
import { contracts, route } from '../../shared/contract/routes.ts';
import { HealthReport } from '../../shared/health/responses.ts';
import type { Deployments } from './types.ts';

export const operationsRoutes = contracts({
  'get-health': route({ method: 'GET', path: '/v1/health', auth: 'public' }),
});

export const operationsDeployment = {
  'get-health': {
    handler: 'functions/health/get-health.ts',
    resources: { table: 'read', buckets: { imports: 'read' } },
    summary: 'Answers 200 only when the table, storage and user pool answer',
    tag: 'health',
    response: HealthReport,
  },
} satisfies Deployments<typeof operationsRoutes>;
