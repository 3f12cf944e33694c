import { describe, expect, it } from 'vitest';
import { memoryTracking } from '../../test/support/memory-repos.ts';
import type { PendingEvent } from '../db/pending.ts';
import { sweepPending } from '../jobs/sweep-pending.ts';
import { addPause, createActivity, deactivateActivity, deleteActivity } from './activities.ts';
import { deleteEntry, listEntries, putEntry } from './entries.ts';
import { finalizeDay } from './finalize.ts';
import { createGoal, setGoalLinks } from './goals.ts';
import { repairUser } from './repair.ts';
import { handleTrackingEvent, rollupEvents } from './rollups.ts';
import { getToday } from './today.ts';
import { scanUserRisks } from './watch.ts';

/**
 * Derived data converges whatever happens to the events: every write that must cause work later
 * carries a pending mark in the same write; the consumer applies the item's current state and
 * settles the mark; the sweeper re-drives marks that waited too long. These reproduce the
 * original failure — the write landed, its event did not (a crash between the two, a queue that
 * lost its messages) — and show that the roll-ups end equal to a recomputation from the entries.
 */

const PUBLISHABLE = Object.keys(rollupEvents);
const GRACE_MS = 60_000;

const TODAY = new Date('2026-11-21T12:00:00Z');

/** Activities created on 2026-11-10 (so the days after are due), the clock then on 2026-11-21. */
async function setup() {
  const deps = memoryTracking(new Date('2026-11-10T12:00:00Z'));
  await deps.profiles.create({ id: 'u1', email: 'a@x', displayName: 'A', timezone: 'UTC', createdAt: '', updatedAt: '' });
  // Every publish is lost, as after a kill -9 between the write and the publish (or a lost queue).
  let lost = true;
  const delivered: PendingEvent[] = [];
  deps.events = {
    async publish(batch) {
      if (!lost) delivered.push(...batch);
    },
  };
  return Object.assign(deps, {
    delivered,
    /** Moves the clock to TODAY, once the activities exist. */
    later: () => {
      deps.clock.now = new Date(TODAY);
    },
    deliverFromNowOn: () => {
      lost = false;
    },
  });
}

type Deps = Awaited<ReturnType<typeof setup>>;

/** The entry-rollups consumer's handling of events, as the queue would hand them over. */
async function consume(deps: Deps, events: readonly PendingEvent[]): Promise<void> {
  for (const e of events) {
    const spec = rollupEvents[e.type as keyof typeof rollupEvents];
    if (!spec) continue;
    await handleTrackingEvent(deps, { id: 'x', time: '', type: e.type, detail: spec.detail.parse(e.detail) } as Parameters<typeof handleTrackingEvent>[1]);
  }
}

/** One sweeper run after the grace period, its events handed to the consumer. */
async function sweepAndConsume(deps: Deps, maxMarks?: number) {
  deps.clock.now = new Date(deps.clock.now.getTime() + GRACE_MS + 1000);
  const events: PendingEvent[] = [];
  const summary = await sweepPending(
    { pending: deps.marks, publish: async (batch) => void events.push(...batch), now: deps.now },
    { graceMs: GRACE_MS, maxMarks, publishable: PUBLISHABLE },
  );
  await consume(deps, events);
  return summary;
}

/**
 * The repair's dry run: what differs from a recomputation. At-risk flags are the hourly risk
 * scan's to keep (they change with the date alone), so the scan runs first, as it would.
 */
async function dryRun(deps: Deps) {
  await scanUserRisks(deps, (await deps.profiles.get('u1'))!);
  return repairUser(deps, 'u1', { dryRun: true });
}

describe('derived data converges when events are lost', () => {
  it('entries, deletions, finalize, activity and goal changes whose events were lost reach the roll-ups through their marks', async () => {
    const deps = await setup();
    const run = await createActivity(deps, 'u1', { name: 'Run', unit: 'km', goal: 5 });
    const read = await createActivity(deps, 'u1', { name: 'Read' });
    const goal = await createGoal(deps, 'u1', { name: '100 km', targetValue: 100, startDate: '2026-11-01', links: [{ activityId: run.id, weight: 1 }] });
    deps.later();
    for (const [date, value] of [['2026-11-15', 6], ['2026-11-16', 3], ['2026-11-17', 7], ['2026-11-18', 5]] as const) {
      await putEntry(deps, 'u1', { date, activityId: run.id }, { value });
    }
    await putEntry(deps, 'u1', { date: '2026-11-16', activityId: run.id }, { value: 8 }); // replaced
    await putEntry(deps, 'u1', { date: '2026-11-18', activityId: read.id }, { status: 'done' });
    await deleteEntry(deps, 'u1', { date: '2026-11-17', activityId: run.id });
    await finalizeDay(deps, 'u1', '2026-11-19');
    await addPause(deps, 'u1', read.id, { from: '2026-11-20', to: '2026-11-22' });
    await setGoalLinks(deps, 'u1', goal.id, [
      { activityId: run.id, weight: 1 },
      { activityId: read.id, weight: 10 },
    ]);

    // The original failure: every write landed, none of its work did.
    const before = await dryRun(deps);
    expect(before.counts.day).toBeGreaterThan(0);
    expect(before.counts.month).toBe(before.counts.day);
    expect(before.counts.stats).toBe(2);
    expect(before.counts.goal).toBe(1);
    // One per entry item (a replacement or a deletion replaces its mark), finalize ×2, the pause, the goal.
    expect(before.marks).toBe(5 + 2 + 1 + 1);
    expect(before.tombstones).toBe(1);

    const summary = await sweepAndConsume(deps);
    expect(summary).toMatchObject({ redriven: before.marks, settled: 0, unroutable: 0 });

    const after = await dryRun(deps);
    expect(after.changes).toEqual([]);
    expect(after).toMatchObject({ marks: 0, tombstones: 0 });
    expect(deps.marks.marks.size).toBe(0);
    expect(deps.entries.tombstones.size).toBe(0);
    expect((await deps.goals.get('u1', goal.id))?.currentValue).toBe(6 + 8 + 5 + 10);
    // Nothing to re-drive any more.
    expect((await sweepAndConsume(deps)).overdue).toBe(0);
  });

  it('a consumer settles only the mark it read: a write landing while it works keeps its own mark', async () => {
    const deps = await setup();
    deps.deliverFromNowOn();
    const run = await createActivity(deps, 'u1', { name: 'Run', unit: 'km' });
    await putEntry(deps, 'u1', { date: '2026-11-20', activityId: run.id }, { value: 3 });
    const [first] = deps.delivered.splice(0);
    // While the consumer applies the first write, a second one lands.
    const apply = deps.rollups.applySlot.bind(deps.rollups);
    let raced = false;
    deps.rollups.applySlot = async (...args) => {
      if (!raced) {
        raced = true;
        await putEntry(deps, 'u1', { date: '2026-11-20', activityId: run.id }, { value: 9 });
      }
      return apply(...args);
    };
    await consume(deps, [first!]);
    // The roll-up holds the first value, and the second write's mark is still there…
    expect((await deps.rollups.history('u1', run.id)).get('2026-11-20')?.value).toBe(3);
    expect(deps.marks.marks.size).toBe(1);
    expect((await dryRun(deps)).counts.day).toBe(1);
    // …so its own event (or, lost, the sweeper) brings the roll-up to the entry's state.
    deps.delivered.splice(0); // lost
    await sweepAndConsume(deps);
    expect((await deps.rollups.history('u1', run.id)).get('2026-11-20')?.value).toBe(9);
    expect((await dryRun(deps)).changes).toEqual([]);
    expect(deps.marks.marks.size).toBe(0);
  });

  it('a repeated, late or re-driven event changes nothing once applied (the consumer reads the state)', async () => {
    const deps = await setup();
    deps.deliverFromNowOn();
    const run = await createActivity(deps, 'u1', { name: 'Run', unit: 'km' });
    await putEntry(deps, 'u1', { date: '2026-11-20', activityId: run.id }, { value: 3 });
    const old = deps.delivered.splice(0);
    await putEntry(deps, 'u1', { date: '2026-11-20', activityId: run.id }, { value: 4 });
    const newer = deps.delivered.splice(0);
    await consume(deps, newer);
    await consume(deps, old); // late and stale: the stored entry is what counts
    await consume(deps, newer); // duplicate
    expect((await deps.rollups.history('u1', run.id)).get('2026-11-20')?.value).toBe(4);
    expect((await dryRun(deps)).changes).toEqual([]);
    expect(deps.marks.marks.size).toBe(0);
  });

  it('a deleted entry is a tombstone every read skips until the deletion is applied, then it is gone', async () => {
    const deps = await setup();
    const run = await createActivity(deps, 'u1', { name: 'Run', unit: 'km' });
    const read = await createActivity(deps, 'u1', { name: 'Read' });
    deps.later();
    await putEntry(deps, 'u1', { date: '2026-11-20', activityId: run.id }, { value: 3 });
    await putEntry(deps, 'u1', { date: '2026-11-20', activityId: read.id }, { status: 'done' });
    await sweepAndConsume(deps);
    await deleteEntry(deps, 'u1', { date: '2026-11-20', activityId: run.id });

    expect(deps.entries.tombstones.size).toBe(1);
    expect(await deps.entries.get('u1', '2026-11-20', run.id)).toBeUndefined();
    expect((await deps.entries.listByDate('u1', '2026-11-20')).map((e) => e.activityId)).toEqual([read.id]);
    expect((await listEntries(deps, 'u1', { limit: 10, order: 'asc' })).items.map((e) => e.activityId)).toEqual([read.id]);
    const today = await getToday(deps, 'u1', '2026-11-20');
    expect(today.items.find((i) => i.activity.id === run.id)?.entry).toBeNull();
    await expect(deleteEntry(deps, 'u1', { date: '2026-11-20', activityId: run.id })).rejects.toThrow('not found');

    // The deletion's event was lost: the roll-up still shows the entry until the sweeper runs.
    expect((await deps.rollups.history('u1', run.id)).get('2026-11-20')?.value).toBe(3);
    await sweepAndConsume(deps);
    expect((await deps.rollups.history('u1', run.id)).has('2026-11-20')).toBe(false);
    expect(deps.entries.tombstones.size).toBe(0);
    expect((await dryRun(deps)).changes).toEqual([]);
  });

  it('a new entry and a finalize replace a tombstone whose deletion is still pending', async () => {
    const deps = await setup();
    const run = await createActivity(deps, 'u1', { name: 'Run', unit: 'km' });
    deps.later();
    await putEntry(deps, 'u1', { date: '2026-11-19', activityId: run.id }, { value: 3 });
    await putEntry(deps, 'u1', { date: '2026-11-20', activityId: run.id }, { value: 3 });
    await deleteEntry(deps, 'u1', { date: '2026-11-19', activityId: run.id });
    await deleteEntry(deps, 'u1', { date: '2026-11-20', activityId: run.id });
    await putEntry(deps, 'u1', { date: '2026-11-20', activityId: run.id }, { value: 7 });
    // 2026-11-19 has no entry (only a tombstone): finalize records it as missed.
    expect((await finalizeDay(deps, 'u1', '2026-11-19')).recorded).toBe(1);
    expect(deps.entries.tombstones.size).toBe(0);
    await sweepAndConsume(deps);
    const history = await deps.rollups.history('u1', run.id);
    expect(history.get('2026-11-19')).toEqual({ status: 'missed', value: null });
    expect(history.get('2026-11-20')).toEqual({ status: 'done', value: 7 });
    expect((await dryRun(deps)).changes).toEqual([]);
  });

  it('an activity deletion that stopped half-way is finished by the sweeper: entries, months, goal links and progress', async () => {
    const deps = await setup();
    deps.deliverFromNowOn();
    const run = await createActivity(deps, 'u1', { name: 'Run', unit: 'km' });
    const swim = await createActivity(deps, 'u1', { name: 'Swim', unit: 'km' });
    const goal = await createGoal(deps, 'u1', {
      name: 'Move',
      targetValue: 100,
      startDate: '2026-11-01',
      links: [
        { activityId: run.id, weight: 1 },
        { activityId: swim.id, weight: 1 },
      ],
    });
    await putEntry(deps, 'u1', { date: '2026-11-20', activityId: run.id }, { value: 4 });
    await putEntry(deps, 'u1', { date: '2026-11-20', activityId: swim.id }, { value: 2 });
    await consume(deps, deps.delivered.splice(0));
    expect((await deps.goals.get('u1', goal.id))?.currentValue).toBe(6);
    await deactivateActivity(deps, 'u1', run.id);
    await consume(deps, deps.delivered.splice(0));

    // The request dies right after unlinking the goal (a kill -9).
    const removeAll = deps.entries.removeAllOfActivity.bind(deps.entries);
    deps.entries.removeAllOfActivity = async () => {
      throw new Error('killed');
    };
    await expect(deleteActivity(deps, 'u1', run.id)).rejects.toThrow('killed');
    deps.entries.removeAllOfActivity = removeAll;
    // Nothing the consumer acts on (its own stats.updated of the earlier changes aside).
    expect(deps.delivered.filter((e) => e.type in rollupEvents)).toEqual([]);
    // Half-deleted: no change may replace the deletion's mark.
    await expect(addPause(deps, 'u1', run.id, { from: '2026-12-01' })).rejects.toThrow('not found');

    await sweepAndConsume(deps);
    await consume(deps, deps.delivered.splice(0));
    expect(await deps.activities.get('u1', run.id)).toBeUndefined();
    expect(await deps.entries.get('u1', '2026-11-20', run.id)).toBeUndefined();
    expect((await deps.rollups.history('u1', run.id)).size).toBe(0);
    expect(await deps.goals.get('u1', goal.id)).toMatchObject({ links: [{ activityId: swim.id, weight: 1 }], currentValue: 2 });
    expect(deps.marks.marks.size).toBe(0);
    expect((await dryRun(deps)).changes).toEqual([]);
  });

  it('an entry applied while its activity is being deleted leaves no month roll-up behind', async () => {
    const deps = await setup();
    deps.deliverFromNowOn();
    const run = await createActivity(deps, 'u1', { name: 'Run', unit: 'km' });
    await putEntry(deps, 'u1', { date: '2026-11-20', activityId: run.id }, { value: 4 });
    await deactivateActivity(deps, 'u1', run.id);
    const late = deps.delivered.splice(0);
    // The consumer finds the activity alive; the whole deletion runs before its slot lands.
    const applySlot = deps.rollups.applySlot.bind(deps.rollups);
    deps.rollups.applySlot = async (...args) => {
      deps.rollups.applySlot = applySlot;
      await deleteActivity(deps, 'u1', run.id);
      expect(await deps.activities.get('u1', run.id)).toBeUndefined();
      await applySlot(...args);
    };
    await consume(deps, late);
    await consume(deps, deps.delivered.splice(0));
    expect([...deps.rollups.months.keys()].filter((k) => k.includes(run.id))).toEqual([]);
    expect(deps.marks.marks.size).toBe(0);
  });

  it('a mark whose work keeps failing is re-driven with a growing wait, and settles once the work succeeds', async () => {
    const deps = await setup();
    const run = await createActivity(deps, 'u1', { name: 'Run', unit: 'km' });
    await putEntry(deps, 'u1', { date: '2026-11-20', activityId: run.id }, { value: 3 });
    const history = deps.rollups.history.bind(deps.rollups);
    deps.rollups.history = async () => {
      throw new Error('table unavailable');
    };
    await expect(sweepAndConsume(deps)).rejects.toThrow('table unavailable');
    const [mark] = deps.marks.marks.values();
    expect(mark!.tries).toBe(1);
    // Not due again one grace period later (the wait doubled)…
    expect((await sweepAndConsume(deps).catch(() => ({ redriven: -1 }))).redriven).toBe(0);
    deps.rollups.history = history;
    // …but the one after.
    expect((await sweepAndConsume(deps)).redriven).toBe(1);
    expect(deps.marks.marks.size).toBe(0);
    expect((await dryRun(deps)).changes).toEqual([]);
  });
});
