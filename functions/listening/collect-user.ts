import { userJobConsumer } from '../../shared/jobs/user-job-consumer.ts';
import { collectUser } from '../../shared/listening/spotify/collector.ts';
import { collectorDeps } from '../../shared/listening/spotify/collector-deps.ts';

export const handler = userJobConsumer(async (profile, message) => {
  const run = await collectUser(collectorDeps, profile.id, { trigger: message.manual ? 'manual' : 'schedule', force: message.manual, timezone: profile.timezone });
  return { playsAdded: run?.playsAdded ?? 0, requests: run?.requests ?? 0 };
});
