import * as z from 'zod/mini';
import { sendMessages } from '../../shared/aws/sqs.ts';
import { queueUrl } from '../../shared/config.ts';
import { awsCloudWatch } from '../../shared/incidents/cloudwatch-aws.ts';
import { connectionDeps } from '../../shared/incidents/connection-deps.ts';
import { pullConnection } from '../../shared/incidents/connections.ts';
import { SIGNALS_QUEUE } from '../../shared/incidents/signals-queue.ts';
import { jobConsumer } from '../../shared/kit/queue-consumer.ts';

const PullJob = z.object({ projectId: z.string(), connectionId: z.string() });

export const handler = jobConsumer(PullJob, async (job) => {
  await pullConnection({ ...connectionDeps(), cloudwatch: awsCloudWatch, enqueue: (batches) => sendMessages(queueUrl(SIGNALS_QUEUE), batches) }, job);
});
