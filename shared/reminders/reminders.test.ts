import { describe, expect, it } from 'vitest';
import { memoryPushSubscriptions, memoryReminders, recordingPush } from '../../test/support/memory-reminders.ts';
import { memoryNotifications, memoryTracking } from '../../test/support/memory-repos.ts';
import { addPause, createActivity, updateActivity } from '../tracking/activities.ts';
import { putEntry } from '../tracking/entries.ts';
import { PUSHES_IN_FLIGHT } from './limits.ts';
import { runReminders } from './reminders.ts';

const KEYS = { p256dh: 'BAAA', auth: 'AAAA' };

// Saturday 21 November 2026; Berlin is UTC+1, so 09:00 local is 08:00Z.
async function setup() {
  const tracking = memoryTracking(new Date('2026-11-21T07:00:00Z'));
  await tracking.profiles.create({ id: 'u1', email: 'a@x', displayName: 'A', timezone: 'Europe/Berlin', createdAt: '', updatedAt: '' });
  const reminders = memoryReminders();
  const notifications = memoryNotifications();
  const subscriptions = memoryPushSubscriptions();
  await subscriptions.put('u1', { id: 's1', endpoint: 'https://push.example/1', keys: KEYS, createdAt: '' });
  const push = recordingPush();
  const deps = { tracking, reminders, notifications, subscriptions, push };
  const run = (at: string) => runReminders(deps, new Date(at));
  const create = (body: Parameters<typeof createActivity>[2]) => createActivity({ ...tracking, reminders }, 'u1', body);
  return { tracking, reminders, notifications, subscriptions, push, deps, run, create };
}

describe('runReminders', () => {
  it('delivers a due reminder once: in-app, pushed, announced; then moves it to the next day', async () => {
    const { run, create, reminders, notifications, push, tracking } = await setup();
    const a = await create({ name: 'Stretch', reminders: ['09:00'] });
    expect([...reminders.slots.values()]).toEqual([
      { userId: 'u1', activityId: a.id, time: '09:00', timeZone: 'Europe/Berlin', date: '2026-11-21', at: '2026-11-21T08:00:00.000Z' },
    ]);
    expect((await run('2026-11-21T07:59:00Z')).due).toBe(0); // not yet
    const first = await run('2026-11-21T08:03:00Z');
    expect(first).toMatchObject({ due: 1, sent: 1, quiet: 0, pushes: 1 });
    expect([...notifications.rows.values()].map((n) => [n.kind, n.date, n.title])).toEqual([['reminder', '2026-11-21', 'Stretch']]);
    expect(push.sent).toEqual([{ endpoint: 'https://push.example/1', message: expect.objectContaining({ title: 'Stretch', url: `/activities/${a.id}` }) }]);
    expect(tracking.published.filter((e) => e.type === 'reminder.due').map((e) => e.detail)).toEqual([
      expect.objectContaining({ activityId: a.id, name: 'Stretch', date: '2026-11-21', time: '09:00' }),
    ]);
    expect([...reminders.slots.values()][0]).toMatchObject({ date: '2026-11-22', at: '2026-11-22T08:00:00.000Z' });
    // A rerun finds nothing due; a slot put back (a redelivery, a second runner) is claimed already.
    expect((await run('2026-11-21T08:03:00Z')).due).toBe(0);
    await reminders.put({ userId: 'u1', activityId: a.id, time: '09:00', timeZone: 'Europe/Berlin', date: '2026-11-21', at: '2026-11-21T08:00:00.000Z' });
    expect(await run('2026-11-21T08:04:00Z')).toMatchObject({ due: 1, sent: 0, duplicate: 1, pushes: 0 });
    expect(push.sent).toHaveLength(1);
    expect(notifications.rows.size).toBe(1);
  });

  it('stays quiet when the activity is done or skipped that day, paused, or not due', async () => {
    const { run, create, push, notifications, tracking } = await setup();
    const done = await create({ name: 'Done', reminders: ['09:00'] });
    const skipped = await create({ name: 'Skipped', reminders: ['09:00'] });
    const paused = await create({ name: 'Paused', reminders: ['09:00'] });
    // Saturday is not one of its days.
    const weekdays = await create({ name: 'Weekdays', cadence: { type: 'weekdays', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'] }, reminders: ['09:00'] });
    const open = await create({ name: 'Open', reminders: ['09:00'] });
    await putEntry(tracking, 'u1', { date: '2026-11-21', activityId: done.id }, { status: 'done' });
    await putEntry(tracking, 'u1', { date: '2026-11-21', activityId: skipped.id }, { status: 'skipped' });
    await addPause(tracking, 'u1', paused.id, { from: '2026-11-20' });
    expect(weekdays.reminders).toEqual(['09:00']);
    const summary = await run('2026-11-21T08:01:00Z');
    expect(summary).toMatchObject({ due: 5, sent: 1, quiet: 4 });
    expect(push.sent.map((p) => p.message.title)).toEqual(['Open']);
    expect([...notifications.rows.values()].map((n) => n.subjectId)).toEqual([`${open.id}_0900`]);
  });

  it('removes a subscription whose push service says it is gone', async () => {
    const { deps, create, subscriptions } = await setup();
    await subscriptions.put('u1', { id: 's2', endpoint: 'https://push.example/gone', keys: KEYS, createdAt: '' });
    await create({ name: 'Walk', reminders: ['09:00'] });
    const push = recordingPush((endpoint) => (endpoint.endsWith('/gone') ? 'gone' : 'sent'));
    const summary = await runReminders({ ...deps, push }, new Date('2026-11-21T08:01:00Z'));
    expect(summary).toMatchObject({ sent: 1, pushes: 1, subscriptionsRemoved: 1 });
    expect([...subscriptions.rows.keys()]).toEqual(['u1/s1']);
  });

  it('reads a user\u2019s profile once a run, and sends the pushes of a reminder a few at a time', async () => {
    const { deps, create, subscriptions, tracking } = await setup();
    for (let i = 2; i <= 7; i++) await subscriptions.put('u1', { id: `s${i}`, endpoint: `https://push.example/${i}`, keys: KEYS, createdAt: '' });
    for (const name of ['Walk', 'Read', 'Stretch']) await create({ name, reminders: ['09:00'] });
    let profileReads = 0;
    const profiles = { ...tracking.profiles, get: (userId: string) => (profileReads++, tracking.profiles.get(userId)) };
    let inFlight = 0;
    let most = 0;
    const sent: string[] = [];
    const push = {
      async send(subscription: { endpoint: string }) {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight--;
        sent.push(subscription.endpoint);
        return 'sent' as const;
      },
    };
    const summary = await runReminders({ ...deps, tracking: { ...tracking, profiles }, push }, new Date('2026-11-21T08:01:00Z'));
    expect(summary).toMatchObject({ due: 3, sent: 3, pushes: 21 });
    expect(profileReads).toBe(1);
    expect(most).toBe(PUSHES_IN_FLIGHT);
    expect(new Set(sent).size).toBe(7);
  });

  it('does not send a reminder found more than two hours late, and moves it on', async () => {
    const { run, create, push, reminders } = await setup();
    await create({ name: 'Walk', reminders: ['09:00'] });
    expect(await run('2026-11-21T10:30:00Z')).toMatchObject({ due: 1, late: 1, sent: 0 });
    expect(push.sent).toEqual([]);
    expect([...reminders.slots.values()][0]!.date).toBe('2026-11-22');
  });

  it('follows a changed time zone (the slot moves to the new zone\u2019s 09:00) and drops removed times and deleted activities', async () => {
    const { run, create, reminders, tracking, push } = await setup();
    const a = await create({ name: 'Read', reminders: ['09:00', '21:00'] });
    await tracking.profiles.update('u1', { timezone: 'America/New_York' });
    // 08:00Z is 03:00 in New York: the 09:00 slot moves to 14:00Z.
    expect(await run('2026-11-21T08:01:00Z')).toMatchObject({ due: 1, moved: 1, sent: 0 });
    expect(reminders.slots.get(`u1/${a.id}/09:00`)).toMatchObject({ timeZone: 'America/New_York', date: '2026-11-21', at: '2026-11-21T14:00:00.000Z' });
    expect(await run('2026-11-21T14:00:00Z')).toMatchObject({ due: 1, sent: 1 });
    expect(push.sent).toHaveLength(1);
    // 21:00 removed: its slot goes at once; a slot left behind is dropped when it comes.
    await updateActivity({ ...tracking, reminders }, 'u1', a.id, { reminders: ['09:00'] });
    expect([...reminders.slots.values()].map((s) => s.time)).toEqual(['09:00']);
    await reminders.put({ userId: 'u1', activityId: a.id, time: '21:00', timeZone: 'America/New_York', date: '2026-11-21', at: '2026-11-21T14:30:00.000Z' });
    expect(await run('2026-11-21T14:31:00Z')).toMatchObject({ due: 1, dropped: 1, sent: 0 });
    expect(reminders.slots.has(`u1/${a.id}/21:00`)).toBe(false);
  });
});
