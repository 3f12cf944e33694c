import { isLocal } from '../config.ts';
import { newId } from '../kit/ids.ts';
import { stageSecrets } from '../secrets/stage-box.ts';
import type { Fetcher } from './connector.ts';
import { dynamoConnections } from './connection-repository.ts';
import type { ConnectionDeps } from './connections.ts';
import { dynamoProjects } from './project-repository.ts';

/** GET with a 10 s budget and no redirects (a source that moves must be re-entered). */
export const httpFetcher: Fetcher = (url, init) => fetch(url, { headers: init.headers, redirect: 'error', signal: AbortSignal.timeout(10_000) });

export function connectionDeps(): ConnectionDeps {
  return { projects: dynamoProjects, connections: dynamoConnections, box: stageSecrets(), fetcher: httpFetcher, allowLocalHttp: isLocal, newId, now: () => new Date() };
}
