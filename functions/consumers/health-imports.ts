import { pickEvents } from '../../shared/events/event-spec.ts';
import { wearableEvents } from '../../shared/events/wearables.ts';
import { queueConsumer } from '../../shared/kit/queue-consumer.ts';
import { importStallMs } from '../../shared/tracking/import-sweep-deps.ts';
import { healthImporting } from '../../shared/wearables/health-import-deps.ts';
import { processHealthImport } from '../../shared/wearables/health-import.ts';

export const handler = queueConsumer(pickEvents(wearableEvents, ['health-import.requested']), async ({ id, detail }) => {
  await processHealthImport(healthImporting, detail.userId, detail.importId, { eventId: id, resumeToken: detail.resume }, { stallMs: importStallMs });
});
