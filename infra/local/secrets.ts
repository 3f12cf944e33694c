import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_SECRETS, APP_SECRET_NAMES } from '../../shared/contract/secrets.ts';
import { LOCAL_KEY_FILE } from '../../shared/secrets/envelope.ts';

/**
 * Secrets only the local stand-ins use, one file each in the secrets folder. They replace the
 * credentials the stand-ins ship with (and anyone can read in their source): the key the local
 * user pool signs tokens with, and the secret access key the local S3 checks signatures against.
 */
export const STAND_IN_SECRETS = {
  /** RSA private key (PKCS#8 PEM) that cognito-local signs tokens with and serves in its JWKS. */
  tokenSigningKey: 'token-signing-key.pem',
  /** Secret access key of the local S3: presigned URLs and SDK requests are signed with it. */
  s3SecretAccessKey: 's3-secret-access-key',
} as const;

/**
 * The local stand-ins for KMS and Secrets Manager, in `<data folder>/secrets` (owner-only): the
 * per-installation key that wraps data keys, one file per application secret, and the stand-ins'
 * own secrets (STAND_IN_SECRETS). Generated secrets are made once at random; an operator-set one
 * (third-party credentials) stays absent until someone writes its file. Nothing here is ever
 * overwritten.
 */
export function ensureLocalSecrets(dataDir: string): string {
  const dir = join(dataDir, 'secrets');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const write = (file: string, value: () => Buffer | string) => {
    const path = join(dir, file);
    if (!existsSync(path)) writeFileSync(path, value(), { mode: 0o600, flag: 'wx' });
  };
  write(LOCAL_KEY_FILE, () => randomBytes(32));
  for (const name of APP_SECRET_NAMES) if (APP_SECRETS[name].generated) write(name, () => randomBytes(32).toString('hex'));
  write(STAND_IN_SECRETS.tokenSigningKey, () =>
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }),
  );
  write(STAND_IN_SECRETS.s3SecretAccessKey, () => randomBytes(30).toString('base64url'));
  return dir;
}

/** One of the stand-ins' secrets of an installation (ensureLocalSecrets made it). */
export function standInSecret(dataDir: string, name: keyof typeof STAND_IN_SECRETS): string {
  return readFileSync(join(dataDir, 'secrets', STAND_IN_SECRETS[name]), 'utf8').trim();
}

/** The access key id of the local S3 (s3rver knows only this one); its secret is per installation. */
export const LOCAL_S3_ACCESS_KEY_ID = 'S3RVER';

/** The local S3's credentials: s3rver's access key id with the installation's own secret. */
export function localS3Credentials(dataDir: string): { accessKeyId: string; secretAccessKey: string } {
  return { accessKeyId: LOCAL_S3_ACCESS_KEY_ID, secretAccessKey: standInSecret(dataDir, 's3SecretAccessKey') };
}
