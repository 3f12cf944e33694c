import { listeningRoutes } from '../../infra/routes/listening.ts';
import { accepted, httpHandler } from '../../shared/kit/http-handler.ts';
import { startListeningImport } from '../../shared/listening/import.ts';
import { listeningImportQueueing } from '../../shared/listening/import-queue.ts';

export const handler = httpHandler(listeningRoutes['listening-import-start'], async ({ params, user }) => accepted(await startListeningImport(listeningImportQueueing, user.id, params.id)));
