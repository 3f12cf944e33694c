import { setTimeout as sleep } from 'node:timers/promises';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { authStateKey, toAuthState, type AuthState } from './auth-state.ts';

/** The user's token state (no item: nothing was ever ended), read now (strongly consistent). */
export async function readAuthState(userId: string): Promise<AuthState> {
  const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: authStateKey(userId), ConsistentRead: true }));
  return toAuthState(out.Item);
}

/**
 * How long a process may answer authenticated requests from a token state it read, in ms. Every
 * write that ends tokens answers only after this long has passed since the write (see
 * {@link authStateChanged}), so by the time a sign-out, deletion, disabling or admin revocation
 * answers, no process anywhere still holds a state from before it; and the process that wrote it
 * forgets its copy at once. docs/decisions.md ("Token state cache") gives the trade-off.
 */
export const AUTH_STATE_CACHE_MS = 250;
/** Entries kept at most; past it the oldest go (a burst of many users must not grow the process). */
const MAX_ENTRIES = 10_000;

interface Cached {
  state: Promise<AuthState>;
  /** When the read was sent, on both clocks: an entry is used only while both say it is young. */
  sentMono: number;
  sentWall: number;
}

const cache = new Map<string, Cached>();

function young(entry: Cached): boolean {
  // The monotonic clock cannot jump back; the wall clock keeps counting while a Lambda
  // environment is frozen between invocations (the monotonic one may not).
  const wall = Date.now() - entry.sentWall;
  return performance.now() - entry.sentMono < AUTH_STATE_CACHE_MS && wall >= 0 && wall < AUTH_STATE_CACHE_MS;
}

/**
 * The user's token state for an authenticated request: a state read at most
 * {@link AUTH_STATE_CACHE_MS} ago by this process (requests arriving together share one read),
 * else a strongly consistent read. A failed read is not kept.
 */
export function currentAuthState(userId: string): Promise<AuthState> {
  const entry = cache.get(userId);
  if (entry && young(entry)) return entry.state;
  if (entry) cache.delete(userId);
  const fresh: Cached = { state: readAuthState(userId), sentMono: performance.now(), sentWall: Date.now() };
  cache.set(userId, fresh);
  if (cache.size > MAX_ENTRIES) {
    for (const key of cache.keys()) {
      cache.delete(key);
      if (cache.size <= MAX_ENTRIES / 2) break;
    }
  }
  fresh.state.catch(() => {
    if (cache.get(userId) === fresh) cache.delete(userId);
  });
  return fresh.state;
}

/**
 * Forgets this process's copy of the user's token state, once a change to it is written: a read
 * sent before the write completed may predate it, every read sent after sees it.
 */
export function forgetAuthState(userId: string): void {
  cache.delete(userId);
}

/**
 * Call after a write that ends tokens, before answering: forgets this process's copy, then waits
 * until every copy another process may hold (read before the write) has expired.
 */
export async function authStateChanged(userId: string): Promise<void> {
  forgetAuthState(userId);
  await sleep(AUTH_STATE_CACHE_MS);
}

// The profile's time zone on the user's token state (its mirror: profile-repository.ts)
export async function mirrorTimezone(userId: string, timezone: string): Promise<void> {
  await dynamo.send(
    new UpdateCommand({
      TableName: tableName,
      Key: authStateKey(userId),
      UpdateExpression: 'SET #tz = :tz, #type = :type',
      ExpressionAttributeNames: { '#tz': 'timezone', '#type': 'type' },
      ExpressionAttributeValues: { ':tz': timezone, ':type': 'auth-state' },
    }),
  );
  forgetAuthState(userId);
}
