import { listeningOverviewRoute } from '../../infra/routes/listening.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { listeningQueries } from '../../shared/listening/dynamo-deps.ts';
import { getOverview } from '../../shared/listening/queries.ts';

export const handler = httpHandler(listeningOverviewRoute, async ({ user }) =>
  ok(await getOverview(listeningQueries, user.id)),
);
