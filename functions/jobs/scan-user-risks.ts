import { userJobConsumer } from '../../shared/jobs/user-job-consumer.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { scanUserRisks } from '../../shared/tracking/watch.ts';

export const handler = userJobConsumer((profile) => scanUserRisks(tracking, profile));
