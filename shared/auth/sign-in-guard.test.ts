import { describe, expect, it } from 'vitest';
import { memorySignInGuard } from '../../test/support/memory-repos.ts';
import { TooManyRequestsError } from '../kit/errors.ts';
import { beginAttempt, lockSeconds, nextCounter, SIGN_IN_LIMITS, SignInLockedError } from './sign-in-guard.ts';

const NOW = Date.parse('2026-11-21T10:00:00Z');

describe('sign-in guard', () => {
  it('locks from the 5th failure on, doubling to the cap', () => {
    const limit = SIGN_IN_LIMITS.address;
    expect([1, 4, 5, 6, 7, 10, 11, 30].map((n) => lockSeconds(limit, n))).toEqual([undefined, undefined, 60, 120, 240, 1920, 3600, 3600]);
    expect(lockSeconds(SIGN_IN_LIMITS.account, 19)).toBeUndefined();
    expect(lockSeconds(SIGN_IN_LIMITS.account, 24)).toBe(900);
  });

  it('refuses while locked, and starts a stale streak from zero', () => {
    const limit = SIGN_IN_LIMITS.address;
    expect(nextCounter({ attempts: 5, lastAt: NOW, lockedUntil: NOW + 60_000 }, limit, NOW + 1000)).toEqual({ lockedUntil: NOW + 60_000 });
    expect(nextCounter({ attempts: 5, lastAt: NOW, lockedUntil: NOW + 60_000 }, limit, NOW + 60_000)).toEqual({
      next: { attempts: 6, lastAt: NOW + 60_000, lockedUntil: NOW + 60_000 + 120_000 },
    });
    const dayLater = NOW + 25 * 3600 * 1000;
    expect(nextCounter({ attempts: 4, lastAt: NOW }, limit, dayLater)).toEqual({ next: { attempts: 1, lastAt: dayLater } });
  });

  it('counts racing attempts once each: a writer that lost re-reads, and the one reaching the lock sets it first', async () => {
    const repo = memorySignInGuard();
    const realReplace = repo.replace.bind(repo);
    let raced = false;
    // Another attempt lands between this one's read and write, once.
    repo.replace = async (account, scope, seen, next) => {
      if (!raced) {
        raced = true;
        await realReplace(account, scope, seen, { attempts: (seen?.attempts ?? 0) + 1, lastAt: NOW - 1 });
      }
      return realReplace(account, scope, seen, next);
    };
    const attempt = await beginAttempt(repo, 'ada@example.com', '10.0.0.1', NOW);
    expect(attempt.attempts).toBe(2);
    expect([...repo.counters.values()].map((c) => c.attempts).sort()).toEqual([1, 2]);

    for (let i = 0; i < 3; i++) await beginAttempt(repo, 'ada@example.com', '10.0.0.1', NOW);
    const fifth = [...repo.counters.entries()].find(([k]) => k.endsWith('address:10.0.0.1'))![1];
    expect(fifth).toEqual({ attempts: 5, lastAt: NOW, lockedUntil: NOW + 60_000 });
    await expect(beginAttempt(repo, 'ada@example.com', '10.0.0.1', NOW)).rejects.toBeInstanceOf(SignInLockedError);
  });

  it('refuses with a short 429 when it keeps losing races', async () => {
    const repo = memorySignInGuard();
    repo.replace = () => Promise.resolve(false);
    await expect(beginAttempt(repo, 'ada@example.com', '10.0.0.1', NOW)).rejects.toBeInstanceOf(TooManyRequestsError);
  });
});
