import { redriveDeadLettersRoute } from '../../infra/routes/operations.ts';
import { audit } from '../../shared/audit/audit-writer.ts';
import { ok } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { redriveDeadLetters } from '../../shared/operations/queues.ts';

export const handler = idempotentHttpHandler(redriveDeadLettersRoute, async ({ params, user }) =>
  ok({ redriven: await redriveDeadLetters(params.consumer, audit, user.id) }),
);
