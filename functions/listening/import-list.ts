import { listeningImportsRoute } from '../../infra/routes/listening.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { listListeningImports } from '../../shared/listening/import.ts';
import { dynamoListeningImports } from '../../shared/listening/import-repository.ts';

export const handler = httpHandler(listeningImportsRoute, async ({ query, user }) => ok(await listListeningImports({ imports: dynamoListeningImports }, user.id, query)));
