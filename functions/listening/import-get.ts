import { listeningImportGetRoute } from '../../infra/routes/listening.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { getListeningImport } from '../../shared/listening/import.ts';
import { dynamoListeningImports } from '../../shared/listening/import-repository.ts';

export const handler = httpHandler(listeningImportGetRoute, async ({ params, user }) => ok(await getListeningImport({ imports: dynamoListeningImports }, user.id, params.id)));
