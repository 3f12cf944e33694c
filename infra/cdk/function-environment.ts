import { SecretValue } from 'aws-cdk-lib';
import { BUCKET_NAMES, bucketEnvName } from '../../shared/contract/buckets.ts';
import type { ResourceAccess } from '../routes/types.ts';
import { queueUrlOf } from './grants.ts';
import type { StageResources } from './grants.ts';
import type { StageSettings } from './stage.ts';
import { stageNames } from './stage-names.ts';
import { cameraStreamUrlParameter } from './camera-stack.ts';

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
    // The secret CloudFront sends with every API request (shared/kit/edge.ts), as a dynamic
    // reference that CloudFormation resolves at deploy time: the template never holds the value,
    // and no function reads Secrets Manager to learn it.
    ORIGIN_VERIFY: SecretValue.secretsManager(stageNames(stage.name).appSecret('origin-verify')).unsafeUnwrap(),
    // Where stream tickets point: the camera stack's load balancer domain (an SSM dynamic reference,
    // resolved at deploy time, so the api stack holds no cross-stack export of it).
    CAMERA_STREAM_URL: `{{resolve:ssm:${cameraStreamUrlParameter(stage.name)}}}`,
  };
}

/**
 * What one function needs beyond the stage's variables: the URLs of the job queues it sends to
 * (by their deterministic names), the key that seals credentials and the WebSocket API's
 * addresses, when it declares them.
 */
export function accessEnvironment(access: ResourceAccess, resources: StageResources): Record<string, string> {
  const queues = access.deadLetters ? resources.consumerNames : (access.queues ?? []);
  return {
    ...(queues.length
      ? { QUEUE_URLS: JSON.stringify(Object.fromEntries(queues.map((q) => [q, queueUrlOf(resources.queueName(q))]))) }
      : {}),
    ...(access.deadLetters
      ? { DEAD_LETTER_URLS: JSON.stringify(Object.fromEntries(queues.map((q) => [q, queueUrlOf(resources.deadLetterQueueName(q))]))) }
      : {}),
    ...(access.secrets?.envelope ? { SECRETS_KEY_ID: resources.secretsKey.keyArn } : {}),
    ...(access.realtime && resources.realtime ? { REALTIME_URL: resources.realtime.url } : {}),
    ...(access.realtime === 'push' && resources.realtime?.endpoint ? { REALTIME_ENDPOINT: resources.realtime.endpoint } : {}),
    ...(access.telemetry ? { LOG_GROUP_PREFIX: resources.functionLogGroupPrefix } : {}),
    ...(access.videoStreams ? { CAMERA_VIDEO_STREAMS: 'kvs' } : {}),
    // How to launch a camera's task: the camera stack's parameter, resolved at deploy time.
    ...(access.cameraTasks ? { CAMERA_TASKS: `{{resolve:ssm:${resources.camera.serviceParameter}}}` } : {}),
  };
}
