import { createHash, randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { isConditionFailed } from '../db/table.ts';
import { BadRequestError, UnprocessableError } from './errors.ts';
import {
  decideClaim,
  IDEMPOTENCY_TTL_SECONDS,
  RequestInProgressError,
  type IdempotencyRecord,
  type StoredResponse,
} from './idempotency-state.ts';

import { userKey } from '../db/keys.ts';

/** The DynamoDB side of `Idempotency-Key`; the state machine is in idempotency-state.ts. */

export { LOCK_MARGIN_MS, requestFingerprint, type StoredResponse } from './idempotency-state.ts';

/** One idempotency record, scoped to its user so keys never collide across tenants. */
const idempotencyKey = (userId: string, key: string) => userKey(userId, `IDEM#${key}`);

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** A claim held by this run: what completes or releases it, and the seed of its ids. */
export interface IdempotencyClaim {
  userId: string;
  key: string;
  owner: string;
  /** Derives the run's ids (`withRepeatableIds`): the same for every run of the same request. */
  seed: string;
  firstTriedAt: number;
  lockedUntil: number;
}

export type ClaimResult = { kind: 'claimed'; claim: IdempotencyClaim } | { kind: 'replay'; response: StoredResponse };

const ATTEMPTS = 4;

/**
 * Claims `key` for this request, locked until `lockedUntil` (epoch ms: the function's deadline
 * plus {@link LOCK_MARGIN_MS}). Returns the claim, or the stored answer of the same request;
 * throws 409 ({@link RequestInProgressError}) while another run holds the key and 422 when the
 * key was used for a different request.
 */
export async function claimIdempotencyKey(
  userId: string,
  key: string,
  fingerprint: string,
  lockedUntil: number,
  nowMs: number = Date.now(),
): Promise<ClaimResult> {
  if (!KEY_PATTERN.test(key)) {
    throw new BadRequestError('invalid_idempotency_key', 'Idempotency-Key must be 1–255 printable ASCII characters.');
  }
  const Key = idempotencyKey(userId, key);
  const owner = randomUUID();
  const seed = createHash('sha256').update(`${userId}\n${key}\n${fingerprint}`).digest('hex');
  const claimed = (firstTriedAt: number): ClaimResult => ({
    kind: 'claimed',
    claim: { userId, key, owner, seed, firstTriedAt, lockedUntil },
  });
  const fields = {
    state: 'in_progress',
    fingerprint,
    owner,
    lockedUntil,
    expiresAt: Math.floor(nowMs / 1000) + IDEMPOTENCY_TTL_SECONDS,
  };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      await dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...Key, type: 'idempotency', ...fields, firstTriedAt: nowMs },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return claimed(nowMs);
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
    const record = (await dynamo.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true }))).Item as
      | IdempotencyRecord
      | undefined;
    if (!record) continue; // swept between the two calls
    const decision = decideClaim(record, fingerprint, nowMs);
    if (decision.kind === 'replay') return { kind: 'replay', response: decision.response };
    if (decision.kind === 'mismatch') {
      throw new UnprocessableError('idempotency_key_reused', 'This Idempotency-Key was already used with a different request.');
    }
    if (decision.kind === 'in_progress') throw new RequestInProgressError(decision.retryAfterSeconds);
    // Records written before owners and first-try times existed have neither.
    const firstTriedAt = decision.keepFirstTriedAt && typeof record.firstTriedAt === 'number' ? record.firstTriedAt : nowMs;
    const sameOwner = record.owner === undefined ? 'attribute_not_exists(#owner)' : '#owner = :owner';
    try {
      // Take it over only as it was read: another run may be claiming it at the same moment.
      await dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...Key, type: 'idempotency', ...fields, firstTriedAt },
          ConditionExpression: `#state = :state AND ${sameOwner}`,
          ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner' },
          ExpressionAttributeValues: { ':state': record.state, ...(record.owner === undefined ? {} : { ':owner': record.owner }) },
        }),
      );
      return claimed(firstTriedAt);
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }
  throw new RequestInProgressError(1);
}

/** Changes the claimed record only while this run still holds it. */
async function settle(
  claim: IdempotencyClaim,
  update: string,
  values: Record<string, unknown>,
  names: Record<string, string> = {},
): Promise<boolean> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: idempotencyKey(claim.userId, claim.key),
        UpdateExpression: update,
        ConditionExpression: '#state = :inProgress AND #owner = :owner',
        ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner', ...names },
        ExpressionAttributeValues: { ':inProgress': 'in_progress', ':owner': claim.owner, ...values },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false; // another run took the key over after our lock ended
    throw error;
  }
}

/** Stores the answer of a finished run, so replays return it; false when the key was taken over. */
export function completeIdempotencyKey(claim: IdempotencyClaim, response: StoredResponse): Promise<boolean> {
  return settle(
    claim,
    'SET #state = :done, #response = :response REMOVE lockedUntil',
    { ':done': 'done', ':response': response },
    { '#response': 'response' },
  );
}

/**
 * Releases the key of a run that finished in its own process with an error, so the client may
 * retry at once. Never called for a run that may still be writing (a timeout): that key stays
 * locked until the run finishes or its lock ends.
 */
export function releaseIdempotencyKey(claim: IdempotencyClaim): Promise<boolean> {
  return settle(claim, 'SET #state = :released REMOVE lockedUntil', { ':released': 'released' });
}
