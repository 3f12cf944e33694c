import { createHash, randomUUID } from 'node:crypto';
import { GSI2 } from './keys.ts';

/**
 * Pending marks: work a write must cause later (roll-ups, progress, the next step of a job),
 * recorded on the written item in the same single-item write — no transactions (dynalite has
 * none), no outbox table. A mark holds the events to re-drive and carries the keys of the sparse
 * index `gsi2`, so the sweeper (shared/jobs/sweep-pending.ts) finds every mark that is overdue.
 *
 * The contract, for any area that uses it:
 * - the write that changes an item SETs {@link markAttributes} in the same UpdateItem/PutItem;
 *   a newer write sets a newer mark, replacing the older one;
 * - consumers derive from the item's *current* state (never from an event's payload alone), and
 *   once that is applied, clear the mark they read before applying ({@link clearMark}, or
 *   `deleteMarked` for a tombstone, in pending-store.ts) — conditionally, so a newer mark survives;
 * - consumers are idempotent: a mark may be re-driven while its first event is still in flight.
 */

/** One event a mark re-drives: a domain event's type and detail, as it was published. */
export interface PendingEvent {
  type: string;
  detail: object;
}

/** A mark as a write records it. */
export interface PendingMark {
  id: string;
  at: Date;
  events: PendingEvent[];
  /**
   * When the mark comes due, if later than `at`: work its writer means to do itself first (an
   * import settles its entries' marks once its own rebuild has applied them).
   */
  due?: Date;
}

/** A mark as the sweeper reads it from the index. */
export interface PendingRecord {
  key: { pk: string; sk: string };
  id: string;
  events: PendingEvent[];
  /** How many times the sweeper has re-driven it. */
  tries: number;
  /** When it becomes due (again), ISO. */
  due: string;
}

/** Where the sweeper finds overdue marks and pushes them back once re-driven. */
export interface PendingStore {
  /** Marks of one shard due before `before`, oldest first, at most `limit`. */
  overdue(shard: number, before: Date, limit: number): Promise<PendingRecord[]>;
  /**
   * Counts a re-drive and makes the mark due again at `until` — only if it is still the mark
   * that was read; false when a consumer cleared it (or a newer write replaced it) meanwhile.
   */
  postpone(record: PendingRecord, until: Date): Promise<boolean>;
}

/** Index partitions the marks are spread over (a burst of writes is not one hot index key). */
export const PENDING_SHARDS = 8;

/** Attribute names of a mark on an item (besides the gsi2 keys). */
export const MARK = { id: 'pendingId', events: 'pendingEvents', tries: 'pendingTries', at: 'pendingAt' } as const;

/** Every attribute a mark adds; a write that settles the mark removes them. */
export const MARK_ATTRIBUTES = [MARK.id, MARK.events, MARK.tries, MARK.at, GSI2.partitionKey, GSI2.sortKey] as const;

/** A new mark re-driving `events`, made at `now`. */
export function newMark(events: PendingEvent[], now: Date): PendingMark {
  return { id: randomUUID(), at: now, events };
}

/** The shard of an item's marks: a stable hash of its partition key. */
export function shardOf(pk: string): number {
  return createHash('sha256').update(pk).digest().readUInt32BE(0) % PENDING_SHARDS;
}

/** The index partition of one shard. */
export const shardKey = (shard: number) => `PENDING#${shard}`;

/** The index sort key: the due time first (the sweeper reads oldest first), then the mark id. */
export const dueKey = (due: Date, id: string) => `${due.toISOString()}#${id}`;

/**
 * The attributes a write SETs, beside its own, to record `mark` on the item `key`. The mark is
 * due at once (the sweeper's grace period decides when it counts as overdue), or at its `due`.
 */
export function markAttributes(key: { pk: string }, mark: PendingMark): Record<string, unknown> {
  return {
    [MARK.id]: mark.id,
    // Stored as JSON text: an exact round trip of any detail (numbers, nulls, nesting).
    [MARK.events]: JSON.stringify(mark.events),
    [MARK.tries]: 0,
    [MARK.at]: mark.at.toISOString(),
    [GSI2.partitionKey]: shardKey(shardOf(key.pk)),
    [GSI2.sortKey]: dueKey(mark.due ?? mark.at, mark.id),
  };
}

/** The id of the mark an item carries, if any. */
export function markOf(item: Record<string, unknown> | undefined): string | undefined {
  const id = item?.[MARK.id];
  return typeof id === 'string' ? id : undefined;
}

/** The events of the mark an item carries (none without a mark). */
export function markEvents(item: Record<string, unknown> | undefined): PendingEvent[] {
  const text = item?.[MARK.events];
  return typeof text === 'string' ? (JSON.parse(text) as PendingEvent[]) : [];
}

