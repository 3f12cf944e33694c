import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';

/**
 * Ids of new items. Outside an idempotent request they are random. Inside one (a request with an
 * `Idempotency-Key`, see `http-handler.ts`) they are derived from the request — caller, key and
 * fingerprint — and the order they are asked for, so every run of the same request mints the
 * same ids: a run that repeats one whose write landed but whose answer was lost (a timeout, a
 * crash) finds its item already there instead of creating a second one (docs/decisions.md).
 */

interface IdScope {
  seed: string;
  /** When the request was first tried: the time part of time-ordered ids. */
  firstTriedAt: number;
  issued: number;
}

const scope = new AsyncLocalStorage<IdScope>();

/**
 * Runs `fn` with ids derived from `seed`; `firstTriedAt` (epoch ms) stands in for "now" in
 * time-ordered ids, so they sort the same on every run.
 */
export function withRepeatableIds<T>(seed: string, firstTriedAt: number, fn: () => Promise<T>): Promise<T> {
  return scope.run({ seed, firstTriedAt, issued: 0 }, fn);
}

/** The next derived digest of the current scope, or undefined outside one. */
function nextDigest(): { digest: Buffer; firstTriedAt: number } | undefined {
  const current = scope.getStore();
  if (!current) return undefined;
  current.issued += 1;
  return { digest: createHash('sha256').update(`${current.seed}\n${current.issued}`).digest(), firstTriedAt: current.firstTriedAt };
}

/** A UUID: random (v4), or within an idempotent request a name-based UUIDv8 (RFC 9562) of it. */
export function newId(): string {
  const next = nextDigest();
  if (!next) return randomUUID();
  const b = next.digest.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80; // version 8
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A time-ordered, URL-safe id: the time in base 36 (9 characters, so ids sort by time) and 12 hex
 * characters. Within an idempotent request the time is the request's first attempt and the rest
 * is derived, so a re-run makes the same id.
 */
export function newTimeOrderedId(now: Date): string {
  const next = nextDigest();
  const at = next ? next.firstTriedAt : now.getTime();
  const tail = next ? next.digest.subarray(0, 6).toString('hex') : randomUUID().replace(/-/g, '').slice(0, 12);
  return `${at.toString(36).padStart(9, '0')}${tail}`;
}
