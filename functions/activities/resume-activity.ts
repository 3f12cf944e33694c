import { resumeActivityRoute } from '../../infra/routes/tracking.ts';
import { ok } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { resumeActivity } from '../../shared/tracking/activities.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';

export const handler = idempotentHttpHandler(resumeActivityRoute, async ({ params, user }) =>
  ok(await resumeActivity(tracking, user.id, params.id)),
);
