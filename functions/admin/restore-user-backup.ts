import { restoreUserBackupRoute } from '../../infra/routes/operations.ts';
import { audit } from '../../shared/audit/audit-writer.ts';
import { ok } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { readBackup, restoreBackup } from '../../shared/operations/backup-store.ts';

export const handler = idempotentHttpHandler(restoreUserBackupRoute, async ({ params, body }) => {
  const result = await restoreBackup(await readBackup(body.key), { targetUserId: params.id, allowOtherUser: body.allowOtherUser });
  await audit({ kind: 'backup.restored', target: params.id, detail: { key: body.key, otherUser: body.allowOtherUser } });
  return ok(result);
});
