import { finalizeDayRoute } from '../../infra/routes/tracking.ts';
import { ok } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { finalizeOwnDay } from '../../shared/tracking/finalize.ts';

export const handler = idempotentHttpHandler(finalizeDayRoute, async ({ params, user }) =>
  ok(await finalizeOwnDay(tracking, user, params.date)),
);
