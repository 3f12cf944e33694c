import { createPrivateKey, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STAND_IN_SECRETS } from '../../infra/local/secrets.ts';
import { ROOT } from './local-process.ts';

/** The local pool's signing key of the installation in `dataDir`: tokens it signs are the pool's own. */
export function localPoolKey(dataDir: string): KeyObject {
  return createPrivateKey(readFileSync(join(dataDir, 'secrets', STAND_IN_SECRETS.tokenSigningKey), 'utf8'));
}

/** The key cognito-local ships (anyone can read it in the package): the local pool must not trust it. */
export function publishedKey(): KeyObject {
  const file = join(ROOT, 'node_modules/cognito-local/lib/keys/cognitoLocal.private.json');
  const { jwk } = JSON.parse(readFileSync(file, 'utf8')) as { jwk: object };
  return createPrivateKey({ key: jwk as never, format: 'jwk' });
}

/** A key nobody trusts, for forged tokens. */
export function strangerKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

/** Signs an RS256 JWT with `kid` CognitoLocal. */
export function signJwt(payload: Record<string, unknown>, key: KeyObject): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const head = enc({ alg: 'RS256', typ: 'JWT', kid: 'CognitoLocal' });
  const body = enc(payload);
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key).toString('base64url');
  return `${head}.${body}.${signature}`;
}

/** Claims of a JWT, unverified. */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}
