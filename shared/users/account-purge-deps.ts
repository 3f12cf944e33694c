import { deletePrefix } from '../aws/s3-objects.ts';
import { purgeUserSessions } from '../auth/session-repository.ts';
import { config } from '../config.ts';
import { dynamoProjects } from '../incidents/project-repository.ts';
import { leaveAllProjects } from '../incidents/projects.ts';
import { purgeUserPlays } from '../listening/play-repository.ts';
import { purgeUserTokens } from '../mcp/token-repository.ts';
import { purgeUserRealtime } from '../realtime/connection-repository.ts';
import type { PurgeStep } from './account-purge.ts';
import { purgeAccount } from './profile-repository.ts';

/**
 * Where a user's data lives, area by area, in the order the purge deletes it. Buckets are keyed
 * by user id under a prefix of their own (the signals bucket by project: the raw payloads of the
 * projects deleted with the account).
 */
export const accountPurgeSteps: readonly PurgeStep[] = [
  { name: 'realtime', run: purgeUserRealtime },
  { name: 'listening plays', run: purgeUserPlays },
  {
    name: 'incident projects',
    run: async (userId) => {
      const r = await leaveAllProjects({ projects: dynamoProjects, removeRawSignals: (projectId) => deletePrefix(config.buckets.signals, `${projectId}/`) }, userId);
      return r.left + r.deleted;
    },
  },
  { name: 'access tokens', run: purgeUserTokens },
  { name: 'sessions', run: purgeUserSessions },
  { name: 'imports bucket', run: (userId) => deletePrefix(config.buckets.imports, `imports/${userId}/`) },
  { name: 'exports bucket', run: (userId) => deletePrefix(config.buckets.exports, `exports/${userId}/`) },
  { name: 'wearables bucket', run: (userId) => deletePrefix(config.buckets.wearables, `wearables/${userId}/`) },
  { name: 'backups bucket', run: (userId) => deletePrefix(config.buckets.backups, `users/${userId}/`) },
  // Last: the steps above find their data through items of the partition.
  { name: 'partition', run: (userId) => purgeAccount(userId) },
];
