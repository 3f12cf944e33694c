import { describe, expect, it } from 'vitest';
import { memoryNotifications, memoryTracking } from '../../test/support/memory-repos.ts';
import { addPause, createActivity } from './activities.ts';
import { putEntry } from './entries.ts';
import { finalizeDay } from './finalize.ts';
import { handleTrackingEvent, recomputeStats } from './rollups.ts';
import { nudgeUser, scanUserRisks } from './watch.ts';

async function setup() {
  const deps = memoryTracking(new Date('2026-11-21T12:00:00Z'));
  const profile = { id: 'u1', email: 'a@x', displayName: 'A', timezone: 'UTC', createdAt: '', updatedAt: '' };
  await deps.profiles.create(profile);
  return Object.assign(deps, { profile });
}

describe('risk scan', () => {
  it('flags after two missed due days, publishes once, and clears when recovered', async () => {
    const deps = await setup();
    const a = await createActivity(deps, 'u1', { name: 'Write' });
    await deps.rollups.applySlot('u1', a.id, '2026-11-18', { status: 'done', value: null }, 1);
    await deps.rollups.applySlot('u1', a.id, '2026-11-19', { status: 'missed', value: null }, 1);
    await deps.rollups.applySlot('u1', a.id, '2026-11-20', { status: 'missed', value: null }, 1);
    await recomputeStats(deps, 'u1', a.id);
    expect(await scanUserRisks(deps, deps.profile)).toEqual({ flagged: 1, cleared: 0 });
    expect(await scanUserRisks(deps, deps.profile)).toEqual({ flagged: 0, cleared: 0 });
    expect(deps.published.filter((e) => e.type === 'activity.at_risk')).toHaveLength(1);
    await deps.rollups.applySlot('u1', a.id, '2026-11-21', { status: 'done', value: null }, 1);
    await recomputeStats(deps, 'u1', a.id);
    expect(await scanUserRisks(deps, deps.profile)).toEqual({ flagged: 0, cleared: 1 });
  });

  it('never flags a paused activity', async () => {
    const deps = await setup();
    const a = await createActivity(deps, 'u1', { name: 'Swim' });
    await deps.rollups.applySlot('u1', a.id, '2026-11-18', { status: 'missed', value: null }, 1);
    await deps.rollups.applySlot('u1', a.id, '2026-11-19', { status: 'missed', value: null }, 1);
    await recomputeStats(deps, 'u1', a.id);
    await addPause(deps, 'u1', a.id, { from: '2026-11-20' });
    expect((await scanUserRisks(deps, deps.profile)).flagged).toBe(0);
  });
});

describe('nudges', () => {
  it('nudges an activity unlogged for two days at most once a day', async () => {
    const deps = await setup();
    const notifications = memoryNotifications();
    const a = await createActivity(deps, 'u1', { name: 'Read' });
    const fresh = await createActivity(deps, 'u1', { name: 'New' });
    await putEntry(deps, 'u1', { date: '2026-11-18', activityId: a.id }, { status: 'done' });
    // The nightly finalize's missed entries are not the user's logging: they do not hold a nudge back.
    for (const date of ['2026-11-19', '2026-11-20']) await finalizeDay(deps, 'u1', date);
    for (const event of deps.published.splice(0)) {
      if (event.type !== 'entry.logged') continue;
      await handleTrackingEvent(deps, { id: 'e', time: '', type: event.type, detail: event.detail });
    }
    expect((await deps.activities.get('u1', a.id))?.lastLoggedDate).toBe('2026-11-18');
    expect(await nudgeUser(deps, notifications, deps.profile)).toEqual({ nudged: 1 });
    expect(await nudgeUser(deps, notifications, deps.profile)).toEqual({ nudged: 0 });
    const [note] = (await notifications.list('u1', { limit: 10 }, false)).items;
    expect(note).toMatchObject({ kind: 'nudge', subjectId: a.id, date: '2026-11-21', id: `2026-11-21.nudge.${a.id}` });
    expect(note?.subjectId).not.toBe(fresh.id);
    deps.clock.now = new Date('2026-11-22T12:00:00Z');
    expect(await nudgeUser(deps, notifications, deps.profile)).toEqual({ nudged: 2 });
  });
});
