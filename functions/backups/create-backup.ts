import { operationsRoutes } from '../../infra/routes/operations.ts';
import { audit } from '../../shared/audit/audit-repository.ts';
import { created, httpHandler } from '../../shared/kit/http-handler.ts';
import { createBackup } from '../../shared/operations/backup-store.ts';

export const handler = httpHandler(operationsRoutes['create-backup'], async ({ user }) => {
  const backup = await createBackup(user.id);
  await audit({ kind: 'backup.created', target: user.id, detail: { key: backup.key, bytes: backup.bytes } });
  return created(backup);
});
