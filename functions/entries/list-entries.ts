import { listEntriesRoute } from '../../infra/routes/tracking.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { trackingReads } from '../../shared/tracking/dynamo-reads.ts';
import { listEntries } from '../../shared/tracking/entries.ts';

export const handler = httpHandler(listEntriesRoute, async ({ query, user }) =>
  ok(await listEntries(trackingReads, user.id, query)),
);
