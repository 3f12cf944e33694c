/**
 * Reminders end to end through the local runtime: reminder times on activities, a browser's push
 * subscription at a local push service that decrypts what it receives, the reminder schedule run
 * "as of" the reminder's minute, and what reaches the user: one decrypted push, one in-app
 * notification, one `reminder.due` over the WebSocket — and nothing for an activity done that
 * day, paused or not due, nor anything twice on a rerun.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localToInstant } from '../../shared/reminders/slots.ts';
import { as, call, eventually, newUser } from '../support/http-client.ts';
import { startPushEndpoint, type PushEndpoint } from '../support/push-endpoint.ts';
import { connectAs } from '../support/ws-client.ts';

const base = inject('mosaic').url;

let push: PushEndpoint;
beforeAll(async () => {
  push = await startPushEndpoint();
});
afterAll(() => push.close());

/** A zone where it is daytime now, so "in ten minutes" is still today there (the day's entries are allowed). */
function daytimeZone(): { timeZone: string; local: (at: Date) => { date: string; time: string; weekday: string } } {
  const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Auckland'];
  const local = (timeZone: string) => (at: Date) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short' })
        .formatToParts(at)
        .map((p) => [p.type, p.value]),
    );
    return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}`, weekday: String(parts.weekday).toLowerCase().slice(0, 3) };
  };
  const timeZone = zones.find((z) => {
    const hour = Number(local(z)(new Date()).time.slice(0, 2));
    return hour >= 6 && hour <= 20;
  })!;
  return { timeZone, local: local(timeZone) };
}

const runSchedule = (at: Date) => call(base, 'POST', '/_local/schedules/reminders', { json: { scheduledTime: at.toISOString() } });

describe('reminders', () => {
  it('validates reminder times with the one error shape and changes nothing', async () => {
    const client = as(base, await newUser(base, { timezone: 'UTC' }));
    for (const reminders of [['25:00'], ['9:00'], ['09:00', '09:00'], ['07:00', '08:00', '09:00', '10:00'], '09:00']) {
      const res = await client.post('/v1/activities', { name: 'Stretch', reminders });
      expect(res.status, JSON.stringify(reminders)).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'validation_failed', requestId: expect.any(String) });
    }
    expect((await client.get('/v1/activities')).body.items).toEqual([]);
    const created = await client.post('/v1/activities', { name: 'Stretch', reminders: ['21:30', '07:05'] });
    expect(created.status).toBe(201);
    expect(created.body.reminders).toEqual(['07:05', '21:30']);
    const bad = await client.patch(`/v1/activities/${created.body.id}`, { reminders: ['24:00'] });
    expect(bad.status).toBe(400);
    expect((await client.get(`/v1/activities/${created.body.id}`)).body.reminders).toEqual(['07:05', '21:30']);
    expect((await client.patch(`/v1/activities/${created.body.id}`, { reminders: [] })).body.reminders).toEqual([]);
  });

  it('registers push subscriptions (validated, idempotent by endpoint) and deletes them', async () => {
    const client = as(base, await newUser(base, { timezone: 'UTC' }));
    const key = await client.get('/v1/push/key');
    expect(key.status).toBe(200);
    expect(Buffer.from(key.body.publicKey, 'base64url')).toHaveLength(65);
    const sub = push.subscription('/subs/idempotent');
    const first = await client.post('/v1/push/subscriptions', sub);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.any(String), origin: push.url, createdAt: expect.any(String) });
    expect((await client.post('/v1/push/subscriptions', sub)).body).toEqual(first.body);
    for (const bad of [
      { ...sub, endpoint: 'ftp://127.0.0.1/x' },
      { ...sub, endpoint: 'http://push.example.com/x' }, // http off this machine: never
      { ...sub, keys: { ...sub.keys, p256dh: 'AAAA' } },
      { ...sub, keys: { ...sub.keys, auth: 'not base64!' } },
      { endpoint: sub.endpoint },
    ]) {
      const res = await client.post('/v1/push/subscriptions', bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    // Another user cannot delete it; its owner can, once.
    const other = as(base, await newUser(base, { timezone: 'UTC' }));
    expect((await other.delete(`/v1/push/subscriptions/${first.body.id}`)).status).toBe(404);
    expect((await client.delete(`/v1/push/subscriptions/${first.body.id}`)).status).toBe(204);
    expect((await client.delete(`/v1/push/subscriptions/${first.body.id}`)).status).toBe(404);
  });

  it('delivers a due reminder once — decrypted push, in-app notification, real-time event — and stays quiet when done, paused or not due', async () => {
    const { timeZone, local } = daytimeZone();
    const user = await newUser(base, { timezone: timeZone });
    const client = as(base, user);
    const now = local(new Date());
    const soon = local(new Date(Date.now() + 10 * 60_000));
    expect(soon.date).toBe(now.date);
    const at = localToInstant(soon.date, soon.time, timeZone);

    const path = `/subs/${user.id}`;
    expect((await client.post('/v1/push/subscriptions', push.subscription(path))).status).toBe(201);
    push.answer(`${path}/gone`, 410);
    const gone = await client.post('/v1/push/subscriptions', push.subscription(`${path}/gone`));

    const make = async (name: string, extra: Record<string, unknown> = {}) => {
      const res = await client.post('/v1/activities', { name, reminders: [soon.time], ...extra });
      expect(res.status, res.text).toBe(201);
      return res.body.id as string;
    };
    const open = await make('Evening stretch');
    const done = await make('Already done');
    const skipped = await make('Skipped today');
    const paused = await make('Paused');
    const otherDay = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).filter((d) => d !== now.weekday);
    await make('Not today', { cadence: { type: 'weekdays', weekdays: otherDay } });
    expect((await client.put(`/v1/entries/${now.date}/${done}`, { status: 'done' })).status).toBe(200);
    expect((await client.put(`/v1/entries/${now.date}/${skipped}`, { status: 'skipped' })).status).toBe(200);
    expect((await client.post(`/v1/activities/${paused}/pauses`, { from: now.date })).status).toBe(201);
    const socket = await connectAs(base, user);

    try {
      const run = await runSchedule(new Date(at.getTime() + 60_000));
      expect(run.status, run.text).toBe(200);
      const mine = () => push.received.filter((p) => p.path === path);
      expect(mine()).toHaveLength(1);
      const payload = JSON.parse(mine()[0]!.text);
      expect(payload).toMatchObject({ title: 'Evening stretch', url: `/activities/${open}` });
      expect(payload.body).toContain(soon.time);
      // Signed with the stage's key that browsers subscribe with.
      expect(mine()[0]!.vapid.publicKey).toBe((await client.get('/v1/push/key')).body.publicKey);
      expect(push.refused.filter((r) => r.path.startsWith(path))).toEqual([]);

      const notes = (await client.get('/v1/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'reminder');
      expect(notes.map((n: { title: string; date: string; data: { activityId: string } }) => [n.title, n.date, n.data.activityId])).toEqual([['Evening stretch', now.date, open]]);

      const live = (await socket.next((m) => m.type === 'event' && m.event === 'reminder.due')) as { data: Record<string, unknown> };
      expect(live.data).toMatchObject({ activityId: open, name: 'Evening stretch', time: soon.time, date: now.date });

      // The subscription whose push service answered 410 is gone.
      expect((await client.delete(`/v1/push/subscriptions/${gone.body.id}`)).status).toBe(404);

      // A rerun of the same minute (a retried schedule) sends nothing again.
      expect((await runSchedule(new Date(at.getTime() + 60_000))).status).toBe(200);
      expect(mine()).toHaveLength(1);
      const again = (await client.get('/v1/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'reminder');
      expect(again).toHaveLength(1);
      await eventually(async () => socket.messages.filter((m) => m.type === 'event' && m.event === 'reminder.due').length, (n) => n === 1);
    } finally {
      socket.ws.close();
    }
  });
  it('schedules the reminders of a restored backup again (slots are derived, backups leave them out)', async () => {
    const { timeZone, local } = daytimeZone();
    const user = await newUser(base, { timezone: timeZone });
    const client = as(base, user);
    const soon = local(new Date(Date.now() + 10 * 60_000));
    const at = localToInstant(soon.date, soon.time, timeZone);
    const path = `/subs/${user.id}/restored`;
    expect((await client.post('/v1/push/subscriptions', push.subscription(path))).status).toBe(201);
    const created = await client.post('/v1/activities', { name: 'Restored stretch', reminders: [soon.time] });
    expect(created.status, created.text).toBe(201);

    expect((await client.post('/v1/me/backups')).status).toBe(201);
    const listed = await client.get('/v1/me/backups');
    const zip = Buffer.from(await (await fetch(new URL(listed.body.items[0].downloadUrl, base))).arrayBuffer());
    // The time is taken away after the backup: its slot goes with it.
    expect((await client.patch(`/v1/activities/${created.body.id}`, { reminders: [] })).status).toBe(200);
    const restored = await call(base, 'POST', '/v1/me/restore', { token: user.token, from: user.from, raw: zip, headers: { 'content-type': 'application/zip' } });
    expect(restored.status, restored.text).toBe(200);
    expect((await client.get(`/v1/activities/${created.body.id}`)).body.reminders).toEqual([soon.time]);

    expect((await runSchedule(new Date(at.getTime() + 60_000))).status).toBe(200);
    const mine = push.received.filter((p) => p.path === path);
    expect(mine.map((p) => JSON.parse(p.text).title)).toEqual(['Restored stretch']);
  });
});
