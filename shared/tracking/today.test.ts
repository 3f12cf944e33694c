import { describe, expect, it } from 'vitest';
import { memoryTracking } from '../../test/support/memory-repos.ts';
import type { IsoDate } from '../kit/dates.ts';
import { createActivity, getActivity } from './activities.ts';
import { putEntry } from './entries.ts';
import { recomputeStats } from './rollups.ts';
import type { PutEntryBody } from './schemas.ts';
import { getToday } from './today.ts';

// Saturday 21 November 2026, noon UTC; the week runs Monday 16 – Sunday 22.
async function setup() {
  const deps = memoryTracking(new Date('2026-11-21T12:00:00Z'));
  await deps.profiles.create({ id: 'u1', email: 'a@x', displayName: 'A', timezone: 'UTC', createdAt: '', updatedAt: '' });
  /** Writes an entry and runs what the entry-rollups consumer does with it. */
  const log = async (activityId: string, date: IsoDate, body: PutEntryBody) => {
    const e = await putEntry(deps, 'u1', { date, activityId }, body);
    await deps.rollups.applySlot('u1', activityId, date, { status: e.status, value: e.value }, Date.parse(e.updatedAt));
    await recomputeStats(deps, 'u1', activityId);
  };
  /** Creates an activity as if on `date` (its start date). */
  const createOn = async (date: IsoDate, body: Parameters<typeof createActivity>[2]) => {
    const saved = deps.clock.now;
    deps.clock.now = new Date(`${date}T12:00:00Z`);
    const a = await createActivity(deps, 'u1', body);
    deps.clock.now = saved;
    return a;
  };
  const item = async (id: string, date?: IsoDate) => (await getToday(deps, 'u1', date)).items.find((i) => i.activity.id === id)!;
  return { deps, log, createOn, item };
}

describe('today (issue 8)', () => {
  it('a 3-a-week habit is not due once its week, lowered by skips, is met', async () => {
    const { log, createOn, item } = await setup();
    const gym = await createOn('2026-11-16', { name: 'Gym', cadence: { type: 'weekly', timesPerWeek: 3 } });
    for (const d of ['2026-11-16', '2026-11-17', '2026-11-18']) await log(gym.id, d, { status: 'skipped' });
    // 4 open days need ⌈3 × 4 / 7⌉ = 2 completions.
    await log(gym.id, '2026-11-19', { status: 'done' });
    expect((await item(gym.id, '2026-11-19')).due).toBe(true); // its completion day
    await log(gym.id, '2026-11-20', { status: 'done' });
    const today = await item(gym.id);
    expect(today.due).toBe(false);
    expect(today.outcome).toBe('rest');
  });

  it('a past date shows what was due and the stats as of that date', async () => {
    const { log, createOn, item, deps } = await setup();
    const walk = await createOn('2026-11-10', { name: 'Walk' });
    for (let d = 10; d <= 20; d++) await log(walk.id, `2026-11-${d}`, { status: 'done' });
    const past = await item(walk.id, '2026-11-14');
    expect(past.due).toBe(true);
    expect(past.activity.stats).toMatchObject({ asOf: '2026-11-14', currentStreak: 5, doneCount: 5 });
    expect((await item(walk.id)).activity.stats.currentStreak).toBe(11);
    // Backfilled history before the activity was created: those days were due too.
    const read = await createOn('2026-11-21', { name: 'Read' });
    await log(read.id, '2026-11-12', { status: 'done' });
    const view = await getToday(deps, 'u1', '2026-11-13');
    const readItem = view.items.find((i) => i.activity.id === read.id)!;
    expect(readItem).toMatchObject({ due: true, outcome: 'missed' });
    expect(readItem.activity.stats).toMatchObject({ asOf: '2026-11-12', currentStreak: 1 });
    expect(view.summary.due).toBe(2);
  });

  it('a skip planned for tomorrow does not break today\u2019s streak', async () => {
    const { deps, log, createOn, item } = await setup();
    const run = await createOn('2026-11-17', { name: 'Run' });
    for (const d of ['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20']) await log(run.id, d, { status: 'done' });
    await log(run.id, '2026-11-22', { status: 'skipped' });
    expect((await getActivity(deps, 'u1', run.id)).stats).toMatchObject({ currentStreak: 4, missedCount: 0 });
    expect((await item(run.id)).activity.stats.currentStreak).toBe(4);
    // Sunday comes with Saturday left empty: Saturday is missed, Sunday's skip counts.
    deps.clock.now = new Date('2026-11-22T12:00:00Z');
    expect((await getActivity(deps, 'u1', run.id)).stats).toMatchObject({ currentStreak: 0, missedCount: 1, skippedCount: 1 });
  });

  it('a limit habit without an entry is not open, and its past empty day was kept', async () => {
    const { deps, log, createOn, item } = await setup();
    const soda = await createOn('2026-11-16', { name: 'Soda', direction: 'negative', goal: 1, unit: 'cans' });
    await log(soda.id, '2026-11-18', { value: 3 });
    const today = await getToday(deps, 'u1');
    expect(today.summary.open).toBe(0);
    expect((await item(soda.id)).outcome).toBe('pending');
    expect((await item(soda.id, '2026-11-17')).outcome).toBe('kept');
    expect((await item(soda.id, '2026-11-18')).outcome).toBe('over');
    // Kept 16, 17, 19, 20; over on the 18th.
    expect((await item(soda.id)).activity.stats).toMatchObject({ currentStreak: 2, doneCount: 4, missedCount: 1 });
  });
});
