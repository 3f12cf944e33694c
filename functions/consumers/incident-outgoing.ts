import { deliverOutgoing, OutgoingJob } from '../../shared/incidents/notify.ts';
import { outgoingDeps } from '../../shared/incidents/outgoing-deps.ts';
import { jobConsumer } from '../../shared/kit/queue-consumer.ts';

export const handler = jobConsumer(OutgoingJob, async (job) => {
  await deliverOutgoing(outgoingDeps(), job);
});
