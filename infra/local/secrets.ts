import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_SECRETS, APP_SECRET_NAMES } from '../../shared/contract/secrets.ts';
import { LOCAL_KEY_FILE } from '../../shared/secrets/envelope.ts';

/**
 * The local stand-ins for KMS and Secrets Manager, in `<data folder>/secrets` (owner-only): the
 * per-installation key that wraps data keys, and one file per application secret. Generated
 * secrets are made once at random; an operator-set one (third-party credentials) stays absent
 * until someone writes its file. Nothing here is ever overwritten.
 */
export function ensureLocalSecrets(dataDir: string): string {
  const dir = join(dataDir, 'secrets');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const write = (file: string, value: Buffer | string) => {
    const path = join(dir, file);
    if (!existsSync(path)) writeFileSync(path, value, { mode: 0o600, flag: 'wx' });
  };
  write(LOCAL_KEY_FILE, randomBytes(32));
  for (const name of APP_SECRET_NAMES) if (APP_SECRETS[name].generated) write(name, randomBytes(32).toString('hex'));
  return dir;
}
