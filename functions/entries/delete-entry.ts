import { deleteEntryRoute } from '../../infra/routes/tracking.ts';
import { noContent } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { deleteEntry } from '../../shared/tracking/entries.ts';

export const handler = idempotentHttpHandler(deleteEntryRoute, async ({ params, user }) => {
  await deleteEntry(tracking, user.id, params);
  return noContent();
});
