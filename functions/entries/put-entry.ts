import { trackingRoutes } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { putEntry } from '../../shared/tracking/entries.ts';

export const handler = httpHandler(trackingRoutes['put-entry'], async ({ params, body, user }) =>
  ok(await putEntry(tracking, user.id, params, body)),
);
