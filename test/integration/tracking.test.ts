import { describe, expect, inject, it } from 'vitest';
import { as, call, eventually, newUser, queuesDrained } from '../support/http-client.ts';

const mosaic = inject('mosaic');
const base = mosaic.url;
const utcToday = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe('activities, entries and today', () => {
  it('runs the journey: create, log, see today, stats kept by the consumer', async () => {
    const user = await newUser(base, { timezone: 'UTC' });
    const client = as(base, user);
    const run = await client.post('/v1/activities', { name: 'Run', category: 'fitness', unit: 'km', goal: 5 });
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({ name: 'Run', category: 'fitness', unit: 'km', goal: 5, status: 'active', cadence: { type: 'daily' } });
    const read = await client.post('/v1/activities', { name: 'Read', cadence: { type: 'weekdays', weekdays: ['mon', 'wed'] } });
    expect(read.status).toBe(201);

    const today = utcToday();
    const entry = await client.put(`/v1/entries/${today}/${run.body.id}`, { value: 6.5, note: 'easy pace' });
    expect(entry.status).toBe(200);
    expect(entry.body).toMatchObject({ activityId: run.body.id, date: today, value: 6.5, note: 'easy pace', status: 'done', statusSource: 'derived' });

    // Replacing the entry keeps one entry per activity and date.
    const replaced = await client.put(`/v1/entries/${today}/${run.body.id}`, { value: 3 });
    expect(replaced.body).toMatchObject({ value: 3, status: 'missed', createdAt: entry.body.createdAt });

    const view = await client.get('/v1/today');
    expect(view.status).toBe(200);
    expect(view.body.date).toBe(today);
    expect(view.body.items.map((i: { activity: { name: string } }) => i.activity.name).sort()).toEqual(['Read', 'Run']);
    expect(view.body.summary).toMatchObject({ activities: 2, missed: 1 });
    const runItem = view.body.items.find((i: { activity: { id: string } }) => i.activity.id === run.body.id);
    expect(runItem.entry).toMatchObject({ value: 3, status: 'missed' });

    // The entry-rollups consumer keeps the activity's stats: two done days in a row are a
    // streak of 2 (no intermediate state of this activity has one).
    const walk = (await client.post('/v1/activities', { name: 'Walk' })).body;
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await client.put(`/v1/entries/${yesterday}/${walk.id}`, { status: 'done' });
    await client.put(`/v1/entries/${today}/${walk.id}`, { status: 'done' });
    const stats = await eventually(
      async () => (await client.get(`/v1/activities/${walk.id}`)).body.stats,
      (s) => s.currentStreak === 2,
    );
    expect(stats).toMatchObject({ currentStreak: 2, longestStreak: 2, doneCount: 2 });
    const todayAgain = await client.get('/v1/today');
    const item = todayAgain.body.items.find((i: { activity: { id: string } }) => i.activity.id === walk.id);
    expect(item.activity.stats.currentStreak).toBe(2);
  });

  it('renames and re-categorises an activity with its history attached', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const a = (await client.post('/v1/activities', { name: 'Swim', category: 'sport' })).body;
    await client.put(`/v1/entries/${utcToday()}/${a.id}`, { status: 'done' });
    const renamed = await client.patch(`/v1/activities/${a.id}`, { name: 'Swimming', category: 'water' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: a.id, name: 'Swimming', category: 'water' });
    const today = await client.get(`/v1/today?date=${utcToday()}`);
    expect(today.body.items[0].entry.status).toBe('done');
    // The old name is free again, the new one is taken.
    expect((await client.post('/v1/activities', { name: 'swim' })).status).toBe(201);
    expect((await client.post('/v1/activities', { name: 'SWIMMING' })).status).toBe(409);
  });

  it('deletes only an archived activity (409 otherwise), with its entries', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const a = (await client.post('/v1/activities', { name: 'Journal' })).body;
    await client.put(`/v1/entries/${utcToday()}/${a.id}`, { status: 'done' });
    const refused = await client.delete(`/v1/activities/${a.id}`);
    expect(refused.status).toBe(409);
    expect((await client.post(`/v1/activities/${a.id}/deactivate`)).body.status).toBe('archived');
    expect((await client.delete(`/v1/activities/${a.id}`)).status).toBe(204);
    expect((await client.get(`/v1/activities/${a.id}`)).status).toBe(404);
    expect((await client.get(`/v1/today?date=${utcToday()}`)).body.items).toEqual([]);
    expect((await client.post('/v1/activities', { name: 'Journal' })).status).toBe(201);
  });

  it('pages activities with an opaque cursor: no duplicate, no gap, capped page size', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const names = Array.from({ length: 7 }, (_, i) => `Habit ${i}`);
    for (const name of names) expect((await client.post('/v1/activities', { name })).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await client.get(`/v1/activities?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items.map((a: { name: string }) => a.name));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(names.sort());
    const capped = await client.get('/v1/activities?limit=100000');
    expect(capped.status).toBe(200);
    expect(capped.body.items).toHaveLength(7);
  });

  it('replays a POST with the same Idempotency-Key and refuses the key with another body', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const headers = { 'idempotency-key': 'create-yoga-1' };
    const first = await client.post('/v1/activities', { name: 'Yoga' }, { headers });
    const second = await client.post('/v1/activities', { name: 'Yoga' }, { headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    const reused = await client.post('/v1/activities', { name: 'Pilates' }, { headers });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    expect((await client.get('/v1/activities')).body.items).toHaveLength(1);
  });

  it('finalizes a day: missed for due activities without an entry, idempotent', async () => {
    const user = await newUser(base, { timezone: 'UTC' });
    const client = as(base, user);
    const a = (await client.post('/v1/activities', { name: 'Stretch' })).body;
    const b = (await client.post('/v1/activities', { name: 'Floss' })).body;
    const today = utcToday();
    await client.put(`/v1/entries/${today}/${a.id}`, { status: 'done' });
    const first = await client.post(`/v1/days/${today}/finalize`);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ date: today, recorded: 1 });
    const again = await client.post(`/v1/days/${today}/finalize`);
    expect(again.body).toEqual({ date: today, recorded: 0 });
    // Tomorrow has not begun: refused, nothing written.
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const early = await client.post(`/v1/days/${tomorrow}/finalize`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('conflict');
    expect((await client.get(`/v1/entries?from=${tomorrow}&to=${tomorrow}`)).body.items).toEqual([]);
    const view = await client.get(`/v1/today?date=${today}`);
    const statuses = Object.fromEntries(view.body.items.map((i: { activity: { id: string }; entry: { status: string } }) => [i.activity.id, i.entry?.status]));
    expect(statuses).toEqual({ [a.id]: 'done', [b.id]: 'missed' });
  });

  it('runs the nightly schedule through the local scheduler and the per-user fan-out', async () => {
    const user = await newUser(base, { timezone: 'UTC' });
    const client = as(base, user);
    // An import starts the activity on its first entry's date: three days ago.
    const created = await client.post('/v1/imports', {
      format: 'csv',
      content: `date,activity,status\r\n${daysAgo(3)},Stretch,done\r\n`,
    });
    expect(created.status, created.text).toBe(201);
    await eventually(async () => (await client.get(`/v1/imports/${created.body.import.id}`)).body.status, (s) => s === 'completed');

    const res = await call(base, 'POST', '/_local/schedules/finalize-days');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ queued: { job: 'finalize-user-days', scheduledTime: expect.any(String) } });
    const missed = await eventually(
      async () => (await client.get(`/v1/entries?from=${daysAgo(2)}&to=${daysAgo(1)}`)).body.items,
      (items: unknown[]) => items.length === 2,
      60_000, // it pages through every user of the test run
    );
    for (const entry of missed) expect(entry).toMatchObject({ status: 'missed', statusSource: 'finalized' });
    // Running it again (another run of the job) finalizes nothing twice.
    await call(base, 'POST', '/_local/schedules/finalize-days');
    await queuesDrained(base);
    expect((await client.get(`/v1/entries?from=${daysAgo(3)}&to=${daysAgo(1)}`)).body.items).toHaveLength(3);
  }, 180_000);
});
