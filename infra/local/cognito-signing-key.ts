import { createPrivateKey, createPublicKey } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The key id cognito-local writes into every token header (fixed in its token generator). */
export const LOCAL_TOKEN_KID = 'CognitoLocal';

interface KeyModule {
  jwk: Record<string, unknown>;
  pem: string;
}

/**
 * Makes cognito-local sign with, and publish, the installation's own RSA key instead of the one
 * it ships. cognito-local (5.x) reads its key from two JSON modules, `lib/keys/cognitoLocal.private.json`
 * (its token generator signs with `.pem` at each sign-in) and `lib/keys/cognitoLocal.public.json`
 * (its JWKS route serves `.jwk`). That key is public — it is in the package — so anyone could mint
 * tokens the local pool's JWKS vouches for (an admin's, one that never expires). Node caches JSON
 * modules as plain objects that cognito-local's modules share, so replacing the fields of those
 * two objects, before cognito-local is loaded, is all it takes; the files on disk stay untouched.
 * If a cognito-local release moves its key, this throws rather than run on the published one.
 */
export function useInstallationSigningKey(privatePem: string): void {
  const require = createRequire(import.meta.url);
  const keysDir = join(dirname(require.resolve('cognito-local')), 'keys');
  const load = (file: string) => {
    const mod = require(join(keysDir, file)) as Partial<KeyModule>;
    if (typeof mod.pem !== 'string' || typeof mod.jwk !== 'object')
      throw new Error(`cognito-local no longer keeps its signing key in ${file}: check infra/local/cognito-signing-key.ts`);
    return mod as KeyModule;
  };
  const shippedPrivate = load('cognitoLocal.private.json');
  const shippedPublic = load('cognitoLocal.public.json');

  const privateKey = createPrivateKey(privatePem);
  const publicKey = createPublicKey(privateKey);
  const meta = { kid: LOCAL_TOKEN_KID, alg: 'RS256', use: 'sig' };
  shippedPrivate.pem = privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
  shippedPrivate.jwk = { ...privateKey.export({ format: 'jwk' }), ...meta };
  shippedPublic.pem = publicKey.export({ format: 'pem', type: 'pkcs1' }).toString();
  shippedPublic.jwk = { ...publicKey.export({ format: 'jwk' }), ...meta };
}
