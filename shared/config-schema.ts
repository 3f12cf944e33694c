import * as z from 'zod';
import { BUCKET_NAMES, bucketEnvName, type BucketName } from './contract/buckets.ts';

/**
 * The runtime configuration's schema and parser, free of side effects: shared/config.ts parses
 * process.env with it once at module load; the infra tests parse each function's environment.
 */
const Config = z.object({
  STAGE: z.string().min(1).default('local'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  TABLE_NAME: z.string().min(3),
  EVENT_BUS_NAME: z.string().min(1),
  USER_POOL_ID: z.string().min(1),
  USER_POOL_CLIENT_ID: z.string().min(1),
  /** Comma-separated origins allowed by CORS; `*` allows any. */
  CORS_ORIGINS: z.string().default('*'),
  /** Queue URL of each job queue this function sends to, as JSON (`{"finalize-day":"https://…"}`). */
  QUEUE_URLS: z
    .string()
    .default('{}')
    .transform((s) => JSON.parse(s) as unknown)
    .pipe(z.record(z.string(), z.string())),
  /** The KMS key that seals stored credentials (functions that declare `secrets.envelope`). */
  SECRETS_KEY_ID: z.string().min(1).optional(),
  /**
   * Local runtime only: the folder holding the per-installation key that stands in for KMS and
   * the application secrets that stand in for Secrets Manager.
   */
  LOCAL_SECRETS_DIR: z.string().min(1).optional(),
  /**
   * Local runtime only: the local pool's token issuer and JWKS address. In the cloud both are
   * derived from the pool id, and the JWKS is fetched over HTTPS by aws-jwt-verify.
   */
  LOCAL_JWT_ISSUER: z.url().optional(),
  LOCAL_JWKS_URL: z.url().optional(),
});

/** One `<NAME>_BUCKET` variable per bucket of shared/contract/buckets.ts. */
const BucketVariables = z.object(Object.fromEntries(BUCKET_NAMES.map((b) => [bucketEnvName(b), z.string().min(3)])));

export type Config = z.infer<typeof Config> & { buckets: Record<BucketName, string> };

/** Parses a function's environment (throws naming every problem); `config` is this of process.env. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = Config.safeParse(env);
  const buckets = BucketVariables.safeParse(env);
  const issues = [...(parsed.error?.issues ?? []), ...(buckets.error?.issues ?? [])];
  if (!parsed.success || !buckets.success) {
    const problems = issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return {
    ...parsed.data,
    buckets: Object.fromEntries(BUCKET_NAMES.map((b) => [b, buckets.data[bucketEnvName(b)]])) as Record<BucketName, string>,
  };
}
