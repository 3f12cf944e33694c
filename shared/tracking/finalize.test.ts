import { describe, expect, it } from 'vitest';
import { memoryTracking } from '../../test/support/memory-repos.ts';
import { createActivity, deactivateActivity } from './activities.ts';
import { putEntry } from './entries.ts';
import { finalizeDay, finalizeOwnDay, finalizeUserDays } from './finalize.ts';

async function setup(timezone = 'UTC') {
  const deps = memoryTracking(new Date('2026-11-18T12:00:00Z'));
  await deps.profiles.create({ id: 'u1', email: 'a@x', displayName: 'A', timezone, createdAt: '2026-11-01T00:00:00Z', updatedAt: '' });
  return deps;
}

describe('finalize', () => {
  it('records missed only for due day-based activities without an entry, once', async () => {
    const deps = await setup();
    const daily = await createActivity(deps, 'u1', { name: 'Daily' });
    const logged = await createActivity(deps, 'u1', { name: 'Logged' });
    await createActivity(deps, 'u1', { name: 'Weekly', cadence: { type: 'weekly', timesPerWeek: 3 } });
    await createActivity(deps, 'u1', { name: 'Mondays', cadence: { type: 'weekdays', weekdays: ['mon'] } }); // 18th is a Wednesday
    // A limit's unlogged day is kept, not missed (issue 8).
    await createActivity(deps, 'u1', { name: 'Soda', direction: 'negative', goal: 1 });
    const archived = await createActivity(deps, 'u1', { name: 'Old' });
    await deactivateActivity(deps, 'u1', archived.id);
    await putEntry(deps, 'u1', { date: '2026-11-18', activityId: logged.id }, { status: 'done' });

    expect(await finalizeDay(deps, 'u1', '2026-11-18')).toEqual({ date: '2026-11-18', recorded: 1 });
    const entry = await deps.entries.get('u1', '2026-11-18', daily.id);
    expect(entry).toMatchObject({ status: 'missed', statusSource: 'finalized', value: null });
    expect(await finalizeDay(deps, 'u1', '2026-11-18')).toEqual({ date: '2026-11-18', recorded: 0 });
    expect((await deps.entries.get('u1', '2026-11-18', logged.id))?.status).toBe('done');
  });

  it('a user finalizes a past day or today, never a day that has not begun where they are', async () => {
    const deps = await setup('Pacific/Kiritimati'); // UTC+14: at 12:00 UTC on the 18th it is 02:00 on the 19th
    await createActivity(deps, 'u1', { name: 'Daily' });
    await expect(finalizeOwnDay(deps, 'u1', '2026-11-20')).rejects.toMatchObject({ status: 409 });
    expect(await deps.entries.listByDate('u1', '2026-11-20')).toEqual([]);
    // The 19th is already today in Kiritimati (still the 18th in UTC).
    expect(await finalizeOwnDay(deps, { id: 'u1', timezone: 'Pacific/Kiritimati' }, '2026-11-19')).toEqual({ date: '2026-11-19', recorded: 1 });
  });

  it('finalizes a user’s ended local days once, catching up at most a week', async () => {
    const deps = await setup('Pacific/Honolulu'); // UTC-10: at 12:00 UTC it is 02:00 on the 18th
    const a = await createActivity(deps, 'u1', { name: 'Daily' });
    // The activity starts on the 18th locally: the days before are not due.
    expect(a.startDate).toBe('2026-11-18');
    deps.clock.now = new Date('2026-11-21T12:00:00Z'); // 02:00 on the 21st in Honolulu
    const first = await finalizeUserDays(deps, (await deps.profiles.get('u1'))!);
    // A week is looked at (the 14th to the 20th); only the 18th, 19th and 20th were due.
    expect(first).toEqual({ days: 7, recorded: 3 });
    expect((await deps.profiles.get('u1'))?.finalizedThrough).toBe('2026-11-20');
    expect(await finalizeUserDays(deps, (await deps.profiles.get('u1'))!)).toEqual({ days: 0, recorded: 0 });
  });
});
