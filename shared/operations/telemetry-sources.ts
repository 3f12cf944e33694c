import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { config } from '../config.ts';
import { cloudWatchLogSource, cloudWatchMetricsSource } from './cloudwatch-telemetry-source.ts';
import { localLogSource, localMetricsSource } from './local-telemetry-source.ts';
import type { LogSource, MetricsSource } from './telemetry.ts';

/** The metrics source of this runtime: the local telemetry folder, or CloudWatch. */
export function metricsSource(): MetricsSource {
  const dir = config.MOSAIC_TELEMETRY_DIR;
  return dir ? localMetricsSource(dir) : cloudWatchMetricsSource(new CloudWatchClient({ region: config.AWS_REGION }));
}

/** The log source of this runtime: the local telemetry folder, or the functions' log groups. */
export function logSource(): LogSource {
  const dir = config.MOSAIC_TELEMETRY_DIR;
  return dir ? localLogSource(dir) : cloudWatchLogSource(new CloudWatchLogsClient({ region: config.AWS_REGION }), config.LOG_GROUP_PREFIX ?? `/aws/lambda/mosaic-${config.STAGE}-`);
}
