import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { call, newUser } from '../support/http-client.ts';
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

    await cli('revoke', user.email);
    expect((await signIn()).user.isAdmin).toBe(false);

    await expect(cli('grant', 'nobody@example.com')).rejects.toMatchObject({ stderr: expect.stringContaining('No user') });
  });
});
