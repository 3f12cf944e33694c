import { userJobConsumer } from '../../shared/jobs/user-job-consumer.ts';
import { collectUser } from '../../shared/listening/spotify/collector.ts';
import { collectorDeps } from '../../shared/listening/spotify/dynamo-deps.ts';

export const handler = userJobConsumer(async (profile) => {
  const run = await collectUser(collectorDeps, profile.id, { trigger: 'schedule', timezone: profile.timezone });
  return { playsAdded: run?.playsAdded ?? 0, requests: run?.requests ?? 0 };
});
