import { BUCKET_NAMES, bucketEnvName } from '../../shared/contract/buckets.ts';

/**
 * The environment a function's configuration requires (shared/config-schema.ts), for tests that load
 * the kit without a runtime: the table, bus and pool names and one variable per bucket of the
 * contract, so a new bucket needs no test edits. Nothing here is called.
 */
export function functionTestEnv(stage: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    TABLE_NAME: `mosaic-${stage}`,
    EVENT_BUS_NAME: `mosaic-${stage}`,
    USER_POOL_ID: `${stage}_pool`,
    USER_POOL_CLIENT_ID: 'client',
    ...Object.fromEntries(BUCKET_NAMES.map((b) => [bucketEnvName(b), `mosaic-${stage}-${b}`])),
    ...extra,
  };
}
