import { createPrivateKey, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './local-process.ts';

/** The local pool's signing key (cognito-local ships it): tokens it signs are the pool's own. */
export function localPoolKey(): KeyObject {
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
