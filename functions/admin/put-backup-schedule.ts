import { putBackupScheduleRoute } from '../../infra/routes/operations.ts';
import { audit } from '../../shared/audit/audit-writer.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { setSchedule } from '../../shared/operations/backup-schedule.ts';
import { dynamoBackupSchedule } from '../../shared/operations/backup-schedule-repository.ts';

export const handler = httpHandler(putBackupScheduleRoute, async ({ user, body }) => {
  const schedule = await setSchedule(dynamoBackupSchedule, body, user.id, new Date());
  await audit({ kind: 'backup.settings_changed', detail: { enabled: schedule.enabled, intervalDays: schedule.intervalDays, retention: schedule.retention } });
  return ok(schedule);
});
