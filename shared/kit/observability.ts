import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * One structured logger and one EMF metrics emitter per function. Their service name is the
 * function's name: the CDK app sets POWERTOOLS_SERVICE_NAME to the route, consumer or schedule
 * name. (Locally all functions share one process; each record still names its function in
 * `function_name`, from the Lambda context.)
 */
export const logger = new Logger();
export const metrics = new Metrics({ namespace: 'Mosaic' });
