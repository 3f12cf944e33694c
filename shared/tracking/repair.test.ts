import { describe, expect, it } from 'vitest';
import { memoryTracking } from '../../test/support/memory-repos.ts';
import { createActivity } from './activities.ts';
import { makeActivity, makeGoal } from './analytics/test-fixtures.ts';
import { foldHistory } from './analytics/stats.ts';
import { putEntry } from './entries.ts';
import { createGoal } from './goals.ts';
import type { Entry } from './model.ts';
import { describeChange, diffDerived, recomputeDerived, repairUser } from './repair.ts';
import { handleTrackingEvent, rollupEvents } from './rollups.ts';
import type { UserSlots } from './rollup-repository.ts';

const entry = (activityId: string, date: string, status: Entry['status'], value: number | null, at = '2026-01-10T10:00:00.000Z'): Entry => ({
  activityId,
  date,
  value,
  note: '',
  status,
  statusSource: 'explicit',
  createdAt: at,
  updatedAt: at,
});

describe('recomputing derived data from raw entries (pure)', () => {
  const run = makeActivity({ id: 'run', startDate: '2026-01-05' });
  const entries = [
    entry('run', '2026-01-07', 'done', 5),
    entry('run', '2026-01-05', 'done', 3),
    entry('run', '2026-01-06', 'missed', null),
    entry('gone', '2026-01-06', 'done', 9), // an activity that no longer exists
  ];

  it('holds each entry as a slot at its change time, its stats folded to today, goal values, and at-risk as the scan says', () => {
    const goal = makeGoal({ id: 'g', links: [{ activityId: 'run', weight: 2 }, { activityId: 'gone', weight: 1 }] });
    const derived = recomputeDerived({ activities: [run], goals: [goal], entries, today: '2026-01-10' });
    expect([...derived.slots.get('run')!.keys()]).toEqual(['2026-01-05', '2026-01-06', '2026-01-07']);
    expect(derived.slots.get('run')!.get('2026-01-07')).toEqual({ slot: { status: 'done', value: 5 }, at: Date.parse('2026-01-10T10:00:00.000Z') });
    expect(derived.slots.has('gone')).toBe(false);
    const history = new Map([...derived.slots.get('run')!].map(([d, s]) => [d, s.slot]));
    expect(derived.stats.get('run')).toEqual(foldHistory(run, history, '2026-01-10'));
    expect(derived.goals.get('g')).toBe(2 * (3 + 0 + 5));
    // 08 and 09 ended without entries: two misses in a row by the 10th.
    expect(derived.atRisk.get('run')).toBe(true);
    expect(recomputeDerived({ activities: [run], goals: [], entries, today: '2026-01-08' }).atRisk.get('run')).toBe(false);
  });

  it('finds missing, stale and extra slots in each roll-up, stale stats, flags and goal values, and nothing when they agree', () => {
    const goal = makeGoal({ id: 'g', targetValue: 10, links: [{ activityId: 'run', weight: 1 }] });
    const derived = recomputeDerived({ activities: [run], goals: [goal], entries, today: '2026-01-08' });
    const agreeing: UserSlots = {
      days: new Map([['run', new Map([...derived.slots.get('run')!].map(([d, s]) => [d, { slot: s.slot, at: s.at }]))]]),
      months: new Map([['run', new Map([...derived.slots.get('run')!].map(([d, s]) => [d, { slot: s.slot, at: s.at }]))]]),
    };
    // A slot of an activity that no longer exists, and a tombstone where no entry is: not differences.
    agreeing.days.set('gone', new Map([['2026-01-06', { slot: { status: 'done', value: 9 }, at: 1 }]]));
    agreeing.months.get('run')!.set('2026-01-09', { slot: null, at: 5 });
    const activity = { ...run, stats: derived.stats.get('run')!, atRisk: false };
    const stored = { activities: [activity], goals: [{ ...goal, currentValue: 8 }] };
    expect(diffDerived(derived, { ...stored, slots: agreeing })).toEqual([]);
    // Stats a consumer folded on an earlier day (through the 7th) agree once rolled forward.
    const history = new Map([...derived.slots.get('run')!].map(([d, s]) => [d, s.slot]));
    const earlier = { ...activity, stats: foldHistory(run, history, '2026-01-07') };
    expect(diffDerived(derived, { ...stored, activities: [earlier], slots: agreeing })).toEqual([]);

    const broken: UserSlots = structuredClone(agreeing);
    broken.days.get('run')!.delete('2026-01-05'); // missing
    broken.months.get('run')!.set('2026-01-07', { slot: { status: 'done', value: 4 }, at: 2 }); // stale
    broken.months.get('run')!.set('2026-01-08', { slot: { status: 'done', value: null }, at: 3 }); // no entry
    const changes = diffDerived(derived, {
      slots: broken,
      activities: [{ ...activity, stats: { ...activity.stats, doneCount: 0 }, atRisk: true }],
      goals: [{ ...goal, currentValue: 12, completedAt: null }],
    });
    expect(changes.map((c) => [c.kind, 'date' in c ? c.date : '', describeChange(c)])).toEqual([
      ['day', '2026-01-05', 'day 2026-01-05 activity run: none → done 3'],
      ['month', '2026-01-07', 'month 2026-01-07 activity run: done 4 → done 5'],
      ['month', '2026-01-08', 'month 2026-01-08 activity run: done → none'],
      ['stats', '', 'stats activity run: doneCount=0 → doneCount=2'],
      ['atRisk', '', 'at-risk activity run: true → false'],
      ['goal', '', 'goal g: 12 → 8'],
    ]);
    // A tombstone keeps the stored change's time, so a later write still wins over it.
    expect(changes[2]).toMatchObject({ expected: { slot: null, at: 3 } });
    // A goal whose value reaches its target without being completed is a difference too.
    const completing = diffDerived(derived, { ...stored, slots: agreeing, goals: [{ ...goal, targetValue: 8, currentValue: 8, completedAt: null }] });
    expect(completing).toEqual([{ kind: 'goal', goalId: 'g', stored: 8, expected: 8, completes: true }]);
  });
});

async function setup() {
  const deps = memoryTracking(new Date('2026-11-10T12:00:00Z'));
  await deps.profiles.create({ id: 'u1', email: 'a@x', displayName: 'A', timezone: 'UTC', createdAt: '', updatedAt: '' });
  const run = await createActivity(deps, 'u1', { name: 'Run', unit: 'km' });
  const read = await createActivity(deps, 'u1', { name: 'Read' });
  const goal = await createGoal(deps, 'u1', { name: 'Far', targetValue: 100, startDate: '2026-11-01', links: [{ activityId: run.id, weight: 1 }] });
  deps.clock.now = new Date('2026-11-12T12:00:00Z');
  for (const [date, value] of [['2026-11-10', 4], ['2026-11-11', 5], ['2026-11-12', 6]] as const) {
    await putEntry(deps, 'u1', { date, activityId: run.id }, { value });
    await putEntry(deps, 'u1', { date, activityId: read.id }, { status: 'done' });
  }
  // Everything delivered: the derived data is right, and no mark is left.
  for (const e of deps.published.splice(0)) {
    const spec = rollupEvents[e.type as keyof typeof rollupEvents];
    if (spec) await handleTrackingEvent(deps, { id: 'x', time: '', type: e.type, detail: spec.detail.parse(e.detail) } as never);
  }
  return { deps, run, read, goal };
}

describe('repairing a user', () => {
  it('reports nothing for a user whose derived data is right', async () => {
    const { deps } = await setup();
    const report = await repairUser(deps, 'u1', { dryRun: true });
    expect(report).toMatchObject({ counts: { day: 0, month: 0, stats: 0, atRisk: 0, goal: 0 }, marks: 0, tombstones: 0, changes: [] });
  });

  it('finds what diverged, writes only what differs (not in a dry run), settles stale marks, and then agrees', async () => {
    const { deps, run, read, goal } = await setup();
    // Diverged as after lost events: a day slot gone, a month slot stale, stats and progress stale,
    // a flag wrong, and marks (one a tombstone) whose events never came.
    deps.rollups.days.delete(`u1#${run.id}#2026-11-11`);
    deps.rollups.months.set(`u1#${read.id}#2026-11-10`, { slot: { status: 'missed', value: null }, at: 1 });
    await deps.goals.saveProgress('u1', goal.id, { currentValue: 4, completedAt: null, announced: false }, (await deps.goals.get('u1', goal.id))!.progressRev);
    const runNow = (await deps.activities.get('u1', run.id))!;
    await deps.activities.update('u1', runNow, { atRisk: true });
    await deps.entries.remove('u1', '2026-11-12', read.id, deps.now(), (at) => [
      { type: 'entry.deleted', detail: { userId: 'u1', activityId: read.id, date: '2026-11-12', at } },
    ]);
    await putEntry(deps, 'u1', { date: '2026-11-10', activityId: run.id }, { value: 9 });
    deps.published.splice(0); // lost

    const dry = await repairUser(deps, 'u1', { dryRun: true });
    expect(dry.counts).toEqual({ day: 3, month: 3, stats: 1, atRisk: 1, goal: 1 });
    expect(dry).toMatchObject({ marks: 2, tombstones: 1, conflicts: 0 });
    // A dry run writes nothing.
    expect(await repairUser(deps, 'u1', { dryRun: true })).toEqual(dry);

    const done = await repairUser(deps, 'u1', { dryRun: false });
    expect(done.counts).toEqual(dry.counts);
    expect(done.conflicts).toBe(0);
    const after = await repairUser(deps, 'u1', { dryRun: true });
    expect(after).toMatchObject({ changes: [], marks: 0, tombstones: 0 });
    expect((await deps.rollups.history('u1', run.id)).get('2026-11-10')).toEqual({ status: 'done', value: 9 });
    expect((await deps.goals.get('u1', goal.id))?.currentValue).toBe(9 + 5 + 6);
    expect(deps.entries.tombstones.size).toBe(0);
    expect(deps.published).toEqual([]);
  });

  it('leaves a goal that now reaches its target a mark, so the consumer stamps and announces it', async () => {
    const { deps, run, goal } = await setup();
    await deps.entries.putMany('u1', [entry(run.id, '2026-11-09', 'done', 90, '2026-11-12T13:00:00.000Z')]); // as an import would, no event
    const report = await repairUser(deps, 'u1', { dryRun: false });
    expect(report.changes.find((c) => c.kind === 'goal')).toMatchObject({ expected: 105, completes: true });
    const stored = await deps.goals.get('u1', goal.id, true);
    expect(stored).toMatchObject({ currentValue: 105, completedAt: '2026-11-12T12:00:00.000Z', announced: false });
    expect(stored?.mark).toBeDefined();
    const [mark] = deps.marks.marks.values();
    expect(mark?.events.map((e) => e.type)).toEqual(['goal.changed']);
  });

  it('loses to a consumer writing the same slot meanwhile (that change has its own mark)', async () => {
    const { deps, run } = await setup();
    deps.rollups.days.set(`u1#${run.id}#2026-11-11`, { slot: { status: 'missed', value: null }, at: 1 });
    const replace = deps.rollups.replaceSlot.bind(deps.rollups);
    deps.rollups.replaceSlot = async (kind, ...rest) => {
      if (kind === 'day') deps.rollups.days.set(`u1#${run.id}#2026-11-11`, { slot: { status: 'done', value: 7 }, at: Date.now() });
      return replace(kind, ...rest);
    };
    const report = await repairUser(deps, 'u1', { dryRun: false });
    expect(report).toMatchObject({ counts: { day: 1 }, conflicts: 1 });
    expect(deps.rollups.days.get(`u1#${run.id}#2026-11-11`)?.slot).toEqual({ status: 'done', value: 7 });
  });
});
