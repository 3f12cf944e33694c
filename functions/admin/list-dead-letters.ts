import { listDeadLettersRoute } from '../../infra/routes/operations.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { peekDeadLetters } from '../../shared/operations/queues.ts';

export const handler = httpHandler(listDeadLettersRoute, async ({ params }) => ok({ items: await peekDeadLetters(params.consumer) }));
