import { fetchProjectRoute } from '../../infra/routes/incidents.ts';
import { sendPulls } from '../../shared/incidents/pull-queue.ts';
import { connectionReadDeps } from '../../shared/incidents/connection-read-deps.ts';
import { requestFetch } from '../../shared/incidents/connections.ts';
import { accepted, httpHandler } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(fetchProjectRoute, async ({ params, user }) =>
  accepted(await requestFetch({ ...connectionReadDeps, sendPulls }, params.projectId, user.id)),
);
