import { describe, expect, it } from 'vitest';
import { backupAt, backupDue, DEFAULT_BACKUP_SCHEDULE, restoreUserAt, scheduledBackup, setSchedule, type BackupSchedule, type StoredBackup } from './backup-schedule.ts';

const on: BackupSchedule = { enabled: true, intervalDays: 7, retention: 2 };
const at = (iso: string): StoredBackup => ({ key: `users/u1/${iso}.zip`, createdAt: iso });

/** The job's world in memory: a schedule item and one user's bucket folder. */
function world(schedule: BackupSchedule | undefined, stored: StoredBackup[], now: string) {
  const bucket = [...stored];
  return {
    bucket,
    deps: {
      schedule: { get: async () => schedule },
      list: async () => [...bucket].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)),
      create: async (_u: string, when: Date) => {
        const b = at(when.toISOString());
        bucket.push(b);
        return b;
      },
      remove: async (key: string) => {
        bucket.splice(
          bucket.findIndex((b) => b.key === key),
          1,
        );
      },
      now: () => new Date(now),
    },
  };
}

describe('scheduled backups', () => {
  it('is due when on and the newest backup is older than the interval (less the run’s drift)', () => {
    const now = new Date('2026-03-10T03:00:00Z');
    expect(backupDue(on, undefined, now)).toBe(true);
    expect(backupDue(on, at('2026-03-03T03:30:00Z'), now)).toBe(true); // 30 min short: the daily run drifted
    expect(backupDue(on, at('2026-03-04T03:00:00Z'), now)).toBe(false);
    expect(backupDue({ ...on, enabled: false }, undefined, now)).toBe(false);
  });

  it('backs up a due user and prunes beyond the retention; a second delivery makes nothing more', async () => {
    const w = world(on, [at('2026-02-01T00:00:00.000Z'), at('2026-02-20T00:00:00.000Z')], '2026-03-10T03:00:00.000Z');
    expect(await scheduledBackup(w.deps, 'u1')).toEqual({ made: 1, pruned: 1 });
    expect(w.bucket.map((b) => b.createdAt).sort()).toEqual(['2026-02-20T00:00:00.000Z', '2026-03-10T03:00:00.000Z']);
    expect(await scheduledBackup(w.deps, 'u1')).toEqual({ made: 0, pruned: 0 });
    expect(w.bucket).toHaveLength(2);
  });

  it('does nothing while the schedule is off or unset (the default is off)', async () => {
    expect(DEFAULT_BACKUP_SCHEDULE.enabled).toBe(false);
    for (const schedule of [undefined, { ...on, enabled: false }]) {
      const w = world(schedule, [at('2026-01-01T00:00:00.000Z'), at('2026-01-02T00:00:00.000Z'), at('2026-01-03T00:00:00.000Z')], '2026-03-10T00:00:00.000Z');
      expect(await scheduledBackup(w.deps, 'u1')).toEqual({ made: 0, pruned: 0 });
      expect(w.bucket).toHaveLength(3);
    }
  });

  it('stamps the schedule with who set it and when', async () => {
    let stored: BackupSchedule | undefined;
    const result = await setSchedule({ get: async () => stored, put: async (s) => void (stored = s) }, on, 'admin-1', new Date('2026-03-01T00:00:00Z'));
    expect(stored).toEqual({ ...on, updatedAt: '2026-03-01T00:00:00.000Z', updatedBy: 'admin-1' });
    expect(result).toEqual(stored);
  });
});

describe('restore all', () => {
  const list = [at('2026-03-09T00:00:00.000Z'), at('2026-03-02T00:00:00.000Z')];

  it('picks each user’s newest backup made at or before the time', () => {
    expect(backupAt(list, '2026-03-09T00:00:00.000Z')?.createdAt).toBe('2026-03-09T00:00:00.000Z');
    expect(backupAt(list, '2026-03-05T00:00:00.000Z')?.createdAt).toBe('2026-03-02T00:00:00.000Z');
    expect(backupAt(list, '2026-03-01T00:00:00.000Z')).toBeUndefined();
  });

  it('restores that backup, and skips a user without one', async () => {
    const restored: string[] = [];
    const deps = {
      list: async () => list,
      restore: async (_u: string, key: string) => {
        restored.push(key);
        return { restored: { tracking: 3, account: 1 }, removed: 2 };
      },
    };
    expect(await restoreUserAt(deps, 'u1', '2026-03-05T00:00:00.000Z')).toEqual({ restored: 4, removed: 2, skipped: 0 });
    expect(restored).toEqual([list[1]!.key]);
    expect(await restoreUserAt(deps, 'u1', '2026-01-01T00:00:00.000Z')).toEqual({ restored: 0, removed: 0, skipped: 1 });
  });
});
