import { createBackupRoute } from '../../infra/routes/operations.ts';
import { audit } from '../../shared/audit/audit-writer.ts';
import { created } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { createBackup } from '../../shared/operations/backup-store.ts';

export const handler = idempotentHttpHandler(createBackupRoute, async ({ user }) => {
  const backup = await createBackup(user.id);
  await audit({ kind: 'backup.created', target: user.id, detail: { key: backup.key, bytes: backup.bytes } });
  return created(backup);
});
