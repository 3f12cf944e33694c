import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import type { BackupSchedule, BackupScheduleRepository } from './backup-schedule.ts';

/** The one backup schedule of the installation. */
const scheduleKey = { pk: 'SYSTEM', sk: 'BACKUP_SCHEDULE' };

export const dynamoBackupSchedule: BackupScheduleRepository = {
  // The schedule (get-backup-schedule, the daily per-user job)
  async get() {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: scheduleKey }));
    if (!out.Item) return undefined;
    const { enabled, intervalDays, retention, updatedAt, updatedBy } = out.Item as BackupSchedule;
    return { enabled, intervalDays, retention, updatedAt, updatedBy };
  },
  // Set by an admin (put-backup-schedule): last write wins
  async put(schedule) {
    await dynamo.send(new PutCommand({ TableName: tableName, Item: { ...scheduleKey, ...schedule } }));
  },
};
