import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { isConditionFailed } from '../db/table.ts';
import { BadRequestError, ConflictError, UnprocessableError } from './errors.ts';
import { userKey } from '../db/keys.ts';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body?: string;
}

/** One idempotency record, scoped to its user so keys never collide across tenants. */
const idempotencyKey = (userId: string, key: string) => userKey(userId, `IDEM#${key}`);

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Fingerprint of what a request asks for: a key reused with another request is refused. */
export function requestFingerprint(method: string, path: string, body: string | undefined): string {
  return createHash('sha256').update(`${method} ${path}\n${body ?? ''}`).digest('hex');
}

export type IdempotencyClaim = { kind: 'claimed' } | { kind: 'replay'; response: StoredResponse };

/**
 * Claims `key` for this request. The first request with a key runs; a replay with the same
 * fingerprint gets the stored response; the same key with another request is a 422; a replay
 * while the first is still running is a 409. A claim left by a crashed run expires after
 * `lockSeconds`.
 */
export async function claimIdempotencyKey(
  userId: string,
  key: string,
  fingerprint: string,
  lockSeconds: number,
  nowMs: number = Date.now(),
): Promise<IdempotencyClaim> {
  if (!KEY_PATTERN.test(key)) {
    throw new BadRequestError('invalid_idempotency_key', 'Idempotency-Key must be 1–255 printable ASCII characters.');
  }
  const Key = idempotencyKey(userId, key);
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...Key,
          type: 'idempotency',
          state: 'in_progress',
          fingerprint,
          lockedUntil: nowMs + lockSeconds * 1000,
          expiresAt: Math.floor(nowMs / 1000) + IDEMPOTENCY_TTL_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR (#state = :inProgress AND lockedUntil < :now)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':inProgress': 'in_progress', ':now': nowMs },
      }),
    );
    return { kind: 'claimed' };
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
  const existing = (await dynamo.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true }))).Item;
  if (!existing) return claimIdempotencyKey(userId, key, fingerprint, lockSeconds, nowMs);
  if (existing.fingerprint !== fingerprint) {
    throw new UnprocessableError(
      'idempotency_key_reused',
      'This Idempotency-Key was already used with a different request.',
    );
  }
  if (existing.state !== 'done') {
    throw new ConflictError('A request with this Idempotency-Key is still being processed.');
  }
  return { kind: 'replay', response: existing.response as StoredResponse };
}

/** Stores the response of a claimed key, so replays return it. */
export async function completeIdempotencyKey(userId: string, key: string, response: StoredResponse): Promise<void> {
  await dynamo.send(
    new UpdateCommand({
      TableName: tableName,
      Key: idempotencyKey(userId, key),
      UpdateExpression: 'SET #state = :done, #response = :response REMOVE lockedUntil',
      ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
      ExpressionAttributeValues: { ':done': 'done', ':response': response },
    }),
  );
}

/** Forgets a claimed key after a failed request, so the client may retry with it. */
export async function releaseIdempotencyKey(userId: string, key: string): Promise<void> {
  await dynamo.send(new DeleteCommand({ TableName: tableName, Key: idempotencyKey(userId, key) }));
}
