import type { Context, SQSEvent } from 'aws-lambda';
import { queueConsumer } from '../../shared/kit/queue-consumer.ts';
import { clientEventSpecs } from '../../shared/realtime/client-events.ts';
import { dynamoRealtime } from '../../shared/realtime/connection-repository.ts';
import { managementSender } from '../../shared/realtime/connection-sender.ts';
import { batchConnections, pushEvent, type PushedEvent } from '../../shared/realtime/realtime.ts';

// Events of a batch are pushed at once: order does not matter to clients (they re-read), and
// the work is waiting on PostToConnection. A user's connections are read once per batch.
export const handler = (event: SQSEvent, context: Context) => {
  const deps = { repo: batchConnections(dynamoRealtime), sender: managementSender, now: () => new Date() };
  return queueConsumer(clientEventSpecs, async (e) => {
    await pushEvent(deps, e as PushedEvent);
  }, { parallel: true })(event, context);
};
