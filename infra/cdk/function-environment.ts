import { BUCKET_NAMES, bucketEnvName } from './bucket-specs.ts';
import type { StageResources } from './grants.ts';
import type { StageSettings } from './stage.ts';

/**
 * The variables shared/config.ts parses, identical for every function of a stage (AWS_REGION is
 * set by Lambda itself). Per-function Powertools settings are added by MosaicFunction.
 */
export function functionEnvironment(
  stage: StageSettings,
  resources: StageResources,
  corsOrigins: string,
): Record<string, string> {
  return {
    STAGE: stage.name,
    TABLE_NAME: resources.table.tableName,
    ...Object.fromEntries(BUCKET_NAMES.map((name) => [bucketEnvName(name), resources.buckets[name].bucketName])),
    EVENT_BUS_NAME: resources.bus.eventBusName,
    USER_POOL_ID: resources.userPool.userPoolId,
    USER_POOL_CLIENT_ID: resources.userPoolClient.userPoolClientId,
    CORS_ORIGINS: corsOrigins,
  };
}
