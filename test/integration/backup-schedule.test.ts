/**
 * Scheduled backups and "restore all", on a runtime of their own (a run touches every user):
 * the admin sets the schedule; the daily per-user job backs up due users and prunes beyond the
 * retention; "restore all" puts each user back as their newest backup had them.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAdmin } from '../support/admin.ts';
import { as, call, newUser, queuesDrained, type TestUser } from '../support/http-client.ts';
import { startMosaic, tempDataDir, type RunningMosaic } from '../support/local-process.ts';

let mosaic: RunningMosaic;
let base: string;
let admin: TestUser;

const backupKeys = async (user: TestUser) => ((await as(base, user).get('/v1/me/backups')).body.items as Array<{ key: string }>).map((b) => b.key);
const runDailyJob = async () => {
  expect((await call(base, 'POST', '/_local/schedules/backup-users')).status).toBe(200);
  await queuesDrained(base);
};

describe('scheduled backups', () => {
  beforeAll(async () => {
    mosaic = await startMosaic(tempDataDir('backup-schedule'), { MOSAIC_QUIET: '1' });
    base = mosaic.info.url;
    admin = await newAdmin(mosaic.info);
  });
  afterAll(async () => {
    await mosaic?.stop();
    rmSync(mosaic.dataDir, { recursive: true, force: true });
  });

  it('is off until an admin sets it; only admins read or set it, with valid values', async () => {
    const user = await newUser(base);
    expect((await as(base, admin).get('/v1/admin/backup-schedule')).body).toEqual({ enabled: false, intervalDays: 7, retention: 4 });
    expect((await as(base, user).get('/v1/admin/backup-schedule')).status).toBe(403);
    expect((await as(base, user).put('/v1/admin/backup-schedule', { enabled: true, intervalDays: 1, retention: 2 })).status).toBe(403);
    for (const bad of [{ enabled: true, intervalDays: 0, retention: 2 }, { enabled: true, intervalDays: 1, retention: 0 }, { enabled: 'yes', intervalDays: 1, retention: 2 }]) {
      expect((await as(base, admin).put('/v1/admin/backup-schedule', bad)).status).toBe(400);
    }
    // Off: the daily job makes nothing.
    await runDailyJob();
    expect(await backupKeys(user)).toEqual([]);
  });

  it('backs up every due user once per interval and keeps the newest `retention` per user', async () => {
    const user = await newUser(base);
    expect((await as(base, user).post('/v1/activities', { name: 'Swim', unit: 'min', goal: 30 })).status).toBe(201);
    const own = (await as(base, user).post('/v1/me/backups')).body.key as string;
    // The user's own backup is recent: with a daily interval, nothing is due for them yet.
    const set = await as(base, admin).put('/v1/admin/backup-schedule', { enabled: true, intervalDays: 1, retention: 1 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ enabled: true, intervalDays: 1, retention: 1, updatedBy: admin.id });
    await runDailyJob();
    expect(await backupKeys(user)).toEqual([own]);
    // The admin has no backup: due, made once; a second run makes no other.
    const adminBackups = await backupKeys(admin);
    expect(adminBackups).toHaveLength(1);
    await runDailyJob();
    expect(await backupKeys(admin)).toEqual(adminBackups);

    // Retention 1 with two backups: the older one goes.
    await new Promise((r) => setTimeout(r, 10));
    const second = (await as(base, user).post('/v1/me/backups')).body.key as string;
    expect((await backupKeys(user)).sort()).toEqual([own, second].sort());
    await runDailyJob();
    expect(await backupKeys(user)).toEqual([second]);

    const trail = await as(base, admin).get('/v1/admin/audit?kind=backup.settings_changed');
    expect(trail.body.items[0]).toMatchObject({ actor: admin.id, detail: { enabled: true, intervalDays: 1, retention: 1 } });
  });

  it('restores every user from their newest backup at or before the time; the same time again runs once', async () => {
    // The schedule the test before left on (retention 1) would otherwise back this user up after
    // the rename, whenever the runtime's timer fires, and prune the backup made before it.
    expect((await as(base, admin).put('/v1/admin/backup-schedule', { enabled: false, intervalDays: 1, retention: 1 })).status).toBeLessThan(300);
    await queuesDrained(base);
    const user = await newUser(base);
    const client = as(base, user);
    const act = (await client.post('/v1/activities', { name: 'Before', unit: 'km', goal: 5 })).body;
    await client.post('/v1/me/backups');
    expect((await client.patch(`/v1/activities/${act.id}`, { name: 'After' })).status).toBe(200);
    const at = new Date().toISOString();

    expect((await client.post('/v1/admin/backups/restore-all', { at })).status).toBe(403);
    expect((await as(base, admin).post('/v1/admin/backups/restore-all', { at: 'yesterday' })).status).toBe(400);
    const queued = await as(base, admin).post('/v1/admin/backups/restore-all', { at });
    expect(queued.status).toBe(202);
    expect(queued.body).toEqual({ at, job: 'restore-user' });
    await queuesDrained(base);
    expect((await client.get(`/v1/activities/${act.id}`)).body.name).toBe('Before');

    // The same run again (another request with the same time) is not fanned out a second time.
    expect((await client.patch(`/v1/activities/${act.id}`, { name: 'Later' })).status).toBe(200);
    expect((await as(base, admin).post('/v1/admin/backups/restore-all', { at })).status).toBe(202);
    await queuesDrained(base);
    expect((await client.get(`/v1/activities/${act.id}`)).body.name).toBe('Later');

    const restored = await as(base, admin).get(`/v1/admin/audit?kind=backup.restored&target=${user.id}`);
    expect(restored.body.items).toHaveLength(1);
    expect(restored.body.items[0]).toMatchObject({ actor: 'system', detail: { restoreAll: at } });
  });
});
