import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { TooManyRequestsError } from './errors.ts';

export interface RateLimit {
  requests: number;
  windowSeconds: number;
}

/** Counter of one client address on one route in one fixed window. */
const rateKey = (clientAddress: string, routeName: string, windowStart: number) => ({
  pk: `RATE#${clientAddress}`,
  sk: `${routeName}#${windowStart}`,
});

/**
 * Counts this request against a fixed window per client address and route; throws 429 with
 * `Retry-After` (seconds to the window's end) once the window's allowance is used up.
 * The counter is one atomic ADD, so concurrent Lambdas count correctly; it expires by TTL.
 */
export async function enforceRateLimit(
  routeName: string,
  clientAddress: string,
  limit: RateLimit,
  nowMs: number = Date.now(),
): Promise<void> {
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = Math.floor(nowMs / windowMs) * windowMs;
  const out = await dynamo.send(
    new UpdateCommand({
      TableName: tableName,
      Key: rateKey(clientAddress, routeName, windowStart),
      UpdateExpression: 'ADD #count :one SET expiresAt = :expiresAt',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':one': 1, ':expiresAt': Math.ceil((windowStart + 2 * windowMs) / 1000) },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const count = Number(out.Attributes?.count ?? 0);
  if (count > limit.requests) {
    throw new TooManyRequestsError(Math.max(1, Math.ceil((windowStart + windowMs - nowMs) / 1000)));
  }
}
