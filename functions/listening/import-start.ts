import { listeningImportStartRoute } from '../../infra/routes/listening.ts';
import { accepted } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { startListeningImport } from '../../shared/listening/import.ts';
import { exportFiles } from '../../shared/listening/import-files.ts';
import { enqueueImport } from '../../shared/listening/import-queue.ts';
import { dynamoListeningImports } from '../../shared/listening/import-repository.ts';

const deps = { imports: dynamoListeningImports, files: exportFiles, enqueue: enqueueImport, now: () => new Date() };

export const handler = idempotentHttpHandler(listeningImportStartRoute, async ({ params, user }) => accepted(await startListeningImport(deps, user.id, params.id)));
