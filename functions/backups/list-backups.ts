import { listBackupsRoute } from '../../infra/routes/operations.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { listBackups } from '../../shared/operations/backup-store.ts';

export const handler = httpHandler(listBackupsRoute, async ({ user }) => ok({ items: await listBackups(user.id) }));
