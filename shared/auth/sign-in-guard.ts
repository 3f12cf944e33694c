import { DomainError, TooManyRequestsError } from '../kit/errors.ts';
import { accountTag } from './account-tag.ts';
import type { SecuritySink } from './security-events.ts';

/**
 * Failed sign-ins are counted per account (the normalized email, whether or not it exists) in two
 * scopes, each with back-off:
 * - **address**: the account from one client address. After `freeAttempts` consecutive failures
 *   every further attempt locks it for `firstLockSeconds`, doubling per failure up to
 *   `maxLockSeconds`;
 * - **account**: the account from every address together, at a higher threshold and a shorter cap,
 *   against guessing spread over many addresses. An address that signed in to this account in the
 *   last `knownAddressDays` is not held by this scope (only by its own), so an attacker can keep
 *   the account locked for strangers but not for its owner's usual addresses.
 * A success clears the scopes it was counted in. A streak left alone for `forgetAfterSeconds`
 * starts again from zero.
 */
export const SIGN_IN_LIMITS = {
  address: { freeAttempts: 5, firstLockSeconds: 60, maxLockSeconds: 3600 },
  account: { freeAttempts: 20, firstLockSeconds: 60, maxLockSeconds: 900 },
  knownAddressDays: 30,
  forgetAfterSeconds: 24 * 3600,
} as const;

export interface LockLimit {
  freeAttempts: number;
  firstLockSeconds: number;
  maxLockSeconds: number;
}

/** One scope's counter as stored. */
export interface AttemptCounter {
  /** Attempts since the last success (each counted before the password is checked). */
  attempts: number;
  /** Epoch ms of the last attempt: also the version a conditional write compares. */
  lastAt: number;
  /** Epoch ms before which no attempt is allowed. */
  lockedUntil?: number;
}

export type GuardScope = 'account' | `address:${string}`;

export interface SignInGuardRepository {
  /** The account-wide counter, the (account, address) counter and whether the address is known. */
  read(account: string, address: string): Promise<{ account?: AttemptCounter; address?: AttemptCounter; knownAddress: boolean }>;
  /** Replaces a counter if it is still as `seen` (absent when undefined); false when another attempt won. */
  replace(account: string, scope: GuardScope, seen: AttemptCounter | undefined, next: AttemptCounter): Promise<boolean>;
  /** Clears counters after a success. */
  clear(account: string, scopes: GuardScope[]): Promise<void>;
  /** Remembers an address that signed in to the account, until `untilMs`. */
  rememberAddress(account: string, address: string, untilMs: number): Promise<void>;
}

/** 429 for a locked account, saying when to try again (`Retry-After` and the time in the message). */
export class SignInLockedError extends DomainError {
  constructor(lockedUntilMs: number, nowMs: number) {
    const seconds = Math.max(1, Math.ceil((lockedUntilMs - nowMs) / 1000));
    const at = new Date(lockedUntilMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    super(
      429,
      'sign_in_locked',
      `Too many failed attempts for this account. Try again in ${seconds} s (after ${at}).`,
      { retryAfterSeconds: seconds, retryAt: at },
      { 'retry-after': String(seconds) },
    );
  }
}

/** How long failure number `attempt` (1-based) locks a scope; undefined while attempts are free. */
export function lockSeconds(limit: LockLimit, attempt: number): number | undefined {
  if (attempt < limit.freeAttempts) return undefined;
  return Math.min(limit.maxLockSeconds, limit.firstLockSeconds * 2 ** (attempt - limit.freeAttempts));
}

/**
 * The counter after one more attempt, or the lock that refuses it. The attempt that reaches a lock
 * sets it before its password is checked, so attempts racing it are refused; its success clears it.
 */
export function nextCounter(
  seen: AttemptCounter | undefined,
  limit: LockLimit,
  nowMs: number,
): { lockedUntil: number } | { next: AttemptCounter } {
  if (seen?.lockedUntil && seen.lockedUntil > nowMs) return { lockedUntil: seen.lockedUntil };
  const stale = !seen || nowMs - seen.lastAt > SIGN_IN_LIMITS.forgetAfterSeconds * 1000;
  const attempts = (stale ? 0 : seen.attempts) + 1;
  const lock = lockSeconds(limit, attempts);
  return { next: { attempts, lastAt: nowMs, ...(lock ? { lockedUntil: nowMs + lock * 1000 } : {}) } };
}

/** A counted attempt, to settle once the password (or code) is checked. */
export interface SignInAttempt {
  account: string;
  email: string;
  address: string;
  scopes: GuardScope[];
  /** The attempt holds a lock it set: failing leaves the account locked until then. */
  locksUntil?: number;
  attempts: number;
}

const CLAIM_ROUNDS = 5;

/**
 * Counts a sign-in attempt (or a check of the current password, or an MFA code) for an account
 * from an address before anything is checked; throws {@link SignInLockedError} while locked.
 */
export async function beginAttempt(
  repo: SignInGuardRepository,
  email: string,
  address: string,
  nowMs: number = Date.now(),
): Promise<SignInAttempt> {
  const account = accountTag(email);
  const addressScope: GuardScope = `address:${address}`;
  const attempt: SignInAttempt = { account, email, address, scopes: [], attempts: 0 };
  let state = await repo.read(account, address);
  const scopes = (known: boolean) => [
    { scope: addressScope, limit: SIGN_IN_LIMITS.address, seen: () => state.address },
    ...(known ? [] : [{ scope: 'account' as const, limit: SIGN_IN_LIMITS.account, seen: () => state.account }]),
  ];
  // A lock in either scope refuses before anything is counted.
  const locks = scopes(state.knownAddress).map((s) => nextCounter(s.seen(), s.limit, nowMs));
  const lockedUntil = Math.max(0, ...locks.map((d) => ('lockedUntil' in d ? d.lockedUntil : 0)));
  if (lockedUntil > nowMs) throw new SignInLockedError(lockedUntil, nowMs);

  for (const { scope, limit, seen } of scopes(state.knownAddress)) {
    let claimed = false;
    for (let round = 0; round < CLAIM_ROUNDS && !claimed; round++) {
      if (round > 0) state = await repo.read(account, address);
      const decision = nextCounter(seen(), limit, nowMs);
      if ('lockedUntil' in decision) throw new SignInLockedError(decision.lockedUntil, nowMs);
      claimed = await repo.replace(account, scope, seen(), decision.next);
      if (claimed) {
        attempt.scopes.push(scope);
        attempt.attempts = Math.max(attempt.attempts, decision.next.attempts);
        if (decision.next.lockedUntil)
          attempt.locksUntil = Math.max(attempt.locksUntil ?? 0, decision.next.lockedUntil);
      }
    }
    // Attempts this close together on one account are refused rather than waited for.
    if (!claimed) throw new TooManyRequestsError(1);
  }
  return attempt;
}

/** The password (or code) was right and the sign-in is complete: the attempt's counters clear. */
export async function attemptSucceeded(
  repo: SignInGuardRepository,
  attempt: SignInAttempt,
  options: { rememberAddress: boolean },
  nowMs: number = Date.now(),
): Promise<void> {
  await repo.clear(attempt.account, attempt.scopes);
  if (options.rememberAddress)
    await repo.rememberAddress(attempt.account, attempt.address, nowMs + SIGN_IN_LIMITS.knownAddressDays * 86_400_000);
}

/** The password (or code) was wrong: the count stays; the failure (and a lock it set) is recorded. */
export async function attemptFailed(
  attempt: SignInAttempt,
  events: SecuritySink,
  what: 'sign_in.failed' | 'sign_in.mfa_failed' | 'password.check_failed',
  userId?: string,
): Promise<void> {
  await events({
    type: what,
    email: attempt.email,
    sourceIp: attempt.address,
    ...(userId ? { userId } : {}),
    detail: { attempts: attempt.attempts },
  });
  if (attempt.locksUntil)
    await events({
      type: 'sign_in.locked',
      email: attempt.email,
      sourceIp: attempt.address,
      ...(userId ? { userId } : {}),
      detail: { until: new Date(attempt.locksUntil).toISOString(), attempts: attempt.attempts },
    });
}
