import { newId } from '../kit/ids.ts';
import { dynamoConnections } from './connection-repository.ts';
import type { ConnectionDeps } from './connections.ts';
import { dynamoProjects } from './project-repository.ts';

const none = () => Promise.reject(new Error('This route opens no credentials'));

/** For routes that neither seal nor open credentials (their bundles carry no KMS client). */
export const connectionReadDeps: ConnectionDeps = {
  projects: dynamoProjects,
  connections: dynamoConnections,
  box: { seal: none, open: none },
  fetcher: none,
  allowLocalHttp: false,
  newId,
  now: () => new Date(),
};
