import { scheduledHandler } from '../../shared/kit/scheduled-handler.ts';
import { resumeStalledListeningImports } from '../../shared/listening/import.ts';
import { enqueueImport } from '../../shared/listening/import-queue.ts';
import { listeningImportStallMs } from '../../shared/listening/import-stall.ts';
import { dynamoListeningImports } from '../../shared/listening/import-repository.ts';

export const handler = scheduledHandler(() =>
  resumeStalledListeningImports({ imports: dynamoListeningImports, enqueue: enqueueImport, now: () => new Date() }, { stallMs: listeningImportStallMs }),
);
