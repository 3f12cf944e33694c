import { PENDING_SHARDS, type PendingEvent, type PendingRecord, type PendingStore } from '../db/pending.ts';

/**
 * The sweeper of pending marks (shared/db/pending.ts): every few minutes it re-publishes the
 * events of marks that have waited longer than a grace period — their first delivery was lost
 * (a crash between the write and the publish, a queue that lost its messages) or is failing.
 * Consumers are idempotent and derive from the item's current state, so a mark re-driven while
 * its first event is still in flight only costs a repeated, harmless application.
 */

/** A mark counts as overdue once it has waited this long (normal consumption takes seconds). */
export const PENDING_GRACE_MS = 2 * 60_000;
/** Marks re-driven per run at most: bounded work; the next run carries on with the rest. */
export const MAX_MARKS_PER_RUN = 500;
/** Longest wait between two re-drives of a mark whose work keeps failing. */
export const MAX_BACKOFF_MS = 60 * 60_000;

export interface SweepDeps {
  pending: PendingStore;
  publish(events: PendingEvent[]): Promise<void>;
  now: () => Date;
}

export interface SweepOptions {
  graceMs?: number;
  maxMarks?: number;
  /** Event types the sweeper may publish (its declared `publishes`); marks with others wait. */
  publishable: readonly string[];
}

export interface SweepSummary {
  /** Overdue marks read from the index. */
  overdue: number;
  /** Marks whose events were published again. */
  redriven: number;
  /** Marks cleared (or replaced by a newer write) between the read and the re-drive. */
  settled: number;
  /** Marks holding an event type this sweeper may not publish (left, and logged by the caller). */
  unroutable: number;
  /** True when the budget ran out before every shard was exhausted: the next run continues. */
  more: boolean;
}

/**
 * The wait before a mark's next re-drive after `tries` re-drives: the grace period, doubled per
 * try (a failing consumer is not hammered), at most {@link MAX_BACKOFF_MS}.
 */
export function backoffMs(tries: number, graceMs: number): number {
  return Math.min(MAX_BACKOFF_MS, graceMs * 2 ** Math.min(tries, 20));
}

/**
 * One run of the sweeper. Reads each shard's overdue marks, oldest first, within the budget; each
 * is first pushed back by its backoff (a conditional write: a mark cleared meanwhile is skipped),
 * then its events are published. Pushing back before publishing is what makes the next run resume
 * where this one stopped: it starts at the oldest marks still overdue, never re-reading these.
 */
export async function sweepPending(deps: SweepDeps, options: SweepOptions): Promise<SweepSummary> {
  const graceMs = options.graceMs ?? PENDING_GRACE_MS;
  let budget = options.maxMarks ?? MAX_MARKS_PER_RUN;
  const now = deps.now();
  const before = new Date(now.getTime() - graceMs);
  const publishable = new Set(options.publishable);
  const summary: SweepSummary = { overdue: 0, redriven: 0, settled: 0, unroutable: 0, more: false };
  const events: PendingEvent[] = [];
  // Shards in an order that turns with the clock, so a budget cut never starves the last shard.
  const first = Math.floor(now.getTime() / 60_000) % PENDING_SHARDS;
  for (let i = 0; i < PENDING_SHARDS; i++) {
    if (budget <= 0) {
      summary.more = true;
      break;
    }
    const shard = (first + i) % PENDING_SHARDS;
    const marks: PendingRecord[] = await deps.pending.overdue(shard, before, budget);
    summary.overdue += marks.length;
    budget -= marks.length;
    if (budget <= 0 && marks.length > 0) summary.more = true;
    for (const mark of marks) {
      const routable = mark.events.every((e) => publishable.has(e.type));
      // An unroutable mark waits as long as a mark can: an operator must look (the caller logs it).
      const wait = routable ? backoffMs(mark.tries + 1, graceMs) : MAX_BACKOFF_MS;
      // Due again `wait` after now, counting from the grace period the query subtracts.
      const until = new Date(now.getTime() + wait - graceMs);
      if (!(await deps.pending.postpone(mark, until))) {
        summary.settled++;
        continue;
      }
      if (!routable) {
        summary.unroutable++;
        continue;
      }
      events.push(...mark.events);
      summary.redriven++;
    }
  }
  if (events.length) await deps.publish(events);
  return summary;
}
