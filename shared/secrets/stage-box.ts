import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { config } from '../config.ts';
import { LOCAL_KEY_FILE, localKeyring, secretBox, type SecretBox } from './envelope.ts';
import { kmsKeyring } from './kms-keyring.ts';

/**
 * The stage's secret box, for functions that declare `secrets.envelope`: KMS in the cloud
 * (SECRETS_KEY_ID), the per-installation key file locally (LOCAL_SECRETS_DIR).
 */
function stageBox(): SecretBox {
  if (config.SECRETS_KEY_ID) return secretBox(kmsKeyring(new KMSClient({ region: config.AWS_REGION }), config.SECRETS_KEY_ID));
  if (config.LOCAL_SECRETS_DIR) return secretBox(localKeyring(readFileSync(join(config.LOCAL_SECRETS_DIR, LOCAL_KEY_FILE))));
  throw new Error('No key to seal secrets with: declare secrets.envelope for this function in the route table');
}

let box: SecretBox | undefined;

/** The stage's secret box, made on first use. */
export function stageSecrets(): SecretBox {
  box ??= stageBox();
  return box;
}
