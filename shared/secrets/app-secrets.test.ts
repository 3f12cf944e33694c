import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('application secrets, locally', () => {
  it('reads a secret from the local secrets folder, undefined when never set, re-reading after the cache time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mosaic-app-secrets-'));
    // The configuration a local function gets (config is parsed when the module loads).
    Object.assign(process.env, {
      TABLE_NAME: 'mosaic-local',
      EVENT_BUS_NAME: 'mosaic-local',
      USER_POOL_ID: 'local_pool',
      USER_POOL_CLIENT_ID: 'client',
      IMPORTS_BUCKET: 'mosaic-local-imports',
      EXPORTS_BUCKET: 'mosaic-local-exports',
      WEARABLES_BUCKET: 'mosaic-local-wearables',
      BACKUPS_BUCKET: 'mosaic-local-backups',
      LOCAL_SECRETS_DIR: dir,
    });
    const { appSecret } = await import('./app-secrets.ts');
    const t0 = Date.parse('2026-11-28T00:00:00Z');
    expect(await appSecret('signing-key', t0)).toBeUndefined();
    writeFileSync(join(dir, 'signing-key'), 'abc123\n');
    // Within the cache time the first answer stands; after it the file is read again.
    expect(await appSecret('signing-key', t0 + 1000)).toBeUndefined();
    expect(await appSecret('signing-key', t0 + 6 * 60_000)).toBe('abc123');
  });
});
