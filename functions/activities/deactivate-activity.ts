import { deactivateActivityRoute } from '../../infra/routes/tracking.ts';
import { ok } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { deactivateActivity } from '../../shared/tracking/activities.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';

export const handler = idempotentHttpHandler(deactivateActivityRoute, async ({ params, user }) =>
  ok(await deactivateActivity(tracking, user.id, params.id)),
);
