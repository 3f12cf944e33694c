import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ForbiddenError } from './errors.ts';

/**
 * In the cloud the API is served through the stage's CloudFront distribution (`/v1/*`), where the
 * WAF web ACL applies. CloudFront adds two headers to every request it passes to the API; a
 * viewer cannot set either (CloudFront overwrites both):
 *
 * - ORIGIN_VERIFY_HEADER: the stage's `origin-verify` application secret. A request without it
 *   went to the execute-api address directly, around the WAF, and is refused (403).
 * - VIEWER_ADDRESS_HEADER: the viewer's address (a CloudFront Function sets it), which is the
 *   client; the connection API Gateway sees comes from a CloudFront edge.
 */
export const ORIGIN_VERIFY_HEADER = 'x-mosaic-origin-verify';
export const VIEWER_ADDRESS_HEADER = 'x-mosaic-viewer-address';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Checks that a request came through CloudFront (when `originSecret` is set: in the cloud) and
 * makes the viewer's address the request's `sourceIp`, so per-address limits count clients, not
 * edges. Locally there is no secret and nothing changes.
 */
export function admitThroughEdge(event: APIGatewayProxyEventV2, originSecret: string | undefined): void {
  if (!originSecret) return;
  const given = event.headers?.[ORIGIN_VERIFY_HEADER];
  // Digests of equal length: the comparison takes the same time whatever was sent.
  if (given === undefined || !timingSafeEqual(digest(given), digest(originSecret))) {
    throw new ForbiddenError("Call the API through the stage's web address.");
  }
  const viewer = event.headers?.[VIEWER_ADDRESS_HEADER];
  if (viewer) event.requestContext.http.sourceIp = viewer;
}
