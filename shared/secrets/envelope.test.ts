import { randomBytes } from 'node:crypto';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { contextBytes, localKeyring, secretBox } from './envelope.ts';
import { kmsKeyring } from './kms-keyring.ts';

const context = { userId: 'u1', purpose: 'sentry' };

describe('envelope encryption with the local key', () => {
  const box = secretBox(localKeyring(randomBytes(32)));

  it('opens what it sealed, and the sealed form holds nothing of the secret', async () => {
    const sealed = await box.seal('s3cr3t-token', context);
    expect(sealed).toMatchObject({ v: 1, kid: 'local' });
    expect(JSON.stringify(sealed)).not.toContain('s3cr3t');
    expect(await box.open(sealed, { purpose: 'sentry', userId: 'u1' })).toBe('s3cr3t-token');
    // A fresh data key and IV each time.
    const again = await box.seal('s3cr3t-token', context);
    expect(again.data).not.toBe(sealed.data);
    expect(again.key).not.toBe(sealed.key);
  });

  it('refuses another context, a tampered value, another installation key and another keyring', async () => {
    const sealed = await box.seal('s3cr3t-token', context);
    await expect(box.open(sealed, { ...context, userId: 'u2' })).rejects.toThrow();
    const flipped = Buffer.from(sealed.data, 'base64');
    flipped[0]! ^= 1;
    await expect(box.open({ ...sealed, data: flipped.toString('base64') }, context)).rejects.toThrow();
    await expect(secretBox(localKeyring(randomBytes(32))).open(sealed, context)).rejects.toThrow();
    await expect(box.open({ ...sealed, kid: 'kms:arn:aws:kms:eu-west-1:1:key/x' }, context)).rejects.toThrow(/another key/);
  });

  it('binds the context independent of key order', () => {
    expect(contextBytes({ a: '1', b: '2' })).toEqual(contextBytes({ b: '2', a: '1' }));
    expect(contextBytes({ a: '1', b: '2' })).not.toEqual(contextBytes({ a: '1', b: '3' }));
  });
});

describe('envelope encryption with KMS (no stand-in: the client is mocked)', () => {
  it('asks KMS for a data key and to unwrap it, with the context as encryption context', async () => {
    const kms = mockClient(KMSClient);
    const plain = randomBytes(32);
    const wrapped = randomBytes(48);
    kms.on(GenerateDataKeyCommand).resolves({ Plaintext: new Uint8Array(plain), CiphertextBlob: new Uint8Array(wrapped) });
    kms.on(DecryptCommand, { EncryptionContext: context }).resolves({ Plaintext: new Uint8Array(plain) });
    const box = secretBox(kmsKeyring(new KMSClient({ region: 'us-east-1' }), 'arn:aws:kms:us-east-1:1:key/k'));
    const sealed = await box.seal('token', context);
    expect(sealed.kid).toBe('kms:arn:aws:kms:us-east-1:1:key/k');
    expect(Buffer.from(sealed.key, 'base64')).toEqual(wrapped);
    expect(kms.commandCalls(GenerateDataKeyCommand)[0]!.args[0].input).toMatchObject({
      KeyId: 'arn:aws:kms:us-east-1:1:key/k',
      KeySpec: 'AES_256',
      EncryptionContext: context,
    });
    expect(await box.open(sealed, context)).toBe('token');
    kms.restore();
  });
});
