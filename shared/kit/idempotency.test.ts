import { describe, expect, it } from 'vitest';
import { decideClaim, type IdempotencyRecord } from './idempotency-state.ts';

const NOW = 1_800_000_000_000;
const record = (over: Partial<IdempotencyRecord>): IdempotencyRecord => ({
  state: 'in_progress',
  fingerprint: 'fp-a',
  owner: 'run-1',
  lockedUntil: NOW + 20_000,
  firstTriedAt: NOW - 5_000,
  ...over,
});
const done = { statusCode: 201, headers: { 'content-type': 'application/json' }, body: '{"id":"x"}' };

describe('the Idempotency-Key state machine', () => {
  it('answers 409 with the seconds until the lock ends while the first run holds the key', () => {
    expect(decideClaim(record({}), 'fp-a', NOW)).toEqual({ kind: 'in_progress', retryAfterSeconds: 20 });
    expect(decideClaim(record({ lockedUntil: NOW + 1_500 }), 'fp-a', NOW)).toEqual({ kind: 'in_progress', retryAfterSeconds: 2 });
    // Never "retry in 0 s" while the lock still stands.
    expect(decideClaim(record({ lockedUntil: NOW + 1 }), 'fp-a', NOW)).toEqual({ kind: 'in_progress', retryAfterSeconds: 1 });
  });

  it('lets the same request take the key over once the lock has ended, keeping its first time', () => {
    expect(decideClaim(record({ lockedUntil: NOW }), 'fp-a', NOW)).toEqual({ kind: 'claim', keepFirstTriedAt: true });
    expect(decideClaim(record({ lockedUntil: NOW - 60_000 }), 'fp-a', NOW)).toEqual({ kind: 'claim', keepFirstTriedAt: true });
  });

  it('never gives a running or expired key to another request: its first write may have landed', () => {
    expect(decideClaim(record({}), 'fp-b', NOW)).toEqual({ kind: 'mismatch' });
    expect(decideClaim(record({ lockedUntil: NOW - 60_000 }), 'fp-b', NOW)).toEqual({ kind: 'mismatch' });
  });

  it('replays the stored answer of a finished run, and refuses the key for another request', () => {
    const finished = record({ state: 'done', lockedUntil: undefined, response: done });
    expect(decideClaim(finished, 'fp-a', NOW)).toEqual({ kind: 'replay', response: done });
    expect(decideClaim(finished, 'fp-a', NOW + 23 * 3_600_000)).toEqual({ kind: 'replay', response: done });
    expect(decideClaim(finished, 'fp-b', NOW)).toEqual({ kind: 'mismatch' });
  });

  it('gives a released key (its run failed in its own process) to a retry at once', () => {
    const released = record({ state: 'released', lockedUntil: undefined });
    expect(decideClaim(released, 'fp-a', NOW)).toEqual({ kind: 'claim', keepFirstTriedAt: true });
    // Another request may take it too, as a new request (new first time, hence new ids).
    expect(decideClaim(released, 'fp-b', NOW)).toEqual({ kind: 'claim', keepFirstTriedAt: false });
  });
});
