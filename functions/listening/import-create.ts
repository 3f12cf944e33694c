import { listeningImportCreateRoute } from '../../infra/routes/listening.ts';
import { created } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { createListeningImport } from '../../shared/listening/import.ts';
import { exportFiles } from '../../shared/listening/import-files.ts';
import { dynamoListeningImports } from '../../shared/listening/import-repository.ts';

const deps = { imports: dynamoListeningImports, files: exportFiles, now: () => new Date() };

export const handler = idempotentHttpHandler(listeningImportCreateRoute, async ({ body, user }) => created(await createListeningImport(deps, user.id, body)));
