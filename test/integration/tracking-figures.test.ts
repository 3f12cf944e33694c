import { describe, expect, inject, it } from 'vitest';
import { as, eventually, newUser, queuesDrained } from '../support/http-client.ts';

/** Issue 8's wrong figures, over HTTP against the local runtime (the consumer keeps the stats). */
const mosaic = inject('mosaic');
const base = mosaic.url;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

type Client = ReturnType<typeof as>;
type Stats = { doneCount: number; missedCount: number; currentStreak: number; since?: string; ahead?: unknown[] };

async function statsWhen(client: Client, id: string, ready: (s: Stats) => boolean): Promise<Stats> {
  return eventually(async () => (await client.get(`/v1/activities/${id}`)).body.stats as Stats, ready, 30_000);
}

describe('tracking figures (issue 8)', () => {
  it('the dashboard and the stats page give one consistency, counting history entered before the start', async () => {
    const client = as(base, await newUser(base, { timezone: 'UTC' }));
    const walk = (await client.post('/v1/activities', { name: 'Walk' })).body;
    const gym = (await client.post('/v1/activities', { name: 'Gym', cadence: { type: 'weekly', timesPerWeek: 3 } })).body;
    // History from 45 days ago; the window's first days (29 … 25 days ago) left empty.
    const days = [-45, -44, -43, -41, -40, -38, -36, -35, -33, -31, -24, -23, -21, -18, -16, -15, -13, -10, -8, -6, -4, -3, -1];
    for (const d of days) {
      expect((await client.put(`/v1/entries/${day(d)}/${walk.id}`, { status: 'done' })).status).toBe(200);
      expect((await client.put(`/v1/entries/${day(d)}/${gym.id}`, { status: 'done' })).status).toBe(200);
    }
    await statsWhen(client, walk.id, (s) => s.doneCount === days.length && s.since === day(-45));
    await statsWhen(client, gym.id, (s) => s.since === day(-45));
    await queuesDrained(base); // every entry's roll-ups applied
    const dashboard = (await client.get('/v1/dashboard')).body;
    for (const a of [walk, gym]) {
      const page = (await client.get(`/v1/activities/${a.id}/stats`)).body;
      const top = dashboard.topConsistent.find((t: { activityId: string }) => t.activityId === a.id);
      expect(top).toMatchObject({ score: page.consistency.score, completed: page.consistency.completed, expected: page.consistency.expected });
      expect(Number.isInteger(page.consistency.expected)).toBe(true);
    }
    // Walk: 13 days done in the window of 30, of 29 due (today is still open).
    const walkPage = (await client.get(`/v1/activities/${walk.id}/stats`)).body;
    expect(walkPage.consistency).toMatchObject({ completed: 13, expected: 29 });
    expect(walkPage.completion).toMatchObject({ done: 13, due: 29 });
  });

  it('a day planned ahead does not break today\u2019s streak', async () => {
    const client = as(base, await newUser(base, { timezone: 'UTC' }));
    const run = (await client.post('/v1/activities', { name: 'Run' })).body;
    for (const d of [-4, -3, -2, -1]) await client.put(`/v1/entries/${day(d)}/${run.id}`, { status: 'done' });
    expect((await client.put(`/v1/entries/${day(1)}/${run.id}`, { status: 'skipped' })).status).toBe(200);
    const stats = await statsWhen(client, run.id, (s) => s.doneCount === 4 && (s.ahead?.length ?? 0) === 1);
    expect(stats).toMatchObject({ currentStreak: 4, missedCount: 0 });
    const today = (await client.get('/v1/today')).body;
    expect(today.items[0].activity.stats.currentStreak).toBe(4);
  });

  it('Today of a past date: what was due then, with the stats of then', async () => {
    const client = as(base, await newUser(base, { timezone: 'UTC' }));
    const read = (await client.post('/v1/activities', { name: 'Read' })).body;
    for (let d = -10; d <= -1; d++) await client.put(`/v1/entries/${day(d)}/${read.id}`, { status: 'done' });
    await statsWhen(client, read.id, (s) => s.doneCount === 10);
    const past = (await client.get(`/v1/today?date=${day(-5)}`)).body;
    expect(past.summary.due).toBe(1);
    expect(past.items[0]).toMatchObject({ due: true, outcome: 'done' });
    expect(past.items[0].activity.stats).toMatchObject({ asOf: day(-5), currentStreak: 6 });
    expect((await client.get('/v1/today')).body.items[0].activity.stats.currentStreak).toBe(10);
  });
});
