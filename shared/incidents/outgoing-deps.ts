import { stageSecrets } from '../secrets/stage-box.ts';
import { dynamoCorrelation } from './incident-repository.ts';
import type { DeliverDeps } from './notify.ts';
import { dynamoOutgoing } from './outgoing-repository.ts';
import { dynamoProjects } from './project-repository.ts';

/** Posts JSON with a 5 s budget; no redirects (a webhook that moves must be re-entered). */
async function post(url: string, body: unknown): Promise<{ status: number }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Mosaic-Incidents/1' },
    body: JSON.stringify(body),
    redirect: 'error',
    signal: AbortSignal.timeout(5000),
  });
  await res.body?.cancel();
  return { status: res.status };
}

export function outgoingDeps(): DeliverDeps {
  return {
    outgoing: dynamoOutgoing,
    project: (projectId) => dynamoProjects.get(projectId),
    incident: (projectId, incidentId) => dynamoCorrelation.getIncident(projectId, incidentId),
    box: stageSecrets(),
    post,
    now: () => new Date(),
  };
}
