import { listImportsRoute } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { dynamoImports } from '../../shared/tracking/import-repository.ts';
import { listImports } from '../../shared/tracking/imports.ts';

export const handler = httpHandler(listImportsRoute, async ({ query, user }) =>
  ok(await listImports({ imports: dynamoImports }, user.id, query)),
);
