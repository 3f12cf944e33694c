import { operationsRoutes } from '../../infra/routes/operations.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { queueDepths } from '../../shared/operations/queues.ts';

export const handler = httpHandler(operationsRoutes['list-queues'], async () => ok({ items: await queueDepths() }));
