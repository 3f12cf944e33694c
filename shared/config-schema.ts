import * as z from 'zod/mini';
import { BUCKET_NAMES, bucketEnvName, type BucketName } from './contract/buckets.ts';
// Worded problems in the error a bad configuration throws.
import './kit/zod-messages.ts';

/** A string of at least `min` characters. */
const text = (min: number) => z.string().check(z.minLength(min));

/**
 * The runtime configuration's schema and parser (importing it parses nothing): shared/config.ts parses
 * process.env with it once at module load; the infra tests parse each function's environment.
 */
const Config = z.object({
  STAGE: z._default(text(1), 'local'),
  AWS_REGION: z._default(text(1), 'us-east-1'),
  TABLE_NAME: text(3),
  EVENT_BUS_NAME: text(1),
  USER_POOL_ID: text(1),
  USER_POOL_CLIENT_ID: text(1),
  /** Comma-separated web origins allowed by CORS (exact; no wildcard); empty allows none. */
  CORS_ORIGINS: z._default(z.string(), ''),
  /** Queue URL of each job queue this function sends to, as JSON (`{"finalize-day":"https://…"}`). */
  QUEUE_URLS: z.pipe(
    z.pipe(
      z._default(z.string(), '{}'),
      z.transform((s: string) => JSON.parse(s) as unknown),
    ),
    z.record(z.string(), z.string()),
  ),
  /** Dead-letter queue URL of every consumer, as JSON (functions that declare `deadLetters`). */
  DEAD_LETTER_URLS: z.pipe(
    z.pipe(
      z._default(z.string(), '{}'),
      z.transform((s: string) => JSON.parse(s) as unknown),
    ),
    z.record(z.string(), z.string()),
  ),
  /** What the stage's function log groups begin with (`/aws/lambda/mosaic-<stage>-`; functions that declare `telemetry`). */
  LOG_GROUP_PREFIX: z.optional(text(1)),
  /** Local runtime only: the folder of function logs and EMF metrics (shared/kit/local-telemetry.ts). */
  MOSAIC_TELEMETRY_DIR: z.optional(text(1)),
  /** The deployed version (package version and commit), shown by the admin health. */
  MOSAIC_VERSION: z._default(z.string(), 'dev'),
  /**
   * Cloud only: the `origin-verify` secret CloudFront sends with every API request
   * (shared/kit/edge.ts); requests without it are refused. Absent locally.
   */
  ORIGIN_VERIFY: z.optional(text(16)),
  /** Days an audit record is kept (DynamoDB TTL); per stage. */
  AUDIT_RETENTION_DAYS: z._default(z.coerce.number().check(z.int(), z.gte(1)), 400),
  /** The KMS key that seals stored credentials (functions that declare `secrets.envelope`). */
  SECRETS_KEY_ID: z.optional(text(1)),
  /**
   * Local runtime only: the folder holding the per-installation key that stands in for KMS and
   * the application secrets that stand in for Secrets Manager.
   */
  LOCAL_SECRETS_DIR: z.optional(text(1)),
  /**
   * Local runtime only: the local pool's token issuer and JWKS address. In the cloud both are
   * derived from the pool id, and the JWKS is fetched over HTTPS by aws-jwt-verify.
   */
  LOCAL_JWT_ISSUER: z.optional(z.url()),
  /**
   * Where the camera worker serves streams (`https://camera.example.com`; the load balancer in the
   * cloud, the runtime's own address locally); stream URLs handed out are built on it.
   */
  CAMERA_STREAM_URL: z._default(z.string(), ''),
  /** `kvs`: cameras get a Kinesis Video stream (functions that declare `videoStreams`). */
  CAMERA_VIDEO_STREAMS: z.optional(z.enum(['kvs'])),
  /**
   * The camera worker's ECS service whose desired count the ticket route sets (JSON CameraService of
   * shared/camera/camera-tasks.ts: cluster, service), from the camera stack's SSM parameter (functions
   * that declare `cameraTasks`). Unset locally: the runtime's worker serves every camera.
   */
  CAMERA_TASKS: z.optional(z.string()),
  LOCAL_JWKS_URL: z.optional(z.url()),
  /**
   * Seconds a pending mark waits before the sweeper re-drives it (default: PENDING_GRACE_MS of
   * shared/jobs/sweep-pending.ts). Unset in the cloud; tests of the local runtime shorten it.
   */
  PENDING_GRACE_SECONDS: z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d+$/, 'must be a whole number of seconds')),
      z.transform((s: string) => Number(s)),
    ),
  ),
  /**
   * Local runtime only (tests): seconds after which a silent import counts as stalled, instead
   * of IMPORT_STALL_MS (shared/tracking/import-model.ts). Unset in the cloud.
   */
  IMPORT_STALL_SECONDS: z.optional(
    z.pipe(
      z.pipe(
        z.string(),
        z.transform((s: string) => Number(s)),
      ),
      z.number().check(z.int(), z.gte(1)),
    ),
  ),
  /** The WebSocket URL clients open (wss:// in the cloud): handed out with real-time tickets. */
  REALTIME_URL: z.optional(z.url()),
  /** The WebSocket API's management endpoint (PostToConnection), for functions that push. */
  REALTIME_ENDPOINT: z.optional(z.url()),
  /** Local runtime only: the Spotify sandbox (accounts service and Web API) used when no Spotify app is configured. */
  SPOTIFY_SANDBOX_URL: z.optional(z.url()),
  /** Where Spotify sends the browser back after consent (the web app's connect page). */
  SPOTIFY_REDIRECT_URI: z.optional(z.url()),
});

/** One `<NAME>_BUCKET` variable per bucket of shared/contract/buckets.ts. */
const BucketVariables = z.object(Object.fromEntries(BUCKET_NAMES.map((b) => [bucketEnvName(b), text(3)])));

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
