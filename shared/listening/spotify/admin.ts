import { NotFoundError } from '../../kit/errors.ts';
import type { UserJobMessage } from '../../jobs/user-jobs.ts';
import { connectionView } from './connect.ts';
import type { ConnectionRepository } from './connection.ts';

/** The admin's view and controls of a user's listening collector (seed 004, phase 7). */

export interface AdminDeps {
  connections: ConnectionRepository;
  /** Sends a per-user job message to the collector's queue. */
  enqueue: (message: UserJobMessage) => Promise<void>;
  now: () => Date;
}

/** Connection state, last and next poll, last error, and the latest job runs. */
export async function adminListening(deps: Pick<AdminDeps, 'connections'>, userId: string) {
  const [connection, runs] = await Promise.all([deps.connections.get(userId), deps.connections.listRuns(userId, 20)]);
  return { connection: connectionView(connection), runs };
}

async function existing(deps: Pick<AdminDeps, 'connections'>, userId: string) {
  const connection = await deps.connections.get(userId);
  if (!connection) throw new NotFoundError("The user's Spotify connection");
  return connection;
}

/** Pauses or resumes the user's collector. */
export async function setPaused(deps: Pick<AdminDeps, 'connections'>, userId: string, paused: boolean) {
  await existing(deps, userId);
  await deps.connections.update(userId, { paused });
  return adminListening(deps, userId);
}

/** Queues a collector run for the user now (ignoring a back-off's next poll time). */
export async function triggerSync(deps: AdminDeps, userId: string) {
  await existing(deps, userId);
  await deps.enqueue({ job: 'collect-listening', userId, scheduledTime: deps.now().toISOString(), manual: true });
  return { queued: true as const };
}
