import { operationsRoutes } from '../../infra/routes/operations.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { peekDeadLetters } from '../../shared/operations/queues.ts';

export const handler = httpHandler(operationsRoutes['list-dead-letters'], async ({ params }) => ok({ items: await peekDeadLetters(params.consumer) }));
