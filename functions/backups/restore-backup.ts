import { restoreBackupRoute } from '../../infra/routes/operations.ts';
import { audit } from '../../shared/audit/audit-writer.ts';
import { ok } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { restoreBackup } from '../../shared/operations/backup-store.ts';

export const handler = idempotentHttpHandler(restoreBackupRoute, async ({ user, rawBody }) => {
  try {
    const result = await restoreBackup(rawBody, { targetUserId: user.id, allowOtherUser: false });
    await audit({ kind: 'backup.restored', target: user.id, detail: { items: Object.values(result.restored).reduce((a, b) => a + b, 0) } });
    return ok(result);
  } catch (error) {
    await audit({ kind: 'backup.restored', target: user.id, outcome: 'failed', detail: { reason: (error as Error).message.slice(0, 200) } });
    throw error;
  }
});
