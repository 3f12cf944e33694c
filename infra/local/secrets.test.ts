import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_SECRETS, APP_SECRET_NAMES } from '../../shared/contract/secrets.ts';
import { LOCAL_KEY_FILE } from '../../shared/secrets/envelope.ts';
import { createPrivateKey } from 'node:crypto';
import { ensureLocalSecrets, STAND_IN_SECRETS } from './secrets.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-secrets-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('local secrets', () => {
  it('makes the installation key and the generated secrets once, owner-only, and never replaces them', () => {
    const dataDir = tempDir();
    const dir = ensureLocalSecrets(dataDir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const key = readFileSync(join(dir, LOCAL_KEY_FILE));
    expect(key).toHaveLength(32);
    expect(statSync(join(dir, LOCAL_KEY_FILE)).mode & 0o777).toBe(0o600);
    const generated = APP_SECRET_NAMES.filter((n) => APP_SECRETS[n].generated);
    expect(generated.length).toBeGreaterThan(0);
    const values = generated.map((n) => readFileSync(join(dir, n), 'utf8'));
    for (const value of values) expect(value).toMatch(/^[0-9a-f]{64}$/);

    // The stand-ins' own secrets: a 2048-bit RSA key for the pool's tokens, the S3 secret key.
    const standIns = Object.values(STAND_IN_SECRETS).map((file) => readFileSync(join(dir, file), 'utf8'));
    for (const file of Object.values(STAND_IN_SECRETS)) expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    const tokenKey = createPrivateKey(readFileSync(join(dir, STAND_IN_SECRETS.tokenSigningKey), 'utf8'));
    expect(tokenKey.asymmetricKeyType).toBe('rsa');
    expect(tokenKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(readFileSync(join(dir, STAND_IN_SECRETS.s3SecretAccessKey), 'utf8')).toMatch(/^[\w-]{40}$/);

    ensureLocalSecrets(dataDir);
    expect(readFileSync(join(dir, LOCAL_KEY_FILE))).toEqual(key);
    expect(generated.map((n) => readFileSync(join(dir, n), 'utf8'))).toEqual(values);
    expect(Object.values(STAND_IN_SECRETS).map((file) => readFileSync(join(dir, file), 'utf8'))).toEqual(standIns);
  });

  it('gives each installation its own token key', () => {
    const [a, b] = [0, 1].map(() => {
      const dir = ensureLocalSecrets(tempDir());
      return readFileSync(join(dir, STAND_IN_SECRETS.tokenSigningKey), 'utf8');
    });
    expect(a).not.toBe(b);
  });
});
