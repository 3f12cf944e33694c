import type { RestoreAllDeps, ScheduledBackupDeps } from './backup-schedule.ts';
import { dynamoBackupSchedule } from './backup-schedule-repository.ts';
import { createBackup, deleteBackup, listBackups, readBackup, restoreBackup } from './backup-store.ts';

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
