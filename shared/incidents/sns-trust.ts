import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { config, isLocal } from '../config.ts';
import { AWS_SNS_TRUST, eitherTrust, LOCAL_SNS_TRUST_FILE, originTrust, type SnsTrust } from './sns.ts';


let trust: SnsTrust | undefined;

/**
 * The SNS trust of this function: SNS's own hosts, fixed in code. Under the local runtime only
 * (its token issuer and secrets folder set, which no cloud function has: test/infra checks the
 * functions' environment), also the runtime's own origin and CA, from its secrets folder.
 */
export function snsTrust(): SnsTrust {
  if (trust) return trust;
  trust = AWS_SNS_TRUST;
  if (isLocal && config.LOCAL_SECRETS_DIR && !config.SECRETS_KEY_ID) {
    const file = join(config.LOCAL_SECRETS_DIR, LOCAL_SNS_TRUST_FILE);
    if (existsSync(file)) {
      const local = JSON.parse(readFileSync(file, 'utf8')) as { origin: string; caPem: string };
      trust = eitherTrust(AWS_SNS_TRUST, originTrust(local.origin, local.caPem));
    }
  }
  return trust;
}
