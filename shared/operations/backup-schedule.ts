import type { BackupScheduleBody } from './schemas.ts';

/**
 * Scheduled backups: an admin sets the schedule (enabled, every how many days, how many backups
 * to keep per user); a daily per-user job backs up each user whose newest backup is older than
 * the interval and prunes their oldest beyond the retention. "Restore all" is a per-user job too:
 * each user is restored from their newest backup made at or before a given time.
 */

const DAY_MS = 86_400_000;
/** The daily run drifts by minutes; a backup this much short of the interval still counts as due. */
export const DUE_SLACK_MS = 2 * 60 * 60_000;

export interface BackupSchedule extends BackupScheduleBody {
  updatedAt?: string;
  updatedBy?: string;
}

/** Until an admin sets one: off, weekly, four kept. */
export const DEFAULT_BACKUP_SCHEDULE: BackupSchedule = { enabled: false, intervalDays: 7, retention: 4 };

/** A stored backup as the scheduled jobs see it. */
export interface StoredBackup {
  key: string;
  createdAt: string;
}

export interface BackupScheduleRepository {
  get(): Promise<BackupSchedule | undefined>;
  put(schedule: BackupSchedule): Promise<void>;
}

/** The schedule in force (the default until an admin sets one). */
export async function readSchedule(repo: Pick<BackupScheduleRepository, 'get'>): Promise<BackupSchedule> {
  return (await repo.get()) ?? DEFAULT_BACKUP_SCHEDULE;
}

/** Stores an admin's schedule, stamped with who and when. */
export async function setSchedule(repo: BackupScheduleRepository, body: BackupScheduleBody, actorId: string, now: Date): Promise<BackupSchedule> {
  const schedule: BackupSchedule = { enabled: body.enabled, intervalDays: body.intervalDays, retention: body.retention, updatedAt: now.toISOString(), updatedBy: actorId };
  await repo.put(schedule);
  return schedule;
}

/** Whether a user's scheduled backup is due: the schedule is on and their newest backup is older than the interval. */
export function backupDue(schedule: BackupSchedule, newest: StoredBackup | undefined, now: Date): boolean {
  if (!schedule.enabled) return false;
  if (!newest) return true;
  return now.getTime() - Date.parse(newest.createdAt) >= schedule.intervalDays * DAY_MS - DUE_SLACK_MS;
}

/** The backups beyond the retention (the list is newest first): the ones to remove. */
export function beyondRetention(newestFirst: readonly StoredBackup[], retention: number): StoredBackup[] {
  return newestFirst.slice(retention);
}

/** The backup a "restore all" at `at` restores a user from: their newest made at or before it. */
export function backupAt(newestFirst: readonly StoredBackup[], at: string): StoredBackup | undefined {
  const limit = Date.parse(at);
  return newestFirst.find((b) => Date.parse(b.createdAt) <= limit);
}

export interface ScheduledBackupDeps {
  schedule: Pick<BackupScheduleRepository, 'get'>;
  /** A user's backups, newest first. */
  list(userId: string): Promise<StoredBackup[]>;
  create(userId: string, now: Date): Promise<StoredBackup>;
  remove(key: string): Promise<void>;
  now(): Date;
}

/**
 * One user's share of the daily run: a backup when due, then the oldest beyond the retention
 * removed. A second delivery of the same message finds the fresh backup and makes none.
 */
export async function scheduledBackup(deps: ScheduledBackupDeps, userId: string): Promise<{ made: number; pruned: number }> {
  const schedule = await readSchedule(deps.schedule);
  if (!schedule.enabled) return { made: 0, pruned: 0 };
  const now = deps.now();
  let backups = await deps.list(userId);
  let made = 0;
  if (backupDue(schedule, backups[0], now)) {
    backups = [await deps.create(userId, now), ...backups];
    made = 1;
  }
  const extra = beyondRetention(backups, schedule.retention);
  for (const b of extra) await deps.remove(b.key);
  return { made, pruned: extra.length };
}

export interface RestoreAllDeps {
  list(userId: string): Promise<StoredBackup[]>;
  /** Restores the stored backup into its own user (idempotent). */
  restore(userId: string, key: string): Promise<{ restored: Record<string, number>; removed: number }>;
}

/** One user's share of a "restore all": their newest backup at or before `at`, if any. */
export async function restoreUserAt(deps: RestoreAllDeps, userId: string, at: string): Promise<{ restored: number; removed: number; skipped: number }> {
  const chosen = backupAt(await deps.list(userId), at);
  if (!chosen) return { restored: 0, removed: 0, skipped: 1 };
  const result = await deps.restore(userId, chosen.key);
  return { restored: Object.values(result.restored).reduce((a, b) => a + b, 0), removed: result.removed, skipped: 0 };
}
