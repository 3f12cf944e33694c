import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { IN_USE_FILE } from '../../infra/local/table-migration.ts';
import { as, call, newUser } from '../support/http-client.ts';
import { childrenOf, ROOT, startMosaic, tempDataDir, type RunningMosaic } from '../support/local-process.ts';

const run = promisify(execFile);

describe('the local runtime keeps data across a restart', () => {
  let running: RunningMosaic | undefined;
  afterAll(async () => {
    await running?.stop();
  });

  it('serves the same user, token, activities and entries after Ctrl+C and npm start again', async () => {
    const dataDir = tempDataDir('restart');
    running = await startMosaic(dataDir);
    const user = await newUser(running.info.url);
    let client = as(running.info.url, user);
    const activity = (await client.post('/v1/activities', { name: 'Piano', unit: 'min', goal: 20 })).body;
    await client.put(`/v1/entries/2026-01-15/${activity.id}`, { value: 25, note: 'scales' });
    const before = await client.get('/v1/today?date=2026-01-15');

    const endpoints = running.info.endpoints;
    // Ctrl+C in a terminal reaches every process of the group: the stand-ins as well.
    for (const pid of childrenOf(running.child.pid!)) process.kill(pid, 'SIGINT');
    expect(await running.stop()).toBe(0);
    expect(readFileSync(join(dataDir, 'runtime.log'), 'utf8')).not.toContain('stopped unexpectedly');
    expect(existsSync(join(dataDir, IN_USE_FILE))).toBe(false);
    // Ctrl+C leaves nothing behind: every stand-in (the cognito-local child included) is gone.
    for (const url of [endpoints.dynamodb, endpoints.s3, endpoints.sqs, endpoints.cognito, endpoints.eventBridge, running.info.url]) {
      await expect(fetch(url), url).rejects.toThrow();
    }
    // With Mosaic stopped, the admin CLI starts the local user pool by itself.
    const granted = await run(process.execPath, [join(ROOT, 'bin/admin.ts'), 'grant', user.email], {
      env: { ...process.env, MOSAIC_DATA_DIR: dataDir },
    });
    expect(granted.stdout).toContain('Granted admin');
    running = await startMosaic(dataDir);
    client = as(running.info.url, user);

    // The token issued before the restart still verifies (the local issuer is stable).
    const after = await client.get('/v1/today?date=2026-01-15');
    expect(after.status).toBe(200);
    expect(after.body.items.map((i: { entry: unknown }) => i.entry)).toEqual(before.body.items.map((i: { entry: unknown }) => i.entry));
    const login = await call(running.info.url, 'POST', '/v1/auth/login', {
      from: user.from,
      json: { email: user.email, password: user.password },
    });
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(user.id);
    expect(login.body.user.isAdmin).toBe(true);
  });

  it('stops with an error when a stand-in process dies, instead of failing every request, and starts again on its data', async () => {
    await running?.stop();
    const dataDir = tempDataDir('stand-in-lost');
    running = await startMosaic(dataDir);
    const user = await newUser(running.info.url);
    const dataStandIns = childrenOf(running.child.pid!).find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('stand-ins-process'));
    expect(dataStandIns).toBeDefined();
    const exited = new Promise<number | null>((resolve) => running!.child.once('exit', resolve));
    process.kill(dataStandIns!, 'SIGKILL');
    expect(await exited).toBe(1);
    expect(readFileSync(join(dataDir, 'runtime.log'), 'utf8')).toContain('the data stand-ins (DynamoDB, S3, SQS) stopped unexpectedly (SIGKILL)');
    // The table was not closed cleanly: its mark stays, so the next start rebuilds its indexes.
    expect(existsSync(join(dataDir, IN_USE_FILE))).toBe(true);

    running = await startMosaic(dataDir);
    const login = await call(running.info.url, 'POST', '/v1/auth/login', { from: user.from, json: { email: user.email, password: user.password } });
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(user.id);
  });
});
