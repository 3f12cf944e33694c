import { jobConsumer } from '../kit/queue-consumer.ts';
import { logger } from '../kit/observability.ts';
import { dynamoProfiles, type Profile } from '../users/profile-repository.ts';
import { UserJobMessage } from './user-jobs.ts';

/**
 * Wraps a per-user job: each message names one user; `work` gets their profile (a user deleted
 * since the fan-out is skipped) and returns a summary that is logged.
 */
export function userJobConsumer(work: (profile: Profile, message: UserJobMessage) => Promise<Record<string, number>>) {
  return jobConsumer(UserJobMessage, async (message) => {
    const profile = await dynamoProfiles.get(message.userId);
    if (!profile) return;
    logger.info('job.user.completed', { scheduledTime: message.scheduledTime, ...(await work(profile, message)) });
  });
}
