import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { functionTestEnv } from '../../test/support/function-env.ts';

describe('application secrets, locally', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-app-secrets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a secret from the local secrets folder, undefined when never set, re-reading after the cache time', async () => {
    // The configuration a local function gets (config is parsed when the module loads).
    Object.assign(process.env, functionTestEnv('local', { LOCAL_SECRETS_DIR: dir }));
    const { appSecret } = await import('./app-secrets.ts');
    const t0 = Date.parse('2026-11-28T00:00:00Z');
    expect(await appSecret('signing-key', t0)).toBeUndefined();
    writeFileSync(join(dir, 'signing-key'), 'abc123\n');
    // Within the cache time the first answer stands; after it the file is read again.
    expect(await appSecret('signing-key', t0 + 1000)).toBeUndefined();
    expect(await appSecret('signing-key', t0 + 6 * 60_000)).toBe('abc123');
  });
});
