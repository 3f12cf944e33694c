import { audit } from '../../shared/audit/audit-writer.ts';
import { userJobConsumer } from '../../shared/jobs/user-job-consumer.ts';
import { scheduledBackup } from '../../shared/operations/backup-schedule.ts';
import { scheduledBackupDeps } from '../../shared/operations/backup-job-deps.ts';

export const handler = userJobConsumer(async (profile) => {
  const result = await scheduledBackup(scheduledBackupDeps, profile.id);
  if (result.made) await audit({ kind: 'backup.created', actor: 'system', target: profile.id, detail: { scheduled: true, pruned: result.pruned } });
  return result;
});
