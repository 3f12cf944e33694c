import { httpRoutes } from '../../infra/routes.ts';
import { httpHandler, noContent } from '../../shared/kit/http-handler.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { deleteEntry } from '../../shared/tracking/entries.ts';

export const handler = httpHandler(httpRoutes['delete-entry'], async ({ params, user }) => {
  await deleteEntry(tracking, user.id, params);
  return noContent();
});
