import { notifiedIncidentEvents, notifyIncident } from '../../shared/incidents/notify.ts';
import { notifyDeps } from '../../shared/incidents/notify-deps.ts';
import { queueConsumer } from '../../shared/kit/queue-consumer.ts';

export const handler = queueConsumer(notifiedIncidentEvents, async (event) => {
  await notifyIncident(notifyDeps, event);
});
