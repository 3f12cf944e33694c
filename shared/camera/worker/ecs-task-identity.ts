import { DeregisterTargetsCommand, ElasticLoadBalancingV2Client, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { OwnTarget } from './task-mode.ts';

/** The task's private address and ARN from the ECS task metadata endpoint (v4), which Fargate sets. */
export async function ecsTaskIdentity(metadataUri: string): Promise<{ address: string; taskArn: string }> {
  const task = (await (await fetch(`${metadataUri}/task`)).json()) as { TaskARN: string; Containers: Array<{ Networks?: Array<{ IPv4Addresses?: string[] }> }> };
  const address = task.Containers.flatMap((c) => c.Networks ?? []).flatMap((n) => n.IPv4Addresses ?? [])[0];
  if (!address) throw new Error('The task metadata names no address');
  return { address, taskArn: task.TaskARN };
}

/** The camera target group of the load balancer (RegisterTargets/DeregisterTargets on it alone). */
export function targetGroup(region: string, targetGroupArn: string): OwnTarget {
  const client = new ElasticLoadBalancingV2Client({ region });
  return {
    register: async (address, port) => void (await client.send(new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: [{ Id: address, Port: port }] }))),
    deregister: async (address, port) => void (await client.send(new DeregisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: [{ Id: address, Port: port }] }))),
  };
}
