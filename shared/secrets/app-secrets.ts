import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { config } from '../config.ts';
import { appSecretId, type AppSecretName } from '../contract/secrets.ts';

/** A secret is re-read after this long, so an operator's replacement takes effect without a deploy. */
const CACHE_MS = 5 * 60_000;

const cache = new Map<AppSecretName, { value: string | undefined; readAt: number }>();
let client: SecretsManagerClient | undefined;

async function read(name: AppSecretName): Promise<string | undefined> {
  if (config.LOCAL_SECRETS_DIR) {
    const file = join(config.LOCAL_SECRETS_DIR, name);
    return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
  }
  client ??= new SecretsManagerClient({ region: config.AWS_REGION });
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: appSecretId(config.STAGE, name) }));
    return out.SecretString || undefined;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/**
 * An application secret (shared/contract/secrets.ts), for functions that declare it in
 * `secrets.app`: Secrets Manager in the cloud, a file of the local secrets folder locally;
 * undefined when it was never set (an operator-set secret such as third-party credentials).
 */
export async function appSecret(name: AppSecretName, nowMs = Date.now()): Promise<string | undefined> {
  const cached = cache.get(name);
  if (cached && nowMs - cached.readAt < CACHE_MS) return cached.value;
  const value = await read(name);
  cache.set(name, { value, readAt: nowMs });
  return value;
}
