import { pickEvents } from '../../shared/events/event-spec.ts';
import { trackingEvents } from '../../shared/events/tracking.ts';
import { queueConsumer } from '../../shared/kit/queue-consumer.ts';
import { importing } from '../../shared/tracking/import-deps.ts';
import { processImport } from '../../shared/tracking/imports.ts';

export const handler = queueConsumer(pickEvents(trackingEvents, ['import.requested']), async ({ detail }) => {
  await processImport(importing, detail.userId, detail.importId);
});
