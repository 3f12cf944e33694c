import { listUserBackupsRoute } from '../../infra/routes/operations.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { listBackups } from '../../shared/operations/backup-store.ts';

export const handler = httpHandler(listUserBackupsRoute, async ({ params }) => ok({ items: await listBackups(params.id) }));
