import { DescribeServicesCommand, UpdateServiceCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { CameraService, SetDesiredCount } from './camera-tasks.ts';

/**
 * The camera worker service's desired count through ECS: read first, so that the heartbeats'
 * re-assertions of an unchanged count make no UpdateService call.
 */
export function ecsDesiredCount(client: ECSClient, target: CameraService): SetDesiredCount {
  return async (count) => {
    const out = await client.send(new DescribeServicesCommand({ cluster: target.cluster, services: [target.service] }));
    if (out.services?.[0]?.desiredCount === count) return;
    await client.send(new UpdateServiceCommand({ cluster: target.cluster, service: target.service, desiredCount: count }));
  };
}
