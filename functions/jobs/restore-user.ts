import { audit } from '../../shared/audit/audit-writer.ts';
import { userJobConsumer } from '../../shared/jobs/user-job-consumer.ts';
import { restoreUserAt } from '../../shared/operations/backup-schedule.ts';
import { restoreAllDeps } from '../../shared/operations/backup-job-deps.ts';

export const handler = userJobConsumer(async (profile, message) => {
  const result = await restoreUserAt(restoreAllDeps, profile.id, message.scheduledTime);
  if (!result.skipped) await audit({ kind: 'backup.restored', actor: 'system', target: profile.id, detail: { restoreAll: message.scheduledTime, removed: result.removed } });
  return result;
});
