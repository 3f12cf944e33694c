import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Envelope encryption of the credentials users store (monitoring sources, Spotify tokens): each
 * secret is sealed with its own AES-256-GCM data key, and only the data key is wrapped by the
 * stage's key (KMS in the cloud; the per-installation key file locally). The same format in both
 * places; the `context` (e.g. `{ userId, purpose }`) is bound to both layers, so a sealed value
 * copied to another user or purpose does not open.
 */
export interface SealedSecret {
  v: 1;
  /** Which keyring wrapped the data key (`kms:<key arn>` or `local`). */
  kid: string;
  /** The wrapped data key (base64). */
  key: string;
  iv: string;
  tag: string;
  data: string;
}

/** Wraps and unwraps data keys: KMS in the cloud, the local key file on one machine. */
export interface Keyring {
  id: string;
  /** A fresh 32-byte data key, in plain and wrapped. */
  newDataKey(context: SecretContext): Promise<{ plain: Buffer; wrapped: Buffer }>;
  unwrap(wrapped: Buffer, context: SecretContext): Promise<Buffer>;
}

/** What a sealed value is bound to; the same context must be given to open it. */
export type SecretContext = Record<string, string>;

/** The context as stable bytes (sorted keys), used as GCM's additional authenticated data. */
export function contextBytes(context: SecretContext): Buffer {
  return Buffer.from(JSON.stringify(Object.keys(context).sort().map((k) => [k, context[k]])));
}

function encrypt(key: Buffer, plaintext: Buffer, aad: Buffer): { iv: Buffer; tag: Buffer; data: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad);
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), data };
}

function decrypt(key: Buffer, parts: { iv: Buffer; tag: Buffer; data: Buffer }, aad: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, parts.iv).setAAD(aad).setAuthTag(parts.tag);
  return Buffer.concat([decipher.update(parts.data), decipher.final()]);
}

/** Seals and opens secrets with a keyring. */
export interface SecretBox {
  seal(plaintext: string, context: SecretContext): Promise<SealedSecret>;
  /** Throws when the value was tampered with, sealed for another context or by another keyring. */
  open(sealed: SealedSecret, context: SecretContext): Promise<string>;
}

/** A secret box over a keyring. */
export function secretBox(keyring: Keyring): SecretBox {
  return {
    async seal(plaintext, context) {
      const { plain, wrapped } = await keyring.newDataKey(context);
      try {
        const parts = encrypt(plain, Buffer.from(plaintext, 'utf8'), contextBytes(context));
        return {
          v: 1,
          kid: keyring.id,
          key: wrapped.toString('base64'),
          iv: parts.iv.toString('base64'),
          tag: parts.tag.toString('base64'),
          data: parts.data.toString('base64'),
        };
      } finally {
        plain.fill(0);
      }
    },
    async open(sealed, context) {
      if (sealed.v !== 1) throw new Error(`Unknown sealed secret version ${String(sealed.v)}`);
      if (sealed.kid !== keyring.id) throw new Error('The secret was sealed by another key');
      const plain = await keyring.unwrap(Buffer.from(sealed.key, 'base64'), context);
      try {
        const parts = { iv: Buffer.from(sealed.iv, 'base64'), tag: Buffer.from(sealed.tag, 'base64'), data: Buffer.from(sealed.data, 'base64') };
        return decrypt(plain, parts, contextBytes(context)).toString('utf8');
      } finally {
        plain.fill(0);
      }
    },
  };
}

/** The file of the local secrets folder that stands in for the stage's KMS key. */
export const LOCAL_KEY_FILE = 'envelope.key';

/**
 * The local stand-in for KMS: data keys are wrapped with AES-256-GCM under a 32-byte key that
 * lives in the installation's data folder (created once, readable by its owner only).
 */
export function localKeyring(masterKey: Buffer): Keyring {
  if (masterKey.length !== 32) throw new Error('The local secrets key must be 32 bytes');
  return {
    id: 'local',
    newDataKey(context) {
      const plain = randomBytes(32);
      const parts = encrypt(masterKey, plain, contextBytes(context));
      return Promise.resolve({ plain, wrapped: Buffer.concat([parts.iv, parts.tag, parts.data]) });
    },
    unwrap(wrapped, context) {
      const parts = { iv: wrapped.subarray(0, 12), tag: wrapped.subarray(12, 28), data: wrapped.subarray(28) };
      return Promise.resolve(decrypt(masterKey, parts, contextBytes(context)));
    },
  };
}
