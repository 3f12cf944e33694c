import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { Keyring } from './envelope.ts';

/** KMS as the keyring: data keys from GenerateDataKey, unwrapped by Decrypt, with the context as KMS encryption context. */
export function kmsKeyring(kms: KMSClient, keyId: string): Keyring {
  return {
    id: `kms:${keyId}`,
    async newDataKey(context) {
      const out = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context }));
      return { plain: Buffer.from(out.Plaintext!), wrapped: Buffer.from(out.CiphertextBlob!) };
    },
    async unwrap(wrapped, context) {
      const out = await kms.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: wrapped, EncryptionContext: context }));
      return Buffer.from(out.Plaintext!);
    },
  };
}
