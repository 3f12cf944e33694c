import { jobConsumer } from '../../shared/kit/queue-consumer.ts';
import { processListeningImport } from '../../shared/listening/import.ts';
import { listeningImporting } from '../../shared/listening/import-deps.ts';
import { ListeningImportMessage } from '../../shared/listening/import-model.ts';
import { listeningImportStallMs } from '../../shared/listening/import-stall.ts';

export const handler = jobConsumer(ListeningImportMessage, async (message, delivery) => {
  await processListeningImport(listeningImporting, message.userId, message.importId, { eventId: delivery.messageId, resumeToken: message.resume }, { stallMs: listeningImportStallMs });
});
