import { operationsRoutes } from '../../infra/routes/operations.ts';
import { audit } from '../../shared/audit/audit-repository.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { redriveDeadLetters } from '../../shared/operations/queues.ts';

export const handler = httpHandler(operationsRoutes['redrive-dead-letters'], async ({ params, user }) =>
  ok({ redriven: await redriveDeadLetters(params.consumer, audit, user.id) }),
);
