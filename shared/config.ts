import { z } from 'zod';

/**
 * Runtime configuration, parsed once at module load. The CDK app sets these on every function;
 * the local runtime sets the same names (plus `AWS_ENDPOINT_URL_*` for its stand-ins) before it
 * loads any handler, so handler code is identical in both places.
 */
const Config = z.object({
  STAGE: z.string().min(1).default('local'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  TABLE_NAME: z.string().min(3),
  IMPORTS_BUCKET: z.string().min(3),
  EXPORTS_BUCKET: z.string().min(3),
  EVENT_BUS_NAME: z.string().min(1),
  USER_POOL_ID: z.string().min(1),
  USER_POOL_CLIENT_ID: z.string().min(1),
  /** Comma-separated origins allowed by CORS; `*` allows any. */
  CORS_ORIGINS: z.string().default('*'),
  /**
   * Local runtime only: the local pool's token issuer and JWKS address. In the cloud both are
   * derived from the pool id, and the JWKS is fetched over HTTPS by aws-jwt-verify.
   */
  LOCAL_JWT_ISSUER: z.string().url().optional(),
  LOCAL_JWKS_URL: z.string().url().optional(),
});

export type Config = z.infer<typeof Config>;

function parseConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = Config.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}

export const config: Config = parseConfig(process.env);

/** True under the local runtime (tokens come from the local pool). */
export const isLocal = config.LOCAL_JWT_ISSUER !== undefined;
