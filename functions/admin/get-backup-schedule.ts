import { getBackupScheduleRoute } from '../../infra/routes/operations.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { readSchedule } from '../../shared/operations/backup-schedule.ts';
import { dynamoBackupSchedule } from '../../shared/operations/backup-schedule-repository.ts';

export const handler = httpHandler(getBackupScheduleRoute, async () => ok(await readSchedule(dynamoBackupSchedule)));
