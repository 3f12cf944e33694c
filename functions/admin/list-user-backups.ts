import { operationsRoutes } from '../../infra/routes/operations.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { listBackups } from '../../shared/operations/backup-store.ts';

export const handler = httpHandler(operationsRoutes['list-user-backups'], async ({ params }) => ok({ items: await listBackups(params.id) }));
