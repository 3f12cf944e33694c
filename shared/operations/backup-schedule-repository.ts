import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { listBackups, readBackup, restoreBackup, createBackup, deleteBackup } from './backup-store.ts';
import type { BackupSchedule, BackupScheduleRepository, RestoreAllDeps, ScheduledBackupDeps } from './backup-schedule.ts';

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

/** The daily per-user backup job's dependencies: the table's schedule and the backups bucket. */
export const scheduledBackupDeps: ScheduledBackupDeps = {
  schedule: dynamoBackupSchedule,
  list: async (userId) => (await listBackups(userId)).map(({ key, createdAt }) => ({ key, createdAt })),
  create: async (userId, now) => createBackup(userId, now),
  remove: (key) => deleteBackup(key),
  now: () => new Date(),
};

/** "Restore all"'s per-user dependencies: a user's stored backups, restored into that same user. */
export const restoreAllDeps: RestoreAllDeps = {
  list: async (userId) => (await listBackups(userId)).map(({ key, createdAt }) => ({ key, createdAt })),
  restore: async (userId, key) => restoreBackup(await readBackup(key), { targetUserId: userId, allowOtherUser: false }),
};
