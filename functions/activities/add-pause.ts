import { addPauseRoute } from '../../infra/routes/tracking.ts';
import { created } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { addPause } from '../../shared/tracking/activities.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';

export const handler = idempotentHttpHandler(addPauseRoute, async ({ params, body, user }) =>
  created(await addPause(tracking, user.id, params.id, body)),
);
