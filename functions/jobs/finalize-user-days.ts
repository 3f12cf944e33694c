import { userJobConsumer } from '../../shared/jobs/user-job-consumer.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { finalizeUserDays } from '../../shared/tracking/finalize.ts';

export const handler = userJobConsumer((profile) => finalizeUserDays(tracking, profile));
