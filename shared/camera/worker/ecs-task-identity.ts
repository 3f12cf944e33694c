import type { ScaleInProtection } from './task-mode.ts';

/** The task's private address and ARN from the ECS task metadata endpoint (v4), which Fargate sets. */
export async function ecsTaskIdentity(metadataUri: string): Promise<{ address: string; taskArn: string }> {
  const task = (await (await fetch(`${metadataUri}/task`)).json()) as { TaskARN: string; Containers: Array<{ Networks?: Array<{ IPv4Addresses?: string[] }> }> };
  const address = task.Containers.flatMap((c) => c.Networks ?? []).flatMap((n) => n.IPv4Addresses ?? [])[0];
  if (!address) throw new Error('The task metadata names no address');
  return { address, taskArn: task.TaskARN };
}

/**
 * The task's scale-in protection through the ECS agent (`ECS_AGENT_URI`, set in every task):
 * a protected task is never the one a lowered desired count stops.
 */
export function ecsScaleInProtection(agentUri: string): ScaleInProtection {
  return async (enabled, expiresInMinutes) => {
    const answer = await fetch(`${agentUri}/task-protection/v1/state`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(enabled ? { ProtectionEnabled: true, ExpiresInMinutes: expiresInMinutes } : { ProtectionEnabled: false }),
    });
    const body = (await answer.json().catch(() => ({}))) as { failure?: { Reason?: string }; error?: { Message?: string } };
    if (!answer.ok || body.failure || body.error) throw new Error(`Task protection ${enabled ? 'on' : 'off'} failed: ${body.failure?.Reason ?? body.error?.Message ?? answer.status}`);
  };
}
