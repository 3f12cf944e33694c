import type { Context, SQSEvent } from 'aws-lambda';
import { batchNotifyDeps, notifiedIncidentEvents, notifyIncident } from '../../shared/incidents/notify.ts';
import { notifyDeps } from '../../shared/incidents/notify-deps.ts';
import { queueConsumer } from '../../shared/kit/queue-consumer.ts';

// A batch's events read each project's members and webhooks once.
export const handler = (event: SQSEvent, context: Context) => {
  const deps = batchNotifyDeps(notifyDeps);
  return queueConsumer(notifiedIncidentEvents, async (e) => {
    await notifyIncident(deps, e);
  })(event, context);
};
