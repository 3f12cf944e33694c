import { createHash } from 'node:crypto';
import { DomainError } from './errors.ts';

/**
 * `Idempotency-Key`: one record per user and key, a small state machine (docs/decisions.md):
 *
 * - absent → `in_progress` (claimed by one run, locked until its function's deadline plus a margin)
 * - `in_progress` → `done` (the run finished: its answer is stored and replayed)
 * - `in_progress` → `released` (the run finished in its process with an error: the key may be
 *   tried again at once)
 * - `in_progress` past its lock → claimed again (the run died: a Lambda timeout or crash)
 *
 * A retry while the key is locked gets 409 with `Retry-After`. Nothing but the run that claimed
 * the key completes or releases it, and only once that run has truly finished; a run that
 * outlives its lock finds its record taken and leaves it alone. Because a re-run of the same
 * request mints the same ids (`ids.ts`), a run that repeats one whose write landed finds that
 * write instead of making a second.
 */

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/**
 * Added to the function's remaining time for the lock: a write the run sent just before its
 * deadline may still land a moment later.
 */
export const LOCK_MARGIN_MS = 10_000;

export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body?: string;
}

/** What a record holds (the parts the state machine reads). */
export interface IdempotencyRecord {
  state: 'in_progress' | 'done' | 'released';
  fingerprint: string;
  /** Who holds the claim: a random token per run (absent on records from before owners). */
  owner?: string;
  /** Epoch ms until which an `in_progress` claim stands. */
  lockedUntil?: number;
  /** Epoch ms of the request's first attempt (the time in its time-ordered ids). */
  firstTriedAt?: number;
  response?: StoredResponse;
}

/** Fingerprint of what a request asks for: a key reused with another request is refused. */
export function requestFingerprint(method: string, path: string, body: string | undefined): string {
  return createHash('sha256').update(`${method} ${path}\n${body ?? ''}`).digest('hex');
}

/** What to do with a request whose key already has a record. */
export type ClaimDecision =
  | { kind: 'claim'; keepFirstTriedAt: boolean }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'in_progress'; retryAfterSeconds: number }
  | { kind: 'mismatch' };

/**
 * The state machine's decision for a request (its `fingerprint`) meeting an existing record at
 * `nowMs`. A released key may be claimed by any request (the first one failed and wrote nothing
 * that its own re-run would not find); a running or finished one only answers its own request.
 */
export function decideClaim(record: IdempotencyRecord, fingerprint: string, nowMs: number): ClaimDecision {
  const same = record.fingerprint === fingerprint;
  if (record.state === 'released') return { kind: 'claim', keepFirstTriedAt: same };
  if (!same) return { kind: 'mismatch' };
  if (record.state === 'done') return { kind: 'replay', response: record.response! };
  const lockedUntil = record.lockedUntil ?? 0;
  if (lockedUntil > nowMs) return { kind: 'in_progress', retryAfterSeconds: Math.max(1, Math.ceil((lockedUntil - nowMs) / 1000)) };
  return { kind: 'claim', keepFirstTriedAt: true };
}

/** 409 while the first request with a key is still running; Retry-After says when its lock ends. */
export class RequestInProgressError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(
      409,
      'request_in_progress',
      `A request with this Idempotency-Key is still being processed; try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
      { 'retry-after': String(retryAfterSeconds) },
    );
  }
}
