import { describe, expect, it } from 'vitest';
import { memoryMarks } from '../../test/support/memory-repos.ts';
import { newMark, PENDING_SHARDS, shardOf, type PendingEvent } from '../db/pending.ts';
import { backoffMs, MAX_BACKOFF_MS, sweepPending } from './sweep-pending.ts';

const GRACE = 120_000;
const T0 = new Date('2026-11-21T12:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** `n` marks on items of `users` users, one entry.logged each, written at T0 + i ms. */
function seed(n: number, users = 5) {
  const marks = memoryMarks();
  for (let i = 0; i < n; i++) {
    const event: PendingEvent = { type: 'entry.logged', detail: { userId: `u${i % users}`, n: i } };
    marks.set({ pk: `USER#u${i % users}`, sk: `ENTRY#${i}` }, newMark([event], at(i)));
  }
  return marks;
}

function sweeper(marks: ReturnType<typeof memoryMarks>, now: () => Date, maxMarks?: number) {
  const published: PendingEvent[] = [];
  const run = () =>
    sweepPending(
      { pending: marks, publish: async (events) => void published.push(...events), now },
      { graceMs: GRACE, maxMarks, publishable: ['entry.logged', 'goal.changed'] },
    );
  return { run, published };
}

describe('the sweeper of pending marks', () => {
  it('leaves marks younger than the grace period alone', async () => {
    const marks = seed(10);
    const { run, published } = sweeper(marks, () => at(GRACE - 1000));
    expect(await run()).toMatchObject({ overdue: 0, redriven: 0 });
    expect(published).toEqual([]);
  });

  it('re-drives overdue marks across every shard, in bounded batches that resume where the last run stopped', async () => {
    const marks = seed(45, 9);
    expect(new Set([...marks.marks.values()].map((m) => shardOf(m.key.pk))).size).toBeGreaterThan(1);
    let now = at(GRACE + 60_000);
    const { run, published } = sweeper(marks, () => now, 20);

    const first = await run();
    expect(first).toMatchObject({ overdue: 20, redriven: 20, more: true });
    const second = await run();
    expect(second).toMatchObject({ redriven: 20, more: true });
    const third = await run();
    expect(third).toMatchObject({ redriven: 5 });
    // Each mark once: the runs resumed instead of re-reading the same oldest marks.
    const seen = published.map((e) => (e.detail as { n: number }).n);
    expect(new Set(seen).size).toBe(45);
    expect(seen).toHaveLength(45);
    // Nothing is due again until its backoff has passed…
    expect((await run()).overdue).toBe(0);
    // …then the marks nobody settled come back.
    now = new Date(now.getTime() + backoffMs(1, GRACE) + 1);
    expect((await run()).redriven).toBe(20);
    expect([...marks.marks.values()].every((m) => m.tries >= 1)).toBe(true);
  });

  it('skips a mark settled (or replaced by a newer write) between its read and its re-drive', async () => {
    const marks = seed(3, 1);
    const { run, published } = sweeper(marks, () => at(GRACE + 10_000));
    const read = marks.overdue.bind(marks);
    marks.overdue = async (shard, before, limit) => {
      const found = await read(shard, before, limit);
      // A consumer settles the first one, and a newer write replaces the second, meanwhile.
      if (found.length) {
        marks.clear(found[0]!.key, found[0]!.id);
        marks.set(found[1]!.key, newMark([{ type: 'entry.logged', detail: { n: 'newer' } }], at(GRACE + 9_000)));
      }
      return found;
    };
    expect(await run()).toMatchObject({ overdue: 3, settled: 2, redriven: 1 });
    expect(published.map((e) => (e.detail as { n: number }).n)).toEqual([2]);
    expect(marks.marks.size).toBe(2);
  });

  it('holds back a mark with an event type it may not publish, as long as a mark can wait', async () => {
    const marks = memoryMarks();
    marks.set({ pk: 'USER#u1', sk: 'IMPORT#1' }, newMark([{ type: 'import.requested', detail: {} }], T0));
    let now = at(GRACE + 1);
    const { run, published } = sweeper(marks, () => now);
    expect(await run()).toMatchObject({ overdue: 1, unroutable: 1, redriven: 0 });
    expect(published).toEqual([]);
    now = new Date(now.getTime() + MAX_BACKOFF_MS - 1000);
    expect((await run()).overdue).toBe(0);
    now = new Date(now.getTime() + 2000);
    expect((await run()).unroutable).toBe(1);
  });

  it('waits twice as long after each re-drive, up to an hour', () => {
    expect([0, 1, 2, 3].map((t) => backoffMs(t, GRACE))).toEqual([GRACE, 2 * GRACE, 4 * GRACE, 8 * GRACE]);
    expect(backoffMs(50, GRACE)).toBe(MAX_BACKOFF_MS);
  });

  it('spreads marks over every shard', () => {
    const shards = new Set(Array.from({ length: 400 }, (_, i) => shardOf(`USER#${i}`)));
    expect(shards.size).toBe(PENDING_SHARDS);
  });
});
