import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { as, call, newUser, queuesDrained } from '../support/http-client.ts';
import { newAdmin } from '../support/admin.ts';
import { ROOT } from '../support/local-process.ts';

const mosaic = inject('mosaic');
const run = promisify(execFile);

describe('npm run admin -- grant <email>', () => {
  it('makes a user an administrator from their next sign-in, and revoke undoes it', async () => {
    const user = await newUser(mosaic.url);
    const cli = (command: string, email: string) =>
      run(process.execPath, [join(ROOT, 'bin/admin.ts'), command, email], { env: { ...process.env, MOSAIC_DATA_DIR: mosaic.dataDir } });
    const signIn = async () =>
      (await call(mosaic.url, 'POST', '/v1/auth/login', { from: user.from, json: { email: user.email, password: user.password } })).body;

    expect((await signIn()).user.isAdmin).toBe(false);
    const granted = await cli('grant', user.email);
    expect(granted.stdout).toContain(`Granted admin for ${user.email}`);
    const admin = await signIn();
    expect(admin.user.isAdmin).toBe(true);
    expect((await call(mosaic.url, 'GET', '/v1/me', { token: admin.accessToken })).body.isAdmin).toBe(true);

    // The last administrator stays one; with another, revoke ends the admin token at once.
    await newAdmin(mosaic);
    await cli('revoke', user.email);
    expect((await signIn()).user.isAdmin).toBe(false);
    expect((await call(mosaic.url, 'GET', '/v1/admin/users', { token: admin.accessToken })).status).toBe(403);

    await expect(cli('grant', 'nobody@example.com')).rejects.toMatchObject({ stderr: expect.stringContaining('No user') });
  });
});

describe('npm run admin -- repair <email>', () => {
  it('finds derived data that diverged from the entries, repairs it, and reports what it changed', async () => {
    const user = await newUser(mosaic.url, { timezone: 'UTC' });
    const client = as(mosaic.url, user);
    const act = (await client.post('/v1/activities', { name: 'Run', unit: 'km', goal: 5 })).body;
    const goal = (await client.post('/v1/goals', { name: 'Far', targetValue: 1000, startDate: '2020-01-01', links: [{ activityId: act.id, weight: 1 }] })).body;
    // Recent days (an old gap would make the activity at risk, which is the hourly scan's to flag).
    const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    for (const [date, value] of [[day(3), 6], [day(2), 4], [day(1), 7]] as const) {
      expect((await client.put(`/v1/entries/${date}/${act.id}`, { value })).status).toBe(200);
    }
    await queuesDrained(mosaic.url);
    const repair = (...args: string[]) =>
      run(process.execPath, [join(ROOT, 'bin/admin.ts'), 'repair', user.email, ...args], { env: { ...process.env, MOSAIC_DATA_DIR: mosaic.dataDir } });
    const report = async () => JSON.parse((await repair('--dry-run', '--json')).stdout) as { counts: Record<string, number>; marks: number };

    expect((await repair('--dry-run')).stdout).toContain('Derived data matches the entries.');

    // Derived data diverged, as after lost events: a day roll-up gone, a month slot wrong, the
    // activity's stats and the goal's progress stale. Later writes of other days do not fix it.
    const table = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: mosaic.endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
    );
    const TableName = mosaic.resources.tableName;
    const pk = `USER#${user.id}`;
    await table.send(new DeleteCommand({ TableName, Key: { pk, sk: `DAY#${day(2)}` } }));
    await table.send(
      new UpdateCommand({
        TableName,
        Key: { pk, sk: `AMONTH#${act.id}#${day(1).slice(0, 7)}` },
        UpdateExpression: 'SET #d = :s',
        ExpressionAttributeNames: { '#d': `d${day(1).slice(8)}` },
        ExpressionAttributeValues: { ':s': { s: 'missed', v: 1, at: 1 } },
      }),
    );
    await table.send(new UpdateCommand({ TableName, Key: { pk, sk: `ACT#${act.id}` }, UpdateExpression: 'SET stats.doneCount = :n', ExpressionAttributeValues: { ':n': 0 } }));
    await table.send(new UpdateCommand({ TableName, Key: { pk, sk: `GOAL#${goal.id}` }, UpdateExpression: 'SET currentValue = :v', ExpressionAttributeValues: { ':v': 1 } }));
    expect((await client.put(`/v1/entries/${day(0)}/${act.id}`, { value: 5 })).status).toBe(200);
    await queuesDrained(mosaic.url);

    expect(await report()).toMatchObject({ counts: { day: 1, month: 1, stats: 1, goal: 1, atRisk: 0 }, marks: 0 });
    const repaired = await repair('--verbose');
    expect(repaired.stdout).toContain('day roll-up slots written:   1');
    expect(repaired.stdout).toContain(`- day ${day(2)} activity ${act.id}: none → missed 4`);
    expect(repaired.stdout).toContain(`- month ${day(1)} activity ${act.id}: missed 1 → done 7`);
    // The later write recomputed the goal — from the wrong month roll-up (6 + 4 + 1 + 5).
    expect(repaired.stdout).toContain(`- goal ${goal.id}: 16 → 22`);
    expect(repaired.stdout).toContain('4 difference(s) repaired.');

    expect(await report()).toMatchObject({ counts: { day: 0, month: 0, stats: 0, goal: 0, atRisk: 0 }, marks: 0 });
    expect((await client.get(`/v1/goals/${goal.id}`)).body.currentValue).toBe(22);
    const stats = (await client.get(`/v1/activities/${act.id}`)).body.stats;
    expect(stats.doneCount).toBe(3); // days 3, 1 and 0

    await expect(repair('--dry-run', 'x')).rejects.toBeDefined();
    await expect(
      run(process.execPath, [join(ROOT, 'bin/admin.ts'), 'repair', 'nobody@example.com'], { env: { ...process.env, MOSAIC_DATA_DIR: mosaic.dataDir } }),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('No user') });
  });
});

/** The CLI on the test's runtime, acting as the operator `tester`. */
const admin = (...args: string[]) =>
  run(process.execPath, [join(ROOT, 'bin/admin.ts'), ...args], { env: { ...process.env, MOSAIC_DATA_DIR: mosaic.dataDir, MOSAIC_OPERATOR: 'tester' } });

describe('npm run admin -- disable|enable <email>', () => {
  it('ends the user\u2019s sessions and refuses sign-in until enabled, audited as the operator', async () => {
    const user = await newUser(mosaic.url);
    const signIn = () => call(mosaic.url, 'POST', '/v1/auth/login', { from: user.from, json: { email: user.email, password: user.password } });
    expect((await as(mosaic.url, user).get('/v1/me')).status).toBe(200);

    expect((await admin('disable', user.email)).stdout).toContain(`Disabled ${user.email}`);
    expect((await as(mosaic.url, user).get('/v1/me')).status).toBe(401);
    expect((await signIn()).status).toBe(403);

    expect((await admin('enable', user.email)).stdout).toContain(`Enabled ${user.email}`);
    expect((await signIn()).status).toBe(200);

    const operator = await newAdmin(mosaic);
    const trail = await as(mosaic.url, operator).get(`/v1/admin/audit?target=${user.id}&actor=cli:tester`);
    expect(trail.body.items.map((r: { kind: string }) => r.kind)).toEqual(['user.enabled', 'user.disabled']);
  });
});

describe('npm run admin -- backup|restore <email>', () => {
  it('backs a user up to the bucket and a file, restores the latest after a loss, and refuses a truncated file changing nothing', async () => {
    const user = await newUser(mosaic.url);
    const client = as(mosaic.url, user);
    const kept = (await client.post('/v1/activities', { name: 'Kept', unit: 'min', goal: 10 })).body;
    const changed = (await client.post('/v1/activities', { name: 'Before', unit: 'km', goal: 5 })).body;
    const dir = mkdtempSync(join(tmpdir(), 'mosaic-cli-backup-'));
    try {
      const file = join(dir, 'backup.zip');
      const made = await admin('backup', user.email, '--out', file, '--json');
      const backup = JSON.parse(made.stdout) as { key: string; bytes: number };
      expect(backup.key).toMatch(new RegExp(`^users/${user.id}/`));
      expect(readFileSync(file).length).toBe(backup.bytes);
      expect((await client.get('/v1/me/backups')).body.items.map((b: { key: string }) => b.key)).toContain(backup.key);

      expect((await client.patch(`/v1/activities/${changed.id}`, { name: 'After' })).status).toBe(200);
      const names = async () => (await client.get('/v1/activities?status=all')).body.items.map((a: { name: string }) => a.name).sort();
      expect(await names()).toEqual(['After', 'Kept']);

      // A damaged file is refused before anything is written.
      writeFileSync(join(dir, 'cut.zip'), readFileSync(file).subarray(0, Math.floor(backup.bytes * 0.6)));
      await expect(admin('restore', user.email, '--file', join(dir, 'cut.zip'))).rejects.toMatchObject({ code: 1 });
      expect(await names()).toEqual(['After', 'Kept']);

      const restored = await admin('restore', user.email, '--latest');
      expect(restored.stdout).toContain(`Restored ${user.email} from ${backup.key}`);
      expect(await names()).toEqual(['Before', 'Kept']);
      expect((await client.get(`/v1/activities/${kept.id}`)).status).toBe(200);
      // The same from the file: nothing more changes.
      const again = JSON.parse((await admin('restore', user.email, '--file', file, '--json')).stdout) as { removed: number };
      expect(again.removed).toBe(0);
      expect(await names()).toEqual(['Before', 'Kept']);

      await expect(admin('restore', user.email)).rejects.toMatchObject({ code: 2 });
    } finally {
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    }
  });
});
