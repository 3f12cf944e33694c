/**
 * Names of stage resources, shared by the CDK app and the local runtime (stage `local`).
 * Stage is in every name, so stages never collide in one account.
 */
import { APP } from '../shared/contract/app.ts';
import { appSecretId, type AppSecretName } from '../shared/contract/secrets.ts';

export { APP };

export const names = (stage: string) => ({
  table: `${APP}-${stage}`,
  bus: `${APP}-${stage}`,
  userPool: `${APP}-${stage}-users`,
  userPoolClient: `${APP}-${stage}-web`,
  queue: (consumer: string) => `${APP}-${stage}-${consumer}`,
  deadLetterQueue: (consumer: string) => `${APP}-${stage}-${consumer}-dlq`,
  /** Locally the bucket names are fixed; in the cloud CDK generates unique ones. */
  localBucket: (bucket: string) => `${APP}-${stage}-${bucket}`,
  function: (name: string) => `${APP}-${stage}-${name}`,
  stack: (part: string) => `${APP}-${stage}-${part}`,
  /** An application secret (Secrets Manager in the cloud; a file in the data folder locally). */
  appSecret: (name: AppSecretName) => appSecretId(stage, name),
  secretsKeyAlias: `alias/${APP}-${stage}-secrets`,
});
