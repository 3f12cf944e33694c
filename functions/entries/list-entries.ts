import { trackingRoutes } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { trackingStore } from '../../shared/tracking/dynamo-deps.ts';
import { listEntries } from '../../shared/tracking/entries.ts';

export const handler = httpHandler(trackingRoutes['list-entries'], async ({ query, user }) =>
  ok(await listEntries(trackingStore, user.id, query)),
);
