import { pickEvents } from '../../shared/events/event-spec.ts';
import { trackingEvents } from '../../shared/events/tracking.ts';
import { queueConsumer } from '../../shared/kit/queue-consumer.ts';
import { importRunning } from '../../shared/tracking/import-run-deps.ts';
import { importStallMs } from '../../shared/tracking/import-sweep-deps.ts';
import { processImport } from '../../shared/tracking/import-run.ts';

export const handler = queueConsumer(pickEvents(trackingEvents, ['import.requested']), async ({ id, detail }) => {
  await processImport(importRunning, detail.userId, detail.importId, { eventId: id, resumeToken: detail.resume }, { stallMs: importStallMs });
});
