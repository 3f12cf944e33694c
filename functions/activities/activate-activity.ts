import { activateActivityRoute } from '../../infra/routes/tracking.ts';
import { ok } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { activateActivity } from '../../shared/tracking/activities.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';

export const handler = idempotentHttpHandler(activateActivityRoute, async ({ params, user }) =>
  ok(await activateActivity(tracking, user.id, params.id)),
);
