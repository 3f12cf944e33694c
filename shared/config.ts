import { parseConfig, type Config } from './config-schema.ts';

/**
 * Runtime configuration, parsed once at module load. The CDK app sets these variables on every
 * function; the local runtime sets the same names (plus `AWS_ENDPOINT_URL_*` for its stand-ins)
 * before it loads any handler, so handler code is identical in both places.
 */
export const config: Config = parseConfig(process.env);

/** True under the local runtime (tokens come from the local pool). */
export const isLocal = config.LOCAL_JWT_ISSUER !== undefined;

/** The URL of a job queue this function declared it sends to (`resources.queues`). */
export function queueUrl(queue: string): string {
  const url = config.QUEUE_URLS[queue];
  if (!url) throw new Error(`No URL for queue "${queue}": declare it in the route table's resources.queues`);
  return url;
}
