import { queueConsumer } from '../../shared/kit/queue-consumer.ts';
import { clientEventSpecs } from '../../shared/realtime/client-events.ts';
import { dynamoRealtime } from '../../shared/realtime/connection-repository.ts';
import { managementSender } from '../../shared/realtime/connection-sender.ts';
import { pushEvent, type PushedEvent } from '../../shared/realtime/realtime.ts';

const deps = { repo: dynamoRealtime, sender: managementSender, now: () => new Date() };

// Events of a batch are pushed at once: order does not matter to clients (they re-read), and
// the work is waiting on PostToConnection.
export const handler = queueConsumer(
  clientEventSpecs,
  async (event) => {
    await pushEvent(deps, event as PushedEvent);
  },
  { parallel: true },
);
