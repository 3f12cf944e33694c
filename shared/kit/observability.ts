import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * One structured logger and one EMF metrics emitter per function. The service name comes from
 * POWERTOOLS_SERVICE_NAME, which the CDK app sets to the route or consumer name.
 */
export const logger = new Logger({ serviceName: 'mosaic' });
export const metrics = new Metrics({ namespace: 'Mosaic', serviceName: 'mosaic' });
