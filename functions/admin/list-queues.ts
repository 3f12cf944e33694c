import { listQueuesRoute } from '../../infra/routes/operations.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { queueDepths } from '../../shared/operations/queues.ts';

export const handler = httpHandler(listQueuesRoute, async () => ok({ items: await queueDepths() }));
