import { getImportRoute } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { dynamoImports } from '../../shared/tracking/import-repository.ts';
import { getImport } from '../../shared/tracking/imports.ts';

export const handler = httpHandler(getImportRoute, async ({ params, user }) =>
  ok(await getImport({ imports: dynamoImports }, user.id, params.id)),
);
