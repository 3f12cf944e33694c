import { createECDH, createHash } from 'node:crypto';

/** VAPID key maths apart from the sender: the key route needs it without bundling the sender. */

export interface VapidKeys {
  /** Uncompressed P-256 point (65 bytes), base64url: the browser's applicationServerKey. */
  publicKey: string;
  /** The 32-byte private scalar, base64url. */
  privateKey: string;
}

/** The order of P-256's group: a private scalar is in [1, n-1]. */
const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

/**
 * The stage's VAPID key pair, derived from its `vapid-key` application secret (random, made when
 * the stage or the local installation is created): the private scalar is a SHA-256 of it (hashed
 * again in the 2^-32 case it falls outside the group's order). Deriving it keeps the secret an
 * ordinary generated string in Secrets Manager and in the local secrets folder.
 */
export function vapidKeysFromSecret(secret: string): VapidKeys {
  let scalar = createHash('sha256').update(`mosaic-vapid\0${secret}`).digest();
  for (let n = BigInt(`0x${scalar.toString('hex')}`); n === 0n || n >= P256_ORDER; n = BigInt(`0x${scalar.toString('hex')}`)) {
    scalar = createHash('sha256').update(scalar).digest();
  }
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(scalar);
  return { publicKey: ecdh.getPublicKey().toString('base64url'), privateKey: scalar.toString('base64url') };
}
